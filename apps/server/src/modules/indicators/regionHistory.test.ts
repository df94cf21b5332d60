import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { TEST_TODAY } from '../../../test/clock-setup';
import {
  agreementParties,
  agreements,
  assessmentSchemes,
  campaignQuotas,
  campaigns,
  projects,
} from '../../db/schema/index';
import { addDaysIso } from '../../lib/clock';
import { sqlRows } from '../../db/rows';

// A school of 黄石 (420200) is found to belong to 襄阳 (420600); the province corrects its region from a day D of this
// year (two days before today, so the test holds on any date, also on a year start). Its 2025 order class and its
// project of this year were registered before D; the school is also marked as having completed its national
// 工学一体化 construction from D. Before D everything counts for 黄石, from D on for 襄阳; 2025 never moves.
// Each test plays the story in a pair of regions of its own (pair()), so what one corrects no other one sees.
let t: TestApp;
const c: Record<string, string> = {};
const campaignIds: number[] = [];
const Y = Number(TEST_TODAY.slice(0, 4));
const D = addDaysIso(TEST_TODAY, -2) < `${Y}-01-01` ? `${Y}-01-01` : addDaysIso(TEST_TODAY, -2);
const DAY_BEFORE = addDaysIso(D, -1);
const bj = (day: string) => new Date(`${day}T10:00:00+08:00`);
const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: c[who] } });
const patch = (who: string, url: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url, headers: { cookie: c[who] }, payload });
type Item = { id: string; numerator: number; denominator: number | null };
const figures = async (q: string) => {
  const r = await get('prov', `/api/indicators?${q}`);
  expect(r.statusCode).toBe(200);
  return Object.fromEntries((r.json().items as Item[]).map((i) => [i.id, { n: i.numerator, d: i.denominator }]));
};
const version = async (org: number) => (await get('prov', `/api/orgs/${org}`)).json().version as number;

beforeAll(async () => {
  t = await createTestApp();
  for (const year of [2025, Y]) {
    const [camp] = await t.database.db
      .insert(campaigns)
      .values({
        year,
        title: `${year}`,
        formsDue: `${year}-07-20`,
        regionDue: `${year}-07-31`,
        publishAt: `${year}-08-31`,
        yearEnd: `${year}-12-31`,
        formVersions: { school: `${year}.1`, enterprise: `${year}.1` },
      })
      .onConflictDoNothing()
      .returning();
    if (camp) campaignIds.push(camp.id);
  }
  await makeUser(t, { username: 'prov', role: 'province' });
  c.prov = await login(t, 'prov');
});

/**
 * The story above in a pair of regions of the test's own: the school S with its enterprise E in `from`, a school X in
 * `to`, quotas of 4 for both in both years, agreement and projects p1 (2025 order class) and p2 (this year's), and
 * each region's bureau logged in as c[from] and c[to].
 */
async function pair(from: string, to: string) {
  const db = t.database.db;
  const S = (
    await makeOrg(t, {
      type: 'school',
      regionCode: from,
      name: '某技校',
      fullTimeTeachers: 10,
      nationalIntegrated: true,
    })
  ).id;
  const E = (await makeOrg(t, { type: 'enterprise', regionCode: from, name: '某重点企业', isKey: true })).id;
  await makeOrg(t, { type: 'school', regionCode: to, name: '另一技校', fullTimeTeachers: 10 });
  for (const campaignId of campaignIds)
    await db.insert(campaignQuotas).values([
      { campaignId, regionCode: from, projectQuota: 4 },
      { campaignId, regionCode: to, projectQuota: 4 },
    ]);
  const [a] = await db
    .insert(agreements)
    .values({
      agreementNo: `${from}-1`,
      campaignYear: 2025,
      regionCode: from,
      title: `${from}-1`,
      termStart: '2025-01-01',
      termEnd: '2028-12-31',
      signingDate: '2025-08-01',
      agreedOn: '2025-08-01',
      status: 'active',
      createdAt: bj('2025-07-20'),
    })
    .returning();
  await db.insert(agreementParties).values([
    { agreementId: a.id, orgId: S, side: 'school', confirmedAt: bj('2025-08-01') },
    { agreementId: a.id, orgId: E, side: 'enterprise', confirmedAt: bj('2025-08-01') },
  ]);
  const [p1] = await db
    .insert(projects)
    .values({
      agreementId: a.id,
      type: 'order_class',
      title: '2025 订单班',
      campaignYear: 2025,
      regionCode: from,
      schoolOrgId: S,
      status: 'running',
      startDate: '2025-09-01',
      startedOn: '2025-09-01',
      data: {},
      createdAt: bj('2025-08-15'),
    })
    .returning();
  const [p2] = await db
    .insert(projects)
    .values({
      agreementId: a.id,
      type: 'training_eval',
      title: '本年培训评价',
      campaignYear: Y,
      regionCode: from,
      schoolOrgId: S,
      status: 'planned',
      startDate: `${Y}-01-01`,
      data: {},
      createdAt: bj(`${Y}-01-01`),
    })
    .returning();
  for (const regionCode of [from, to]) {
    await makeUser(t, { username: `b${regionCode}`, role: 'region', regionCode });
    c[regionCode] = await login(t, `b${regionCode}`);
  }
  return { S, p1: p1.id, p2: p2.id };
}
afterAll(() => t.close());

