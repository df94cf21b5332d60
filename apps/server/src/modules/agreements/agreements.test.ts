import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inflateEntry, readCentralDirectory } from '../excel/zip';
import { openCampaign, createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { newParties, SCAN_PDF } from '../../../test/agreements';

// An agreement's own life: drafted from an intent, its Word text, signing with the scan, the key-project mark and
// termination. Each test brings its own 襄阳 school and enterprise (parties) and its own agreement (draft, active);
// the projects under an agreement are in agreements.projects.test.ts.
let t: TestApp;
const c: Record<string, string> = {};
const PDF = SCAN_PDF;

beforeAll(async () => {
  t = await createTestApp();
  const ent2 = await makeOrg(t, {
    type: 'enterprise',
    regionCode: '420100',
    name: '武汉协议测试光电有限公司',
    isKey: true,
  });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'ent2', role: 'enterprise', regionCode: '420100', orgId: ent2.id });
  for (const u of ['prov', 'xy-b', 'ent2']) c[u] = await login(t, u);
  await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: c.prov }, payload: { year: 2025 } });
  await openCampaign(t, c.prov, 2025);
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

type Parties = Awaited<ReturnType<typeof newParties>>;
/** Arrange: a new 襄阳 school (with its address) and a new key enterprise of 襄阳, each signed in. */
const parties = () => newParties(t, c, '420600', { school: { address: '襄阳市示例路 1 号' }, ent: { isKey: true } });

