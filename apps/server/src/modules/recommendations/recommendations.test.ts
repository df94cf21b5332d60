import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openCampaign,
  createTestApp,
  login,
  makeOrg,
  makeUser,
  publishCatalogue,
  type TestApp,
} from '../../../test/app';
import { formInState } from '../../../test/forms';
import { schoolSpecialties } from '../../db/schema/index';
import { PROFILE_REASON } from './profiles';

// The published demand of beforeAll (a 数控加工 school, two 车工 enterprises near and far, a cook's post, a lonely
// 服装 school) is only read. A test that dismisses or withdraws publishes organisations of its own, in trades that
// match nothing of the others (会计, 水产养殖), so the tests pass alone and in any order.
let t: TestApp;
const c: Record<string, string> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  ids.school = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳推荐测试技师学院' })).id;
  ids.near = (
    await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳推荐测试机床有限公司', isKey: true })
  ).id;
  ids.far = (
    await makeOrg(t, { type: 'enterprise', regionCode: '422800', name: '恩施推荐测试机械有限公司', isKey: true })
  ).id;
  ids.other = (
    await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳推荐测试烹饪有限公司', isKey: true })
  ).id;
  ids.lonely = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉推荐测试艺术学校' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'wh-b', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'sch', role: 'school', regionCode: '420600', orgId: ids.school });
  await makeUser(t, { username: 'near', role: 'enterprise', regionCode: '420600', orgId: ids.near });
  for (const u of ['prov', 'wh-b', 'sch', 'near']) c[u] = await login(t, u);
  await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: c.prov }, payload: { year: 2025 } });
  await openCampaign(t, c.prov, 2025);
  await formInState(t, 2025, ids.school, [
    {
      specialtyCode: '数控加工',
      needType: '毕业生就业',
      needDetail: '数控专业毕业生 40 人',
      graduatesMidLevel: 40,
      availableFrom: '2025-09-01',
    },
  ]);
  await formInState(t, 2025, ids.near, [
    {
      occupationCode: '车工',
      postName: '数控车工',
      headcount: 12,
      needType: '毕业生就业',
      needDetail: '招数控车工',
      availableFrom: '2025-09-01',
    },
  ]);
  await formInState(t, 2025, ids.far, [
    {
      occupationCode: '车工',
      postName: '车工',
      headcount: 12,
      needType: '毕业生就业',
      needDetail: '招车工',
      availableFrom: '2025-09-01',
    },
  ]);
  await formInState(t, 2025, ids.other, [
    { occupationCode: '中式烹调师', postName: '厨师', headcount: 5, needType: '毕业生就业', needDetail: '招厨师' },
  ]);
  await formInState(t, 2025, ids.lonely, [
    { specialtyCode: '服装设计与制作', needType: '教师企业实践', needDetail: '需要服装企业接收教师实践' },
  ]);
  const pub = await t.app.inject({
    method: 'POST',
    url: '/api/campaigns/2025/publications',
    headers: { cookie: c.prov },
    payload: {},
  });
  expect(pub.statusCode).toBe(201);
});
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ url, headers: who ? { cookie: c[who] } : {} });
const listOf = async (who: string) =>
  ((await get(who, '/api/recommendations')).json().items as { orgId: number }[]).map((i) => i.orgId);

let made = 0;
type NewOrg = { type: 'school' | 'enterprise'; regionCode: string; name: string; row: Record<string, unknown> };

/**
 * Arrange: new organisations with accepted demand of one line each, each with a signed-in account, published as a new
 * version of the catalogue (which ranks everything again). Returns their ids and account names, in order.
 */
async function published(...orgs: NewOrg[]) {
  const out: { id: number; user: string }[] = [];
  for (const o of orgs) {
    const { id } = await makeOrg(t, {
      type: o.type,
      regionCode: o.regionCode,
      name: o.name,
      isKey: o.type === 'enterprise',
    });
    await formInState(t, 2025, id, [o.row]);
    const user = `rec-${++made}`;
    await makeUser(t, { username: user, role: o.type, regionCode: o.regionCode, orgId: id });
    c[user] = await login(t, user);
    out.push({ id, user });
  }
  await publishCatalogue(t, c.prov, 2025);
  return out;
}

