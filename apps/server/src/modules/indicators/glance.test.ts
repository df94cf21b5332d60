import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { TEST_TODAY } from '../../../test/clock-setup';
import {
  agreementParties,
  agreements,
  campaignQuotas,
  campaigns,
  indicatorSnapshots,
  projects,
} from '../../db/schema/index';
import { addDaysIso } from '../../lib/clock';

// The dashboards' glance figures (issue #17) against a small region: 黄石 (420200) has 附件3 tasks of 4 projects and 3
// key enterprises; two order classes of this year, one registered a month ago (or on 1 January when the year is
// younger), one three days ago; two schools, each with one class. Holds on any pinned day (also a year start).
let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};
const Y = Number(TEST_TODAY.slice(0, 4));
const RECENT = addDaysIso(TEST_TODAY, -3) < `${Y}-01-01` ? `${Y}-01-01` : addDaysIso(TEST_TODAY, -3);
const OLD = addDaysIso(TEST_TODAY, -30) < `${Y}-01-01` ? `${Y}-01-01` : addDaysIso(TEST_TODAY, -30);
const OLD_IN_WEEK = OLD > addDaysIso(TEST_TODAY, -7);
const bj = (day: string) => new Date(`${day}T10:00:00+08:00`);
const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: c[who] } });

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  id.S = (await makeOrg(t, { type: 'school', regionCode: '420200', name: '黄石甲技校', fullTimeTeachers: 10 })).id;
  id.S2 = (await makeOrg(t, { type: 'school', regionCode: '420200', name: '黄石乙技校', fullTimeTeachers: 10 })).id;
  id.E = (await makeOrg(t, { type: 'enterprise', regionCode: '420200', name: '黄石重点企业', isKey: true })).id;
  const [camp] = await db
    .insert(campaigns)
    .values({
      year: Y,
      title: `${Y}`,
      formsDue: `${Y}-07-20`,
      regionDue: `${Y}-07-31`,
      publishAt: `${Y}-08-31`,
      yearEnd: `${Y}-12-31`,
      formVersions: { school: `${Y}.1`, enterprise: `${Y}.1` },
    })
    .onConflictDoNothing()
    .returning();
  await db
    .insert(campaignQuotas)
    .values([{ campaignId: camp.id, regionCode: '420200', projectQuota: 4, keyEnterpriseQuota: 3 }]);
  const [a] = await db
    .insert(agreements)
    .values({
      agreementNo: 'HS-G',
      campaignYear: Y,
      regionCode: '420200',
      title: 'HS-G',
      termStart: `${Y}-01-01`,
      termEnd: `${Y + 3}-12-31`,
      signingDate: `${Y}-01-01`,
      agreedOn: `${Y}-01-01`,
      status: 'active',
      createdAt: bj(`${Y}-01-01`),
    })
    .returning();
  await db.insert(agreementParties).values([
    { agreementId: a.id, orgId: id.S, side: 'school', confirmedAt: bj(`${Y}-01-01`) },
    { agreementId: a.id, orgId: id.E, side: 'enterprise', confirmedAt: bj(`${Y}-01-01`) },
  ]);
  const cls = (title: string, school: number, day: string) => ({
    agreementId: a.id,
    type: 'order_class' as const,
    title,
    campaignYear: Y,
    regionCode: '420200',
    schoolOrgId: school,
    status: 'running' as const,
    startDate: day,
    startedOn: day,
    data: {},
    createdAt: bj(day),
  });
  await db.insert(projects).values([cls('早先的订单班', id.S2, OLD), cls('本周的订单班', id.S, RECENT)]);
  await db.insert(indicatorSnapshots).values([
    {
      indicatorId: 'quota_completion',
      scope: '420200',
      onDate: '2025-09-30',
      value: 0.25,
      numerator: 1,
      denominator: 4,
    },
    {
      indicatorId: 'quota_completion',
      scope: '420200',
      onDate: '2025-10-31',
      value: 0.5,
      numerator: 2,
      denominator: 4,
    },
    {
      indicatorId: 'quota_completion',
      scope: '420600',
      onDate: '2025-10-31',
      value: 1.5,
      numerator: 6,
      denominator: 4,
    },
  ]);
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'hs', role: 'region', regionCode: '420200' });
  await makeUser(t, { username: 'sch', role: 'school', orgId: id.S });
  for (const u of ['prov', 'hs', 'sch']) c[u] = await login(t, u);
});
afterAll(() => t.close());

