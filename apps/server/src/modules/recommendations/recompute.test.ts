// recomputeOrg updates only what one organisation's change touches; these tests check that what it leaves in the
// table is exactly what a full recompute of the same data stores, when the change moves the organisation out of and
// into a full (20-long) list, and that ranking in worker threads stores the same lists as the main thread.
// The enterprise's list is full (24 schools of beforeAll match, and each test adds its own) while each of its lines
// has at most 20 candidate lines (12 of beforeAll, at most 6 more from the tests: see newSchool): the case
// recomputeOrg is exact for (a line with more candidates than its top K is not re-cut, see
// docs/decisions/0005-recommendation-recompute.md; the bench measures how often that changes a list).
// The data of beforeAll is only read; each test publishes the school it changes (newSchool), so the tests pass alone
// and in any order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
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
import { publications, publishedItems } from '../../db/schema/index';
import { invalidateLines } from './lines';
import { recomputeAll, settleRecommendations } from './recommendations.service';
import { needsSettling } from './settle';
import { sqlRows } from '../../db/rows';

let t: TestApp;
const c: Record<string, string> = {};
let ent = 0;
let ent2 = 0;

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

const weakLine = { specialtyCode: '数控加工', needType: '教师企业实践', needDetail: '教师实践' };
const strongLine = {
  specialtyCode: '数控加工',
  needType: '毕业生就业',
  needDetail: '数控专业毕业生 60 人',
  graduatesMidLevel: 60,
  availableFrom: '2025-09-01',
};
let made = 0;

/**
 * Arrange: a new school with these accepted lines and a signed-in account, published in a new version of the
 * catalogue (which ranks everything again). Each test adds at most two 数控加工 lines, so the enterprise's 车工 line
 * keeps at most 20 candidates.
 */
async function newSchool(regionCode: string, rows: Record<string, unknown>[]) {
  const n = ++made;
  const id = (await makeOrg(t, { type: 'school', regionCode, name: `重算测试新技工学校${n}` })).id;
  await formInState(t, 2025, id, rows);
  await makeUser(t, { username: `rc-school${n}`, role: 'school', regionCode, orgId: id });
  c[id] = await login(t, `rc-school${n}`);
  await publishCatalogue(t, c.prov, 2025);
  return id;
}

/** The school's published line (of the latest version: each arrangement publishes again), the strong one if asked. */
async function lineOf(orgId: number, strong = false) {
  const [item] = await t.database.db
    .select({ id: publishedItems.id })
    .from(publishedItems)
    .where(
      and(
        eq(publishedItems.orgId, orgId),
        sql`${publishedItems.publicationId} = (select max(${publications.id}) from ${publications})`,
        strong ? eq(publishedItems.places, 60) : undefined,
      ),
    );
  return item.id;
}

const withdraw = async (itemId: number, reason: string) =>
  expect(
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/catalogue/items/${itemId}/withdraw`,
        headers: { cookie: c.prov },
        payload: { reason },
      })
    ).statusCode,
  ).toBe(200);

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'rc-prov', role: 'province' });
  c.prov = await login(t, 'rc-prov');
  await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: c.prov }, payload: { year: 2025 } });
  await openCampaign(t, c.prov, 2025);
  ent = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '重算测试襄阳机床' })).id;
  ent2 = (await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '重算测试武汉数控' })).id;
  await makeUser(t, { username: 'rc-ent2', role: 'enterprise', regionCode: '420100', orgId: ent2 });
  c.ent2 = await login(t, 'rc-ent2');
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
});
afterAll(() => t.close());

describe('recomputeOrg', () => {
  it('a withdrawal that takes an organisation out of a full list lets the next one in, as a full recompute would', async () => {
    // The best fit of all: same city as the enterprise, same type, more graduates than places, same start.
    const leaving = await newSchool('420600', [strongLine]);
    const before = await listOf(ent);
    expect(before).toHaveLength(20);
    expect(before[0]).toBe(leaving);
    await withdraw(await lineOf(leaving), '已招满');
    const after = await listOf(ent);
    expect(after).toHaveLength(20);
    expect(after).not.toContain(leaving);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(1);
    await expectSameAsFullRecompute();
  });

  it('a confirmed line that lifts an organisation into a full list pushes the last one out, as a full recompute would', async () => {
    // A weak line, and a strong one that has expired (made matchable again by its owner's confirmation).
    const climber = await newSchool('422800', [weakLine, strongLine]);
    await t.database.db
      .update(publishedItems)
      .set({ expiresOn: '2000-01-01' })
      .where(eq(publishedItems.id, await lineOf(climber, true)));
    invalidateLines();
    await recomputeAll(t.database.db);
    const before = await listOf(ent);
    expect(before).toHaveLength(20);
    expect(before).not.toContain(climber);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/catalogue/items/${await lineOf(climber, true)}/confirm`,
          headers: { cookie: c[climber] },
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
    const school = await newSchool('422800', [weakLine, strongLine]);
    expect(await listOf(ent)).toContain(school);
    await withdraw(await lineOf(school, true), '计划调整');
    expect(await listOf(ent)).not.toContain(school);
    expect(await listOf(ent2)).toContain(school);
    await expectSameAsFullRecompute();
  });

  it('an accepted intent gives the pair the partner bonus in both lists, as a full recompute would', async () => {
    const school = await newSchool('422800', [weakLine]);
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/intents',
      headers: { cookie: c[school] },
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
      sql`select reasons from recommendations where org_id = ${ent2} and counterpart_org_id = ${school}`,
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
    // A school like those of beforeAll (服装设计与制作, so the enterprise's 车工 line gets no more candidates).
    const school = await newSchool('420500', [
      { specialtyCode: '服装设计与制作', needType: '毕业生就业', needDetail: '服装专业毕业生', graduatesMidLevel: 5 },
    ]);
    await recomputeAll(db);
    const full = await snapshot();
    expect(await needsSettling(db)).toBe(false);
    expect(await settleRecommendations(db)).toBeNull();
    expect(await needsSettling(db, '2999-01-01')).toBe(true);
    // A withdrawal is re-ranked at once, and marks the stored lists as to be settled.
    await withdraw(await lineOf(school), '已招满');
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