/** Arrange: the parties' draft agreement, written by the school. */
async function draft(p: Parties) {
  const r = await req(p.sch, 'POST', '/api/agreements', {
    title: '数控订单班合作协议',
    schoolOrgIds: [p.school.id],
    enterpriseOrgIds: [p.ent.id],
    areas: ['人才联合培养', '学生实习就业基地共建'],
    termStart: '2025-09-01',
    termEnd: '2028-08-31',
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: number; version: number };
}

/** Arrange: the draft scanned and signed by the school, then confirmed by the enterprise: active since 2025-09-01. */
async function active(p: Parties) {
  const d = await draft(p);
  const up = await req(p.sch, 'POST', `/api/agreements/${d.id}/scan`, PDF, { 'content-type': 'application/pdf' });
  const s = await req(p.sch, 'POST', `/api/agreements/${d.id}/actions`, {
    action: 'sign',
    version: up.json().version,
    signingDate: '2025-08-28',
  });
  const r = await req(p.entUser, 'POST', `/api/agreements/${d.id}/actions`, {
    action: 'confirm',
    version: s.json().version,
  });
  expect(r.json().status, r.body).toBe('active');
  return r.json() as { id: number; version: number };
}

describe('agreements and projects', () => {
  it('an accepted intent becomes an agreement draft with both parties', async () => {
    const p = await parties();
    const i = await req(p.entUser, 'POST', '/api/intents', {
      toOrgId: p.school.id,
      cooperationType: '订单（定向）班',
      message: '希望合作开设订单班',
    });
    const got = (await req(p.sch, 'GET', `/api/intents/${i.json().id}`)).json();
    expect(
      (
        await req(p.sch, 'POST', '/api/agreements', {
          intentId: got.id,
          title: '未接受的意向',
          areas: ['人才联合培养'],
          termStart: '2025-09-01',
          termEnd: '2028-08-31',
        })
      ).statusCode,
    ).toBe(409);
    await req(p.sch, 'POST', `/api/intents/${got.id}/actions`, { action: 'accept', version: got.version });
    const r = await req(p.sch, 'POST', '/api/agreements', {
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
        .parties.map((x: { orgId: number }) => x.orgId)
        .sort(),
    ).toEqual([p.school.id, p.ent.id].sort());
  });

  it('dates out of order are refused; a third party cannot see the agreement', async () => {
    const p = await parties();
    const { id } = await draft(p);
    expect(
      (
        await req(p.sch, 'POST', '/api/agreements', {
          title: '错误日期',
          schoolOrgIds: [p.school.id],
          enterpriseOrgIds: [p.ent.id],
          areas: ['专业建设'],
          termStart: '2026-01-01',
          termEnd: '2025-01-01',
        })
      ).statusCode,
    ).toBe(400);
    expect((await req('ent2', 'GET', `/api/agreements/${id}`)).statusCode).toBe(404);
  });

  it("the Word document opens and contains both parties' names and USCCs", async () => {
    const p = await parties();
    const { id } = await draft(p);
    const r = await req(p.entUser, 'GET', `/api/agreements/${id}/document.docx`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('wordprocessingml');
    const xml = docxText(r.rawPayload);
    for (const s of [p.school.name, p.school.uscc, p.ent.name, p.ent.uscc, '襄阳市示例路 1 号'])
      expect(xml).toContain(s);
    expect(xml).toContain('w:eastAsia="宋体"');
    expect((await req('xy-b', 'GET', `/api/agreements/${id}/document.docx`)).statusCode).toBe(200);
    expect((await req('ent2', 'GET', `/api/agreements/${id}/document.docx`)).statusCode).toBe(404);
  });

  it('signing needs the scan; a file with a lying extension is refused by its content', async () => {
    const p = await parties();
    const { id, version } = await draft(p);
    const early = await req(p.sch, 'POST', `/api/agreements/${id}/actions`, {
      action: 'sign',
      version,
      signingDate: '2025-08-28',
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toMatch(/扫描件/);
    const fake = await req(
      p.sch,
      'POST',
      `/api/agreements/${id}/scan`,
      Buffer.from('MZ this is an exe renamed to scan.pdf'),
      { 'content-type': 'application/pdf', 'x-file-name': 'scan.pdf' },
    );
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.code).toBe('file_type');
    const big = await req(
      p.sch,
      'POST',
      `/api/agreements/${id}/scan`,
      Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
      { 'content-type': 'application/pdf' },
    );
    expect(big.statusCode).toBe(413);
    const ok = await req(p.sch, 'POST', `/api/agreements/${id}/scan`, PDF, {
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent('协议扫描件.pdf'),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().scan).toMatchObject({ mime: 'application/pdf', fileName: '协议扫描件.pdf' });
    const signed = await req(p.sch, 'POST', `/api/agreements/${id}/actions`, {
      action: 'sign',
      version: ok.json().version,
      signingDate: '2025-08-28',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    // The school's signature is its own confirmation; the enterprise has not agreed yet.
    expect(signed.json().status).toBe('pending_confirmation');
    const confirmed = await req(p.entUser, 'POST', `/api/agreements/${id}/actions`, {
      action: 'confirm',
      version: signed.json().version,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    // The term began on 2025-09-01, which has passed: once both agreed, the agreement is already active.
    expect(confirmed.json().status).toBe('active');
  });

  it('the region marks it a key project; the school cannot', async () => {
    const p = await parties();
    const { id } = await active(p);
    expect((await req(p.sch, 'POST', `/api/agreements/${id}/key`, { keyProject: true })).statusCode).toBe(409);
    const r = await req('xy-b', 'POST', `/api/agreements/${id}/key`, { keyProject: true });
    expect(r.json().keyProject).toBe(true);
  });

  it('a terminated agreement refuses edits and new projects', async () => {
    const p = await parties();
    const { id } = await active(p);
    const a = (await req(p.sch, 'GET', `/api/agreements/${id}`)).json();
    const noReason = await req(p.sch, 'POST', `/api/agreements/${id}/actions`, {
      action: 'terminate',
      version: a.version,
    });
    expect(noReason.statusCode).toBe(400);
    const term = await req(p.sch, 'POST', `/api/agreements/${id}/actions`, {
      action: 'terminate',
      version: a.version,
      reason: '企业经营调整',
    });
    expect(term.json().status).toBe('terminated');
    const edit = await req(p.sch, 'PATCH', `/api/agreements/${id}`, {
      version: term.json().version,
      title: '终止后改名',
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.message).toBe('协议已终止，不能修改');
    expect((await req(p.sch, 'GET', `/api/agreements/${id}`)).json().title).toBe(a.title);
    const add = await req(p.entUser, 'POST', `/api/agreements/${id}/projects`, {
      type: 'rnd',
      title: '课程开发',
      startDate: '2025-10-01',
      data: { kind: '课程开发', outcome: '新课程', outputs: 1 },
    });
    expect(add.statusCode).toBe(409);
    expect(add.json().error.message).toMatch(/终止/);
  });
});
