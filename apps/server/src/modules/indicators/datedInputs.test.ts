import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { TEST_TODAY } from '../../../test/clock-setup';
import {
  agreementParties,
  agreements,
  campaignQuotas,
  campaigns,
  projects,
  regionKeyIndustries,
  schoolSpecialties,
} from '../../db/schema/index';
import { setClock } from '../../lib/clock';

// Issue 13: 襄阳 (420600)'s key industries and the 附件3 quotas are dated. 襄阳技校 teaches 数控加工 (300 students, in a
// key industry of 襄阳) and 服装设计与制作 (100, not); one project registered for the 2025 quota (2) and one for 2026's (4).
// In December 2026 the province drops the key industry and raises both years' quotas.
let t: TestApp;
const c: Record<string, string> = {};
const bj = (day: string) => new Date(`${day}T10:00:00+08:00`);
const get = (url: string) => t.app.inject({ url, headers: { cookie: c.prov } });
const put = (url: string, payload: object) =>
  t.app.inject({ method: 'PUT', url, headers: { cookie: c.prov }, payload });
type Item = { id: string; value: number | null; numerator: number; denominator: number | null };
const figures = async (url: string) => {
  const r = await get(url);
  expect(r.statusCode, r.body).toBe(200);
  return Object.fromEntries(
    (r.json().items as Item[])
      .filter((i) => ['specialty_industry_match', 'quota_completion'].includes(i.id))
      .map((i) => [i.id, [i.numerator, i.denominator]]),
  );
};
let key = '';

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const xy = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳技校', fullTimeTeachers: 10 })).id;
  const xe = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳企业', isKey: true })).id;
  const spec = async (name: string) =>
    (await exec(t, sql`select code from dict_entries where kind = 'specialty' and name = ${name}`)).rows[0]
      .code as string;
  const industriesOf = async (code: string) =>
    (
      await exec(
        t,
        sql`select distinct ind.code from dict_entries s cross join lateral jsonb_array_elements_text(s.data->'occupationCodes') oc(code) join dict_entries o on o.kind = 'occupation' and o.code = oc.code cross join lateral jsonb_array_elements_text(o.data->'industryCodes') ind(code) where s.kind = 'specialty' and s.code = ${code}`,
      )
    ).rows.map((r) => r.code as string);
  const [mach, other] = [await spec('数控加工'), await spec('服装设计与制作')];
  const otherIndustries = new Set(await industriesOf(other));
  key = (await industriesOf(mach)).find((i) => !otherIndustries.has(i))!;
  await db.insert(regionKeyIndustries).values({ regionCode: '420600', industryCode: key });
  await db.insert(schoolSpecialties).values([
    { orgId: xy, specialtyCode: mach, enrolment: 300, graduatesPerYear: 100 },
    { orgId: xy, specialtyCode: other, enrolment: 100, graduatesPerYear: 30 },
  ]);
  for (const year of [2025, 2026]) {
    const [camp] = await db
      .insert(campaigns)
      .values({
        year,
        title: `${year}`,
        status: 'open',
        formsDue: `${year}-07-20`,
        regionDue: `${year}-07-31`,
        publishAt: `${year}-08-31`,
        yearEnd: `${year}-12-31`,
        formVersions: { school: '2025.1', enterprise: '2025.1' },
      })
      .returning();
    await db
      .insert(campaignQuotas)
      .values({ campaignId: camp.id, regionCode: '420600', projectQuota: year === 2025 ? 2 : 4 });
  }
  const [a] = await db
    .insert(agreements)
    .values({
      agreementNo: 'XY-1',
      campaignYear: 2025,
      regionCode: '420600',
      title: 'XY-1',
      termStart: '2025-01-01',
      termEnd: '2027-12-31',
      signingDate: '2025-08-10',
      agreedOn: '2025-08-10',
      status: 'active',
      createdAt: bj('2025-08-01'),
    })
    .returning();
  await db.insert(agreementParties).values([
    { agreementId: a.id, orgId: xy, side: 'school', confirmedAt: bj('2025-08-10') },
    { agreementId: a.id, orgId: xe, side: 'enterprise', confirmedAt: bj('2025-08-10') },
  ]);
  await db.insert(projects).values([
    {
      agreementId: a.id,
      campaignYear: 2025,
      data: {},
      createdAt: bj('2025-08-20'),
      type: 'rnd',
      title: '襄阳研发',
      regionCode: '420600',
      schoolOrgId: xy,
      status: 'running',
      startDate: '2025-09-01',
      startedOn: '2025-09-01',
    },
    {
      agreementId: a.id,
      campaignYear: 2026,
      data: {},
      createdAt: bj('2026-03-01'),
      type: 'rnd',
      title: '襄阳研发二期',
      regionCode: '420600',
      schoolOrgId: xy,
      status: 'running',
      startDate: '2026-03-10',
      startedOn: '2026-03-10',
    },
  ]);
  await makeUser(t, { username: 'prov', role: 'province' });
  setClock('2026-12-10');
  c.prov = await login(t, 'prov');
});
afterAll(() => {
  setClock(TEST_TODAY);
  return t.close();
});

/** The whole 附件3 table of a year with 襄阳's project quota set (the save takes every region). */
const quotasWith = async (year: number, quota: number) => {
  const q = (await get(`/api/campaigns/${year}/quotas`)).json();
  const quotas = q.items.map(
    ({ regionName: _n, ...r }: { regionName: string; regionCode: string; projectQuota: number }) =>
      r.regionCode === '420600' ? { ...r, projectQuota: quota } : r,
  );
  return { quotas, version: q.version };
};
const dated = { effectiveFrom: '2026-12-10', changeReason: '市政府调整重点产业目录' };

