import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { TEST_TODAY } from '../../../test/clock-setup';
import {
  agreementParties,
  agreements,
  campaignQuotas,
  campaigns,
  progressReports,
  projects,
} from '../../db/schema/index';
import { addDaysIso, setClock } from '../../lib/clock';
import { fillMonthEnds, monthEnds } from './history';

// 黄石 (420200): school HS and key enterprise HE agreed HS-1 on 2025-08-01 (in force the rest of 2025); under it an
// order class and a training project started 2025-09-01, both registered 2025-08-15 for the 2025 campaign (quota 4).
// Tests that terminate or correct 黄石's records make their own copy of it in another region (region()).
// 襄阳 (420600): school XY with key enterprise XE, agreement XY-1 agreed 2025-08-10, one planned project for 2025.
let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};
const bj = (day: string) => new Date(`${day}T10:00:00+08:00`);

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: c[who] } });
const send = (who: string, method: 'POST' | 'PUT' | 'PATCH', url: string, payload: object) =>
  t.app.inject({ method, url, headers: { cookie: c[who] }, payload });
type Item = {
  id: string;
  value: number | null;
  numerator: number;
  denominator: number | null;
  asOfDate: string;
  reason: string | null;
};
const figures = async (url: string) => {
  const r = await get('prov', url);
  expect(r.statusCode).toBe(200);
  return Object.fromEntries(
    (r.json().items as Item[]).map((i) => [
      i.id,
      { value: i.value, numerator: i.numerator, denominator: i.denominator },
    ]),
  );
};

/** An agreement of the 2025 campaign between a school and a key enterprise, in force from agreedOn. */
async function agreement(no: string, region: string, school: number, ent: number, agreedOn: string) {
  const db = t.database.db;
  const [a] = await db
    .insert(agreements)
    .values({
      agreementNo: no,
      campaignYear: 2025,
      regionCode: region,
      title: no,
      termStart: '2025-01-01',
      termEnd: '2027-12-31',
      signingDate: agreedOn,
      agreedOn,
      status: 'active',
      createdAt: bj('2025-02-01'),
    })
    .returning();
  await db.insert(agreementParties).values([
    { agreementId: a.id, orgId: school, side: 'school', confirmedAt: bj(agreedOn) },
    { agreementId: a.id, orgId: ent, side: 'enterprise', confirmedAt: bj(agreedOn) },
  ]);
  return a.id;
}

/**
 * A region as 黄石 is described above (quota 4, school, key enterprise, agreement agreed 2025-08-01, an order class and
 * a training project with its two reports) and its school's user, logged in; returns the ids.
 */