describe('correcting a school’s region from a day', () => {
  it('refuses a day in the future, before this year, or at a frozen assessment’s day, and changes nothing', async () => {
    const id = await pair('420300', '420500'); // 十堰 → 宜昌, refused
    const HS = '420300';
    const v = await version(id.S);
    for (const [effectiveFrom, status, words] of [
      [addDaysIso(TEST_TODAY, 1), 400, '晚于今天'],
      [`${Y - 1}-12-31`, 400, '早于本年度'],
      ['2026-02-30', 400, '无效'],
    ] as const) {
      const r = await patch('prov', `/api/orgs/${id.S}`, { version: v, regionCode: '420500', effectiveFrom });
      expect(r.statusCode, effectiveFrom).toBe(status);
      expect(r.json().error.message).toContain(words);
    }
    // A frozen assessment of this year standing at D: its day and those before it are final.
    await t.database.db
      .insert(assessmentSchemes)
      .values({ year: Y, title: '考核', items: [], status: 'frozen', frozenAt: bj(D), frozenResult: { asOfDate: D } });
    const r = await patch('prov', `/api/orgs/${id.S}`, { version: v, regionCode: '420500', effectiveFrom: D });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.message).toContain('已冻结');
    await exec(t, sql`delete from assessment_schemes`);
    // A bureau cannot hand its school to another region.
    expect(
      (await patch(HS, `/api/orgs/${id.S}`, { version: v, regionCode: '420500', effectiveFrom: D })).statusCode,
    ).toBe(403);
    expect(await version(id.S)).toBe(v);
    expect((await get(HS, `/api/projects/${id.p1}`)).statusCode).toBe(200);
  });

  it('keeps 2025 and the days before D, and from D counts everything of the school for the new region', async () => {
    const id = await pair('420700', '420800'); // 鄂州 → 荆门
    const before2025 = { hs: await figures('year=2025&region=420700'), xy: await figures('year=2025&region=420800') };
    const beforeDay = {
      hs: await figures(`asOf=${DAY_BEFORE}&region=420700`),
      xy: await figures(`asOf=${DAY_BEFORE}&region=420800`),
    };
    expect(before2025.hs.order_classes.n).toBe(1);
    expect(before2025.hs.quota_completion.n).toBe(1);
    expect(before2025.hs.school_coverage).toEqual({ n: 1, d: 1 });

    const r = await patch('prov', `/api/orgs/${id.S}`, {
      version: await version(id.S),
      regionCode: '420800',
      nationalIntegratedDone: true,
      effectiveFrom: D,
      changeReason: '地址核实属荆门',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().regionCode).toBe('420800');

    // The past as it stood: 2025 for both regions, and the day before D, unchanged.
    expect({ hs: await figures('year=2025&region=420700'), xy: await figures('year=2025&region=420800') }).toEqual(
      before2025,
    );
    expect({
      hs: await figures(`asOf=${DAY_BEFORE}&region=420700`),
      xy: await figures(`asOf=${DAY_BEFORE}&region=420800`),
    }).toEqual(beforeDay);
    expect(beforeDay.hs.quota_completion.n).toBe(1);
    expect(beforeDay.hs.national_integrated_done).toEqual({ n: 0, d: 1 });

    // From D: the school, its projects, this year's quota and its completed construction count for 荆门.
    for (const q of [`asOf=${D}`, `year=${Y}`]) {
      const hs = await figures(`${q}&region=420700`);
      const xy = await figures(`${q}&region=420800`);
      expect({
        q,
        cov: hs.school_coverage,
        oc: hs.order_classes.n,
        quota: hs.quota_completion.n,
        nat: hs.national_integrated_done.d,
      }).toEqual({ q, cov: { n: 0, d: 0 }, oc: 0, quota: 0, nat: 0 });
      expect({
        q,
        cov: xy.school_coverage,
        oc: xy.order_classes.n,
        quota: xy.quota_completion.n,
        nat: xy.national_integrated_done,
      }).toEqual({ q, cov: { n: 1, d: 2 }, oc: 1, quota: 1, nat: { n: 1, d: 1 } });
    }
    // The map of 2025 still ranks 鄂州 with the order class.
    const map = (await get('prov', '/api/indicators/order_classes/regions?year=2025')).json().items as {
      regionCode: string;
      numerator: number;
    }[];
    expect(map.find((m) => m.regionCode === '420700')!.numerator).toBe(1);
    expect(map.find((m) => m.regionCode === '420800')!.numerator).toBe(0);
  });

  it('hands the school’s projects to the new bureau; the old one can no longer act on them', async () => {
    const id = await pair('420200', '420600'); // 黄石 → 襄阳
    const [HS, XY] = ['420200', '420600'];
    const moved = await patch('prov', `/api/orgs/${id.S}`, {
      version: await version(id.S),
      regionCode: '420600',
      nationalIntegratedDone: true,
      effectiveFrom: D,
      changeReason: '地址核实属襄阳',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const listed = (await get(XY, '/api/projects?pageSize=50')).json().items as { id: number }[];
    expect(listed.map((p) => p.id).sort()).toEqual([id.p1, id.p2].sort());
    expect((await get(XY, `/api/projects/${id.p2}`)).statusCode).toBe(200);
    expect((await get(HS, '/api/projects?pageSize=50')).json().items).toEqual([]);
    // 黄石's bureau still reads the agreement (its enterprise is in 黄石) but may no longer change the school's projects.
    expect((await get(XY, `/api/projects/${id.p1}`)).json().canEdit).toBe(true);
    const seen = await get(HS, `/api/projects/${id.p1}`);
    expect(seen.json().canEdit).toBe(false);
    const edit = await patch(HS, `/api/projects/${id.p1}`, { version: seen.json().version, title: '改名' });
    expect([edit.statusCode, edit.json().error.message]).toEqual([
      403,
      '该项目现属襄阳市人社局管理（学校所属地区已更正），黄石市人社局不能再办理，请联系襄阳市人社局',
    ]);
    expect((await get(XY, `/api/projects/${id.p1}`)).json().title).toBe('2025 订单班');
    expect((await patch(HS, `/api/orgs/${id.S}`, { version: await version(id.S), address: '黄石' })).statusCode).toBe(
      404,
    );
    // The history says when and why.
    const hist = await sqlRows<{
      region_code: string;
      valid_from: string | null;
      valid_to: string | null;
      reason: string;
    }>(
      t.database.db,
      sql`select region_code, valid_from, valid_to, reason from org_region_history where org_id = ${id.S} order by id`,
    );
    expect(hist.map((h) => [h.region_code, h.valid_from, h.valid_to, h.reason])).toEqual([
      ['420200', null, D, '初始记录'],
      ['420600', D, null, '地址核实属襄阳'],
    ]);
    // A change dated before the last one would overlap it.
    const r = await patch('prov', `/api/orgs/${id.S}`, {
      version: await version(id.S),
      regionCode: '420200',
      effectiveFrom: DAY_BEFORE < `${Y}-01-01` ? D : DAY_BEFORE,
    });
    if (DAY_BEFORE >= `${Y}-01-01`) expect(r.statusCode).toBe(409);
  });
});
