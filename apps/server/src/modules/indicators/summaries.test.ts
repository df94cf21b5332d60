import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { migrationsFolder } from '../../db/client';
import { createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { agreements, progressReports, projects } from '../../db/schema/index';
import { now, today } from '../../lib/clock';
import { sqlRows } from '../../db/rows';

// The dashboard reads summaries that triggers keep in the same transaction as the records (migration 0010):
// per-project report totals and the people listed inside projects. Whatever happens to the records — single and
// bulk changes, deletions, rollbacks, projects moving school — the figure must equal the sum of its drill-down rows
// (which read the records themselves) at every scope and on the map.
let t: TestApp;
let cookie = '';
const id: Record<string, number> = {};
const school = async (regionCode: string, name: string, fullTimeTeachers: number) =>
  (await makeOrg(t, { type: 'school', regionCode, name, fullTimeTeachers })).id;
// The year of a day two months back: teacher practice counts days up to today only, so the practice below (from
// 1 March) must lie in the past on every test day, a year start included (.ci/run).
const year = Number(new Date(Date.parse(`${today()}T00:00:00Z`) - 60 * 86_400_000).toISOString().slice(0, 4));
const WATCHED = [
  'people_trained_year',
  'guest_mentors',
  'teacher_practice',
  'mentor_ratio_schools',
  'training_eval_projects',
];

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'prov', role: 'province' });
  cookie = await login(t, 'prov');
  const [a] = await t.database.db
    .insert(agreements)
    .values({
      agreementNo: 'S1',
      campaignYear: year,
      regionCode: '420600',
      title: 'S1',
      termStart: `${year}-01-01`,
      termEnd: `${year + 2}-12-31`,
      status: 'active',
    })
    .returning();
  id.ag = a.id;
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ url, headers: { cookie } }).then((r) => r.json());
const project = async (over: Partial<typeof projects.$inferInsert> & { schoolOrgId: number }) =>
  (
    await t.database.db
      .insert(projects)
      .values({
        agreementId: id.ag,
        type: 'training_eval',
        title: '培训',
        campaignYear: year,
        regionCode: '420600',
        status: 'running',
        startDate: `${year}-01-10`,
        // Registered in its year: on a year start (TEST_TODAY 2027-01-04) last year's figures stand at its end.
        createdAt: new Date(`${year}-01-10T10:00:00+08:00`),
        data: {},
        ...over,
      })
      .returning()
  )[0].id;
// Keys as the server makes them (32 hex digits, projects/refs.ts): a hand-typed key never counts as a person.
const hashed = (key: string) => Buffer.from(key).toString('hex').padEnd(32, '0').slice(0, 32);
const mentor = (key: string, name: string) => ({
  name,
  idKey: hashed(key),
  termStart: `${year - 1}-01-01`,
  termEnd: `${year + 1}-12-31`,
});
const teacher = (key: string, days: number) => ({
  name: `教师${key}`,
  idKey: key,
  keySpecialty: true,
  backbone: true,
  days,
  startDate: `${year}-03-01`,
});

/**
 * Every watched figure, checked against its drill-down at province, region and school scope and on the map. The
 * regions and the school are the test's own: their figures are returned as they are; the province's (which other
 * tests move too) as the change since the watch began.
 */
async function watch(regions: [string, string], schoolId: number) {
  const read = async () => {
    const out: Record<string, number> = {};
    for (const scope of ['', `&region=${regions[0]}`, `&region=${regions[1]}`, `&school=${schoolId}`]) {
      const cards = (await get(`/api/indicators?year=${year}${scope}`)).items as { id: string; numerator: number }[];
      for (const k of cards.filter((c) => WATCHED.includes(c.id))) {
        const rows = await get(`/api/indicators/${k.id}/rows?year=${year}&which=numerator${scope}`);
        expect({ id: k.id, scope, figure: k.numerator }).toEqual({ id: k.id, scope, figure: rows.sum });
        if (!scope) out[k.id] = k.numerator;
        else if (scope.startsWith('&region')) out[`${k.id}@${scope.slice(8)}`] = k.numerator;
      }
    }
    for (const idv of ['people_trained_year', 'guest_mentors']) {
      const map = (await get(`/api/indicators/${idv}/regions?year=${year}`)).items as {
        regionCode: string;
        numerator: number;
      }[];
      for (const r of regions)
        expect({ idv, r, v: map.find((m) => m.regionCode === r)!.numerator }).toEqual({
          idv,
          r,
          v: out[`${idv}@${r}`] ?? 0,
        });
    }
    return out;
  };
  const base = await read();
  return async () => {
    const out = await read();
    for (const k of WATCHED) if (k in out) out[k] -= base[k] ?? 0;
    return out;
  };
}

