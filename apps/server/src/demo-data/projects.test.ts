// The projects stage as users meet it: agreements, projects, the Word document, the reset. Reports, internships,
// indicators and the region correction are in projectsReports.test.ts; both read a copy of the one seeded demo
// (test/seededDemo.ts).
import { describe, expect, it } from 'vitest';
import { asc, count, eq, inArray, isNotNull } from 'drizzle-orm';
import {
  agreementStateOn,
  DEFAULT_REPORT_FREQUENCY,
  PROJECT_TYPES,
  REGIONS,
  validateProjectData,
  type AgreementState,
  type ProjectType,
} from '@cjrh/domain';
import { today as beijingToday } from '../lib/clock';
import { projectRefs } from '../modules/projects/refs';
import {
  agreementEvents,
  agreementFiles,
  agreementParties,
  agreements,
  indicatorSnapshots,
  internships,
  intents,
  orgRegionHistory,
  orgs,
  progressReports,
  projects,
  reportVersions,
  schoolSpecialties,
  teacherTrainings,
  users,
} from '../db/schema/index';
import { rolledBack, useSeededDemo } from '../../test/seededDemo';
import { deleteDemoRowsIn } from './reset';
import { nowMs } from '../lib/clock';
import { CORRECTED_FROM, CORRECTED_TO } from './regionCorrection';

const demo = useSeededDemo(600_000);
const today = beijingToday();
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
    }
    // Every agreement names its areas of cooperation: how many agreements name one, two, three or four.
    const areaCounts = new Map<number, number>();
    for (const x of rows) areaCounts.set(x.areas.length, (areaCounts.get(x.areas.length) ?? 0) + 1);
    expect(Object.fromEntries([...areaCounts].sort((p, q) => p[0] - q[0]))).toEqual({ 1: 77, 2: 134, 3: 96, 4: 4 });
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
    expect(q.rows.filter((r: { status: string }) => r.status === 'ahead').length).toBe(4);
    expect(q.rows.filter((r: { status: string }) => r.status === 'behind').length).toBe(12);
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
    expect(detail.projectCount).toBe(4);
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
  // Removes the demo in a transaction it then rolls back: the other tests still read the whole demo, in any order.
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
    await rolledBack(demo.database, async (tx) => {
      for (const t of tables)
        expect((await tx.select({ n: count() }).from(t))[0].n, 'seeded before the reset').toBeGreaterThan(0);
      await deleteDemoRowsIn(tx);
      for (const t of tables) expect((await tx.select({ n: count() }).from(t))[0].n).toBe(0);
      expect((await tx.select({ n: count() }).from(indicatorSnapshots))[0].n).toBe(0);
    });
  });
});
