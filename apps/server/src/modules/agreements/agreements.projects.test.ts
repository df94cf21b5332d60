import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openCampaign, createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { newParties, SCAN_PDF } from '../../../test/agreements';
import { addDaysIso, today } from '../../lib/clock';

// Projects under an agreement: an order class and its monthly reports, the quota counts, internship cohorts. Each test
// brings its own school and enterprise (parties) and agreement (active); the quota test's are of 宜昌 (420500), a
// region no other test registers projects in, so its counts are exact.
let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, { id: number; uscc: string; name: string }> = {};

beforeAll(async () => {
  t = await createTestApp();
  o.ent2 = await makeOrg(t, {
    type: 'enterprise',
    regionCode: '420100',
    name: '武汉协议测试光电有限公司',
    isKey: true,
  });
  o.school2 = await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉协议测试技工学校' });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'yc-b', role: 'region', regionCode: '420500' });
  await makeUser(t, { username: 'ent2', role: 'enterprise', regionCode: '420100', orgId: o.ent2.id });
  for (const u of ['prov', 'xy-b', 'yc-b', 'ent2']) c[u] = await login(t, u);
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
        projectQuota: i.regionCode === '420500' ? 4 : 2,
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

type Parties = Awaited<ReturnType<typeof newParties>>;
/** Arrange: a new school and a new key enterprise of the region, each signed in. */
const parties = (regionCode = '420600') => newParties(t, c, regionCode, { ent: { isKey: true } });

/** Arrange: the parties' agreement, scanned and signed by the school, confirmed by the enterprise: active. */
async function active(p: Parties) {
  const d = await req(p.sch, 'POST', '/api/agreements', {
    title: '数控订单班合作协议',
    schoolOrgIds: [p.school.id],
    enterpriseOrgIds: [p.ent.id],
    areas: ['人才联合培养'],
    termStart: '2025-09-01',
    termEnd: '2028-08-31',
  });
  const up = await req(p.sch, 'POST', `/api/agreements/${d.json().id}/scan`, SCAN_PDF, {
    'content-type': 'application/pdf',
  });
  const s = await req(p.sch, 'POST', `/api/agreements/${d.json().id}/actions`, {
    action: 'sign',
    version: up.json().version,
    signingDate: '2025-08-28',
  });
  const r = await req(p.entUser, 'POST', `/api/agreements/${d.json().id}/actions`, {
    action: 'confirm',
    version: s.json().version,
  });
  expect(r.json().status, r.body).toBe('active');
  return r.json().id as number;
}

const ORDER_CLASS = {
  specialtyCode: '0102',
  level: '中级工',
  students: 40,
  startDate: '2025-09-01',
  endDate: '2028-06-30',
  hiringCommitment: 30,
};
/** Arrange: the enterprise's 2025 级数控订单班 (from September 2025) under an active agreement of the parties. */
async function orderClass(p: Parties) {
  const id = await active(p);
  const r = await req(p.entUser, 'POST', `/api/agreements/${id}/projects`, {
    type: 'order_class',
    title: '2025 级数控订单班',
    startDate: '2025-09-01',
    data: ORDER_CLASS,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as number;
}

describe('agreements and projects', () => {
  it('adds an order class; bad data gets Chinese errors; an unrelated enterprise cannot edit it', async () => {
    const p = await parties();
    const id = await active(p);
    const bad = await req(p.entUser, 'POST', `/api/agreements/${id}/projects`, {
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
    const r = await req(p.entUser, 'POST', `/api/agreements/${id}/projects`, {
      type: 'order_class',
      title: '2025 级数控订单班',
      startDate: '2025-09-01',
      data: ORDER_CLASS,
    });
    expect(r.statusCode, r.body).toBe(201);
    const projectId = r.json().id;
    expect(r.json()).toMatchObject({ regionCode: '420600', campaignYear: 2025, type: 'order_class' });
    expect((await req('ent2', 'PATCH', `/api/projects/${projectId}`, { version: 1, title: '改名' })).statusCode).toBe(
      404,
    );
  });

  it('files a progress report and the region returns then accepts it, every version kept', async () => {
    const p = await parties();
    const projectId = await orderClass(p);
    const list = (await req(p.sch, 'GET', `/api/projects/${projectId}/reports`)).json().items;
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
    const saved = await req(p.sch, 'PUT', `/api/reports/${rep.id}`, {
      version: rep.version,
      metrics: { studentsEnrolled: 40, studentsRemaining: 39, hired: 0 },
      note: '首月正常',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const sub = await req(p.sch, 'POST', `/api/reports/${rep.id}/actions`, {
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
    const again = await req(p.sch, 'POST', `/api/reports/${rep.id}/actions`, {
      action: 'submit',
      version: ret.json().version,
    });
    const acc = await req('xy-b', 'POST', `/api/reports/${rep.id}/actions`, {
      action: 'accept',
      version: again.json().version,
    });
    expect(acc.json().state).toBe('accepted');
    const h = (await req(p.sch, 'GET', `/api/reports/${rep.id}/history`)).json().items;
    expect(h.map((v: { action: string }) => v.action)).toEqual(['submit', 'return', 'submit', 'accept']);
  });

  it('quota counts follow creates, moves and deletions, with audit entries', async () => {
    const p = await parties('420500');
    const projectId = await orderClass(p);
    const count = async (region: string) =>
      (await req('prov', 'GET', '/api/campaigns/2025/quota'))
        .json()
        .rows.find((r: { regionCode: string }) => r.regionCode === region);
    expect(await count('420500')).toMatchObject({ total: 1, quota: 4 });
    // A project moves only into an agreement its school is party to: an alliance led by a 武汉 school, with this 宜昌 one.
    const other = await req('prov', 'POST', '/api/agreements', {
      kind: 'alliance',
      title: '武汉光电合作协议',
      schoolOrgIds: [o.school2.id, p.school.id],
      leadOrgId: o.school2.id,
      enterpriseOrgIds: [o.ent2.id],
      areas: ['专业建设'],
      termStart: '2025-09-01',
      termEnd: '2027-08-31',
    });
    expect(other.statusCode, other.body).toBe(201);
    const project = (await req('prov', 'GET', `/api/projects/${projectId}`)).json();
    const moved = await req('prov', 'POST', `/api/projects/${projectId}/move`, {
      agreementId: other.json().id,
      version: project.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    // Under a draft nobody has signed, the project counts for no region.
    expect((await count('420500')).total).toBe(0);
    expect((await count('420100')).total).toBe(0);
    expect((await req('prov', 'DELETE', `/api/projects/${projectId}`)).statusCode).toBe(200);
    expect((await count('420100')).total).toBe(0);
    const audits = await exec(
      t,
      sql`select action from audit_log where entity_type = 'project' and entity_id = ${String(projectId)} order by id`,
    );
    expect(audits.rows.map((r) => r.action)).toEqual(['project.create', 'project.move', 'project.delete']);
    const region = (await req('yc-b', 'GET', '/api/campaigns/2025/quota')).json();
    expect(region.rows).toHaveLength(1);
  });

  it('internship cohorts: no personal data, warnings for missing insurance; bad input refused', async () => {
    const p = await parties();
    const bad = await req(p.sch, 'POST', '/api/internships', {
      schoolOrgId: p.school.id,
      enterpriseOrgId: p.ent.id,
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
    const ok = await req(p.sch, 'POST', '/api/internships', {
      schoolOrgId: p.school.id,
      enterpriseOrgId: p.ent.id,
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
    const edited = await req(p.sch, 'PATCH', `/api/internships/${ok.json().id}`, {
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
