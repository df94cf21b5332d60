// One file on purpose (477 lines): every describe reads the same seeded demo, and a second file would seed the whole
// demo again (about a minute of CI per seed); the blocks are agreements, projects, reports, indicators, region correction.
import { describe, expect, it } from 'vitest';
import { asc, count, eq, inArray, isNotNull } from 'drizzle-orm';
import {
  agreementStateOn,
  DEFAULT_REPORT_FREQUENCY,
  INDICATORS,
  PROJECT_TYPES,
  regionByCode,
  REGIONS,
  validateInternshipCohort,
  validateProjectData,
  validateReportMetrics,
  type AgreementState,
  type ProjectType,
} from '@cjrh/domain';
import { today as beijingToday } from '../lib/clock';
import { ensureReports } from '../modules/projects/reports.service';
import { projectRefs } from '../modules/projects/refs';
import {
  agreementEvents,
  agreementFiles,
  agreementParties,
  agreements,
  eventMeetings,
  indicatorSnapshots,
  internships,
  intents,
  orgRegionHistory,
  orgs,
  progressReports,
  projects,
  regionKeyIndustries,
  reportVersions,
  schoolSpecialties,
  teacherTrainings,
  users,
} from '../db/schema/index';
import { useSeededDemo } from '../../test/seededDemo';
import { deleteDemoRows } from './reset';
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
 * The three agreements the consent stage (projectsConsent.ts) takes through the live services after the planned ones:
 * the last three numbers of the demo, told apart by their consent events. The planned ones are checked as planned.
 */