async function region(regionCode: string, name: string, no: string, schoolUser: string) {
  const db = t.database.db;
  const HS = (await makeOrg(t, { type: 'school', regionCode, name: `${name}技校`, fullTimeTeachers: 10 })).id;
  const HE = (await makeOrg(t, { type: 'enterprise', regionCode, name: `${name}重点企业`, isKey: true })).id;
  await db.insert(campaignQuotas).values({ campaignId: id.camp, regionCode, projectQuota: 4 });
  const agHS = await agreement(no, regionCode, HS, HE, '2025-08-01');
  const base = { campaignYear: 2025, data: {}, createdAt: bj('2025-08-15') };
  const [, te] = await db
    .insert(projects)
    .values([
      {
        ...base,
        agreementId: agHS,
        type: 'order_class',
        title: `${name}订单班`,
        regionCode,
        schoolOrgId: HS,
        status: 'running',
        startDate: '2025-09-01',
        startedOn: '2025-09-01',
      },
      {
        ...base,
        agreementId: agHS,
        type: 'training_eval',
        title: `${name}培训`,
        regionCode,
        schoolOrgId: HS,
        status: 'running',
        startDate: '2025-09-01',
        startedOn: '2025-09-01',
      },
    ])
    .returning();
  // Training reports of 2025: September's submitted in October (counts for 2025 as of its end), December's only in
  // January 2026 (not yet on file at the end of 2025; counted today).
  await db.insert(progressReports).values([
    {
      projectId: te.id,
      period: '2025-09',
      dueDate: '2025-10-10',
      state: 'accepted',
      metrics: { personTimes: 120 },
      regionCode,
      submittedAt: bj('2025-10-07'),
      decidedAt: bj('2025-10-08'),
    },
    {
      projectId: te.id,
      period: '2025-12',
      dueDate: '2026-01-10',
      state: 'submitted',
      metrics: { personTimes: 80 },
      regionCode,
      submittedAt: bj('2026-01-09'),
    },
  ]);
  await makeUser(t, { username: schoolUser, role: 'school', regionCode, orgId: HS });
  c[schoolUser] = await login(t, schoolUser);
  return { HS, HE, agHS };
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  id.XY = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳技校', fullTimeTeachers: 10 })).id;
  id.XE = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳重点企业', isKey: true })).id;
  const [camp] = await db
    .insert(campaigns)
    .values({
      year: 2025,
      title: '2025',
      formsDue: '2025-07-20',
      regionDue: '2025-07-31',
      publishAt: '2025-08-31',
      yearEnd: '2025-12-31',
      formVersions: { school: '2025.1', enterprise: '2025.1' },
    })
    .returning();
  await db.insert(campaignQuotas).values([{ campaignId: camp.id, regionCode: '420600', projectQuota: 2 }]);
  id.camp = camp.id;
  id.agXY = await agreement('XY-1', '420600', id.XY, id.XE, '2025-08-10');
  Object.assign(id, await region('420200', '黄石', 'HS-1', 'hs-s'));
  [{ id: id.planned }] = await db
    .insert(projects)
    .values({
      campaignYear: 2025,
      data: {},
      agreementId: id.agXY,
      type: 'rnd',
      title: '襄阳研发',
      regionCode: '420600',
      schoolOrgId: id.XY,
      status: 'planned',
      startDate: '2025-10-01',
      createdAt: bj('2025-08-20'),
    })
    .returning();
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'hs-b', role: 'region', regionCode: '420200' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await relogin();
});
/** Sessions idle for 30 minutes end: after moving the clock, everyone logs in again. */
const relogin = async () => {
  for (const u of new Set(['prov', 'hs-b', 'xy-b', ...Object.keys(c)])) c[u] = await login(t, u);
};
afterAll(() => t.close());
afterEach(async () => {
  setClock(TEST_TODAY);
  await relogin();
});

