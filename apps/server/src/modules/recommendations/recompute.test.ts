// recomputeOrg updates only what one organisation's change touches; these tests check that what it leaves in the
// table is exactly what a full recompute of the same data stores, when the change moves the organisation out of and
// into a full (20-long) list, and that ranking in worker threads stores the same lists as the main thread.
// The enterprise's list is full (25 schools match) while each of its lines has at most 20 candidate lines: the
// case recomputeOrg is exact for (a line with more candidates than its top K is not re-cut, see
// docs/decisions/0005-recommendation-recompute.md; the bench measures how often that changes a list).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openCampaign, createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { formInState } from '../../../test/forms';
import { publishedItems } from '../../db/schema/index';
import { invalidateLines } from './lines';
import { recomputeAll, settleRecommendations } from './recommendations.service';
import { needsSettling } from './settle';
import { sqlRows } from '../../db/rows';

let t: TestApp;
const c: Record<string, string> = {};
let ent = 0;
let ent2 = 0;
const schools: number[] = [];
let climber = 0;

const REGIONS = ['420600', '420100', '420700', '420500', '422800', '420300'];
const snapshot = () =>
  sqlRows<unknown>(
    t.database.db,
    sql`select org_id, counterpart_org_id, score, lines, reasons from recommendations order by org_id, counterpart_org_id`,
  );
const listOf = async (orgId: number) =>
  (
    await sqlRows<{ id: number }>(
      t.database.db,
      sql`select counterpart_org_id as id from recommendations where org_id = ${orgId} order by score desc, counterpart_org_id`,
    )
  ).map((r) => r.id);

/** What recomputeOrg left equals what a full recompute stores for the same data. */
async function expectSameAsFullRecompute() {
  const after = await snapshot();
  await recomputeAll(t.database.db);
  expect(after).toEqual(await snapshot());
}

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'rc-prov', role: 'province' });
  c.prov = await login(t, 'rc-prov');
  await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: c.prov }, payload: { year: 2025 } });
  await openCampaign(t, c.prov, 2025);
  ent = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '重算测试襄阳机床' })).id;
  ent2 = (await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '重算测试武汉数控' })).id;
  await formInState(t, 2025, ent, [
    {
      occupationCode: '车工',
      postName: '数控车工',
      headcount: 12,
      needType: '毕业生就业',
      needDetail: '招数控车工',
      availableFrom: '2025-09-01',
    },
    {
      occupationCode: '缝纫工',
      postName: '缝纫工',
      headcount: 8,
      needType: '毕业生就业',
      needDetail: '招缝纫工',
      availableFrom: '2025-07-01',
    },
  ]);
  await formInState(t, 2025, ent2, [
    { occupationCode: '车工', postName: '车工', headcount: 3, needType: '学生实习实训基地', needDetail: '接收实习' },
  ]);
  // 24 schools with one 数控加工 or 服装设计与制作 line each (no industry in common, so no partial fit across), of different fit (region, graduates, start): more than a list holds.
  for (let i = 0; i < 24; i++) {
    const id = (
      await makeOrg(t, { type: 'school', regionCode: REGIONS[i % REGIONS.length], name: `重算测试技工学校${i}` })
    ).id;
    schools.push(id);
    await formInState(t, 2025, id, [
      {
        specialtyCode: i < 12 ? '数控加工' : '服装设计与制作',
        needType: i % 3 ? '毕业生就业' : '订单（定向）班',
        needDetail: '数控专业毕业生',
        graduatesMidLevel: 2 + i,
        availableFrom: i % 4 ? '2025-09-01' : '2026-03-01',
      },
    ]);
  }
  // One more: a weak line, and a strong one that will have expired (made matchable again by a confirmation).
  climber = (await makeOrg(t, { type: 'school', regionCode: '422800', name: '重算测试恩施技工学校' })).id;
  await formInState(t, 2025, climber, [
    { specialtyCode: '数控加工', needType: '教师企业实践', needDetail: '教师实践' },
    {
      specialtyCode: '数控加工',
      needType: '毕业生就业',
      needDetail: '数控专业毕业生 60 人',
      graduatesMidLevel: 60,
      availableFrom: '2025-09-01',
    },
  ]);
  await makeUser(t, { username: 'rc-climber', role: 'school', regionCode: '422800', orgId: climber });
  c.climber = await login(t, 'rc-climber');
  expect(
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/campaigns/2025/publications',
        headers: { cookie: c.prov },
        payload: {},
      })
    ).statusCode,
  ).toBe(201);
  // The strong line has expired: the lists are computed without it.
  await t.database.db
    .update(publishedItems)
    .set({ expiresOn: '2000-01-01' })
    .where(sql`${publishedItems.orgId} = ${climber} and ${publishedItems.places} = 60`);
  invalidateLines();
  await recomputeAll(t.database.db);
});
afterAll(() => t.close());

