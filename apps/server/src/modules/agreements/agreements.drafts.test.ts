import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openCampaign, createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { confirmByAllParties, newParties, SCAN_PDF } from '../../../test/agreements';

// Deleting drafts and finding partners: a school that signs directly with an enterprise of another region. Each
// deleting test brings its own school and 武汉 enterprise (pair), so lists and notifications hold only its drafts; no
// project here is ever under a signed agreement, so 襄阳's project count stays 0 in any order.
let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, { id: number; uscc: string; name: string }> = {};
const PDF = SCAN_PDF;
const ORDER_CLASS = {
  specialtyCode: '0102',
  level: '中级工',
  students: 40,
  startDate: '2025-09-01',
  endDate: '2028-06-30',
  hiringCommitment: 30,
};

beforeAll(async () => {
  t = await createTestApp();
  o.school = await makeOrg(t, {
    type: 'school',
    regionCode: '420600',
    name: '襄阳草稿测试技师学院',
    contactName: '张老师',
    contactPhone: '13900000001',
  });
  o.ent = await makeOrg(t, {
    type: 'enterprise',
    regionCode: '420600',
    name: '襄阳草稿测试机械有限公司',
    contactName: '李经理',
    contactPhone: '13900000002',
  });
  o.far = await makeOrg(t, {
    type: 'enterprise',
    regionCode: '420100',
    name: '武汉远方激光智能装备有限公司',
    contactName: '王经理',
    contactPhone: '13900000003',
    address: '武汉市示例大道 9 号',
  });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'sch', role: 'school', regionCode: '420600', orgId: o.school.id });
  await makeUser(t, { username: 'ent', role: 'enterprise', regionCode: '420600', orgId: o.ent.id });
  await makeUser(t, { username: 'exp', role: 'expert' });
  for (const u of ['prov', 'xy-b', 'sch', 'ent', 'exp']) c[u] = await login(t, u);
  await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: c.prov }, payload: { year: 2025 } });
  await openCampaign(t, c.prov, 2025);
  const table = (await t.app.inject({ url: '/api/campaigns/2025/quotas', headers: { cookie: c.prov } })).json();
  const quotas = table.items;
  await t.app.inject({
    method: 'PUT',
    url: '/api/campaigns/2025/quotas',
    headers: { cookie: c.prov },
    payload: {
      version: table.version,
      quotas: quotas.map((i: { regionCode: string }) => ({
        regionCode: i.regionCode,
        projectQuota: 3,
        keyEnterpriseQuota: 0,
      })),
    },
  });
});
afterAll(() => t.close());

const req = (
  who: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { ...(c[who] ? { cookie: c[who] } : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as never } : {}),
  });
