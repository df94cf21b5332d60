import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { TEST_TODAY } from '../../../test/clock-setup';
import { agreementParties, agreements, progressReports, projects } from '../../db/schema/index';
import { addDaysIso } from '../../lib/clock';

// The 待审核 figure beside 年度培训评价人次 (issue 13, part 3): person-times of reports submitted and not yet accepted,
// shown apart from the counted value and never added to it. One training project of 黄石 this year with three reports
// of January: accepted (100, submitted T-3, accepted T-1), waiting (40, submitted T-2), returned (7, submitted T-3,
// returned T-2). T is today; the days are this year's on any date the tests run (also on 4 January).
let t: TestApp;
let cookie = '';
const Y = TEST_TODAY.slice(0, 4);
const T = (n: number) => addDaysIso(TEST_TODAY, -n);
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const school = (await makeOrg(t, { type: 'school', regionCode: '420200' })).id;
  const ent = (await makeOrg(t, { type: 'enterprise', regionCode: '420200' })).id;
  const [a] = await db
    .insert(agreements)
    .values({
      agreementNo: 'PD-1',
      campaignYear: 2025,
      regionCode: '420200',
      title: 'PD-1',
      termStart: '2025-01-01',
      termEnd: '2028-12-31',
      signingDate: '2025-08-01',
      agreedOn: '2025-08-01',
      status: 'active',
    })
    .returning();
  await db.insert(agreementParties).values([
    { agreementId: a.id, orgId: school, side: 'school' },
    { agreementId: a.id, orgId: ent, side: 'enterprise' },
  ]);
  const [p] = await db
    .insert(projects)
    .values({
      agreementId: a.id,
      type: 'training_eval',
      title: '培训评价',
      campaignYear: Number(Y),
      regionCode: '420200',
      schoolOrgId: school,
      status: 'running',
      startDate: '2025-09-01',
      startedOn: '2025-09-01',
      data: {},
      createdAt: at('2025-08-15'),
    })
    .returning();
  const report = (
    period: string,
    state: 'accepted' | 'submitted' | 'returned',
    personTimes: number,
    submitted: string,
    decided?: string,
  ) => ({
    projectId: p.id,
    period,
    dueDate: `${Y}-02-10`,
    state,
    metrics: { personTimes },
    regionCode: '420200',
    submittedAt: at(submitted),
    decidedAt: decided ? at(decided) : null,
  });
  await db
    .insert(progressReports)
    .values([
      report(`${Y}-01`, 'accepted', 100, T(3), T(1)),
      report(`${Y}-02`, 'submitted', 40, T(2)),
      report(`${Y}-03`, 'returned', 7, T(3), T(2)),
    ]);
  await makeUser(t, { username: 'prov', role: 'province' });
  cookie = await login(t, 'prov');
});
afterAll(() => t.close());

const card = async (q: string) => {
  const r = await t.app.inject({ url: `/api/indicators?${q}`, headers: { cookie } });
  expect(r.statusCode).toBe(200);
  const items = r.json().items as { id: string; value: number; pendingValue?: number }[];
  return {
    trained: items.find((i) => i.id === 'people_trained_year')!,
    others: items.filter((i) => i.id !== 'people_trained_year'),
  };
};

describe('待审核 person-times', () => {
  it('shows submitted, not yet accepted reports apart from the counted value, as of each day', async () => {
    const now = await card(`year=${Y}`);
    expect([now.trained.value, now.trained.pendingValue]).toEqual([100, 40]);
    // Only where something waits to be counted: no other card carries the field.
    expect(now.others.filter((i) => 'pendingValue' in i)).toEqual([]);
    const t2 = await card(`asOf=${T(2)}`);
    expect([t2.trained.value, t2.trained.pendingValue]).toEqual([0, 140]);
    const t3 = await card(`asOf=${T(3)}`);
    expect([t3.trained.value, t3.trained.pendingValue]).toEqual([0, 107]);
    const elsewhere = await card(`year=${Y}&region=420600`);
    expect([elsewhere.trained.value, elsewhere.trained.pendingValue]).toEqual([0, 0]);
  });
});
