// The projects stage's reports and what they feed: progress reports, internships, key industries and trainings,
// the indicators and their history, the region corrected this year. Agreements and projects: projects.test.ts.
import { describe, expect, it } from 'vitest';
import { asc, count, eq, isNotNull } from 'drizzle-orm';
import {
  INDICATORS,
  regionByCode,
  REGIONS,
  validateInternshipCohort,
  validateReportMetrics,
  type ProjectType,
} from '@cjrh/domain';
import { today as beijingToday } from '../lib/clock';
import { ensureReports } from '../modules/projects/reports.service';
import { projectRefs } from '../modules/projects/refs';
import {
  eventMeetings,
  indicatorSnapshots,
  internships,
  orgRegionHistory,
  orgs,
  progressReports,
  projects,
  regionKeyIndustries,
  reportVersions,
  teacherTrainings,
  users,
} from '../db/schema/index';
import { useSeededDemo } from '../../test/seededDemo';
import { nowMs } from '../lib/clock';
import { monthEnds } from '../modules/indicators/history';
import { CORRECTED_FROM, CORRECTED_TO, correctionDay } from './regionCorrection';

const demo = useSeededDemo(300_000);
const today = beijingToday();
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const login = demo.login;
async function get(who: string, url: string) {
  const res = await demo.app.inject({ method: 'GET', url, headers: { cookie: await login(who) } });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res;
}

/**
 * The region a record was filed under by the projects stage: the one corrected school's records moved to 鄂州 after
 * every other stage (regionCorrection.ts), so per-region checks of the plan read them as filed.
 */
async function filedUnder() {
  const [h] = await demo.database.db.select().from(orgRegionHistory).where(isNotNull(orgRegionHistory.validFrom));
  return (region: string, school: number | null) =>
    h && school === h.orgId && region === CORRECTED_TO ? CORRECTED_FROM : region;
}

describe('demo progress reports', () => {
  it('run from each project’s start to today, mostly accepted, some late, submitted and returned', async () => {
    const reports = await demo.database.db.select().from(progressReports);
    const byState = (s: string) => reports.filter((r) => r.state === s);
    expect(byState('accepted').length).toBeGreaterThan(reports.length * 0.6);
    expect(byState('submitted').length).toBe(36);
    expect(byState('returned').length).toBe(13);
    expect(byState('returned').every((r) => r.returnReason)).toBe(true);
    expect(byState('returned').some((r) => r.returnReason === '请补充学生流失原因')).toBe(true);
    const overdue = reports.filter((r) => (r.state === 'due' || r.state === 'draft') && r.dueDate < today);
    expect(overdue.length).toBe(47);
    // ensureReports (what the project page runs) finds nothing to add.
    const rows = await demo.database.db.select().from(projects);
    const [{ n: before }] = await demo.database.db.select({ n: count() }).from(progressReports);
    for (const p of rows) await ensureReports(demo.database.db, p, today);
    const [{ n: after }] = await demo.database.db.select({ n: count() }).from(progressReports);
    expect(after).toBe(before);
    // A project that started more than a quarter ago has reports (a newer one may have none due yet).
    const started = rows.filter(
      (p) => (p.status === 'running' || p.status === 'completed') && p.startDate < addDays(today, -100),
    );
    expect(started.every((p) => reports.some((r) => r.projectId === p.id))).toBe(true);
  });

  it('carry valid metrics and a version for every submit, accept and return', async () => {
    const reports = await demo.database.db
      .select({
        r: progressReports,
        type: projects.type,
        regionCode: projects.regionCode,
        school: projects.schoolOrgId,
      })
      .from(progressReports)
      .innerJoin(projects, eq(projects.id, progressReports.projectId));
    const versions = await demo.database.db.select().from(reportVersions).orderBy(asc(reportVersions.id));
    const accounts = await demo.database.db.select().from(users);
    const refs = await projectRefs(demo.database.db);
    const filed = await filedUnder();
    const byReport = new Map<number, typeof versions>();
    for (const v of versions) byReport.set(v.reportId, [...(byReport.get(v.reportId) ?? []), v]);
    for (const { r, type, regionCode, school } of reports) {
      const chain = byReport.get(r.id) ?? [];
      if (r.state === 'due') {
        expect(r.metrics).toEqual({});
        expect(chain).toHaveLength(0);
        continue;
      }
      expect(validateReportMetrics(type as ProjectType, r.metrics, refs).ok, `${r.id} ${type}`).toBe(true);
      if (r.state === 'draft') continue;
      expect(chain.at(-1)!.action).toBe(
        r.state === 'submitted' ? 'submit' : r.state === 'accepted' ? 'accept' : 'return',
      );
      expect(r.version).toBe(chain.at(-1)!.version + 1);
      for (const v of chain) {
        expect(v.at.getTime()).toBeLessThan(nowMs());
        if (v.action === 'submit') {
          const filler = accounts.find((u) => u.orgId === school);
          expect(v.actorName).toBe(filler?.displayName ?? null);
        } else expect(v.actorName).toBe(`${regionByCode(filed(regionCode, school))!.name}人社局（示例）`);
        if (v.action === 'return') expect(v.reason).toBeTruthy();
      }
      expect(r.submittedAt).not.toBeNull();
    }
    const te = reports.filter((x) => x.type === 'training_eval' && x.r.metrics && 'personTimes' in x.r.metrics);
    expect(
      te.every((x) => (x.r.metrics.personTimes as number) >= 20 && (x.r.metrics.personTimes as number) <= 400),
    ).toBe(true);
  });
});