describe('figures as of a date', () => {
  it('year=2025 is the end of 2025; asOf in the future, malformed or against the year is refused in Chinese; before the programme: empty with a reason', async () => {
    const y = await get('prov', '/api/indicators?year=2025&region=420200');
    expect(y.json()).toMatchObject({ year: 2025, asOfDate: '2025-12-31', reason: null });
    const f = Object.fromEntries((y.json().items as Item[]).map((i) => [i.id, i]));
    expect([
      f.school_coverage.numerator,
      f.school_coverage.denominator,
      f.key_enterprises.value,
      f.order_classes.value,
      f.training_eval_projects.value,
    ]).toEqual([1, 1, 1, 1, 1]);
    expect([f.quota_completion.numerator, f.quota_completion.denominator]).toEqual([2, 4]);
    // Person-times: the summary less what was submitted after the day, equal to the drill-down and the map.
    expect(f.people_trained_year.value).toBe(120);
    expect((await get('prov', '/api/indicators/people_trained_year/rows?year=2025&region=420200')).json().sum).toBe(
      120,
    );
    expect(
      (await get('prov', '/api/indicators/people_trained_year/regions?year=2025'))
        .json()
        .items.find((r: { regionCode: string }) => r.regionCode === '420200').value,
    ).toBe(120);
    expect((await figures('/api/indicators?asOf=2025-10-08&region=420200')).people_trained_year.value).toBe(120);
    expect((await figures('/api/indicators?asOf=2025-10-07&region=420200')).people_trained_year.value).toBe(0);
    // This year without a date: today.
    expect((await get('prov', '/api/indicators')).json().asOfDate).toBe(TEST_TODAY);
    // Before the agreement was agreed (2025-08-01) nothing of 黄石 counts; the day it was, it does.
    expect((await figures('/api/indicators?asOf=2025-07-31&region=420200')).school_coverage.numerator).toBe(0);
    expect((await figures('/api/indicators?asOf=2025-08-01&region=420200')).school_coverage.numerator).toBe(1);
    // Projects count from the day they started, not the day they were registered; the quota from registration.
    const aug = await figures('/api/indicators?asOf=2025-08-31&region=420200');
    expect([aug.order_classes.value, aug.quota_completion.numerator]).toEqual([0, 2]);
    expect((await figures('/api/indicators?asOf=2025-09-01&region=420200')).order_classes.value).toBe(1);

    const tomorrow = addDaysIso(TEST_TODAY, 1);
    for (const [q, msg] of [
      [`asOf=${tomorrow}`, `截止日期 ${tomorrow} 晚于今天（${TEST_TODAY}），只能查看今天及以前的数据`],
      ['asOf=2026-02-30', '日期“2026-02-30”无效，应为 YYYY-MM-DD'],
      ['asOf=2026-1-5', '日期应为 YYYY-MM-DD 格式'],
      ['year=2025&asOf=2026-01-05', '年度 2025 与截止日期 2026-01-05 不一致'],
    ]) {
      const r = await get('prov', `/api/indicators?${q}`);
      expect([r.statusCode, r.json().error.code], q).toEqual([400, 'validation_failed']);
      expect(JSON.stringify(r.json().error), q).toContain(msg);
    }
    expect((await get('prov', `/api/indicators/order_classes/regions?asOf=${tomorrow}`)).statusCode).toBe(400);

    const early = (await get('prov', '/api/indicators?asOf=2025-06-30')).json();
    expect(early.reason).toBe('专项行动自 2025-07-02 开始，2025-06-30 之前没有统计数据');
    expect(
      early.items.every(
        (i: Item) => i.numerator === 0 && (i.value === 0 || i.value === null) && i.reason === early.reason,
      ),
    ).toBe(true);
    const rows = (await get('prov', '/api/indicators/school_coverage/rows?asOf=2025-06-30')).json();
    expect([rows.total, rows.sum, rows.reason]).toEqual([0, 0, early.reason]);
  });

  it('terminating in December 2026 an agreement in force all of 2025 leaves the 2025 figures, map, drill-down and assessment as they were', async () => {
    // 十堰 (420300) is this test's 黄石: the same records, terminated and corrected here only.
    const sy = await region('420300', '十堰', 'SY-1', 'sy-s');
    expect(
      (
        await send('prov', 'PUT', '/api/assessment/2025/scheme', {
          items: [
            { key: 'coverage', label: '校企合作覆盖面', kind: 'indicator', indicatorId: 'school_coverage', weight: 50 },
            { key: 'quota', label: '征集任务', kind: 'indicator', indicatorId: 'quota_completion', weight: 50 },
          ],
        })
      ).statusCode,
    ).toBe(200);
    const urls = [
      '/api/indicators?year=2025',
      '/api/indicators?year=2025&region=420300',
      '/api/indicators?asOf=2026-12-09&region=420300',
    ];
    setClock('2026-12-10');
    await relogin();
    const before = await Promise.all(urls.map(figures));
    const map = (await get('prov', '/api/indicators/school_coverage/regions?year=2025')).json().items;
    const drill = (await get('prov', '/api/indicators/order_classes/rows?year=2025&region=420300')).json();
    const assessment = (await get('prov', '/api/assessment/2025')).json();
    expect(assessment.asOfDate).toBe('2025-12-31');
    const sy3 = assessment.rows.find((r: { regionCode: string }) => r.regionCode === '420300');
    expect(sy3.items.map((i: { value: number }) => i.value)).toEqual([1, 0.5]);

    const { version } = (await get('sy-s', `/api/agreements/${sy.agHS}`)).json();
    const term = await send('sy-s', 'POST', `/api/agreements/${sy.agHS}/actions`, {
      action: 'terminate',
      version,
      reason: '企业经营调整，双方协商终止',
    });
    expect([term.statusCode, term.body]).toEqual([200, expect.anything()]);

    expect(await Promise.all(urls.map(figures))).toEqual(before);
    expect((await get('prov', '/api/indicators/school_coverage/regions?year=2025')).json().items).toEqual(map);
    expect((await get('prov', '/api/indicators/order_classes/rows?year=2025&region=420300')).json()).toEqual(drill);
    expect((await get('prov', '/api/assessment/2025')).json().rows).toEqual(assessment.rows);
    // Today it has ended: 十堰's school no longer has an agreement in force and the order class stopped today.
    const now = await figures('/api/indicators?region=420300');
    expect([now.school_coverage.numerator, now.order_classes.value, now.training_eval_projects.value]).toEqual([
      0, 0, 0,
    ]);

    // Frozen, the result is stored: nothing later moves it.
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/assessment/2025/freeze', headers: { cookie: c.prov } }))
        .statusCode,
    ).toBe(200);
    const frozen = (await get('prov', '/api/assessment/2025')).json();
    await exec(t, sql`update projects set deleted_at = now() where agreement_id = ${sy.agHS}`);
    await exec(t, sql`update orgs set runs_programmes = false where id = ${sy.HS}`);
    expect((await get('prov', '/api/assessment/2025')).json()).toEqual(frozen);
    expect(frozen.rows).toEqual(assessment.rows);
  });

  it("a project's start date edited after its year is past does not move it between years' quotas", async () => {
    const before = (await figures('/api/indicators?year=2025&region=420600')).quota_completion;
    expect(before).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    const { version } = (await get('xy-b', `/api/projects/${id.planned}`)).json();
    const r = await send('xy-b', 'PATCH', `/api/projects/${id.planned}`, { version, startDate: '2026-12-15' });
    expect(r.statusCode).toBe(200);
    expect(
      (await exec(t, sql`select campaign_year from projects where id = ${id.planned}`)).rows[0].campaign_year,
    ).toBe(2025);
    expect((await figures('/api/indicators?year=2025&region=420600')).quota_completion).toEqual(before);
  });

  it('fills the month ends the history lacks from the dated records, once', async () => {
    // 宜昌 (420500): 黄石's records, its agreement terminated in December 2026 (an event) and its projects deleted (a
    // correction), as the test above does to 十堰.
    const yc = await region('420500', '宜昌', 'YC-1', 'yc-s');
    setClock('2026-12-10');
    await relogin();
    const { version } = (await get('yc-s', `/api/agreements/${yc.agHS}`)).json();
    const term = await send('yc-s', 'POST', `/api/agreements/${yc.agHS}/actions`, {
      action: 'terminate',
      version,
      reason: '企业经营调整，双方协商终止',
    });
    expect(term.statusCode, term.body).toBe(200);
    await exec(t, sql`update projects set deleted_at = now() where agreement_id = ${yc.agHS}`);
    setClock(TEST_TODAY);
    const written = await fillMonthEnds(t.database.db);
    // On 2026-11-30: 2025-07-31 … 2026-10-31 (16 days); on a year start the months up to the last December too.
    expect(written.slice(0, 7)).toEqual([
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
    ]);
    expect(written).toEqual(monthEnds(TEST_TODAY));
    expect(written.at(-1)! < TEST_TODAY && addDaysIso(written.at(-1)!, 31) >= TEST_TODAY).toBe(true);
    const snap = async (id: string, on: string) =>
      (
        await exec(
          t,
          sql`select numerator from indicator_snapshots where indicator_id = ${id} and scope = '420500' and on_date = ${on}`,
        )
      ).rows[0].numerator;
    // YC-1 was agreed on 2025-08-01 and terminated in December 2026 (an event: the past keeps it); its order class,
    // deleted above (a correction: gone from every day), counts on no month end.
    expect([
      await snap('school_coverage', '2025-07-31'),
      await snap('school_coverage', '2025-08-31'),
      await snap('school_coverage', '2026-10-31'),
      await snap('order_classes', '2025-12-31'),
    ]).toEqual([0, 1, 1, 0]);
    expect(await fillMonthEnds(t.database.db)).toEqual([]);
  });
});