describe('dashboard summaries follow the records', () => {
  it('report totals: inserts, state changes, bulk updates, deletions, rollbacks and other years', async () => {
    const db = t.database.db;
    const A = await school('420600', '甲校', 5);
    const B = await school('420100', '乙校', 10);
    const figures = await watch(['420600', '420100'], A);
    const p1 = await project({ schoolOrgId: A });
    const p2 = await project({ schoolOrgId: B, regionCode: '420100' });
    const ours = and(inArray(progressReports.projectId, [p1, p2]), eq(progressReports.period, `${year}-02`));
    await db.insert(progressReports).values([
      {
        projectId: p1,
        period: `${year}-01`,
        dueDate: `${year}-02-10`,
        state: 'accepted',
        metrics: { personTimes: 120 },
        regionCode: '420600',
      },
      {
        projectId: p1,
        period: `${year}-02`,
        dueDate: `${year}-03-10`,
        state: 'submitted',
        metrics: { personTimes: 80 },
        regionCode: '420600',
      },
      {
        projectId: p1,
        period: `${year}-03`,
        dueDate: `${year}-04-10`,
        state: 'draft',
        metrics: { personTimes: 999 },
        regionCode: '420600',
      },
      {
        projectId: p1,
        period: `${year - 1}-Q4`,
        dueDate: `${year}-01-10`,
        state: 'accepted',
        metrics: { personTimes: 7 },
        regionCode: '420600',
      },
      {
        projectId: p2,
        period: `${year}-Q1`,
        dueDate: `${year}-04-10`,
        state: 'accepted',
        metrics: { personTimes: 50 },
        regionCode: '420100',
      },
    ]);
    // Only accepted reports count: 120 + 50 (the submitted 80 waits for the bureau, the draft and last year's do not).
    expect(await figures()).toMatchObject({
      people_trained_year: 170,
      'people_trained_year@420600': 120,
      'people_trained_year@420100': 50,
    });
    // Accepted: counted; returned: not; the draft submitted: still not.
    await db.update(progressReports).set({ state: 'accepted' }).where(ours);
    expect((await figures()).people_trained_year).toBe(120 + 80 + 50);
    await db.update(progressReports).set({ state: 'returned' }).where(ours);
    await db
      .update(progressReports)
      .set({ state: 'submitted', metrics: { personTimes: 30 } })
      .where(and(eq(progressReports.projectId, p1), eq(progressReports.period, `${year}-03`)));
    expect((await figures()).people_trained_year).toBe(120 + 50);
    // One statement changing many reports of two projects at once.
    await db
      .update(progressReports)
      .set({ state: 'accepted' })
      .where(inArray(progressReports.projectId, [p1, p2]));
    expect((await figures()).people_trained_year).toBe(120 + 80 + 30 + 50);
    await db.delete(progressReports).where(eq(progressReports.projectId, p2));
    expect((await figures()).people_trained_year).toBe(230);
    // A transaction that fails leaves the summary as it was.
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(progressReports).values({
          projectId: p1,
          period: `${year}-04`,
          dueDate: `${year}-05-10`,
          state: 'accepted',
          metrics: { personTimes: 1000 },
          regionCode: '420600',
        });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await figures()).people_trained_year).toBe(230);
    // A deleted project stops counting; moving it to another school moves its figure to that school's region.
    await db.update(projects).set({ schoolOrgId: B, regionCode: '420100' }).where(eq(projects.id, p1));
    expect(await figures()).toMatchObject({ 'people_trained_year@420100': 230 });
    await db.update(projects).set({ deletedAt: now() }).where(eq(projects.id, p1));
    expect((await figures()).people_trained_year ?? 0).toBe(0);
  });

  it('people inside projects: added, edited, removed, stopped and deleted', async () => {
    const db = t.database.db;
    const A = await school('420500', '丙校', 5);
    const B = await school('420200', '丁校', 10);
    const figures = await watch(['420500', '420200'], A);
    const m1 = await project({
      schoolOrgId: A,
      regionCode: '420500',
      type: 'mentor',
      title: '导师一',
      data: { mentors: [mentor('K1aaaaaaaa', '王师傅'), mentor('K2aaaaaaaa', '李师傅')] },
    });
    const m2 = await project({
      type: 'mentor',
      title: '导师二',
      schoolOrgId: B,
      regionCode: '420200',
      data: { mentors: [mentor('K1aaaaaaaa', '王师傅')] },
    });
    const tp = await project({
      schoolOrgId: A,
      regionCode: '420500',
      type: 'teacher_practice',
      title: '实践',
      data: { teachers: [teacher('T1aaaaaaaa', 20), teacher('T2aaaaaaaa', 40)] },
    });
    // K1 in two regions: once in the province, once in each region. A has 2 current mentors for 5 teachers (40% ≥ 20%: counts), B 1 for 10 (10%: does not).
    expect(await figures()).toMatchObject({
      guest_mentors: 2,
      'guest_mentors@420500': 2,
      'guest_mentors@420200': 1,
      teacher_practice: 1,
      mentor_ratio_schools: 1,
    });
    await db
      .update(projects)
      .set({ data: { teachers: [teacher('T1aaaaaaaa', 35), teacher('T2aaaaaaaa', 40)] } })
      .where(eq(projects.id, tp));
    expect((await figures()).teacher_practice).toBe(2);
    await db
      .update(projects)
      .set({ data: { mentors: [mentor('K3aaaaaaaa', '张师傅')] } })
      .where(eq(projects.id, m1));
    expect(await figures()).toMatchObject({ guest_mentors: 2, 'guest_mentors@420500': 1 });
    // A stopped project's mentors are no longer current (ratio), but were engaged (guest mentors).
    await db.update(projects).set({ status: 'stopped' }).where(eq(projects.id, m1));
    expect(await figures()).toMatchObject({ guest_mentors: 2, mentor_ratio_schools: 0 });
    await db.update(projects).set({ deletedAt: now() }).where(eq(projects.id, m2));
    expect(await figures()).toMatchObject({ guest_mentors: 1 });
    await db.execute(sql`delete from projects where id = ${tp}`);
    expect((await figures()).teacher_practice ?? 0).toBe(0);
  });

  it("the migration's back-fill of records already on file equals what the triggers keep", async () => {
    const db = t.database.db;
    const A = await school('420300', '戊校', 5);
    const p = await project({ schoolOrgId: A, regionCode: '420300', title: '回填' });
    await db.insert(progressReports).values([
      {
        projectId: p,
        period: `${year}-05`,
        dueDate: `${year}-06-10`,
        state: 'accepted',
        metrics: { personTimes: 42 },
        regionCode: '420600',
      },
      {
        projectId: p,
        period: `${year}-06`,
        dueDate: `${year}-07-10`,
        state: 'returned',
        metrics: { personTimes: 9 },
        regionCode: '420600',
      },
      {
        projectId: p,
        period: `${year}-07`,
        dueDate: `${year}-08-10`,
        state: 'submitted',
        metrics: { personTimes: 11 },
        regionCode: '420600',
      },
    ]);
    await project({
      schoolOrgId: A,
      regionCode: '420300',
      type: 'mentor',
      title: '回填导师',
      data: { mentors: [mentor('K9aaaaaaaa', '周师傅')] },
    });
    const all = (q: ReturnType<typeof sql>) => sqlRows<unknown>(db, q);
    const snap = async () =>
      JSON.stringify([
        await all(sql`select * from project_report_totals where reports <> 0 or person_times <> 0 order by 1, 2`),
        await all(sql`select * from project_people order by 1, 2, 3`),
      ]);
    const kept = await snap();
    expect(kept).toContain('周师傅');
    await db.execute(sql`delete from project_report_totals`);
    await db.execute(sql`delete from project_people`);
    // project_people from 0010; the report totals as 0021 sums them again (accepted reports only).
    const statements = (file: string) =>
      readFileSync(join(migrationsFolder, file), 'utf8')
        .split('--> statement-breakpoint')
        .filter((x) => x.includes('already on file'));
    const backfill = [
      ...statements('0010_dashboard_summaries.sql').filter((x) => x.includes('project_people')),
      ...statements(readdirSync(migrationsFolder).find((f) => f.endsWith('_count_accepted_reports.sql'))!),
    ];
    expect(backfill).toHaveLength(2);
    for (const statement of backfill) await db.execute(sql.raw(statement));
    expect(await snap()).toBe(kept);
  });
});
