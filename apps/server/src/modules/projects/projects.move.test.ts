import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';

let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, number> = {};
const ag: Record<string, number> = {};

const req = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: c[who] },
    ...(payload !== undefined ? { payload: payload as never } : {}),
  });
const project = async (id: number) => (await req('prov', 'GET', `/api/projects/${id}`)).json();
const move = async (who: string, id: number, agreementId: number) =>
  req(who, 'POST', `/api/projects/${id}/move`, { agreementId, version: (await project(id)).version });
// Each case moves a project of its own (named after the case), so the cases hold in any order.
const newProject = async (title: string) => {
  const p = await req('sch', 'POST', `/api/agreements/${ag.home}/projects`, {
    type: 'rnd',
    title,
    startDate: '2026-03-01',
    data: { kind: '课程开发', outcome: '新课程', outputs: 1 },
  });
  expect(p.statusCode, p.body).toBe(201);
  return p.json().id as number;
};
const inbox = async (who: string) => (await req(who, 'GET', '/api/notifications')).json().items as { title: string }[];

beforeAll(async () => {
  t = await createTestApp();
  o.xySchool = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳移动测试技师学院' })).id;
  o.xySchool2 = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳移动测试技工学校' })).id;
  o.xyEnt = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳移动测试机械有限公司' })).id;
  o.whSchool = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉移动测试技师学院' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh-b', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'sch', role: 'school', regionCode: '420600', orgId: o.xySchool });
  for (const u of ['prov', 'xy-b', 'wh-b', 'sch']) c[u] = await login(t, u);
  const draft = async (title: string, body: object) => {
    const r = await req('prov', 'POST', '/api/agreements', {
      title,
      areas: ['专业建设'],
      termStart: '2026-01-01',
      termEnd: '2028-12-31',
      ...body,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  ag.home = await draft('襄阳本校协议', { schoolOrgIds: [o.xySchool], enterpriseOrgIds: [o.xyEnt] });
  ag.sameRegion = await draft('襄阳本校第二份协议', { schoolOrgIds: [o.xySchool], enterpriseOrgIds: [o.xyEnt] });
  ag.otherSchool = await draft('襄阳另一所学校的协议', { schoolOrgIds: [o.xySchool2], enterpriseOrgIds: [o.xyEnt] });
  // An alliance led by the Wuhan school counts for 武汉市, although the Xiangyang school is a member.
  ag.wuhan = await draft('武汉牵头的联盟协议', {
    kind: 'alliance',
    schoolOrgIds: [o.whSchool, o.xySchool],
    enterpriseOrgIds: [o.xyEnt],
    leadOrgId: o.whSchool,
  });
});
afterAll(() => t.close());

describe('moving a project between agreements', () => {
  it("a school cannot move its project into another region's agreement, even one it is party to", async () => {
    const id = await newProject('数控课程开发（跨地区）');
    const r = await move('sch', id, ag.wuhan);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toMatch(/跨地区.*省人社厅/);
    expect(await project(id)).toMatchObject({ agreementId: ag.home, regionCode: '420600' });
  });

  it('a school cannot move its project into an agreement it is not party to', async () => {
    const id = await newProject('数控课程开发（非本校协议）');
    const r = await move('sch', id, ag.otherSchool);
    expect(r.statusCode).toBe(404);
    expect((await project(id)).agreementId).toBe(ag.home);
  });

  it("the bureau cannot hand the project to an agreement without the project's school", async () => {
    const id = await newProject('数控课程开发（市州移交）');
    const r = await move('xy-b', id, ag.otherSchool);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/不包括本项目的学校（襄阳移动测试技师学院）/);
    expect((await project(id)).agreementId).toBe(ag.home);
  });

  it('a bureau cannot move a project into an agreement of another region', async () => {
    const id = await newProject('数控课程开发（外地市州）');
    const r = await move('wh-b', id, ag.wuhan);
    expect(r.statusCode).toBe(404); // the project is in 襄阳: the Wuhan bureau does not see it
    const x = await move('xy-b', id, ag.wuhan);
    expect(x.statusCode).toBe(403);
    expect((await project(id)).agreementId).toBe(ag.home);
  });

  it('the school moves its project within its region; its bureau is told', async () => {
    const id = await newProject('数控课程开发（本地区内）');
    const r = await move('sch', id, ag.sameRegion);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      agreementId: ag.sameRegion,
      regionCode: '420600',
      schoolName: '襄阳移动测试技师学院',
    });
    expect((await inbox('xy-b')).some((n) => n.title.includes('数控课程开发（本地区内）'))).toBe(true);
  });

  it('the province moves it across regions; the count moves and both bureaus are notified', async () => {
    // The school first moves it within 襄阳, then the province moves it to the Wuhan-led alliance.
    const id = await newProject('数控课程开发（省厅移动）');
    expect((await move('sch', id, ag.sameRegion)).statusCode).toBe(200);
    const r = await move('prov', id, ag.wuhan);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ agreementId: ag.wuhan, regionCode: '420100', schoolName: '襄阳移动测试技师学院' });
    const wh = await inbox('wh-b');
    expect(wh.some((n) => n.title.includes('数控课程开发（省厅移动）') && n.title.includes('移到'))).toBe(true);
    expect((await inbox('xy-b')).filter((n) => n.title.includes('数控课程开发（省厅移动）')).length).toBe(2);
    const audits = await exec(
      t,
      sql`select action from audit_log where entity_type = 'project' and entity_id = ${String(id)} order by id`,
    );
    expect(audits.rows.map((x) => x.action)).toEqual(['project.create', 'project.move', 'project.move']);
  });

  it('bad input is refused in Chinese and changes nothing', async () => {
    const id = await newProject('数控课程开发（错误输入）');
    expect((await move('prov', id, ag.wuhan)).statusCode).toBe(200);
    const same = await move('prov', id, ag.wuhan);
    expect(same.statusCode).toBe(400);
    expect(same.json().error.message).toMatch(/已在该协议下/);
    const unknown = await move('prov', id, 999999);
    expect(unknown.statusCode).toBe(404);
    const junk = await req('prov', 'POST', `/api/projects/${id}/move`, { agreementId: 'x', version: 1 });
    expect(junk.statusCode).toBe(400);
    expect((await project(id)).agreementId).toBe(ag.wuhan);
  });
});