type Pair = Awaited<ReturnType<typeof newParties>>;
/** Arrange: a new 襄阳 school and a new 武汉 enterprise, each signed in (their user names are in the result). */
const pair = () => newParties(t, c, '420600', { entRegion: '420100' });
const draft = async (p: Pair, title: string) => {
  const r = await req(p.sch, 'POST', '/api/agreements', {
    title,
    schoolOrgIds: [p.school.id],
    enterpriseOrgIds: [p.ent.id],
    areas: ['专业建设'],
    termStart: '2025-09-01',
    termEnd: '2028-08-31',
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: number; version: number; agreementNo: string };
};
/** Arrange: a draft of the pair with the enterprise's order class 远方激光订单班 under it. */
const draftWithProject = async (p: Pair, title: string) => {
  const d = await draft(p, title);
  const r = await req(p.entUser, 'POST', `/api/agreements/${d.id}/projects`, {
    type: 'order_class',
    title: '远方激光订单班',
    startDate: '2025-09-01',
    data: ORDER_CLASS,
  });
  expect(r.statusCode, r.body).toBe(201);
  return { ...d, projectId: r.json().id as number };
};
const quota = async () =>
  (await req('prov', 'GET', '/api/campaigns/2025/quota'))
    .json()
    .rows.find((r: { regionCode: string }) => r.regionCode === '420600').total;

describe('partner search', () => {
  it('a school finds an enterprise of another region by part of its name, without its contacts', async () => {
    const r = await req('sch', 'GET', `/api/agreements/partners?q=${encodeURIComponent('激光智能')}&kind=enterprise`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items).toEqual([
      {
        id: o.far.id,
        name: o.far.name,
        kind: 'enterprise',
        regionCode: '420100',
        regionName: '武汉市',
        uscc: o.far.uscc,
      },
    ]);
    for (const secret of ['王经理', '13900000003', '武汉市示例大道']) expect(r.body).not.toContain(secret);
  });

  it('finds by the start of the USCC and filters by region and kind', async () => {
    const byUscc = (await req('ent', 'GET', `/api/agreements/partners?q=${o.school.uscc.slice(0, 17)}`)).json();
    expect(byUscc.items.map((i: { id: number }) => i.id)).toEqual([o.school.id]);
    const elsewhere = (
      await req('sch', 'GET', `/api/agreements/partners?q=${encodeURIComponent('激光')}&region=420600`)
    ).json();
    expect(elsewhere.total).toBe(0);
    const schools = (await req('xy-b', 'GET', '/api/agreements/partners?kind=school')).json();
    expect(schools.items.every((i: { kind: string }) => i.kind === 'school')).toBe(true);
  });

  it('answers at most 20 a page; anonymous and experts are refused', async () => {
    const big = await req('sch', 'GET', '/api/agreements/partners?pageSize=50');
    expect(big.statusCode).toBe(400);
    expect(big.json().error.message).toMatch(/20/);
    expect((await req('nobody', 'GET', '/api/agreements/partners?q=x')).statusCode).toBe(401);
    expect((await req('exp', 'GET', '/api/agreements/partners?q=x')).statusCode).toBe(403);
    expect((await req('sch', 'GET', '/api/agreements/partners?kind=bureau')).json().error.message).toMatch(
      /学校或企业/,
    );
  });
});

describe('deleting a draft', () => {
  it('a draft with a project is refused, naming the project; nothing changes', async () => {
    const p = await pair();
    const first = await draftWithProject(p, '草稿一');
    // A project under a draft nobody has signed counts for no region yet.
    expect(await quota()).toBe(0);
    const r = await req(p.sch, 'DELETE', `/api/agreements/${first.id}`);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.message).toContain('远方激光订单班');
    expect(r.json().error.message).toMatch(/先删除或移到其他协议/);
    expect((await req(p.sch, 'GET', `/api/agreements/${first.id}`)).json().projectCount).toBe(1);
    expect(await quota()).toBe(0);
  });

  it('outsiders and experts cannot delete; a stale version is refused', async () => {
    const p = await pair();
    const first = await draftWithProject(p, '草稿一');
    expect((await req('ent', 'DELETE', `/api/agreements/${first.id}`)).statusCode).toBe(404);
    expect((await req('exp', 'DELETE', `/api/agreements/${first.id}`)).statusCode).toBe(404);
    expect((await req('nobody', 'DELETE', `/api/agreements/${first.id}`)).statusCode).toBe(401);
    expect((await req('prov', 'DELETE', `/api/projects/${first.projectId}`)).statusCode).toBe(200);
    expect(await quota()).toBe(0);
    const cur = (await req(p.sch, 'GET', `/api/agreements/${first.id}`)).json();
    const edited = await req(p.entUser, 'PATCH', `/api/agreements/${first.id}`, {
      version: cur.version,
      scope: '补充合作内容',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const stale = await req(p.sch, 'DELETE', `/api/agreements/${first.id}?version=${cur.version}`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect((await req(p.sch, 'GET', `/api/agreements/${first.id}`)).statusCode).toBe(200);
  });

  it('the party deletes the draft: gone from lists, the other party told, an audit entry kept', async () => {
    // Arrange: 草稿一 whose project the province deleted earlier (kept as a soft-deleted row), and 草稿二.
    const p = await pair();
    const first = await draftWithProject(p, '草稿一');
    expect((await req('prov', 'DELETE', `/api/projects/${first.projectId}`)).statusCode).toBe(200);
    const second = await draft(p, '草稿二');
    const cur = (await req(p.sch, 'GET', `/api/agreements/${first.id}`)).json();
    const r = await req(p.sch, 'DELETE', `/api/agreements/${first.id}?version=${cur.version}`);
    expect(r.statusCode, r.body).toBe(200);
    expect((await req(p.sch, 'GET', `/api/agreements/${first.id}`)).statusCode).toBe(404);
    expect((await req(p.entUser, 'GET', '/api/agreements')).json().items.map((a: { id: number }) => a.id)).toEqual([
      second.id,
    ]);
    const audits = await exec(
      t,
      sql`select actor_name, before from audit_log where action = 'agreement.delete' and entity_id = ${String(first.id)}`,
    );
    expect(audits.rows).toHaveLength(1);
    expect(audits.rows[0].actor_name).toBe(p.sch);
    expect(audits.rows[0].before).toMatchObject({
      agreementNo: first.agreementNo,
      title: '草稿一',
      deletedProjects: [{ id: first.projectId, title: '远方激光订单班' }],
    });
    const notes = (await req(p.entUser, 'GET', '/api/notifications')).json();
    expect(JSON.stringify(notes)).toContain('校企合作协议草稿已删除：草稿一');
    expect(await quota()).toBe(0);
  });

  it('the next agreement number does not reuse or collide after a deletion', async () => {
    const p = await pair();
    const first = await draft(p, '草稿一');
    const second = await draft(p, '草稿二');
    expect((await req(p.sch, 'DELETE', `/api/agreements/${first.id}`)).statusCode).toBe(200);
    const third = await draft(p, '草稿三');
    const next = String(Number(second.agreementNo.slice(-4)) + 1).padStart(4, '0');
    expect(third.agreementNo).toBe(second.agreementNo.replace(/\d{4}$/, next));
    expect(third.agreementNo).not.toBe(first.agreementNo);
  });

  it('a signed agreement cannot be deleted: terminate it instead', async () => {
    const p = await pair();
    const second = await draft(p, '草稿二');
    const up = await req(p.sch, 'POST', `/api/agreements/${second.id}/scan`, PDF, {
      'content-type': 'application/pdf',
    });
    const signed = await req(p.entUser, 'POST', `/api/agreements/${second.id}/actions`, {
      action: 'sign',
      version: up.json().version,
      signingDate: '2025-08-28',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const confirmed = await confirmByAllParties(t, second.id);
    for (const who of [p.sch, 'xy-b', 'prov']) {
      const r = await req(who, 'DELETE', `/api/agreements/${second.id}`);
      expect(r.statusCode).toBe(409);
      expect(r.json().error).toMatchObject({
        code: 'illegal_transition',
        message: expect.stringMatching(/不能删除.*终止协议/),
      });
    }
    expect((await req(p.sch, 'GET', `/api/agreements/${second.id}`)).json().status).toBe('active');
    const term = await req(p.sch, 'POST', `/api/agreements/${second.id}/actions`, {
      action: 'terminate',
      version: confirmed.version,
      reason: '合作取消',
    });
    expect(term.json().status).toBe('terminated');
    expect((await req(p.sch, 'DELETE', `/api/agreements/${second.id}`)).json().error.message).toMatch(
      /已终止，不能删除/,
    );
  });

  it('the region bureau may delete a draft of its region', async () => {
    const d = await draft(await pair(), '草稿四');
    expect((await req('xy-b', 'DELETE', `/api/agreements/${d.id}`)).statusCode).toBe(200);
    expect((await req('xy-b', 'DELETE', `/api/agreements/${d.id}`)).statusCode).toBe(404);
  });
});