describe('demo internships, key industries and trainings', () => {
  it('records 2–5 confirmed cohorts per region, a few uninsured, ended ones with employment', async () => {
    const all = await demo.database.db.select().from(internships);
    // Besides them, two cohorts wait for the other side (consent.ts): one for a school, one for an enterprise.
    expect(
      all
        .filter((x) => x.state === 'pending')
        .map((x) => x.awaitingSide)
        .sort(),
    ).toEqual(['enterprise', 'school']);
    const rows = all.filter((x) => x.state === 'confirmed');
    const filed = await filedUnder();
    for (const r of REGIONS) {
      const n = rows.filter((x) => filed(x.regionCode, x.schoolOrgId) === r.code).length;
      expect(n, r.name).toBeGreaterThanOrEqual(2);
      expect(n, r.name).toBeLessThanOrEqual(5);
    }
    expect(rows.some((x) => !x.insured)).toBe(true);
    expect(rows.some((x) => !x.paid && x.payPerMonth === 0)).toBe(true);
    for (const x of rows) {
      const {
        schoolOrgId,
        enterpriseOrgId,
        specialtyCode,
        students,
        startDate,
        endDate,
        paid,
        payPerMonth,
        insured,
        safetyTrained,
        employedAfter,
      } = x;
      expect(
        validateInternshipCohort({
          schoolOrgId,
          enterpriseOrgId,
          specialtyCode,
          students,
          startDate,
          endDate,
          paid,
          payPerMonth,
          insured,
          safetyTrained,
          ...(employedAfter == null ? {} : { employedAfter }),
        }).ok,
      ).toBe(true);
      expect(employedAfter != null).toBe(endDate < today);
    }
  });

  it('leaves cohorts, fair requests and a rename waiting for the other side, each with its buttons', async () => {
    expect((await get('school-420600-01', '/api/internships?state=pending')).json().items).toMatchObject([
      { state: 'pending', awaitingSide: 'school', canDecide: true },
    ]);
    expect((await get('enterprise-420100-01', '/api/internships?state=pending')).json().items[0].canDecide).toBe(true);
    const requests = await demo.database.db.select().from(eventMeetings).where(eq(eventMeetings.state, 'requested'));
    expect(requests).toHaveLength(2);
    expect(
      (await get('school-420600-01', `/api/events/${requests[0].eventId}/meetings`))
        .json()
        .items.filter((x: { canRespond: boolean }) => x.canRespond),
    ).toHaveLength(1);
    expect((await get('region-420600', '/api/org-change-requests?state=pending')).json().items).toMatchObject([
      { field: 'name', state: 'pending', canDecide: true, newValue: expect.stringContaining('智能制造') },
    ]);
  });

  it('keeps 2–5 key industries per region and 400–700 trained teachers a year', async () => {
    const keys = await demo.database.db.select().from(regionKeyIndustries);
    for (const r of REGIONS) {
      const n = keys.filter((k) => k.regionCode === r.code).length;
      expect(n, r.name).toBeGreaterThanOrEqual(2);
      expect(n, r.name).toBeLessThanOrEqual(5);
    }
    const trainings = await demo.database.db.select().from(teacherTrainings);
    for (const year of ['2025', '2026']) {
      const sum = trainings.filter((t) => t.endDate.startsWith(year)).length;
      expect(sum, year).toBeGreaterThanOrEqual(300);
      expect(sum, year).toBeLessThanOrEqual(800);
    }
  });
});