async function plannedAgreements() {
  // School–enterprise agreements only: the 校地协议 are the duties stage's (duties.test.ts).
  const all = (await demo.database.db.select().from(agreements)).filter((x) => x.kind !== 'government');
  const consent = new Set(
    (await demo.database.db.select().from(agreementEvents))
      .filter((e) => ['confirm', 'decline', 'return'].includes(e.action))
      .map((e) => e.agreementId),
  );
  for (const x of all) if (x.status === 'pending_confirmation') consent.add(x.id);
  return { planned: all.filter((x) => !consent.has(x.id)), consent: all.filter((x) => consent.has(x.id)) };
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

describe('demo agreements', () => {
  it('exist in every state, 8–30 per region, numbered as the service numbers them', async () => {
    const rows = (await plannedAgreements()).planned;
    const states = new Set(rows.map((r) => r.status));
    for (const s of ['draft', 'signed', 'active', 'expired', 'terminated']) expect(states, s).toContain(s);
    const share = (s: string) => rows.filter((r) => r.status === s).length / rows.length;
    expect(share('active')).toBeGreaterThan(0.5);
    for (const s of ['draft', 'signed', 'expired', 'terminated']) expect(share(s), s).toBeLessThan(0.16);
    for (const r of REGIONS) {
      // Filed under the region its number names (a corrected school's agreements moved on since).
      const mine = rows.filter((x) => x.agreementNo.slice(3, 9) === r.code);
      expect(mine.length, r.name).toBeGreaterThanOrEqual(8);
      expect(mine.length, r.name).toBeLessThanOrEqual(30);
      const numbers = mine.sort((x, y) => x.id - y.id).map((x) => x.agreementNo);
      numbers.forEach((no, i) =>
        expect(no).toMatch(new RegExp(`^XQ-${r.code}-\\d{4}-${String(i + 1).padStart(4, '0')}$`)),
      );
    }
    for (const x of rows) {
      expect(x.agreementNo.slice(10, 14)).toBe(String(x.campaignYear));
      expect(x.campaignYear).toBe(Number(x.termStart.slice(0, 4)));
      // Stored states are those the date rules give today, so reading them changes nothing.
      expect(
        agreementStateOn(today, { state: x.status as AgreementState, termStart: x.termStart, termEnd: x.termEnd }),
        x.agreementNo,
      ).toBe(x.status);
      if (x.status === 'signed') expect(x.termStart > today).toBe(true);
      if (x.status === 'expired') expect(x.termEnd < today).toBe(true);
      if (x.status === 'terminated') expect(x.terminateReason).toBeTruthy();
      if (x.status === 'draft') expect(x.signingDate).toBeNull();
      else expect(x.signingDate! <= today).toBe(true);
      expect(x.title.length).toBeLessThanOrEqual(100);
      expect(x.areas.length).toBeGreaterThan(0);
    }
    expect(rows.filter((x) => x.keyProject).every((x) => x.status === 'active')).toBe(true);
    expect(rows.filter((x) => x.keyProject).length / rows.filter((x) => x.status === 'active').length).toBeGreaterThan(
      0.03,
    );
  });

  it('have parties, scans and event trails as the service writes them', async () => {
    const rows = (await plannedAgreements()).planned;
    const parties = await demo.database.db
      .select({ p: agreementParties, type: orgs.type, regionCode: orgs.regionCode, isKey: orgs.isKey })
      .from(agreementParties)
      .innerJoin(orgs, eq(orgs.id, agreementParties.orgId));
    const files = await demo.database.db.select().from(agreementFiles);
    const events = await demo.database.db.select().from(agreementEvents).orderBy(asc(agreementEvents.id));
    const accountById = new Map((await demo.database.db.select().from(users)).map((u) => [u.id, u]));
    for (const x of rows) {
      const mine = parties.filter((p) => p.p.agreementId === x.id);
      expect(
        mine.every((p) => p.p.side === p.type),
        x.agreementNo,
      ).toBe(true);
      const schools = mine.filter((p) => p.type === 'school');
      if (x.kind === 'bilateral') {
        expect(schools).toHaveLength(1);
        expect(schools[0].regionCode).toBe(x.regionCode);
      } else {
        expect(mine.length).toBeGreaterThanOrEqual(3);
        expect(mine.length).toBeLessThanOrEqual(6);
        expect(schools.some((s) => s.p.orgId === x.leadOrgId)).toBe(true);
      }
      expect(mine.some((p) => p.type === 'enterprise')).toBe(true);
      const scan = files.filter((f) => f.agreementId === x.id);
      const trail = events.filter((e) => e.agreementId === x.id);
      expect(trail[0]).toMatchObject({ action: 'create', toState: 'draft' });
      let state: string = 'draft';
      let at = 0;
      for (const e of trail) {
        if (e.fromState) expect(e.fromState).toBe(state);
        state = e.toState ?? state;
        expect(e.at.getTime()).toBeGreaterThanOrEqual(at);
        at = e.at.getTime();
        if (e.actorId != null) expect(e.actorName).toBe(accountById.get(e.actorId)?.displayName); // as the 协议记录 shows it
      }
      expect(state, x.agreementNo).toBe(x.status);
      expect(x.updatedAt.getTime()).toBe(at);
      expect(at).toBeLessThan(nowMs());
      if (x.status === 'draft') expect(scan).toHaveLength(0);
      else {
        expect(scan).toHaveLength(1);
        const pdf = Buffer.from(scan[0].content, 'base64');
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
        expect(scan[0].size).toBe(pdf.length);
        expect(trail.map((e) => e.action).slice(0, 3)).toEqual(['create', 'upload_scan', 'sign']);
      }
      if (x.status === 'terminated')
        expect(trail.at(-1)).toMatchObject({ action: 'terminate', reason: x.terminateReason });
      if (x.status === 'expired') expect(trail.at(-1)!.action).toBe('expire');
    }
    // School coverage counts schools with a key-enterprise partner: most running schools have one, not all.
    const running = await demo.database.db.select().from(orgs).where(eq(orgs.runsProgrammes, true));
    const covered = new Set(
      parties
        .filter(
          (p) =>
            p.type === 'school' &&
            rows.find((x) => x.id === p.p.agreementId && ['signed', 'active', 'expired'].includes(x.status)),
        )
        .map((p) => p.p.orgId),
    );
    const ratio = running.filter((s) => covered.has(s.id)).length / running.length;
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(0.95);
  });

  it('show consent at work: one waits for a 襄阳 enterprise, one was declined with a reason, one was returned by its bureau', async () => {
    const { consent } = await plannedAgreements();
    const events = await demo.database.db.select().from(agreementEvents).orderBy(asc(agreementEvents.id));
    const parties = await demo.database.db
      .select({ p: agreementParties, regionCode: orgs.regionCode, type: orgs.type })
      .from(agreementParties)
      .innerJoin(orgs, eq(orgs.id, agreementParties.orgId));
    const trail = (id: number) => events.filter((e) => e.agreementId === id).map((e) => e.action);
    const byRegion = (code: string) => consent.find((x) => x.regionCode === code)!;
    const waiting = byRegion('420600');
    expect(waiting.status).toBe('pending_confirmation');
    expect(trail(waiting.id)).toEqual(['create', 'upload_scan', 'sign']);
    const unconfirmed = parties.filter((p) => p.p.agreementId === waiting.id && !p.p.confirmedAt);
    expect(unconfirmed.map((p) => [p.type, p.regionCode])).toEqual([['enterprise', '420600']]);
    const declined = byRegion('420100');
    expect(declined.status).toBe('draft');
    expect(trail(declined.id)).toEqual(['create', 'upload_scan', 'sign', 'decline']);
    expect(events.find((e) => e.agreementId === declined.id && e.action === 'decline')!.reason).toMatch(/合作期限/);
    const returned = byRegion('420500');
    expect(returned.status).toBe('pending_confirmation');
    // Confirmed by both on its first day, it came into force, then its bureau returned it.
    expect(trail(returned.id)).toEqual(['create', 'upload_scan', 'sign', 'confirm', 'activate', 'return']);
    expect(parties.filter((p) => p.p.agreementId === returned.id).every((p) => p.p.confirmedAt == null)).toBe(true);
    // None of the three counts: agreements count only once every party has confirmed.
    expect(consent.every((x) => !['signed', 'active', 'expired'].includes(x.status))).toBe(true);
  });

  it('come from accepted intents where there are any, with the intent’s pair as parties', async () => {
    const withIntent = (await demo.database.db.select().from(agreements)).filter((x) => x.intentId != null);
    expect(withIntent.length).toBeGreaterThan(5);
    const accepted = new Map(
      (await demo.database.db.select().from(intents).where(eq(intents.state, 'accepted'))).map((i) => [i.id, i]),
    );
    for (const x of withIntent) {
      const i = accepted.get(x.intentId!);
      expect(i, x.agreementNo).toBeDefined();
      const ids = (
        await demo.database.db.select().from(agreementParties).where(eq(agreementParties.agreementId, x.id))
      ).map((p) => p.orgId);
      expect(ids).toEqual(expect.arrayContaining([i!.fromOrgId, i!.toOrgId]));
      expect(x.createdAt.getTime()).toBeGreaterThan(i!.decidedAt!.getTime());
    }
  });
});

describe('demo projects', () => {
  it('cover every type in every region, with data the domain accepts', async () => {
    const rows = await demo.database.db.select().from(projects);
    const ags = new Map((await demo.database.db.select().from(agreements)).map((x) => [x.id, x]));
    const parties = await demo.database.db.select().from(agreementParties);
    const refs = await projectRefs(demo.database.db);
    const filed = await filedUnder();
    for (const r of REGIONS) {
      const types = new Set(rows.filter((p) => filed(p.regionCode, p.schoolOrgId) === r.code).map((p) => p.type));
      // Even 神农架 (2 schools) has all nine: the region's type queue starts with every type once.
      expect([...types].sort(), r.name).toEqual([...PROJECT_TYPES].sort());
    }
    for (const p of rows) {
      const v = validateProjectData(p.type as ProjectType, p.data, refs);
      expect(v.ok, `${p.title}: ${v.ok ? '' : JSON.stringify(v.issues)}`).toBe(true);
      if (v.ok) expect(v.data).toEqual(p.data);
      const ag = ags.get(p.agreementId)!;
      expect(p.regionCode).toBe(ag.regionCode);
      expect(p.campaignYear).toBe(Number(p.startDate.slice(0, 4)));
      expect(p.reportFrequency).toBe(DEFAULT_REPORT_FREQUENCY[p.type as ProjectType]);
      expect(parties.some((x) => x.agreementId === ag.id && x.orgId === p.schoolOrgId && x.side === 'school')).toBe(
        true,
      );
      if (p.type === 'alliance') expect(ag.kind).toBe('alliance');
      if (p.status === 'stopped') expect(p.stopReason).toBeTruthy();
      if (p.status === 'planned') expect(['draft', 'signed', 'active']).toContain(ag.status);
      if (p.status === 'running' || p.status === 'completed') {
        expect(['active', 'expired', 'terminated']).toContain(ag.status);
        expect(p.startDate >= '2025-09-01' && p.startDate <= '2026-10-31').toBe(true);
        expect(p.startDate >= ag.termStart).toBe(true);
      }
      if (p.status === 'completed') expect(p.endDate! < today).toBe(true);
    }
    const statuses = new Set(rows.map((p) => p.status));
    expect([...statuses].sort()).toEqual(['completed', 'planned', 'running', 'stopped']);
    expect(rows.filter((p) => p.status === 'running').length).toBeGreaterThan(rows.length * 0.4);
    expect(rows.filter((p) => p.status === 'stopped').length).toBeLessThan(rows.length * 0.08);
  });

  it('share mentors across projects, let teachers reach 30 days and put bases on key specialties', async () => {
    const rows = await demo.database.db.select().from(projects);
    const seen = new Map<string, number>();
    let current = 0;
    let total = 0;
    for (const p of rows.filter((x) => x.type === 'mentor')) {
      for (const m of (p.data as { mentors: { idKey: string; termStart: string; termEnd: string }[] }).mentors) {
        expect(m.idKey).toMatch(/^[0-9a-f]{32}$/);
        seen.set(m.idKey, (seen.get(m.idKey) ?? 0) + 1);
        total++;
        if (m.termStart <= today && m.termEnd >= today) current++;
      }
    }
    expect([...seen.values()].some((n) => n > 1)).toBe(true);
    expect(seen.size).toBeLessThan(total);
    expect(current / total).toBeGreaterThan(0.5);
    const days = new Map<string, number>();
    for (const p of rows.filter((x) => x.type === 'teacher_practice')) {
      for (const t of (
        p.data as {
          teachers: { idKey: string; days: number; startDate: string; keySpecialty: boolean; backbone: boolean }[];
        }
      ).teachers) {
        expect(t.days).toBeGreaterThanOrEqual(1);
        expect(t.days).toBeLessThanOrEqual(45);
        if (t.keySpecialty && t.backbone && t.startDate.startsWith('2026'))
          days.set(`${p.schoolOrgId}:${t.idKey}`, (days.get(`${p.schoolOrgId}:${t.idKey}`) ?? 0) + t.days);
      }
    }
    expect([...days.values()].filter((d) => d >= 30).length).toBeGreaterThan(5);
    const keys = await demo.database.db.select().from(schoolSpecialties).where(eq(schoolSpecialties.isKey, true));
    for (const p of rows.filter((x) => x.type === 'base')) {
      for (const c of (p.data as { specialtyCodes: string[] }).specialtyCodes)
        expect(
          keys.some((k) => k.orgId === p.schoolOrgId && k.specialtyCode === c),
          p.title,
        ).toBe(true);
    }
  });

  it('put some regions ahead of their 2025 quota and some far behind', async () => {
    const q = (await get('province', '/api/campaigns/2025/quota')).json();
    const ratios = q.rows.map((r: { regionCode: string; ratio: number | null }) => [r.regionCode, r.ratio] as const);
    const ahead = ratios
      .filter(([, x]: readonly [string, number | null]) => x != null && x >= 1)
      .map(([c]: readonly [string, number | null]) => c);
    const behind = ratios
      .filter(([, x]: readonly [string, number | null]) => x != null && x < 0.5)
      .map(([c]: readonly [string, number | null]) => c);
    expect(ahead).toEqual(expect.arrayContaining(['420600', '420500', '420300']));
    expect(behind).toEqual(expect.arrayContaining(['429021', '422800', '421300']));
    expect(q.rows.filter((r: { status: string }) => r.status === 'ahead').length).toBeGreaterThan(0);
    expect(q.rows.filter((r: { status: string }) => r.status === 'behind').length).toBeGreaterThan(0);
  });
});

describe('demo progress reports', () => {
  it('run from each project’s start to today, mostly accepted, some late, submitted and returned', async () => {
    const reports = await demo.database.db.select().from(progressReports);
    const byState = (s: string) => reports.filter((r) => r.state === s);
    expect(byState('accepted').length).toBeGreaterThan(reports.length * 0.6);
    expect(byState('submitted').length).toBeGreaterThan(0);
    expect(byState('returned').length).toBeGreaterThan(0);
    expect(byState('returned').every((r) => r.returnReason)).toBe(true);
    expect(byState('returned').some((r) => r.returnReason === '请补充学生流失原因')).toBe(true);
    const overdue = reports.filter((r) => (r.state === 'due' || r.state === 'draft') && r.dueDate < today);
    expect(overdue.length).toBeGreaterThan(0);
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
    for (const id of [
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
    ]) {
      expect(value(id), id).toBeGreaterThan(0);
    }
    expect(value('people_trained_year')).toBeGreaterThan(1000);
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
    expect(y2025.length).toBeGreaterThan(0);
    expect(new Set(y2025)).toEqual(new Set([CORRECTED_FROM]));
    expect(new Set(now)).toEqual(new Set([CORRECTED_TO]));
    // 鄂州's bureau sees the school's projects; the audit entry names the day it applies from.
    const listed = (await get('region-420700', `/api/projects?pageSize=200`)).json().items as { schoolOrgId: number }[];
    expect(listed.some((p) => p.schoolOrgId === id)).toBe(true);
  });
});

describe('demo agreements through the API', () => {
  it('serves the Word document of an active agreement to a school party', async () => {
    const [u] = await demo.database.db.select().from(users).where(eq(users.username, 'school-420600-01'));
    const mine = await demo.database.db
      .select({ id: agreements.id, status: agreements.status })
      .from(agreements)
      .innerJoin(agreementParties, eq(agreementParties.agreementId, agreements.id))
      .where(eq(agreementParties.orgId, u.orgId!));
    const active = mine.find((x) => x.status === 'active')!;
    expect(active).toBeDefined();
    const detail = (await get('school-420600-01', `/api/agreements/${active.id}`)).json();
    expect(detail).toMatchObject({ status: 'active', scan: { mime: 'application/pdf' } });
    expect(detail.projectCount).toBeGreaterThan(0);
    const doc = await get('school-420600-01', `/api/agreements/${active.id}/document.docx`);
    expect(doc.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(
      (await get('school-420600-01', `/api/agreements/${active.id}/scan`)).rawPayload.subarray(0, 5).toString(),
    ).toBe('%PDF-');
    const history = (await get('school-420600-01', `/api/agreements/${active.id}/history`)).json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'upload_scan',
      'sign',
      'activate',
    ]);
    // Reading the lists does not move any state (stored states are current).
    const dated = async () =>
      (
        await demo.database.db
          .select({ n: count() })
          .from(agreementEvents)
          .where(inArray(agreementEvents.action, ['activate', 'expire']))
      )[0].n;
    const before = await dated();
    const list = (await get('province', '/api/agreements?page=1&pageSize=100')).json();
    expect(list.total).toBe((await demo.database.db.select({ n: count() }).from(agreements))[0].n);
    for (let page = 2; page <= Math.ceil(list.total / 100); page++)
      await get('province', `/api/agreements?page=${page}&pageSize=100`);
    expect(await dated()).toBe(before);
  });
});

describe('demo projects seed', () => {
  // The last test of the file: it empties the database the others read.
  it('is removed by the demo reset', async () => {
    const tables = [
      agreements,
      agreementParties,
      agreementFiles,
      agreementEvents,
      projects,
      progressReports,
      reportVersions,
      internships,
      teacherTrainings,
    ];
    for (const t of tables)
      expect((await demo.database.db.select({ n: count() }).from(t))[0].n, 'seeded before the reset').toBeGreaterThan(
        0,
      );
    await deleteDemoRows(demo.database.db);
    for (const t of tables) expect((await demo.database.db.select({ n: count() }).from(t))[0].n).toBe(0);
    expect((await demo.database.db.select({ n: count() }).from(indicatorSnapshots))[0].n).toBe(0);
  });
});
