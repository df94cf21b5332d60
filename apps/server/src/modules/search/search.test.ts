import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';

// The header's search finds what the caller may open, by name or number, and nothing of anyone else's.
let t: TestApp;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  const wh = await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉搜索技师学院' });
  const whEnt = await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '武汉搜索装备有限公司' });
  const xy = await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳搜索技工学校' });
  for (const [no, region, title, orgIds] of [
    ['SOU-WH-1', '420100', '武汉搜索校企合作协议', [wh.id, whEnt.id]],
    ['SOU-XY-1', '420600', '襄阳搜索校企合作协议', [xy.id]],
  ] as const) {
    const { rows } = await exec(
      t,
      sql`insert into agreements (agreement_no, campaign_year, region_code, title, term_start, term_end, status)
      values (${no}, 2026, ${region}, ${title}, '2026-01-01', '2027-12-31', 'active') returning id`,
    );
    for (const o of orgIds)
      await exec(
        t,
        sql`insert into agreement_parties (agreement_id, org_id, side) select ${rows[0].id}, id, type from orgs where id = ${o}`,
      );
  }
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'whs', role: 'school', regionCode: '420100', orgId: wh.id });
  await makeUser(t, { username: 'exp', role: 'expert' });
  for (const u of ['prov', 'xy', 'whs', 'exp']) cookies[u] = await login(t, u);
});
afterAll(() => t.close());

const find = (who: string, q: string) =>
  t.app.inject({ url: `/api/search?q=${encodeURIComponent(q)}`, headers: who ? { cookie: cookies[who] } : {} });
const titles = (body: { orgs: { items: { title: string }[] }; agreements: { items: { title: string }[] } }) => ({
  orgs: body.orgs.items.map((i) => i.title).sort(),
  agreements: body.agreements.items.map((i) => i.title).sort(),
});

describe('global search', () => {
  it('the province finds organisations and agreements of every region by name', async () => {
    const r = await find('prov', '搜索');
    expect(r.statusCode).toBe(200);
    expect(titles(r.json())).toEqual({
      orgs: ['武汉搜索技师学院', '武汉搜索装备有限公司', '襄阳搜索技工学校'].sort(),
      agreements: ['武汉搜索校企合作协议', '襄阳搜索校企合作协议'].sort(),
    });
  });

  it('finds an agreement by its number', async () => {
    const body = (await find('prov', 'SOU-XY')).json();
    expect(body.agreements.items).toEqual([
      expect.objectContaining({ title: '襄阳搜索校企合作协议', sub: 'SOU-XY-1' }),
    ]);
  });

  it('a region bureau finds only its region, a school only itself and its own agreements, an expert nothing', async () => {
    expect(titles((await find('xy', '搜索')).json())).toEqual({
      orgs: ['襄阳搜索技工学校'],
      agreements: ['襄阳搜索校企合作协议'],
    });
    expect(titles((await find('whs', '搜索')).json())).toEqual({
      orgs: ['武汉搜索技师学院'],
      agreements: ['武汉搜索校企合作协议'],
    });
    const exp = (await find('exp', '搜索')).json();
    expect([exp.orgs.total, exp.agreements.total, exp.projects.total]).toEqual([0, 0, 0]);
  });

  it('empty words answer 400 in Chinese; no session answers 401', async () => {
    const r = await find('prov', '   ');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('请输入要查找的名称或编号');
    expect((await find('', '搜索')).statusCode).toBe(401);
  });
});
