import type { Case, Ctx } from './concurrencyKit';

// The assessment cases of src/http/concurrency.test.ts (issue 16): the province's regional assessment and a bureau's
// school assessment, each case on a year of its own (a scheme is one per year, per region for schools).
const SCHEME = [
  { key: 'coverage', label: '校企合作覆盖面', kind: 'indicator', indicatorId: 'school_coverage', weight: 60 },
  { key: 'work', label: '工作推进成效', kind: 'manual', weight: 40, note: '按年度工作台账评分' },
];
const SCHOOL_SCHEME = [
  {
    key: 'teachers',
    label: '工学一体化教师培训',
    kind: 'indicator',
    indicatorId: 'integrated_teachers_year',
    weight: 60,
    target: 2,
  },
  { key: 'office', label: '校企合作机构建设', kind: 'manual', weight: 40 },
];
const REASON = '推进有力，台账完整';

/** A provincial scheme for the year with every region's manual score entered. */
async function scoredScheme(x: Ctx, year: number) {
  await x.send('cc-prov', 'PUT', `/api/assessment/${year}/scheme`, { items: SCHEME });
  for (const m of (await x.get('cc-prov', `/api/assessment/${year}`)).missing)
    await x.send('cc-prov', 'PUT', `/api/assessment/${year}/manual`, {
      regionCode: m.regionCode,
      itemKey: m.itemKey,
      score: 80,
      reason: REASON,
    });
}
/** A bureau's school scheme for the year with every school of its region scored. */
async function scoredSchools(x: Ctx, who: string, year: number) {
  await x.send(who, 'PUT', `/api/school-assessments/${year}/scheme`, { items: SCHOOL_SCHEME });
  for (const r of (await x.get(who, `/api/school-assessments/${year}/region`)).rows)
    await x.send(who, 'PUT', `/api/school-assessments/${year}/scores`, {
      schoolOrgId: r.schoolOrgId,
      itemKey: 'office',
      score: 85,
      reason: '机构健全制度完善',
    });
}

export const assessmentCases: Case[] = [
  {
    route: 'PUT /api/assessment/{year}/scheme',
    // The same scheme again changes nothing (200, no entry); two first saves racing on PostgreSQL: 409.
    idempotent: true,
    arrange: async () => ({
      who: 'cc-prov',
      method: 'PUT',
      url: '/api/assessment/2030/scheme',
      body: { items: SCHEME },
    }),
  },
  {
    route: 'PUT /api/assessment/{year}/manual',
    idempotent: true,
    arrange: async (x) => {
      await x.send('cc-prov', 'PUT', '/api/assessment/2031/scheme', { items: SCHEME });
      return {
        who: 'cc-prov',
        method: 'PUT',
        url: '/api/assessment/2031/manual',
        body: { regionCode: '420600', itemKey: 'work', score: 80, reason: REASON },
      };
    },
  },
  {
    route: 'POST /api/assessment/{year}/freeze',
    // A past year, frozen as of its 31 December: freezing a year still running fixes today's figures, and every change
    // effective today (quotas, key industries, an organisation's region) is refused after it, in whatever case follows.
    arrange: async (x) => {
      await scoredScheme(x, 2025);
      return { who: 'cc-prov', method: 'POST', url: '/api/assessment/2025/freeze' };
    },
  },
  {
    route: 'PUT /api/school-assessments/{year}/scheme',
    idempotent: true,
    arrange: async () => ({
      who: 'cc-reg',
      method: 'PUT',
      url: '/api/school-assessments/2030/scheme',
      body: { items: SCHOOL_SCHEME },
    }),
  },
  {
    route: 'PUT /api/school-assessments/{year}/scores',
    idempotent: true,
    arrange: async (x) => {
      await x.send('cc-reg', 'PUT', '/api/school-assessments/2031/scheme', { items: SCHOOL_SCHEME });
      return {
        who: 'cc-reg',
        method: 'PUT',
        url: '/api/school-assessments/2031/scores',
        body: { schoolOrgId: x.ids.school, itemKey: 'office', score: 90, reason: '机构健全制度完善' },
      };
    },
  },
  {
    route: 'POST /api/school-assessments/{year}/freeze',
    arrange: async (x) => {
      await scoredSchools(x, 'cc-reg', 2032);
      return { who: 'cc-reg', method: 'POST', url: '/api/school-assessments/2032/freeze' };
    },
  },
  {
    route: 'POST /api/school-assessments/{year}/publish',
    arrange: async (x) => {
      await scoredSchools(x, 'cc-reg', 2033);
      await x.send('cc-reg', 'POST', '/api/school-assessments/2033/freeze');
      return { who: 'cc-reg', method: 'POST', url: '/api/school-assessments/2033/publish' };
    },
  },
];