describe('recomputeOrg', () => {
  it('a withdrawal that takes an organisation out of a full list lets the next one in, as a full recompute would', async () => {
    const before = await listOf(ent);
    expect(before).toHaveLength(20);
    expect(before).not.toContain(climber);
    const leaving = before[0];
    const [item] = await t.database.db
      .select({ id: publishedItems.id })
      .from(publishedItems)
      .where(eq(publishedItems.orgId, leaving));
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/catalogue/items/${item.id}/withdraw`,
          headers: { cookie: c.prov },
          payload: { reason: '已招满' },
        })
      ).statusCode,
    ).toBe(200);
    const after = await listOf(ent);
    expect(after).toHaveLength(20);
    expect(after).not.toContain(leaving);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(1);
    await expectSameAsFullRecompute();
  });

  it('a confirmed line that lifts an organisation into a full list pushes the last one out, as a full recompute would', async () => {
    const before = await listOf(ent);
    const [item] = await t.database.db
      .select({ id: publishedItems.id })
      .from(publishedItems)
      .where(sql`${publishedItems.orgId} = ${climber} and ${publishedItems.places} = 60`);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/catalogue/items/${item.id}/confirm`,
          headers: { cookie: c.climber },
        })
      ).statusCode,
    ).toBe(200);
    const after = await listOf(ent);
    expect(after).toContain(climber);
    expect(after).toHaveLength(20);
    expect(after).not.toContain(before[19]);
    await expectSameAsFullRecompute();
  });

  it('withdrawing a line lowers the organisation in place where it stays (the short list of the second enterprise too)', async () => {
    const [item] = await t.database.db
      .select({ id: publishedItems.id })
      .from(publishedItems)
      .where(sql`${publishedItems.orgId} = ${climber} and ${publishedItems.places} = 60`);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/catalogue/items/${item.id}/withdraw`,
          headers: { cookie: c.prov },
          payload: { reason: '计划调整' },
        })
      ).statusCode,
    ).toBe(200);
    expect(await listOf(ent)).not.toContain(climber);
    expect(await listOf(ent2)).toContain(climber);
    await expectSameAsFullRecompute();
  });

  it('an accepted intent gives the pair the partner bonus in both lists, as a full recompute would', async () => {
    await makeUser(t, { username: 'rc-ent2', role: 'enterprise', regionCode: '420100', orgId: ent2 });
    c.ent2 = await login(t, 'rc-ent2');
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/intents',
      headers: { cookie: c.climber },
      payload: { toOrgId: ent2, cooperationType: '学生实习实训基地', message: '希望建立实习合作关系' },
    });
    expect(sent.statusCode).toBe(201);
    const acted = await t.app.inject({
      method: 'POST',
      url: `/api/intents/${sent.json().id}/actions`,
      headers: { cookie: c.ent2 },
      payload: { action: 'accept', version: sent.json().version },
    });
    expect(acted.statusCode).toBe(200);
    const [entry] = await sqlRows<{ reasons: string[] }>(
      t.database.db,
      sql`select reasons from recommendations where org_id = ${ent2} and counterpart_org_id = ${climber}`,
    );
    expect(entry.reasons).toContain('已有合作基础');
    await expectSameAsFullRecompute();
  });

  it('ranking in worker threads stores exactly the lists of the main thread', async () => {
    await recomputeAll(t.database.db, { workers: 0 });
    const main = await snapshot();
    await recomputeAll(t.database.db, { workers: 2 });
    expect(await snapshot()).toEqual(main);
    expect(main.length).toBeGreaterThan(40);
  });
});

describe('settling (the hourly job)', () => {
  it('ranks everything again only after a change of lines or when the day has turned, and repairs lists that drifted', async () => {
    const db = t.database.db;
    await recomputeAll(db);
    const full = await snapshot();
    expect(await needsSettling(db)).toBe(false);
    expect(await settleRecommendations(db)).toBeNull();
    expect(await needsSettling(db, '2999-01-01')).toBe(true);
    // A withdrawal is re-ranked at once, and marks the stored lists as to be settled.
    const [item] = await db
      .select({ id: publishedItems.id })
      .from(publishedItems)
      .where(eq(publishedItems.orgId, schools[3]));
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/catalogue/items/${item.id}/withdraw`,
          headers: { cookie: c.prov },
          payload: { reason: '已招满' },
        })
      ).statusCode,
    ).toBe(200);
    expect(await needsSettling(db)).toBe(true);
    // Stand-in for a list that incremental re-ranking left different from a full ranking: the settling run repairs it.
    const rerankedNow = await snapshot();
    await db.execute(sql`delete from recommendations where org_id = ${ent}`);
    const settled = await settleRecommendations(db);
    expect(settled?.pairs).toBeGreaterThan(40);
    expect(await snapshot()).toEqual(rerankedNow);
    expect(rerankedNow).not.toEqual(full);
    expect(await needsSettling(db)).toBe(false);
  });
});
