import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';

let t: TestApp;
const c: Record<string, string> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  ids.xySchool = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳筛选测试技工学校' })).id;
  ids.whSchool = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉筛选测试技师学院' })).id;
  ids.ycEnt = (
    await makeOrg(t, { type: 'enterprise', regionCode: '420500', name: '宜昌筛选测试化工有限公司', isKey: true })
  ).id;
  ids.shEnt = (
    await makeOrg(t, { type: 'enterprise', regionCode: '420300', name: '十堰筛选测试汽车零部件有限公司', isKey: true })
  ).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'xy-s', role: 'school', regionCode: '420600', orgId: ids.xySchool });
  await makeUser(t, { username: 'wh-s', role: 'school', regionCode: '420100', orgId: ids.whSchool });
  for (const u of ['prov', 'xy-b', 'xy-s', 'wh-s']) c[u] = await login(t, u);
  const send = (who: string, toOrgId: number) =>
    t.app.inject({
      method: 'POST',
      url: '/api/intents',
      headers: { cookie: c[who] },
      payload: { toOrgId, cooperationType: '订单（定向）班', message: '希望合作开设订单班' },
    });
  for (const [who, to] of [
    ['xy-s', ids.ycEnt],
    ['xy-s', ids.shEnt],
    ['wh-s', ids.ycEnt],
  ] as const)
    expect((await send(who, to)).statusCode).toBe(201);
});
afterAll(() => t.close());

const list = async (who: string, query: string) => {
  const r = await t.app.inject({ url: `/api/intents?${query}`, headers: { cookie: c[who] } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { total: number; items: { from: { name: string }; to: { name: string } }[] };
};

describe('intent list filters', () => {
  it('the province filters by the region of either party and by part of a party name', async () => {
    expect((await list('prov', '')).total).toBe(3);
    expect((await list('prov', 'region=420500')).total).toBe(2); // 宜昌 received two
    expect((await list('prov', 'region=420100')).total).toBe(1);
    const named = await list('prov', `q=${encodeURIComponent('十堰筛选')}`);
    expect(named.total).toBe(1);
    expect(named.items[0].to.name).toContain('十堰');
    expect((await list('prov', `q=${encodeURIComponent('%')}`)).total).toBe(0); // a LIKE wildcard is a literal
  });

  it('a region bureau stays inside its region whatever it asks for', async () => {
    expect((await list('xy-b', '')).total).toBe(2);
    expect((await list('xy-b', 'region=420100')).total).toBe(0);
    expect((await list('xy-s', `q=${encodeURIComponent('宜昌')}`)).total).toBe(1);
  });

  it('bad filters get a Chinese 400', async () => {
    const r = await t.app.inject({ url: '/api/intents?region=abc', headers: { cookie: c.prov } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
