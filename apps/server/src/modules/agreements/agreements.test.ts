import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { inflateEntry, readCentralDirectory } from '../excel/zip';
import { openCampaign, createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { SCAN_PDF } from '../../../test/agreements';
import { addDaysIso, today } from '../../lib/clock';

let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, { id: number; uscc: string; name: string }> = {};
const PDF = SCAN_PDF;

beforeAll(async () => {
  t = await createTestApp();
  o.school = await makeOrg(t, {
    type: 'school',
    regionCode: '420600',
    name: '襄阳协议测试技师学院',
    address: '襄阳市示例路 1 号',
  });
  o.ent = await makeOrg(t, {
    type: 'enterprise',
    regionCode: '420600',
    name: '襄阳协议测试汽车部件有限公司',
    isKey: true,
  });
  o.ent2 = await makeOrg(t, {
    type: 'enterprise',
    regionCode: '420100',
    name: '武汉协议测试光电有限公司',
    isKey: true,
  });
  o.school2 = await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉协议测试技工学校' });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'sch', role: 'school', regionCode: '420600', orgId: o.school.id });
  await makeUser(t, { username: 'ent', role: 'enterprise', regionCode: '420600', orgId: o.ent.id });
  await makeUser(t, { username: 'ent2', role: 'enterprise', regionCode: '420100', orgId: o.ent2.id });
  for (const u of ['prov', 'xy-b', 'sch', 'ent', 'ent2']) c[u] = await login(t, u);
  await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: c.prov }, payload: { year: 2025 } });
  await openCampaign(t, c.prov, 2025);
  const table = (await t.app.inject({ url: '/api/campaigns/2025/quotas', headers: { cookie: c.prov } })).json();
  await t.app.inject({
    method: 'PUT',
    url: '/api/campaigns/2025/quotas',
    headers: { cookie: c.prov },
    payload: {
      version: table.version,
      quotas: table.items.map((i: { regionCode: string }) => ({
        regionCode: i.regionCode,
        projectQuota: i.regionCode === '420600' ? 4 : 2,
        keyEnterpriseQuota: 0,
      })),
    },
  });
});
afterAll(() => t.close());

const req = (
  who: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: c[who], ...headers },
    ...(payload !== undefined ? { payload: payload as never } : {}),
  });

function docxText(buf: Buffer): string {
  const entries = readCentralDirectory(buf);
  const doc = entries.find((e) => e.name === 'word/document.xml')!;
  return inflateEntry(buf, doc).toString('utf8');
}