describe('demo indicators', () => {
  it('shows live, non-zero figures to the province', async () => {
    const body = (await get('province', '/api/indicators?year=2026')).json();
    const value = (id: string) => body.items.find((i: { id: string }) => i.id === id)?.numerator as number;
    const numerators = Object.fromEntries(
      [
        'order_classes',
        'guest_mentors',
        'training_eval_projects',
        'people_trained_year',
        'school_coverage',
        'key_specialty_bases',
        'key_enterprises',
        'specialty_industry_match',
        'integrated_teachers_year',
        'internship_employment',
      ].map((id) => [id, value(id)]),
    );
    expect(numerators).toEqual({
      order_classes: 71,
      guest_mentors: 179,
      training_eval_projects: 90,
      people_trained_year: 36593,
      school_coverage: 122,
      key_specialty_bases: 90,
      key_enterprises: 229,
      specialty_industry_match: 402487,
      integrated_teachers_year: 572,
      internship_employment: 457,
    });
    const ratio = (id: string) => body.items.find((i: { id: string }) => i.id === id)?.value as number;
    expect(ratio('school_coverage')).toBeLessThan(1);
    expect(ratio('specialty_industry_match')).toBeGreaterThan(0.2);
  });

  it('has a monthly history derived from the dated records (each point is the figure as of its day) and leaves today to the server', async () => {
    const snaps = await demo.database.db.select().from(indicatorSnapshots);
    expect(snaps.some((s) => s.onDate === today)).toBe(false);
    const ids = INDICATORS.filter(
      (d) => d.period !== 'year' && (d.scopes as readonly string[]).includes('province'),
    ).map((d) => d.id);
    const dates = [...new Set(snaps.map((s) => s.onDate))].sort();
    expect(dates[0]).toBe('2025-07-31');
    expect(dates).toEqual(monthEnds(today));
    for (const scope of ['420000', ...REGIONS.map((r) => r.code)])
      expect(new Set(snaps.filter((s) => s.scope === scope).map((s) => s.indicatorId))).toEqual(new Set(ids));
    // Not invented: the point of a day is what `?asOf=` that day gives (cards that had ended by then show their deadline's).
    for (const d of [dates[0], dates[Math.floor(dates.length / 2)], dates.at(-1)!]) {
      const body = (await get('province', `/api/indicators?asOf=${d}`)).json();
      for (const item of body.items.filter((i: { id: string; ended: boolean }) => ids.includes(i.id) && !i.ended)) {
        const snap = snaps.find((s) => s.onDate === d && s.scope === '420000' && s.indicatorId === item.id)!;
        expect([
          item.id,
          d,
          Number(snap.numerator),
          snap.denominator == null ? null : Number(snap.denominator),
        ]).toEqual([item.id, d, item.numerator, item.denominator]);
      }
    }
    const body = (await get('province', '/api/indicators/order_classes/trend')).json();
    const pts = body.points.filter((p: { date: string }) => p.date < today).map((p: { value: number }) => p.value);
    expect(pts.length).toBe(dates.length);
    expect(pts[0]).toBeLessThan(body.current);
  });
});

describe('demo region correction', () => {
  it('has one school moved from 黄石 to 鄂州 this year by the province: its records count for 黄石 before the day, for 鄂州 from it', async () => {
    const moved = await demo.database.db.select().from(orgRegionHistory).where(isNotNull(orgRegionHistory.validFrom));
    expect(moved.map((h) => [h.regionCode, h.validFrom, h.validTo])).toEqual([
      [CORRECTED_TO, correctionDay(today), null],
    ]);
    const id = moved[0].orgId;
    const [school] = await demo.database.db.select().from(orgs).where(eq(orgs.id, id));
    expect([school.regionCode, school.name.endsWith('（示例）')]).toEqual([CORRECTED_TO, true]);
    expect(
      new Set(
        (await demo.database.db.select().from(projects).where(eq(projects.schoolOrgId, id))).map((p) => p.regionCode),
      ),
    ).toEqual(new Set([CORRECTED_TO]));
    const regionsOf = async (q: string) => {
      const rows = [];
      for (const ind of ['order_classes', 'training_eval_projects', 'guest_mentors', 'school_coverage']) {
        rows.push(
          ...(await get('province', `/api/indicators/${ind}/rows?school=${id}&pageSize=500&${q}`)).json().items,
        );
      }
      return rows.map((r: { regionCode: string }) => r.regionCode);
    };
    const y2025 = await regionsOf('year=2025');
    const now = await regionsOf(`asOf=${today}`);
    expect(y2025.length).toBe(6);
    expect(new Set(y2025)).toEqual(new Set([CORRECTED_FROM]));
    expect(new Set(now)).toEqual(new Set([CORRECTED_TO]));
    // 鄂州's bureau sees the school's projects; the audit entry names the day it applies from.
    const listed = (await get('region-420700', `/api/projects?pageSize=200`)).json().items as { schoolOrgId: number }[];
    expect(listed.some((p) => p.schoolOrgId === id)).toBe(true);
  });
});
