import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { TEST_TODAY } from '../../../test/clock-setup';
import { addDaysIso } from '../../lib/clock';
import { DETAILED_OCCUPATIONS } from '@cjrh/domain';

// Issue 19 part 6 (notice 三(四)): subsidised training, skill evaluation and contests, each reviewed by the bureau;
// only approved records reach the dashboard section.
// Tests pass alone and in any order: only the review test writes records of 襄阳 (420600); the bureau's own entry is
// 宜昌's (420500), so each reads its own region's figures.
let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, { id: number }> = {};
const year = Number(TEST_TODAY.slice(0, 4));
const req = (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: c[who] },
    ...(payload !== undefined ? { payload: payload as never } : {}),
  });
const figures = async (who: string, region?: string) =>
  Object.fromEntries(
    (await req(who, 'GET', `/api/skills/figures?year=${year}${region ? `&region=${region}` : ''}`))
      .json()
      .items.map((i: { id: string; value: number }) => [i.id, i.value]),
  );
const rows = async () =>
  JSON.stringify(
    (
      await exec(
        t,
        sql`select (select json_agg(x order by x.id) from skill_trainings x) as t, (select json_agg(y order by y.id) from skill_contests y) as c`,
      )
    ).rows,
  );
const OCC = DETAILED_OCCUPATIONS[0].code;
const TRAINING = {
  kind: 'training',
  occupationCode: OCC,
  level: 'ZJG',
  startDate: addDaysIso(TEST_TODAY, -3),
  endDate: addDaysIso(TEST_TODAY, -2),
  people: 40,
  certificates: 35,
  note: '',
};
const CONTEST = {
  name: '襄阳市数控车工技能竞赛',
  organiser: '襄阳市技工教育联盟',
  occupationCode: OCC,
  heldOn: addDaysIso(TEST_TODAY, -1),
  participants: 60,
  winners: 12,
};

beforeAll(async () => {
  t = await createTestApp();
  o.school = await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳培训测试技师学院' });
  o.ent = await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳培训测试公司' });
  o.wh = await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉培训测试技师学院' });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh-b', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'yc-b', role: 'region', regionCode: '420500' });
  await makeUser(t, { username: 'sch', role: 'school', regionCode: '420600', orgId: o.school.id });
  await makeUser(t, { username: 'ent', role: 'enterprise', regionCode: '420600', orgId: o.ent.id });
  for (const u of ['prov', 'xy-b', 'wh-b', 'yc-b', 'sch', 'ent']) c[u] = await login(t, u);
});
afterAll(() => t.close());

describe('training, evaluation and contests', () => {
  it('bad input: a Chinese 400, nothing written', async () => {
    const before = await rows();
    const bad: [string, string, Record<string, unknown>, RegExp][] = [
      ['sch', '/api/skills/trainings', { ...TRAINING, certificates: 41 }, /取证人数不能多于培训评价人数/],
      [
        'sch',
        '/api/skills/trainings',
        { ...TRAINING, endDate: addDaysIso(TEST_TODAY, -4) },
        /结束日期不能早于开始日期/,
      ],
      ['sch', '/api/skills/trainings', { ...TRAINING, endDate: addDaysIso(TEST_TODAY, 1) }, /结束日期不能晚于今天/],
      ['sch', '/api/skills/trainings', { ...TRAINING, occupationCode: '9-99' }, /职业（工种）不在职业分类目录中/],
      ['sch', '/api/skills/trainings', { ...TRAINING, level: 'X' }, /等级不在职业技能等级目录中/],
      ['sch', '/api/skills/trainings', { ...TRAINING, orgId: o.ent.id }, /只能登记本单位的记录/],
      ['xy-b', '/api/skills/trainings', TRAINING, /请选择开展培训评价的院校或企业/],
      ['xy-b', '/api/skills/trainings', { ...TRAINING, orgId: o.wh.id }, /不在本地区/],
      ['ent', '/api/skills/contests', { ...CONTEST, winners: 61 }, /获奖人数不能多于参赛人数/],
    ];
    for (const [who, url, body, msg] of bad) {
      const r = await req(who, 'POST', url, body);
      expect([400, 403], r.body).toContain(r.statusCode);
      expect(r.json().error.message).toMatch(msg);
    }
    expect(await rows()).toBe(before);
  });

  it("a school's record waits for its bureau; approved records count, returned ones do not", async () => {
    const tr = await req('sch', 'POST', '/api/skills/trainings', TRAINING);
    expect(tr.statusCode, tr.body).toBe(200);
    expect(tr.json()).toMatchObject({ state: 'submitted', canReview: false, canEdit: true });
    const ev = await req('ent', 'POST', '/api/skills/trainings', {
      ...TRAINING,
      kind: 'evaluation',
      people: 20,
      certificates: 18,
    });
    const co = await req('ent', 'POST', '/api/skills/contests', CONTEST);
    expect((await figures('xy-b')).subsidised_trained).toBe(0);
    expect((await figures('xy-b')).skill_waiting).toBe(3);
    // Another region's bureau neither sees nor reviews it.
    expect(
      (await req('wh-b', 'POST', `/api/skills/trainings/${tr.json().id}/review`, { decision: 'approve', version: 1 }))
        .statusCode,
    ).toBe(404);
    expect((await req('wh-b', 'GET', '/api/skills/trainings')).json().total).toBe(0);
    const noReason = await req('xy-b', 'POST', `/api/skills/trainings/${ev.json().id}/review`, {
      decision: 'return',
      version: 1,
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toMatch(/退回须填写原因/);
    expect(
      (
        await req('xy-b', 'POST', `/api/skills/trainings/${tr.json().id}/review`, { decision: 'approve', version: 1 })
      ).json().state,
    ).toBe('approved');
    expect(
      (
        await req('xy-b', 'POST', `/api/skills/trainings/${ev.json().id}/review`, {
          decision: 'return',
          reason: '缺少评价名单',
          version: 1,
        })
      ).json(),
    ).toMatchObject({ state: 'returned', reviewReason: '缺少评价名单' });
    expect(
      (
        await req('xy-b', 'POST', `/api/skills/contests/${co.json().id}/review`, { decision: 'approve', version: 1 })
      ).json().state,
    ).toBe('approved');
    const f = await figures('prov', '420600');
    expect(f).toMatchObject({ subsidised_trained: 40, skill_evaluated: 0, certificates: 35, contests: 1 });
    // Approved records are final for the school; the returned one is fixed and goes back to the bureau.
    expect(
      (await req('sch', 'PUT', `/api/skills/trainings/${tr.json().id}`, { ...TRAINING, people: 50, version: 2 }))
        .statusCode,
    ).toBe(409);
    const fixed = await req('ent', 'PUT', `/api/skills/trainings/${ev.json().id}`, {
      ...TRAINING,
      kind: 'evaluation',
      people: 20,
      certificates: 18,
      note: '已补名单',
      version: 2,
    });
    expect(fixed.json()).toMatchObject({ state: 'submitted', reviewReason: null });
  });

  it("a bureau's own entry is its review; the dashboard section is for bureaus only", async () => {
    const r = await req('yc-b', 'POST', '/api/skills/contests', {
      ...CONTEST,
      name: '宜昌市焊工技能竞赛',
      organiser: '宜昌市人社局',
    });
    expect(r.json()).toMatchObject({ state: 'approved', orgId: null });
    expect(await figures('yc-b')).toMatchObject({ contests: 1, skill_waiting: 0 });
    expect((await figures('wh-b')).contests).toBe(0);
    expect((await req('sch', 'GET', `/api/skills/figures?year=${year}`)).statusCode).toBe(403);
  });
});