describe('agreements and projects', () => {
  let id: number;
  let version: number;
  let projectId: number;

  it('an accepted intent becomes an agreement draft with both parties', async () => {
    const i = await req('ent', 'POST', '/api/intents', {
      toOrgId: o.school.id,
      cooperationType: '订单（定向）班',
      message: '希望合作开设订单班',
    });
    const got = (await req('sch', 'GET', `/api/intents/${i.json().id}`)).json();
    expect(
      (
        await req('sch', 'POST', '/api/agreements', {
          intentId: got.id,
          title: '未接受的意向',
          areas: ['人才联合培养'],
          termStart: '2025-09-01',
          termEnd: '2028-08-31',
        })
      ).statusCode,
    ).toBe(409);
    await req('sch', 'POST', `/api/intents/${got.id}/actions`, { action: 'accept', version: got.version });
    const r = await req('sch', 'POST', '/api/agreements', {
      intentId: got.id,
      title: '数控订单班合作协议',
      areas: ['人才联合培养', '学生实习就业基地共建'],
      termStart: '2025-09-01',
      termEnd: '2028-08-31',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      status: 'draft',
      regionCode: '420600',
      agreementNo: expect.stringMatching(/^XQ-420600-2025-/),
    });
    expect(
      r
        .json()
        .parties.map((p: { orgId: number }) => p.orgId)
        .sort(),
    ).toEqual([o.school.id, o.ent.id].sort());
    id = r.json().id;
    version = r.json().version;
  });

  it('dates out of order are refused; a third party cannot see the agreement', async () => {
    expect(
      (
        await req('sch', 'POST', '/api/agreements', {
          title: '错误日期',
          schoolOrgIds: [o.school.id],
          enterpriseOrgIds: [o.ent.id],
          areas: ['专业建设'],
          termStart: '2026-01-01',
          termEnd: '2025-01-01',
        })
      ).statusCode,
    ).toBe(400);
    expect((await req('ent2', 'GET', `/api/agreements/${id}`)).statusCode).toBe(404);
  });

  it("the Word document opens and contains both parties' names and USCCs", async () => {
    const r = await req('ent', 'GET', `/api/agreements/${id}/document.docx`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('wordprocessingml');
    const xml = docxText(r.rawPayload);
    for (const s of [o.school.name, o.school.uscc, o.ent.name, o.ent.uscc, '襄阳市示例路 1 号'])
      expect(xml).toContain(s);
    expect(xml).toContain('w:eastAsia="宋体"');
    expect((await req('xy-b', 'GET', `/api/agreements/${id}/document.docx`)).statusCode).toBe(200);
    expect((await req('ent2', 'GET', `/api/agreements/${id}/document.docx`)).statusCode).toBe(404);
  });

  it('signing needs the scan; a file with a lying extension is refused by its content', async () => {
    const early = await req('sch', 'POST', `/api/agreements/${id}/actions`, {
      action: 'sign',
      version,
      signingDate: '2025-08-28',
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toMatch(/扫描件/);
    const fake = await req(
      'sch',
      'POST',
      `/api/agreements/${id}/scan`,
      Buffer.from('MZ this is an exe renamed to scan.pdf'),
      { 'content-type': 'application/pdf', 'x-file-name': 'scan.pdf' },
    );
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.code).toBe('file_type');
    const big = await req(
      'sch',
      'POST',
      `/api/agreements/${id}/scan`,
      Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
      { 'content-type': 'application/pdf' },
    );
    expect(big.statusCode).toBe(413);
    const ok = await req('sch', 'POST', `/api/agreements/${id}/scan`, PDF, {
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent('协议扫描件.pdf'),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().scan).toMatchObject({ mime: 'application/pdf', fileName: '协议扫描件.pdf' });
    const signed = await req('sch', 'POST', `/api/agreements/${id}/actions`, {
      action: 'sign',
      version: ok.json().version,
      signingDate: '2025-08-28',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    // The school's signature is its own confirmation; the enterprise has not agreed yet.
    expect(signed.json().status).toBe('pending_confirmation');
    const confirmed = await req('ent', 'POST', `/api/agreements/${id}/actions`, {
      action: 'confirm',
      version: signed.json().version,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    // The term began on 2025-09-01, which has passed: once both agreed, the agreement is already active.
    expect(confirmed.json().status).toBe('active');
    version = confirmed.json().version;
  });

  it('the region marks it a key project; the school cannot', async () => {
    expect((await req('sch', 'POST', `/api/agreements/${id}/key`, { keyProject: true })).statusCode).toBe(409);
    const r = await req('xy-b', 'POST', `/api/agreements/${id}/key`, { keyProject: true });
    expect(r.json().keyProject).toBe(true);
  });

  it('adds an order class; bad data gets Chinese errors; an unrelated enterprise cannot edit it', async () => {
    const bad = await req('ent', 'POST', `/api/agreements/${id}/projects`, {
      type: 'order_class',
      title: '数控订单班',
      startDate: '2025-09-01',
      data: {
        specialtyCode: '9999',
        level: '中级工',
        students: -3,
        startDate: '2025-09-01',
        endDate: '2028-06-30',
        hiringCommitment: 10,
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    const r = await req('ent', 'POST', `/api/agreements/${id}/projects`, {
      type: 'order_class',
      title: '2025 级数控订单班',
      startDate: '2025-09-01',
      data: {
        specialtyCode: '0102',
        level: '中级工',
        students: 40,
        startDate: '2025-09-01',
        endDate: '2028-06-30',
        hiringCommitment: 30,
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    projectId = r.json().id;
    expect(r.json()).toMatchObject({ regionCode: '420600', campaignYear: 2025, type: 'order_class' });
    expect((await req('ent2', 'PATCH', `/api/projects/${projectId}`, { version: 1, title: '改名' })).statusCode).toBe(
      404,
    );
  });

  it('files a progress report and the region returns then accepts it, every version kept', async () => {
    const list = (await req('sch', 'GET', `/api/projects/${projectId}/reports`)).json().items;
    // One report a month from the start (September 2025), due on the 10th of the next month, listed once due within
    // 31 days; newest first (15 on 2026-11-30, the last due 2026-12-10).
    const horizon = addDaysIso(today(), 31);
    const dues: string[] = [];
    for (let m = 0; ; m++) {
      const due = new Date(Date.UTC(2025, 9 + m, 10)).toISOString().slice(0, 10);
      if (due > horizon) break;
      dues.unshift(due);
    }
    expect(list.map((r: { dueDate: string }) => r.dueDate)).toEqual(dues);
    const rep = list[list.length - 1];
    expect(rep.displayState).toBe('overdue');
    const saved = await req('sch', 'PUT', `/api/reports/${rep.id}`, {
      version: rep.version,
      metrics: { studentsEnrolled: 40, studentsRemaining: 39, hired: 0 },
      note: '首月正常',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const sub = await req('sch', 'POST', `/api/reports/${rep.id}/actions`, {
      action: 'submit',
      version: saved.json().version,
    });
    expect(sub.json().state).toBe('submitted');
    const ret = await req('xy-b', 'POST', `/api/reports/${rep.id}/actions`, {
      action: 'return',
      version: sub.json().version,
      reason: '请补充流失学生原因',
    });
    expect(ret.json()).toMatchObject({ state: 'returned', returnReason: '请补充流失学生原因' });
    const again = await req('sch', 'POST', `/api/reports/${rep.id}/actions`, {
      action: 'submit',
      version: ret.json().version,
    });
    const acc = await req('xy-b', 'POST', `/api/reports/${rep.id}/actions`, {
      action: 'accept',
      version: again.json().version,
    });
    expect(acc.json().state).toBe('accepted');
    const h = (await req('sch', 'GET', `/api/reports/${rep.id}/history`)).json().items;
    expect(h.map((v: { action: string }) => v.action)).toEqual(['submit', 'return', 'submit', 'accept']);
  });

  it('quota counts follow creates, moves and deletions, with audit entries', async () => {
    const count = async (region: string) =>
      (await req('prov', 'GET', '/api/campaigns/2025/quota'))
        .json()
        .rows.find((r: { regionCode: string }) => r.regionCode === region);
    expect(await count('420600')).toMatchObject({ total: 1, quota: 4 });
    // A project moves only into an agreement its school is party to: an alliance led by a 武汉 school, with this one.
    const other = await req('prov', 'POST', '/api/agreements', {
      kind: 'alliance',
      title: '武汉光电合作协议',
      schoolOrgIds: [o.school2.id, o.school.id],
      leadOrgId: o.school2.id,
      enterpriseOrgIds: [o.ent2.id],
      areas: ['专业建设'],
      termStart: '2025-09-01',
      termEnd: '2027-08-31',
    });
    expect(other.statusCode, other.body).toBe(201);
    const p = (await req('prov', 'GET', `/api/projects/${projectId}`)).json();
    const moved = await req('prov', 'POST', `/api/projects/${projectId}/move`, {
      agreementId: other.json().id,
      version: p.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    // Under a draft nobody has signed, the project counts for no region.
    expect((await count('420600')).total).toBe(0);
    expect((await count('420100')).total).toBe(0);
    expect((await req('prov', 'DELETE', `/api/projects/${projectId}`)).statusCode).toBe(200);
    expect((await count('420100')).total).toBe(0);
    const audits = await exec(
      t,
      sql`select action from audit_log where entity_type = 'project' and entity_id = ${String(projectId)} order by id`,
    );
    expect(audits.rows.map((r) => r.action)).toEqual(['project.create', 'project.move', 'project.delete']);
    const region = (await req('xy-b', 'GET', '/api/campaigns/2025/quota')).json();
    expect(region.rows).toHaveLength(1);
  });

  it('a terminated agreement refuses edits and new projects', async () => {
    const a = (await req('sch', 'GET', `/api/agreements/${id}`)).json();
    const noReason = await req('sch', 'POST', `/api/agreements/${id}/actions`, {
      action: 'terminate',
      version: a.version,
    });
    expect(noReason.statusCode).toBe(400);
    const term = await req('sch', 'POST', `/api/agreements/${id}/actions`, {
      action: 'terminate',
      version: a.version,
      reason: '企业经营调整',
    });
    expect(term.json().status).toBe('terminated');
    const add = await req('ent', 'POST', `/api/agreements/${id}/projects`, {
      type: 'rnd',
      title: '课程开发',
      startDate: '2025-10-01',
      data: { kind: '课程开发', outcome: '新课程', outputs: 1 },
    });
    expect(add.statusCode).toBe(409);
    expect(add.json().error.message).toMatch(/终止/);
  });

  it('internship cohorts: no personal data, warnings for missing insurance; bad input refused', async () => {
    const bad = await req('sch', 'POST', '/api/internships', {
      schoolOrgId: o.school.id,
      enterpriseOrgId: o.ent.id,
      specialtyCode: '0102',
      students: 20,
      startDate: '2025-09-01',
      endDate: '2025-06-01',
      paid: true,
      payPerMonth: 2000,
      insured: true,
      safetyTrained: true,
    });
    expect(bad.statusCode).toBe(400);
    const ok = await req('sch', 'POST', '/api/internships', {
      schoolOrgId: o.school.id,
      enterpriseOrgId: o.ent.id,
      specialtyCode: '0102',
      students: 20,
      startDate: '2025-03-01',
      endDate: '2025-06-30',
      paid: true,
      payPerMonth: 2000,
      insured: false,
      safetyTrained: true,
      employedAfter: 12,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(
      ok
        .json()
        .warnings.map((w: { message: string }) => w.message)
        .join(),
    ).toMatch(/保险/);
    const edited = await req('sch', 'PATCH', `/api/internships/${ok.json().id}`, {
      version: ok.json().version,
      insured: true,
      agreementId: null,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(
      edited
        .json()
        .warnings.map((w: { message: string }) => w.message)
        .join(),
    ).not.toMatch(/保险/);
    expect((await req('ent2', 'GET', '/api/internships')).json().total).toBe(0);
  });
});