describe('recommendations', () => {
  it('a school sees fitting enterprises with a score and plain-Chinese reasons, nearest first', async () => {
    const r = await get('sch', '/api/recommendations');
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { orgId: number; score: number; reasons: string[] }[];
    expect(items.map((i) => i.orgId)).toEqual([ids.near, ids.far]);
    expect(items[0].score).toBeGreaterThan(items[1].score);
    expect(items[0].score).toBeLessThanOrEqual(100);
    const text = items[0].reasons.join('；');
    expect(text).toContain('数控加工');
    expect(text).toContain('车工');
    expect(text).toContain('同在襄阳市');
    expect(items[1].reasons.join('；')).toMatch(/相距约 \d+ 公里/);
  });

  it('works both ways: the enterprise sees the school', async () => {
    const items = (await get('near', '/api/recommendations')).json().items;
    expect(items[0]).toMatchObject({ orgId: ids.school, orgType: 'school' });
  });

  it('a school whose demand is not published yet is recommended from its record (specialties), and to nobody', async () => {
    const id = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳推荐测试档案技工学校' })).id;
    await t.database.db.insert(schoolSpecialties).values({ orgId: id, specialtyCode: '0102', graduatesPerYear: 30 });
    await makeUser(t, { username: 'rec-profile', role: 'school', regionCode: '420600', orgId: id });
    c['rec-profile'] = await login(t, 'rec-profile');
    const items = (await get('rec-profile', '/api/recommendations')).json().items as {
      orgId: number;
      reasons: string[];
    }[];
    expect(items.map((i) => i.orgId)).toEqual([ids.near, ids.far]);
    expect(items[0].reasons[0]).toBe(PROFILE_REASON);
    expect(items[0].reasons).toContain('数控加工 专业对口 车工 岗位 12 人');
    expect(items[0].reasons).toContain('可输送毕业生 30 人，满足 12 个岗位');
    expect(items[0].reasons.join('；')).not.toContain('合作方式');
    // Without published demand it is nobody's recommendation, even after a full recompute.
    const { recomputeAll } = await import('./recommendations.service');
    await recomputeAll(t.database.db);
    expect((await get('near', '/api/recommendations')).json().items.map((i: { orgId: number }) => i.orgId)).toEqual([
      ids.school,
    ]);
    expect(
      (await get('rec-profile', '/api/recommendations')).json().items.map((i: { orgId: number }) => i.orgId),
    ).toEqual([ids.near, ids.far]);
  });

  it('a dismissed recommendation does not come back, even after a full recompute', async () => {
    const accounting = { needType: '毕业生就业', needDetail: '招会计', availableFrom: '2025-09-01' };
    const [school, near, far] = await published(
      {
        type: 'school',
        regionCode: '420600',
        name: '襄阳推荐测试财会技工学校',
        row: { specialtyCode: '会计', graduatesMidLevel: 30, ...accounting },
      },
      {
        type: 'enterprise',
        regionCode: '420600',
        name: '襄阳推荐测试会计师事务所',
        row: { occupationCode: '会计专业人员', postName: '会计', headcount: 6, ...accounting },
      },
      {
        type: 'enterprise',
        regionCode: '422800',
        name: '恩施推荐测试会计师事务所',
        row: { occupationCode: '会计专业人员', postName: '会计', headcount: 6, ...accounting },
      },
    );
    expect(await listOf(school.user)).toEqual([near.id, far.id]);
    const d = await t.app.inject({
      method: 'POST',
      url: '/api/recommendations/dismiss',
      headers: { cookie: c[school.user] },
      payload: { counterpartOrgId: far.id, reason: 'too_far' },
    });
    expect(d.statusCode).toBe(200);
    expect(d.json().items.map((i: { orgId: number }) => i.orgId)).toEqual([near.id]);
    const { recomputeAll } = await import('./recommendations.service');
    await recomputeAll(t.database.db);
    expect(await listOf(school.user)).toEqual([near.id]);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/recommendations/dismiss',
          headers: { cookie: c[school.user] },
          payload: { counterpartOrgId: far.id, reason: 'bogus' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('a withdrawn line re-ranks only what it touches', async () => {
    const fish = { needType: '毕业生就业', needDetail: '招水产养殖工', availableFrom: '2025-09-01' };
    const [school, ent] = await published(
      {
        type: 'school',
        regionCode: '420600',
        name: '襄阳推荐测试水产技工学校',
        row: { specialtyCode: '水产养殖', graduatesMidLevel: 20, ...fish },
      },
      {
        type: 'enterprise',
        regionCode: '420600',
        name: '襄阳推荐测试渔业有限公司',
        row: { occupationCode: '水产养殖工', postName: '鱼苗繁育工', headcount: 8, ...fish },
      },
    );
    expect(await listOf(school.user)).toEqual([ent.id]);
    const item = (await get('', `/api/catalogue?q=${encodeURIComponent('鱼苗繁育工')}`)).json().items[0];
    const w = await t.app.inject({
      method: 'POST',
      url: `/api/catalogue/items/${item.id}/withdraw`,
      headers: { cookie: c[ent.user] },
      payload: { reason: '岗位已招满' },
    });
    expect(w.statusCode).toBe(200);
    expect((await get(school.user, '/api/recommendations')).json().items).toEqual([]);
    expect((await get(ent.user, '/api/recommendations')).json().items).toEqual([]);
    // The lists the withdrawn line was never in stay as they were.
    expect(await listOf('sch')).toEqual([ids.near, ids.far]);
  });

  it('a bureau sees the demand in its region that has no match yet; anonymous and the province get no personal list', async () => {
    const u = (await get('wh-b', '/api/recommendations/unmatched')).json();
    expect(u.items.map((i: { orgId: number }) => i.orgId)).toEqual([ids.lonely]);
    expect((await get('', '/api/recommendations')).statusCode).toBe(401);
    expect((await get('prov', '/api/recommendations')).statusCode).toBe(403);
  });
});
