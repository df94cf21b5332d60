import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCampaign, createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { formInState } from '../../../test/forms';
import { schoolSpecialties } from '../../db/schema/index';
import { PROFILE_REASON } from './profiles';

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
    const d = await t.app.inject({
      method: 'POST',
      url: '/api/recommendations/dismiss',
      headers: { cookie: c.sch },
      payload: { counterpartOrgId: ids.far, reason: 'too_far' },
    });
    expect(d.statusCode).toBe(200);
    expect(d.json().items.map((i: { orgId: number }) => i.orgId)).toEqual([ids.near]);
    const { recomputeAll } = await import('./recommendations.service');
    await recomputeAll(t.database.db);
    expect((await get('sch', '/api/recommendations')).json().items.map((i: { orgId: number }) => i.orgId)).toEqual([
      ids.near,
    ]);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/recommendations/dismiss',
          headers: { cookie: c.sch },
          payload: { counterpartOrgId: ids.far, reason: 'bogus' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('a withdrawn line re-ranks only what it touches', async () => {
    const item = (await get('', `/api/catalogue?q=${encodeURIComponent('数控车工')}`)).json().items[0];
    const w = await t.app.inject({
      method: 'POST',
      url: `/api/catalogue/items/${item.id}/withdraw`,
      headers: { cookie: c.near },
      payload: { reason: '岗位已招满' },
    });
    expect(w.statusCode).toBe(200);
    expect((await get('sch', '/api/recommendations')).json().items).toEqual([]);
    expect((await get('near', '/api/recommendations')).json().items).toEqual([]);
  });

  it('a bureau sees the demand in its region that has no match yet; anonymous and the province get no personal list', async () => {
    const u = (await get('wh-b', '/api/recommendations/unmatched')).json();
    expect(u.items.map((i: { orgId: number }) => i.orgId)).toEqual([ids.lonely]);
    expect((await get('', '/api/recommendations')).statusCode).toBe(401);
    expect((await get('prov', '/api/recommendations')).statusCode).toBe(403);
  });
});