describe('key industries and 附件3 quotas as of a date', () => {
  it('changed in December 2026: 2025 figures, map, drill-down and draft assessment stay; today follows from the effective day', async () => {
    expect(
      (
        await put('/api/assessment/2025/scheme', {
          items: [
            {
              key: 'match',
              label: '专业产业匹配',
              kind: 'indicator',
              indicatorId: 'specialty_industry_match',
              weight: 50,
            },
            { key: 'quota', label: '征集任务', kind: 'indicator', indicatorId: 'quota_completion', weight: 50 },
          ],
        })
      ).statusCode,
    ).toBe(200);
    const urls = [
      '/api/indicators?year=2025',
      '/api/indicators?year=2025&region=420600',
      '/api/indicators?asOf=2026-12-09&region=420600',
    ];
    const views = async () => ({
      figures: await Promise.all(urls.map(figures)),
      maps: await Promise.all(
        ['specialty_industry_match', 'quota_completion'].map(
          async (i) => (await get(`/api/indicators/${i}/regions?year=2025`)).json().items,
        ),
      ),
      rows: await Promise.all(
        ['specialty_industry_match', 'quota_completion'].map(async (i) =>
          (await get(`/api/indicators/${i}/rows?year=2025&region=420600`)).json(),
        ),
      ),
      assessment: (await get('/api/assessment/2025')).json().rows,
    });
    const before = await views();
    expect(before.figures).toEqual([
      { specialty_industry_match: [300, 400], quota_completion: [1, 2] },
      { specialty_industry_match: [300, 400], quota_completion: [1, 2] },
      { specialty_industry_match: [300, 400], quota_completion: [1, 4] },
    ]);
    expect(
      before.assessment
        .find((r: { regionCode: string }) => r.regionCode === '420600')
        .items.map((i: { value: number }) => i.value),
    ).toEqual([0.75, 0.5]);

    const keys = await put('/api/key-industries/420600', { industryCodes: [], ...dated });
    expect(keys.statusCode, keys.body).toBe(200);
    for (const [year, quota] of [
      [2025, 5],
      [2026, 8],
    ]) {
      const r = await put(`/api/campaigns/${year}/quotas`, { ...(await quotasWith(year, quota)), ...dated });
      expect(r.statusCode, r.body).toBe(200);
    }

    expect(await views()).toEqual(before);
    // Today (this year, as of 2026-12-10) reads the lists in force from that day; the quota table shows them too.
    expect(await figures('/api/indicators?region=420600')).toEqual({
      specialty_industry_match: [0, 400],
      quota_completion: [1, 8],
    });
    expect(
      (await get('/api/campaigns/2025/quotas'))
        .json()
        .items.find((r: { regionCode: string }) => r.regionCode === '420600').projectQuota,
    ).toBe(5);
    const entry = (
      await exec(
        t,
        sql`select after from audit_log where action = 'keyindustry.update' and entity_id = '420600' order by id desc limit 1`,
      )
    ).rows[0].after;
    expect(entry).toEqual({ industryCodes: [], effectiveFrom: '2026-12-10', changeReason: '市政府调整重点产业目录' });
  });

  it('refuses an effective day in the future, before this year or before the last change, in Chinese, and changes nothing', async () => {
    // The last change, as the test above makes it: from 2026-12-10 no key industry and 2026's quota 8 (made again on
    // that day if it was, which replaces that day's values).
    const keys = await put('/api/key-industries/420600', { industryCodes: [], ...dated });
    expect(keys.statusCode, keys.body).toBe(200);
    const raised = await put('/api/campaigns/2026/quotas', { ...(await quotasWith(2026, 8)), ...dated });
    expect(raised.statusCode, raised.body).toBe(200);
    const cases: [string, number, string][] = [
      ['2026-12-11', 400, '生效日期 2026-12-11 晚于今天（2026-12-10）'],
      ['2025-12-31', 400, '生效日期 2025-12-31 早于本年度'],
      ['2026-12-01', 409, '襄阳市的重点产业上次变更自 2026-12-10 起生效，本次变更的生效日期不能早于该日'],
    ];
    for (const [effectiveFrom, status, msg] of cases) {
      const r = await put('/api/key-industries/420600', { industryCodes: [key], effectiveFrom });
      expect([r.statusCode, r.json().error.message], effectiveFrom).toEqual([status, expect.stringContaining(msg)]);
    }
    const q = await put('/api/campaigns/2026/quotas', { ...(await quotasWith(2026, 9)), effectiveFrom: '2026-12-01' });
    expect([q.statusCode, q.json().error.message]).toEqual([
      409,
      '襄阳市的任务数上次变更自 2026-12-10 起生效，本次变更的生效日期不能早于该日',
    ]);
    expect(await figures('/api/indicators?region=420600')).toEqual({
      specialty_industry_match: [0, 400],
      quota_completion: [1, 8],
    });
    // A second change on the same day replaces that day's values (no empty period).
    expect(
      (await put('/api/key-industries/420600', { industryCodes: [key], effectiveFrom: '2026-12-10' })).statusCode,
    ).toBe(200);
    expect(await figures('/api/indicators?region=420600')).toEqual({
      specialty_industry_match: [300, 400],
      quota_completion: [1, 8],
    });
    expect((await figures('/api/indicators?asOf=2026-12-09&region=420600')).specialty_industry_match).toEqual([
      300, 400,
    ]);
  });
});