describe('a region against its own 附件3 tasks', () => {
  it('shows the region’s quotas, not the province’s targets, with the figure and the pace', async () => {
    const r = await get('hs', '/api/dashboard/region-targets');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.regionName).toBe('黄石市');
    expect(
      body.items.map((i: { label: string; target: number; value: number }) => [i.label, i.target, i.value]),
    ).toEqual([
      ['合作共建项目征集任务', 4, 2],
      ['重点企业参与数', 3, 0],
    ]);
    expect(body.items[0].ratio).toBe(0.5);
    // The province opens the same region's page and sees the same figures.
    expect((await get('prov', '/api/dashboard/region-targets?region=420200')).json().items).toEqual(body.items);
  });

  it('a bureau asking for another region, a school, or the province without a region get a clear refusal', async () => {
    expect((await get('hs', '/api/dashboard/region-targets?region=420600')).statusCode).toBe(404);
    expect((await get('sch', '/api/dashboard/region-targets')).statusCode).toBe(400);
    const none = await get('prov', '/api/dashboard/region-targets');
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toContain('市州');
    expect((await get('prov', '/api/dashboard/region-targets?region=42x')).statusCode).toBe(400);
  });

  it('a year without a campaign has no task to measure against', async () => {
    const r = (await get('prov', `/api/dashboard/region-targets?region=420200&year=${Y - 1}`)).json();
    expect(r.hasQuota).toBe(false);
    expect(r.items).toEqual([]);
  });
});

describe('a school’s share of its region', () => {
  it('gives each count for the school, the region and the share', async () => {
    const r = await get('sch', '/api/dashboard/school-share');
    expect(r.statusCode).toBe(200);
    const order = r.json().items.find((i: { id: string }) => i.id === 'order_classes');
    expect(order).toMatchObject({ school: 1, region: 2, share: 0.5 });
    expect(r.json().regionName).toBe('黄石市');
  });
  it('a school cannot ask for another school', async () => {
    expect((await get('sch', `/api/dashboard/school-share?school=${id.S2}`)).statusCode).toBe(404);
  });
});

describe('本周变化', () => {
  it('names the records that entered a figure in the last seven days', async () => {
    const r = await get('hs', '/api/dashboard/week');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.since).toBe(addDaysIso(TEST_TODAY, -7));
    const q = body.items.find((i: { id: string }) => i.id === 'order_classes');
    expect(q.added).toBe(OLD_IN_WEEK ? 2 : 1);
    expect(q.records.map((x: { label: string }) => x.label)).toContain('本周的订单班');
    expect(q.delta).toBe(q.added);
  });
  it('a day after today is refused in Chinese, nothing else happens', async () => {
    const r = await get('hs', `/api/dashboard/week?asOf=${addDaysIso(TEST_TODAY, 1)}`);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('晚于今天');
  });
});

describe('small multiples and sparklines', () => {
  it('every region’s monthly history of one indicator on one scale', async () => {
    const r = await get('prov', '/api/indicators/quota_completion/regions/history?year=2025');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.regions).toHaveLength(17);
    expect(body.max).toBe(1.5);
    expect(
      body.regions
        .find((x: { regionCode: string }) => x.regionCode === '420200')
        .points.map((p: { value: number }) => p.value),
    ).toEqual([0.25, 0.5]);
    expect((await get('sch', '/api/indicators/quota_completion/regions/history')).statusCode).toBe(403);
    expect((await get('prov', '/api/indicators/mentor_ratio/regions/history')).statusCode).toBe(404);
    expect((await get('prov', '/api/indicators/nope/regions/history')).statusCode).toBe(400);
  });

  it('a card carries its sparkline ending in today’s figure', async () => {
    const r = await get('hs', '/api/indicators');
    const card = r.json().items.find((i: { id: string }) => i.id === 'order_classes');
    expect(card.spark.at(-1)).toEqual({ date: TEST_TODAY, value: card.value });
  });
});
