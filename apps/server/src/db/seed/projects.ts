import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import {
  DEFAULT_REPORT_FREQUENCY,
  DEMO_MARK,
  INDICATORS,
  industryByCode,
  PROJECT_TYPE_LABELS,
  PROJECT_TYPES,
  periodBounds,
  periodsBetween,
  REGIONS,
  reportMetricsSchema,
  validateInternshipCohort,
  validateProjectData,
  validateReportMetrics,
  type IndicatorDef,
  type ProjectRefs,
  type ProjectType,
  type ReportFrequency,
} from '@cjrh/domain';
import type { DbOrTx } from '../client';
import {
  agreementEvents,
  agreementFiles,
  agreementParties,
  agreements,
  appMeta,
  campaignQuotas,
  campaigns,
  demoDeclarations,
  demoNominations,
  demoObjections,
  demoScores,
  indicatorSnapshots,
  internships,
  intents,
  orgs,
  progressReports,
  projects,
  projectTypeSettings,
  regionKeyIndustries,
  reportVersions,
  teacherTrainings,
  users,
} from '../schema/index';
import { beijingToday } from '../../modules/agreements/agreements.service';
import { byRegion, figure } from '../../modules/indicators/indicators.service';
import { projectRefs } from '../../modules/projects/refs';
import type { DemoPlan, OrgRow } from './generate';
import {
  addDays,
  bareName,
  bjAt,
  buildProject,
  dateBetween,
  dayNo,
  firstOfMonth,
  GENERIC_RETURN_REASONS,
  industriesForSpecialty,
  matchingSpecialty,
  maxDate,
  mentorPool,
  minDate,
  periodMetrics,
  projectMonths,
  RETURN_REASONS,
  scanPdf,
  shortEnterprise,
  specialtyName,
  STOP_REASONS,
  teacherPool,
  TERMINATE_REASONS,
  termEndOf,
  allianceName,
  type EnterpriseLite,
  type Mentor,
  type MetricState,
  type SchoolLite,
  type Teacher,
} from './projectData';
import { apportion, mulberry32, type Rng } from './random';

// Issues 5 and 6 brought to life: agreements between each region's schools and key enterprises in every state (with
// their scans and event trails), cooperation projects of every type under them, progress reports period by period up
// to today (accepted, submitted, returned, late), internship cohorts, the regions' key industries, teacher-training
// records, and a monthly indicator history that ends where today's live values are.
//
// Unlike the collection demo (fixed on 2025-08-05) this part is placed relative to TODAY (Beijing): a signed agreement
// must still be waiting for its start date, an expired one must have ended, reports must be due up to now. Given the
// same day, scale and seed the rows are identical.
//
// Quota story (附件3, projects whose start date falls in 2025): 襄阳, 宜昌 and 十堰 finished ahead of their 2025 quota;
// 神农架, 恩施 and 随州 are far behind. 武汉's quota (a quarter of the province's) cannot be met within a region's 8–30
// agreements of 1–3 projects each, so 武汉 sits below it too — in line with the matchmaking demo, where 武汉 is still
// reviewing its collection.

export const PROJECTS_SEED = 20251015;
export const PROJECTS_META_KEY = 'demo-projects';
export const AHEAD_REGIONS = ['420600', '420500', '420300'];
export const BEHIND_REGIONS = ['429021', '422800', '421300'];
/** Share of the 2025 project quota recorded with a 2025 start date; other regions draw 0.70–1.00. */
const TARGET_2025: Record<string, number> = { '420600': 1.32, '420500': 1.22, '420300': 1.16, '429021': 0.3, '422800': 0.34, '421300': 0.4, '420100': 0.45 };
const QUOTA_YEAR = 2025;
const STATUS_WEIGHTS = [10, 10, 65, 7, 8]; // draft, signed, active, expired, terminated
const STATUSES = ['draft', 'signed', 'active', 'expired', 'terminated'] as const;
/** Types that fit a one-year agreement that has already run out. */
const SHORT_TYPES: ProjectType[] = ['training_eval', 'competition', 'rnd', 'mentor', 'teacher_practice'];
const TYPE_WEIGHTS: Record<Exclude<ProjectType, 'alliance'>, number> = { order_class: 16, mentor: 14, training_eval: 16, base: 12, teacher_practice: 12, specialty: 10, competition: 8, rnd: 10 };
const SYSTEM_ACTOR = '系统（按日期）';
const TYPE_RANK: Record<string, number> = { 技师学院: 0, 高级技工学校: 1 };
const BATCH = 2000;

type AgStatus = (typeof STATUSES)[number];
type ProjectStatus = 'planned' | 'running' | 'completed' | 'stopped';
type ReportState = 'due' | 'draft' | 'submitted' | 'accepted' | 'returned';
interface Account {
  id: number;
  username: string;
}

interface Slot {
  year: 2025 | 2026 | null; // null: planned, not started
  alliance: boolean;
  type?: ProjectType;
}
interface PPlan {
  type: ProjectType;
  start: string;
  end: string;
  status: ProjectStatus;
  stopReason: string | null;
  stopDate: string | null;
  createdDate: string;
  title: string;
  data: Record<string, unknown>;
  ag: APlan;
  id?: number;
}
interface APlan {
  regionCode: string;
  idx: number;
  status: AgStatus;
  kind: 'bilateral' | 'alliance';
  slots: Slot[];
  projects: PPlan[];
  termStart: string;
  termEnd: string;
  signingDate: string | null;
  createdDate: string;
  terminateDate: string | null;
  terminateReason: string | null;
  keyProject: boolean;
  intentId: number | null;
  school?: SchoolLite;
  enterprises: EnterpriseLite[];
  schools: SchoolLite[];
  allianceName?: string;
  title: string;
  areas: string[];
  scope: string;
  id?: number;
  agreementNo?: string;
}

export interface ProjectsSeedSummary {
  agreements: Record<AgStatus, number>;
  projects: Record<string, number>;
  projectStatuses: Record<ProjectStatus, number>;
  reports: Record<ReportState, number>;
  overdue: number;
  internships: number;
  trainings: { year: number; teachers: number }[];
  quota: { regionCode: string; quota: number; count2025: number }[];
  snapshots: number;
}

const pad4 = (n: number) => String(n).padStart(4, '0');

async function reserveIds(tx: DbOrTx, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const res = (await tx.execute(sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n})`)) as unknown as { rows: { id: number }[] };
  return res.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/**
 * Bulk insert through one JSON parameter per batch (jsonb_to_recordset): several times faster on PGlite than a
 * multi-row VALUES with thousands of bound parameters. Every row must carry every column it needs (a missing key is
 * written as NULL, not as the column's default).
 */
async function insertJson<T extends PgTable>(tx: DbOrTx, table: T, rows: T['$inferInsert'][], conflict?: SQL) {
  if (!rows.length) return;
  const { name } = getTableConfig(table);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r as object)))];
  const cols = keys.map((k) => {
    const c = (table as unknown as Record<string, PgColumn>)[k];
    if (!c) throw new Error(`demo projects: ${name} has no column ${k}`);
    const type = c.getSQLType();
    // The database is used with snake_case casing: a column named after its key is stored in snake case.
    return { key: k, name: c.keyAsName ? c.name.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`) : c.name, type: type === 'serial' ? 'integer' : type };
  });
  const list = sql.join(cols.map((c) => sql.identifier(c.name)), sql`, `);
  const shape = sql.raw(cols.map((c) => `"${c.name}" ${c.type}`).join(', '));
  for (let i = 0; i < rows.length; i += BATCH) {
    const json = JSON.stringify(rows.slice(i, i + BATCH).map((r) => Object.fromEntries(cols.map((c) => [c.name, (r as Record<string, unknown>)[c.key] ?? null]))));
    await tx.execute(sql`insert into ${table} (${list}) select ${list} from jsonb_to_recordset(${json}::jsonb) as x(${shape}) ${conflict ?? sql``}`);
  }
}

function fail(what: string, issues: { path: string; message: string }[]): never {
  throw new Error(`demo projects: ${what} is invalid: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`);
}

/**
 * Writes agreements, projects, reports, internships, key industries, teacher trainings and the indicator history in
 * the caller's transaction. Does nothing (returns null) when agreements of demo organisations exist already.
 */
export async function seedDemoProjects(
  tx: DbOrTx,
  input: { plan: DemoPlan; idByUscc: Map<string, number>; scale: number; seed: number; log?: (m: string) => void; today?: string },
): Promise<ProjectsSeedSummary | null> {
  const log = input.log ?? (() => {});
  const started = Date.now();
  const today = input.today ?? beijingToday();
  const { plan, idByUscc, scale, seed } = input;
  const demoIds = [...idByUscc.values()];
  const [existing] = await tx.select({ id: agreementParties.agreementId }).from(agreementParties).where(inArray(agreementParties.orgId, tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true)))).limit(1);
  if (existing || demoIds.length === 0) {
    log('示例单位已有合作协议，未写入示例协议与项目数据');
    return null;
  }
  const rng = mulberry32((PROJECTS_SEED ^ seed) >>> 0);

  // ------------------------------------------------------------ what the database already says
  const userRows = await tx.select({ id: users.id, username: users.username, role: users.role, regionCode: users.regionCode, orgId: users.orgId }).from(users).orderBy(users.id);
  const accountOf = new Map<number, Account>();
  for (const u of userRows) if (u.orgId != null && !accountOf.has(u.orgId)) accountOf.set(u.orgId, { id: u.id, username: u.username });
  const regionAccount = new Map<string, Account>();
  for (const u of userRows) if (u.role === 'region' && u.regionCode && (!regionAccount.has(u.regionCode) || u.username === `region-${u.regionCode}`)) regionAccount.set(u.regionCode, { id: u.id, username: u.username });
  const quotaRows = await tx
    .select({ regionCode: campaignQuotas.regionCode, quota: campaignQuotas.projectQuota })
    .from(campaignQuotas)
    .innerJoin(campaigns, eq(campaigns.id, campaignQuotas.campaignId))
    .where(eq(campaigns.year, QUOTA_YEAR));
  const fallbackQuota = apportion(Math.max(1, Math.round(500 * scale)), REGIONS.map((r) => plan.schools.filter((s) => s.regionCode === r.code).length || 1));
  const quotaOf = new Map<string, number>(REGIONS.map((r, i) => [r.code, fallbackQuota[i]]));
  for (const q of quotaRows) quotaOf.set(q.regionCode, q.quota);
  const acceptedIntents = await tx.select({ id: intents.id, fromOrgId: intents.fromOrgId, toOrgId: intents.toOrgId, decidedAt: intents.decidedAt }).from(intents).where(eq(intents.state, 'accepted')).orderBy(intents.id);
  const settings = await tx.select().from(projectTypeSettings);
  const frequencyOf = (t: ProjectType): ReportFrequency => (settings.find((s) => s.type === t)?.frequency as ReportFrequency | undefined) ?? DEFAULT_REPORT_FREQUENCY[t];
  const dictRefs = await projectRefs(tx);
  const refs: ProjectRefs | undefined = dictRefs.specialtyCodes && dictRefs.specialtyCodes.size > 0 ? dictRefs : undefined;
  // Every project's data goes through validateProjectData, as the service's would; a failure stops the seed.
  const checkedData = (t: ProjectType, data: Record<string, unknown>, title: string) => {
    const v = validateProjectData(t, data, refs);
    return v.ok ? (v.data as Record<string, unknown>) : fail(`${t} project “${title}”`, v.issues);
  };
  // Report metrics: validateReportMetrics builds its schema on every call (a millisecond each, for thousands of
  // reports); the seed builds each type's schema once — the same rules — and asks validateReportMetrics for the
  // Chinese, path-by-path issues only on a failure.
  const metricSchemas = new Map<ProjectType, ReturnType<typeof reportMetricsSchema>>();
  const metricSchema = (t: ProjectType) => metricSchemas.get(t) ?? (metricSchemas.set(t, reportMetricsSchema(t, refs)), metricSchemas.get(t)!);
  const regionCounts = new Map(
    ((await tx.execute(sql`select region_code, count(*)::int as n from agreements group by region_code`)) as unknown as { rows: { region_code: string; n: number }[] }).rows.map((r) => [r.region_code, Number(r.n)]),
  );

  // ------------------------------------------------------------ organisations as the builders see them
  const lite = (o: OrgRow) => ({ id: idByUscc.get(o.uscc)!, uscc: o.uscc, name: o.name, regionCode: o.regionCode, address: o.address ?? '' });
  const schoolLite = (o: OrgRow): SchoolLite => ({
    ...lite(o),
    schoolType: o.schoolType ?? '技工学校',
    specialties: (plan.specialties.get(o.uscc) ?? []).map((s) => ({ specialtyCode: s.specialtyCode, isKey: !!s.isKey, enrolment: s.enrolment ?? 0 })),
  });
  const entLite = (o: OrgRow): EnterpriseLite => ({ ...lite(o), industryCodes: o.industryCodes ?? [], isKey: !!o.isKey, size: o.size ?? '小型' });
  const schoolById = new Map<number, SchoolLite>();
  const runningIds = new Set<number>();
  for (const s of plan.schools) {
    const l = schoolLite(s);
    schoolById.set(l.id, l);
    if (s.runsProgrammes) runningIds.add(l.id);
  }
  const entById = new Map<number, EnterpriseLite>(plan.enterprises.map((e) => [idByUscc.get(e.uscc)!, entLite(e)]));
  const keyEntsOf = (code: string) => [...entById.values()].filter((e) => e.regionCode === code && e.isKey);
  const mentorPools = new Map<number, Mentor[]>();
  const teacherPools = new Map<number, Teacher[]>();
  // People (mentors lent by an enterprise, teachers of a school) come from a stream of their own, made on first use.
  const people = mulberry32((Math.imul(PROJECTS_SEED, 7) + seed) >>> 0);
  const mentorsOf = (e: EnterpriseLite) => mentorPools.get(e.id) ?? (mentorPools.set(e.id, mentorPool(people, seed, e)), mentorPools.get(e.id)!);
  const teachersOf = (s: SchoolLite) => teacherPools.get(s.id) ?? (teacherPools.set(s.id, teacherPool(people, seed, s)), teacherPools.get(s.id)!);

  // The last day a started project may start on (reports need a few periods behind them).
  const winEnd = maxDate('2026-01-05', minDate('2026-10-31', addDays(today, -30)));
  const start2025 = () => (rng.chance(0.35) ? '2025-09-01' : dateBetween(rng, '2025-09-01', minDate('2025-12-31', addDays(today, -30))));
  const start2026 = () => {
    const fixed = ['2026-03-01', '2026-09-01'].filter((d) => d <= winEnd);
    return fixed.length && rng.chance(0.25) ? rng.pick(fixed) : dateBetween(rng, '2026-01-05', winEnd);
  };

  const allAgreements: APlan[] = [];
  const quotaStory: ProjectsSeedSummary['quota'] = [];
  const intentUsed = new Set<number>();

  for (const profile of plan.profiles) {
    const code = profile.region.code;
    const regionSchools = plan.schools.filter((s) => s.regionCode === code).map((s) => schoolById.get(idByUscc.get(s.uscc)!)!);
    const running = regionSchools.filter((s) => runningIds.has(s.id));
    const keyEnts = keyEntsOf(code);
    if (running.length === 0 || keyEnts.length === 0) continue;
    const quota = quotaOf.get(code) ?? 0;
    const ahead = AHEAD_REGIONS.includes(code);
    const behind = BEHIND_REGIONS.includes(code);
    let n25 = Math.round(quota * (TARGET_2025[code] ?? (0.7 + rng.next() * 0.3)));
    let n26 = Math.max(3, Math.round(quota * (ahead ? 0.3 : behind ? 0.7 + rng.next() * 0.2 : 0.4 + rng.next() * 0.15)));
    const cap = Math.round(30 * Math.max(1, scale));
    const total = Math.min(cap, Math.max(8, Math.ceil((n25 + n26) / (0.8 * 2.3))));
    const counts = apportion(total, STATUS_WEIGHTS);
    const nAlliance = Math.min(counts[2] - 1, Math.max(1, Math.round(running.length / 25)));

    // 1. Shells: status, kind, how many projects.
    const shells: APlan[] = [];
    STATUSES.forEach((status, si) => {
      for (let i = 0; i < counts[si]; i++) {
        const alliance = status === 'active' && i < nAlliance;
        shells.push({
          regionCode: code,
          idx: shells.length,
          status,
          kind: alliance ? 'alliance' : 'bilateral',
          slots: alliance ? [{ year: 2025, alliance: true }, ...(rng.chance(0.5) ? [{ year: 2025 as const, alliance: false }] : [])] : [],
          projects: [],
          termStart: '',
          termEnd: '',
          signingDate: null,
          createdDate: '',
          terminateDate: null,
          terminateReason: null,
          keyProject: false,
          intentId: null,
          enterprises: [],
          schools: [],
          title: '',
          areas: [],
          scope: '',
        });
      }
    });
    const hosting = shells.filter((s) => s.status === 'active' || s.status === 'expired' || s.status === 'terminated');
    const bilateralHosts = hosting.filter((s) => s.kind === 'bilateral');
    for (const s of bilateralHosts) s.slots.push({ year: 2025, alliance: false });
    const capOf = (s: APlan) => (s.status === 'active' ? 3 : s.status === 'expired' && behind ? 1 : 2);
    let left = n25 + n26 - hosting.reduce((n, s) => n + s.slots.length, 0);
    while (left > 0) {
      const open = bilateralHosts.filter((s) => s.slots.length < capOf(s));
      if (!open.length) break;
      rng.pick(open).slots.push({ year: 2025, alliance: false });
      left--;
    }
    const startedCount = hosting.reduce((n, s) => n + s.slots.length, 0);
    if (startedCount < n25 + n26) {
      n26 = Math.max(0, startedCount - n25);
      n25 = startedCount - n26;
    } else n26 = startedCount - n25;

    // 2. Years: an expired (one-year) agreement ran in 2025; then whole agreements take 2025 until the target is met.
    let r25 = n25;
    for (const s of hosting.filter((x) => x.status === 'expired')) {
      for (const slot of s.slots) slot.year = 2025;
      r25 -= s.slots.length;
    }
    for (const s of rng.shuffle(hosting.filter((x) => x.status !== 'expired'))) for (const slot of s.slots) slot.year = r25-- > 0 ? 2025 : 2026;
    // Planned projects: on signed agreements, a few drafts and a few active ones.
    for (const s of shells) {
      const planned = s.status === 'signed' ? rng.int(1, 2) : s.status === 'draft' ? (rng.chance(0.4) ? 1 : 0) : s.status === 'active' && s.kind === 'bilateral' && rng.chance(0.08) ? 1 : 0;
      for (let i = 0; i < planned; i++) s.slots.push({ year: null, alliance: false });
    }

    // 3. Types: every type early in the queue, so even a small region has them all (with planned projects added
    // where a small region has fewer slots than there are types).
    const nonAlliance = PROJECT_TYPES.filter((t) => t !== 'alliance') as Exclude<ProjectType, 'alliance'>[];
    const plannedHosts = shells.filter((s) => s.status === 'signed' || s.status === 'draft' || (s.status === 'active' && s.kind === 'bilateral'));
    while (plannedHosts.length && shells.reduce((n, s) => n + s.slots.filter((x) => !x.alliance).length, 0) < nonAlliance.length) rng.pick(plannedHosts).slots.push({ year: null, alliance: false });
    const typed = [...rng.shuffle(hosting), ...shells.filter((s) => !hosting.includes(s))].flatMap((s) => s.slots.map((slot) => ({ s, slot })));
    const free = typed.filter((x) => !x.slot.alliance);
    const queue: ProjectType[] = [...rng.shuffle(nonAlliance)];
    while (queue.length < free.length) queue.push(nonAlliance[rng.weighted(nonAlliance.map((t) => TYPE_WEIGHTS[t]))]);
    const allowed = (s: APlan, t: ProjectType) => s.status !== 'expired' || SHORT_TYPES.includes(t);
    for (const x of typed) {
      if (x.slot.alliance) {
        x.slot.type = 'alliance';
        continue;
      }
      const at = queue.findIndex((t) => allowed(x.s, t));
      x.slot.type = at >= 0 ? queue.splice(at, 1)[0] : rng.pick(SHORT_TYPES);
    }
    for (const t of nonAlliance) {
      if (free.some((x) => x.slot.type === t)) continue;
      const tally = (u: ProjectType) => free.filter((x) => x.slot.type === u).length;
      const donor = free.find((x) => x.s.status !== 'expired' && tally(x.slot.type!) > 1);
      if (donor) donor.slot.type = t;
    }

    // 4. Dates.
    const planProject = (s: APlan, slot: Slot, start: string): PPlan => {
      const type = slot.type!;
      return { type, start, end: termEndOf(start, projectMonths(rng, type)), status: 'planned', stopReason: null, stopDate: null, createdDate: start, title: '', data: {}, ag: s };
    };
    for (const s of shells) {
      if (s.status === 'active' || s.status === 'expired' || s.status === 'terminated') {
        const startedSlots = s.slots.filter((x) => x.year !== null);
        for (const slot of startedSlots) s.projects.push(planProject(s, slot, slot.year === 2025 ? start2025() : start2026()));
        const minStart = minDate(...s.projects.map((p) => p.start));
        const maxStart = maxDate(...s.projects.map((p) => p.start));
        s.termStart = maxDate('2025-07-21', addDays(minStart, -rng.int(0, 40)));
        s.signingDate = maxDate('2025-07-15', addDays(s.termStart, -rng.int(0, 25)));
        s.createdDate = maxDate('2025-07-10', addDays(s.signingDate, -rng.int(3, 30)));
        if (s.status === 'expired') {
          s.termEnd = maxDate(addDays(maxStart, 45), minDate(termEndOf(s.termStart, 12), addDays(today, -rng.int(5, 60))));
          for (const p of s.projects) {
            p.end = maxDate(addDays(p.start, 30), minDate(p.end, s.termEnd));
            p.status = 'completed';
          }
        } else if (s.status === 'terminated') {
          s.termEnd = termEndOf(s.termStart, 36);
          s.terminateDate = minDate(addDays(today, -rng.int(7, 30)), addDays(maxStart, rng.int(45, 240)));
          s.terminateReason = rng.pick(TERMINATE_REASONS);
          for (const p of s.projects) {
            // Short projects had mostly finished before the agreement was ended; the others stop with it.
            if (SHORT_TYPES.includes(p.type) && rng.chance(0.6)) p.end = maxDate(addDays(p.start, 30), minDate(p.end, addDays(s.terminateDate, -rng.int(5, 40))));
            if (p.end < s.terminateDate) p.status = 'completed';
            else Object.assign(p, { status: 'stopped', stopReason: '合作协议终止，项目随之中止', stopDate: s.terminateDate });
          }
        } else {
          s.termEnd = termEndOf(s.termStart, rng.pick([24, 36, 36, 60]));
          while (s.termEnd <= today) s.termEnd = termEndOf(s.termEnd, 12);
          for (const p of s.projects) {
            if (p.end < today) p.status = 'completed';
            else if (rng.chance(0.025)) Object.assign(p, { status: 'stopped', stopReason: rng.pick(STOP_REASONS), stopDate: dateBetween(rng, addDays(p.start, 30), addDays(today, -5)) });
            else p.status = 'running';
          }
        }
        for (const p of s.projects) p.createdDate = maxDate(s.signingDate, addDays(p.start, -rng.int(3, 30)));
      } else if (s.status === 'signed') {
        s.signingDate = dateBetween(rng, addDays(today, -45), addDays(today, -1));
        s.createdDate = addDays(s.signingDate, -rng.int(3, 25));
        s.termStart = firstOfMonth(today, rng.pick([1, 1, 2]));
        s.termEnd = termEndOf(s.termStart, rng.pick([36, 36, 24, 60]));
      } else {
        s.createdDate = dateBetween(rng, addDays(today, -75), addDays(today, -1));
        s.termStart = firstOfMonth(today, rng.int(1, 3));
        s.termEnd = termEndOf(s.termStart, 36);
      }
      for (const slot of s.slots.filter((x) => x.year === null)) {
        const start = s.status === 'active' ? dateBetween(rng, addDays(today, 10), addDays(today, 75)) : addDays(s.termStart, rng.int(0, 45));
        const p = planProject(s, slot, start);
        p.createdDate = dateBetween(rng, maxDate(s.createdDate, addDays(today, -40)), addDays(today, -1));
        s.projects.push(p);
      }
    }

    // 5. Parties: the demo accounts' organisations first, then accepted intents, then the region's schools in turn.
    const f = ahead ? 0.95 : behind ? 0.6 : 0.8;
    const engaged = [...running.slice(0, 2), ...rng.sample(running.slice(2), Math.round(f * running.length) - 2)];
    const typeRank = (s: SchoolLite) => TYPE_RANK[s.schoolType] ?? 2;
    const alliances = shells.filter((s) => s.kind === 'alliance');
    const leads = [...engaged].sort((a, b) => typeRank(a) - typeRank(b) || a.id - b.id);
    alliances.forEach((s, i) => {
      const lead = leads[i % leads.length];
      const otherSchools = rng.sample(
        running.filter((x) => x.id !== lead.id),
        rng.int(0, 2),
      );
      const ents = rng.sample(keyEnts, rng.int(2, 3));
      s.school = lead;
      s.schools = [lead, ...otherSchools].slice(0, 3);
      s.enterprises = ents.slice(0, Math.max(1, 6 - s.schools.length));
      s.allianceName = allianceName(rng, profile.region, profile.industries[i % profile.industries.length]?.code ?? '');
    });
    const rank: Record<AgStatus, number> = { active: 0, expired: 1, terminated: 2, signed: 3, draft: 4 };
    const bilateral = shells.filter((s) => s.kind === 'bilateral').sort((a, b) => rank[a.status] - rank[b.status] || a.createdDate.localeCompare(b.createdDate) || a.idx - b.idx);
    const assign = (s: APlan, school: SchoolLite, ents: EnterpriseLite[]) => {
      s.school = school;
      s.schools = [school];
      s.enterprises = ents;
    };
    bilateral
      .filter((s) => s.status === 'active')
      .slice(0, 2)
      .forEach((s, i) => assign(s, running[i] ?? running[0], [keyEnts[i] ?? keyEnts[0]]));
    for (const it of acceptedIntents) {
      if (intentUsed.has(it.id)) continue;
      const sch = schoolById.get(it.fromOrgId) ?? schoolById.get(it.toOrgId);
      const ent = entById.get(it.fromOrgId) ?? entById.get(it.toOrgId);
      if (!sch || !ent || sch.regionCode !== code || !it.decidedAt) continue;
      const decided = new Date(it.decidedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      const s = bilateral.filter((x) => !x.school && x.createdDate > decided).sort((a, b) => (a.status === 'draft' ? 1 : 0) - (b.status === 'draft' ? 1 : 0) || a.createdDate.localeCompare(b.createdDate))[0];
      if (!s) continue;
      assign(s, sch, [ent]);
      s.intentId = it.id;
      intentUsed.add(it.id);
    }
    const queueSchools = rng.shuffle(engaged.filter((x) => !bilateral.some((s) => s.school?.id === x.id)));
    const sizeBonus: Record<string, number> = { 大型: 3, 中型: 2, 小型: 1, 微型: 0.5 };
    const otherKeyEnts = [...entById.values()].filter((e) => e.isKey && e.regionCode !== code);
    for (const s of bilateral) {
      if (s.school) continue;
      const school = queueSchools.shift() ?? engaged[rng.weighted(engaged.map((x, i) => (3 - typeRank(x)) * (i < 2 ? 1.5 : 1)))];
      const fits = new Set(school.specialties.flatMap((x) => industriesForSpecialty(x.specialtyCode)));
      const keyFits = new Set(school.specialties.filter((x) => x.isKey).flatMap((x) => industriesForSpecialty(x.specialtyCode)));
      const used = new Set(bilateral.filter((x) => x.school?.id === school.id).flatMap((x) => x.enterprises.map((e) => e.id)));
      const pickEnt = (exclude: Set<number>) => {
        if (otherKeyEnts.length && rng.chance(0.08)) {
          const wuhan = otherKeyEnts.filter((e) => e.regionCode === '420100');
          return rng.pick(wuhan.length && rng.chance(0.5) ? wuhan : otherKeyEnts);
        }
        const pool = keyEnts.filter((e) => !exclude.has(e.id));
        const list = pool.length ? pool : keyEnts;
        return list[rng.weighted(list.map((e) => (sizeBonus[e.size] ?? 1) * (e.industryCodes.some((c) => keyFits.has(c)) ? 8 : e.industryCodes.some((c) => fits.has(c)) ? 3 : 1) * (used.has(e.id) ? 0.1 : 1)))];
      };
      const first = pickEnt(new Set());
      const ents = [first];
      if (rng.chance(0.06)) {
        const second = pickEnt(new Set([first.id]));
        if (second.id !== first.id) ents.push(second);
      }
      assign(s, school, ents);
    }

    // 6. Titles, areas and the projects' data.
    const industries = profile.industries.map((i) => i.code);
    for (const s of shells) {
      const school = s.school!;
      for (const p of s.projects) {
        const built = buildProject({
          rng,
          type: p.type,
          school,
          enterprises: s.enterprises,
          region: profile.region,
          industries,
          start: p.start,
          end: p.end,
          today,
          members: s.kind === 'alliance' ? [...s.schools, ...s.enterprises].map((o) => o.id) : undefined,
          leadOrgId: s.kind === 'alliance' ? school.id : undefined,
          allianceName: s.allianceName,
          mentorsOf,
          teachersOf,
        });
        if (p.type === 'order_class' && p.status === 'stopped') built.data.cancelled = true;
        p.title = built.title;
        p.data = built.data;
      }
      const labels = [...new Set(s.projects.map((p) => PROJECT_TYPE_LABELS[p.type]))];
      const areas = labels.length ? labels : rng.sample(Object.values(PROJECT_TYPE_LABELS).slice(1), rng.int(1, 3));
      const spec = specialtyName(matchingSpecialty(rng, school, s.enterprises[0]).specialtyCode);
      const industry = industryByCode(s.enterprises[0]?.industryCodes[0] ?? industries[0])?.name ?? '';
      const titleText =
        s.kind === 'alliance'
          ? `${s.allianceName}共建协议`
          : `${bareName(school.name)}与${shortEnterprise(s.enterprises[0].name)}${s.enterprises.length > 1 ? '等' : ''}校企合作协议`;
      s.title = `${titleText.slice(0, 100 - DEMO_MARK.length)}${DEMO_MARK}`;
      s.areas = areas;
      s.scope = `围绕${spec}等专业，开展${areas.join('、')}等合作，共同培养${industry}产业急需的技能人才。`;
      if (s.status === 'active' && s.kind === 'bilateral' && rng.chance(0.1)) s.keyProject = true;
    }
    const count2025 = shells.reduce((n, s) => n + s.projects.filter((p) => p.start.startsWith(String(QUOTA_YEAR))).length, 0);
    quotaStory.push({ regionCode: code, quota, count2025 });
    allAgreements.push(...shells);
  }
  // A key project for the signing ceremony somewhere, whatever the dice said.
  if (!allAgreements.some((s) => s.keyProject)) {
    const first = allAgreements.find((s) => s.status === 'active' && s.kind === 'bilateral');
    if (first) first.keyProject = true;
  }

  // ------------------------------------------------------------ validation (fail loudly)
  const allProjects = allAgreements.flatMap((s) => s.projects);
  for (const p of allProjects) p.data = checkedData(p.type, p.data, p.title);

  // ------------------------------------------------------------ ids and numbers, in the order things happened
  const agOrder = allAgreements.map((s, i) => ({ s, i })).sort((a, b) => a.s.createdDate.localeCompare(b.s.createdDate) || a.i - b.i);
  const agIds = await reserveIds(tx, 'agreements', agOrder.length);
  const seqInRegion = new Map<string, number>();
  agOrder.forEach(({ s }, k) => {
    s.id = agIds[k];
    const n = (seqInRegion.get(s.regionCode) ?? regionCounts.get(s.regionCode) ?? 0) + 1;
    seqInRegion.set(s.regionCode, n);
    s.agreementNo = `XQ-${s.regionCode}-${s.termStart.slice(0, 4)}-${pad4(n)}`;
  });
  const pOrder = allProjects.map((p, i) => ({ p, i })).sort((a, b) => a.p.createdDate.localeCompare(b.p.createdDate) || a.i - b.i);
  const pIds = await reserveIds(tx, 'projects', pOrder.length);
  pOrder.forEach(({ p }, k) => (p.id = pIds[k]));

  // ------------------------------------------------------------ agreement rows, parties, scans, events
  const agRows: (typeof agreements.$inferInsert)[] = [];
  const partyRows: (typeof agreementParties.$inferInsert)[] = [];
  const fileRows: (typeof agreementFiles.$inferInsert)[] = [];
  const eventRows: (typeof agreementEvents.$inferInsert)[] = [];
  for (const { s } of agOrder) {
    const school = s.school!;
    const creator = accountOf.get(school.id) ?? s.enterprises.map((e) => accountOf.get(e.id)).find(Boolean) ?? null;
    const signer = accountOf.get(school.id) ?? s.enterprises.map((e) => accountOf.get(e.id)).find(Boolean) ?? null;
    const createdAt = bjAt(s.createdDate, 0.1 + rng.next() * 0.8);
    const events: (typeof agreementEvents.$inferInsert)[] = [{ agreementId: s.id!, action: 'create', fromState: null, toState: 'draft', actorId: creator?.id ?? null, actorName: creator?.username ?? null, at: createdAt }];
    let version = 1;
    if (s.signingDate) {
      const signDay = maxDate(s.signingDate, s.createdDate);
      const uploadAt = new Date(Math.max(bjAt(signDay, 0.05 + rng.next() * 0.35).getTime(), createdAt.getTime() + 60_000));
      const signAt = new Date(Math.max(bjAt(signDay, 0.5 + rng.next() * 0.4).getTime(), uploadAt.getTime() + 60_000));
      const pdf = scanPdf(s.agreementNo!);
      const fileName = `${s.agreementNo}-签字盖章扫描件.pdf`;
      fileRows.push({ agreementId: s.id!, fileName, mime: 'application/pdf', size: pdf.length, content: pdf.toString('base64'), uploadedBy: signer?.id ?? null, uploadedAt: uploadAt });
      events.push({ agreementId: s.id!, action: 'upload_scan', fromState: 'draft', toState: 'draft', reason: fileName, actorId: signer?.id ?? null, actorName: signer?.username ?? null, at: uploadAt });
      events.push({ agreementId: s.id!, action: 'sign', fromState: 'draft', toState: 'signed', actorId: signer?.id ?? null, actorName: signer?.username ?? null, at: signAt });
      version = 2;
      if (s.status !== 'signed') {
        const activateAt = s.termStart > signDay ? bjAt(s.termStart, 0.02 + rng.next() * 0.2) : new Date(signAt.getTime() + 1000);
        events.push({ agreementId: s.id!, action: 'activate', fromState: 'signed', toState: 'active', actorId: null, actorName: SYSTEM_ACTOR, at: activateAt });
      }
      if (s.status === 'expired') events.push({ agreementId: s.id!, action: 'expire', fromState: 'active', toState: 'expired', actorId: null, actorName: SYSTEM_ACTOR, at: bjAt(addDays(s.termEnd, 1), 0.02 + rng.next() * 0.3) });
      if (s.status === 'terminated') {
        events.push({ agreementId: s.id!, action: 'terminate', fromState: 'active', toState: 'terminated', reason: s.terminateReason!, actorId: signer?.id ?? null, actorName: signer?.username ?? null, at: bjAt(s.terminateDate!, 0.3 + rng.next() * 0.6) });
        version = 3;
      }
    }
    eventRows.push(...events);
    agRows.push({
      id: s.id,
      agreementNo: s.agreementNo!,
      campaignYear: Number(s.termStart.slice(0, 4)),
      regionCode: s.regionCode,
      title: s.title,
      kind: s.kind,
      leadOrgId: s.kind === 'alliance' ? school.id : null,
      areas: s.areas,
      scope: s.scope,
      termStart: s.termStart,
      termEnd: s.termEnd,
      signingDate: s.signingDate,
      status: s.status,
      terminateReason: s.terminateReason,
      keyProject: s.keyProject,
      intentId: s.intentId,
      version,
      createdBy: creator?.id ?? null,
      createdAt,
      updatedAt: events[events.length - 1].at!,
    });
    for (const sc of s.schools) partyRows.push({ agreementId: s.id!, orgId: sc.id, side: 'school' });
    for (const e of s.enterprises) partyRows.push({ agreementId: s.id!, orgId: e.id, side: 'enterprise' });
  }

  // ------------------------------------------------------------ progress reports, period by period up to today
  const reportPlans: { p: PPlan; row: typeof progressReports.$inferInsert; versions: (typeof reportVersions.$inferInsert & { at: Date })[] }[] = [];
  const dayBefore = addDays(today, -1);
  for (const p of allProjects) {
    if (p.status === 'planned') continue;
    const freq = frequencyOf(p.type);
    const until = p.status === 'stopped' ? p.stopDate! : minDate(p.end, today);
    const periods = periodsBetween(p.start, until, freq).filter((x) => x.dueDate <= addDays(today, 31) && (p.status !== 'stopped' || periodBounds(x.period).end < p.stopDate!));
    const st: MetricState = {};
    const filler = accountOf.get(p.ag.school!.id) ?? null;
    const reviewer = regionAccount.get(p.ag.regionCode) ?? null;
    const reasons = RETURN_REASONS[p.type] ?? GENERIC_RETURN_REASONS;
    for (const { period, dueDate } of periods) {
      const b = periodBounds(period);
      const raw = periodMetrics(rng, p.type, p.data, b, st);
      const parsed = metricSchema(p.type).safeParse(raw);
      if (!parsed.success) {
        const v = validateReportMetrics(p.type, raw, refs);
        fail(`${p.type} report ${period} of “${p.title}”`, v.ok ? [{ path: '', message: parsed.error.message }] : v.issues);
      }
      const metrics = parsed.data as Record<string, unknown>;
      let state: ReportState;
      let history = false;
      if (b.end >= today) state = rng.chance(0.9) ? 'due' : 'draft';
      else if (dueDate >= today) state = (['due', 'draft', 'submitted'] as const)[rng.weighted([55, 15, 30])];
      else if (dueDate >= addDays(today, -50)) state = p.status === 'running' ? (['accepted', 'submitted', 'returned', 'due', 'draft'] as const)[rng.weighted([35, 22, 13, 22, 8])] : rng.chance(0.8) ? 'accepted' : 'submitted';
      else {
        state = 'accepted';
        history = rng.chance(0.06);
      }
      const versions: (typeof reportVersions.$inferInsert & { at: Date })[] = [];
      const row: typeof progressReports.$inferInsert = { projectId: p.id!, period, dueDate, state: 'due', metrics: {}, note: '', returnReason: null, regionCode: p.ag.regionCode, version: 1, submittedAt: null, decidedAt: null };
      const opened = minDate(maxDate(b.start, p.start), dayBefore);
      row.updatedAt = bjAt(opened, 0.01);
      if (state === 'draft') {
        Object.assign(row, { state, metrics, version: 2, updatedAt: bjAt(dateBetween(rng, maxDate(opened, addDays(b.end, -5)), dayBefore), rng.next()) });
      } else if (state !== 'due') {
        const late = rng.chance(0.15);
        let submitDay = late ? addDays(dueDate, rng.int(1, 12)) : addDays(dueDate, -rng.int(0, 9));
        submitDay = minDate(maxDate(submitDay, addDays(b.end, 1)), dayBefore);
        const note = rng.chance(0.25) ? rng.pick(['按计划推进', '本期工作进展顺利', '已按要求报送佐证材料', '部分活动因企业生产安排顺延']) : '';
        const submitAt = bjAt(submitDay, 0.1 + rng.next() * 0.8);
        const after = (from: string, lo: number, hi: number) => addDays(from, rng.int(lo, hi));
        let decideDay = after(submitDay, 1, 10);
        if ((state === 'accepted' || state === 'returned') && decideDay > dayBefore) decideDay = dayBefore;
        if ((state === 'accepted' || state === 'returned') && decideDay <= submitDay) state = 'submitted';
        const v2 = { reportId: 0, metrics, note, actorId: filler?.id ?? null, actorName: filler?.username ?? null };
        const rv = { reportId: 0, metrics, note, actorId: reviewer?.id ?? null, actorName: reviewer?.username ?? null };
        if (history) {
          // Returned once, corrected and accepted: save, submit, return, save, submit, accept.
          const reason = rng.pick(reasons);
          const returnDay = decideDay;
          const resubmitDay = after(returnDay, 1, 6);
          const acceptDay = after(resubmitDay, 1, 6);
          if (acceptDay <= dayBefore) {
            versions.push({ ...v2, version: 2, action: 'submit', state: 'submitted', reason: '', at: submitAt });
            versions.push({ ...rv, version: 3, action: 'return', state: 'returned', reason, at: bjAt(returnDay, rng.next()) });
            const fixedNote = '已按审核意见补充说明';
            const resubmitAt = bjAt(resubmitDay, rng.next());
            versions.push({ ...v2, note: fixedNote, version: 5, action: 'submit', state: 'submitted', reason: '', at: resubmitAt });
            const acceptAt = bjAt(acceptDay, rng.next());
            versions.push({ ...rv, note: fixedNote, version: 6, action: 'accept', state: 'accepted', reason: '', at: acceptAt });
            Object.assign(row, { state: 'accepted', metrics, note: fixedNote, returnReason: reason, version: 7, submittedAt: resubmitAt, decidedAt: acceptAt, updatedAt: acceptAt });
            reportPlans.push({ p, row, versions });
            continue;
          }
        }
        versions.push({ ...v2, version: 2, action: 'submit', state: 'submitted', reason: '', at: submitAt });
        Object.assign(row, { state: 'submitted', metrics, note, version: 3, submittedAt: submitAt, updatedAt: submitAt });
        if (state === 'accepted' || state === 'returned') {
          const decideAt = bjAt(decideDay, rng.next());
          const reason = state === 'returned' ? rng.pick(reasons) : '';
          versions.push({ ...rv, version: 3, action: state === 'accepted' ? 'accept' : 'return', state, reason, at: decideAt });
          Object.assign(row, { state, version: 4, decidedAt: decideAt, updatedAt: decideAt, returnReason: state === 'returned' ? reason : null });
        }
      }
      reportPlans.push({ p, row, versions });
    }
  }
  // Training-evaluation projects carry the totals of their reports (submitted or accepted).
  for (const p of allProjects.filter((x) => x.type === 'training_eval')) {
    let persons = 0;
    const certs: Record<string, number> = {};
    for (const { row } of reportPlans.filter((r) => r.p === p && (r.row.state === 'submitted' || r.row.state === 'accepted'))) {
      const m = row.metrics as { personTimes: number; certificatesByLevel: Record<string, number> };
      persons += m.personTimes;
      for (const [k, n] of Object.entries(m.certificatesByLevel)) certs[k] = (certs[k] ?? 0) + n;
    }
    p.data = checkedData('training_eval', { ...p.data, actualPersonTimes: persons, certificatesByLevel: certs }, p.title);
  }

  // ------------------------------------------------------------ project rows (status changes as the service versions them)
  const projectRows: (typeof projects.$inferInsert)[] = pOrder.map(({ p }) => {
    const creator = accountOf.get(p.ag.school!.id) ?? null;
    const createdAt = bjAt(p.createdDate, rng.next());
    let version = 1;
    let updatedAt = createdAt;
    const bump = (day: string) => {
      version++;
      updatedAt = new Date(Math.max(bjAt(minDate(maxDate(day, p.createdDate), dayBefore), rng.next()).getTime(), updatedAt.getTime() + 1000));
    };
    if (p.status !== 'planned') bump(p.start);
    if (p.status === 'completed') bump(dateBetween(rng, addDays(p.end, 1), minDate(addDays(p.end, 10), dayBefore)));
    if (p.status === 'stopped') bump(p.stopDate!);
    return {
      id: p.id,
      agreementId: p.ag.id!,
      type: p.type,
      title: p.title,
      campaignYear: Number(p.start.slice(0, 4)),
      regionCode: p.ag.regionCode,
      schoolOrgId: p.ag.school!.id,
      status: p.status,
      stopReason: p.stopReason,
      startDate: p.start,
      endDate: p.end,
      data: p.data,
      reportFrequency: frequencyOf(p.type),
      demoStatus: 'none',
      deletedAt: null,
      version,
      createdBy: creator?.id ?? null,
      createdAt,
      updatedAt,
    };
  });

  // ------------------------------------------------------------ internships (cohorts, no personal data)
  const internshipRows: (typeof internships.$inferInsert)[] = [];
  REGIONS.forEach((r, ri) => {
    const hosts = allAgreements.filter((s) => s.regionCode === r.code && s.kind === 'bilateral' && (s.status === 'active' || s.status === 'expired'));
    if (!hosts.length) return;
    const n = Math.round(rng.int(2, 5) * Math.max(1, scale));
    for (let i = 0; i < n; i++) {
      const s = rng.pick(hosts);
      const school = s.school!;
      const ent = rng.pick(s.enterprises);
      const spec = matchingSpecialty(rng, school, ent);
      const students = rng.int(6, 40);
      const ended = rng.chance(0.6);
      const start = ended ? dateBetween(rng, '2025-11-01', minDate('2026-06-30', addDays(today, -100))) : dateBetween(rng, addDays(today, -120), addDays(today, -10));
      let end = termEndOf(start, rng.int(3, 6));
      if (ended && end >= today) end = addDays(today, -rng.int(3, 20));
      if (!ended && end < today) end = addDays(today, rng.int(10, 60));
      const paid = rng.chance(0.85);
      const insured = !(i === 0 && (ri === 3 || ri === 10)) && rng.chance(0.93);
      const cohort = {
        schoolOrgId: school.id,
        enterpriseOrgId: ent.id,
        specialtyCode: spec.specialtyCode,
        students,
        startDate: start,
        endDate: end,
        paid,
        payPerMonth: paid ? rng.int(18, 40) * 100 : 0,
        insured,
        safetyTrained: rng.chance(0.92),
        ...(end < today ? { employedAfter: Math.round(students * (0.3 + rng.next() * 0.5)) } : {}),
      };
      const v = validateInternshipCohort(cohort, refs);
      if (!v.ok) fail(`internship of ${school.name}`, v.issues);
      const creator = accountOf.get(school.id) ?? null;
      const createdAt = bjAt(addDays(start, -rng.int(3, 20)), rng.next());
      internshipRows.push({ ...cohort, employedAfter: cohort.employedAfter ?? null, agreementId: s.id!, version: 1, regionCode: school.regionCode, createdBy: creator?.id ?? null, createdAt, updatedAt: end < today ? bjAt(minDate(addDays(end, rng.int(1, 10)), dayBefore), rng.next()) : createdAt });
    }
  });

  // ------------------------------------------------------------ key industries and teacher trainings
  const keyIndustryRows: (typeof regionKeyIndustries.$inferInsert)[] = [];
  const haveKeys = new Set((await tx.select({ regionCode: regionKeyIndustries.regionCode }).from(regionKeyIndustries)).map((r) => r.regionCode));
  for (const p of plan.profiles) {
    if (haveKeys.has(p.region.code)) continue;
    for (const ind of p.industries.slice(0, 5)) keyIndustryRows.push({ regionCode: p.region.code, industryCode: ind.code });
  }
  const TRAININGS = ['工学一体化教学能力提升培训', '一体化课程开发专题培训班', '工学一体化教师企业实践研修', '一体化教学设计与实施专题培训', '全省工学一体化师资培训'];
  const trainingRows: (typeof teacherTrainings.$inferInsert)[] = [];
  for (const s of plan.schools) {
    const school = schoolById.get(idByUscc.get(s.uscc)!)!;
    if (!runningIds.has(school.id)) continue;
    for (const [year, from, to] of [
      [2025, '2025-07-10', minDate('2025-12-20', addDays(today, -3))],
      [2026, '2026-01-10', minDate('2026-12-20', addDays(today, -3))],
    ] as const) {
      if (to < from || !rng.chance(0.62)) continue;
      for (let k = rng.chance(0.2) ? 2 : 1; k > 0; k--) {
        const trainedOn = dateBetween(rng, from, to);
        const title = `${year} 年${rng.pick(TRAININGS)}`;
        trainingRows.push({ schoolOrgId: school.id, regionCode: school.regionCode, title, trainedOn, teachers: rng.int(2, 8), createdBy: accountOf.get(school.id)?.id ?? null, createdAt: bjAt(minDate(addDays(trainedOn, rng.int(1, 7)), dayBefore), rng.next()) });
      }
    }
  }
  trainingRows.sort((a, b) => a.trainedOn.localeCompare(b.trainedOn));

  // ------------------------------------------------------------ write
  await insertJson(tx, agreements, agRows);
  await insertJson(tx, agreementParties, partyRows);
  await insertJson(tx, agreementFiles, fileRows);
  for (const e of eventRows) e.reason ??= '';
  eventRows.sort((a, b) => a.at!.getTime() - b.at!.getTime() || a.agreementId - b.agreementId);
  await insertJson(tx, agreementEvents, eventRows);
  await insertJson(tx, projects, projectRows);
  reportPlans.sort((a, b) => a.row.dueDate.localeCompare(b.row.dueDate) || a.row.projectId - b.row.projectId);
  const reportIds = await reserveIds(tx, 'progress_reports', reportPlans.length);
  const versionRows: (typeof reportVersions.$inferInsert)[] = [];
  reportPlans.forEach((r, k) => {
    r.row.id = reportIds[k];
    for (const v of r.versions) versionRows.push({ ...v, reportId: reportIds[k] });
  });
  await insertJson(
    tx,
    progressReports,
    reportPlans.map((r) => r.row),
  );
  versionRows.sort((a, b) => a.at!.getTime() - b.at!.getTime() || a.reportId - b.reportId || a.version - b.version);
  await insertJson(tx, reportVersions, versionRows);
  internshipRows.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime());
  await insertJson(tx, internships, internshipRows);
  if (keyIndustryRows.length) await tx.insert(regionKeyIndustries).values(keyIndustryRows).onConflictDoNothing();
  await insertJson(tx, teacherTrainings, trainingRows);

  // ------------------------------------------------------------ indicator history ending at today's live values
  const snapshotDates: string[] = [];
  for (let d = '2025-08-01'; d < today; d = firstOfMonth(d, 1)) snapshotDates.push(d);
  const snapshots = await indicatorHistory(tx, rng, today, snapshotDates);
  await insertJson(tx, indicatorSnapshots, snapshots, sql`on conflict (indicator_id, scope, on_date) do update set value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator`);

  // ------------------------------------------------------------ summary
  const tally = <K extends string>(keys: readonly K[], values: K[]) => Object.fromEntries(keys.map((k) => [k, values.filter((v) => v === k).length])) as Record<K, number>;
  const summary: ProjectsSeedSummary = {
    agreements: tally(STATUSES, allAgreements.map((s) => s.status)),
    projects: tally(PROJECT_TYPES, allProjects.map((p) => p.type)),
    projectStatuses: tally(['planned', 'running', 'completed', 'stopped'] as const, allProjects.map((p) => p.status)),
    reports: tally(['due', 'draft', 'submitted', 'accepted', 'returned'] as const, reportPlans.map((r) => r.row.state as ReportState)),
    overdue: reportPlans.filter((r) => (r.row.state === 'due' || r.row.state === 'draft') && r.row.dueDate < today).length,
    internships: internshipRows.length,
    trainings: [2025, 2026].map((year) => ({ year, teachers: trainingRows.filter((t) => t.trainedOn.startsWith(String(year))).reduce((n, t) => n + t.teachers, 0) })),
    quota: quotaStory,
    snapshots: snapshots.length,
  };
  const meta = { today, snapshotDates, agreements: allAgreements.length, projects: allProjects.length };
  await tx.insert(appMeta).values({ key: PROJECTS_META_KEY, value: meta }).onConflictDoUpdate({ target: appMeta.key, set: { value: meta, updatedAt: new Date() } });
  const a = summary.agreements;
  const rs = summary.reports;
  const aheadList = quotaStory.filter((q) => q.quota > 0 && q.count2025 >= q.quota).map((q) => REGIONS.find((r) => r.code === q.regionCode)!.shortName);
  const behindList = quotaStory.filter((q) => q.quota > 0 && q.count2025 < q.quota * 0.5).map((q) => REGIONS.find((r) => r.code === q.regionCode)!.shortName);
  log(
    `合作协议 ${allAgreements.length} 份（草稿 ${a.draft}、已签订 ${a.signed}、履行中 ${a.active}、已到期 ${a.expired}、已终止 ${a.terminated}）；合作共建项目 ${allProjects.length} 个；` +
      `进展报告 ${reportPlans.length} 份（待填报 ${rs.due}、填报中 ${rs.draft}、待审核 ${rs.submitted}、已通过 ${rs.accepted}、已退回 ${rs.returned}，逾期 ${summary.overdue}）；实习批次 ${internshipRows.length} 个；` +
      `2025 年征集任务已完成：${aheadList.join('、') || '无'}，不足一半：${behindList.join('、') || '无'}；指标历史 ${snapshots.length} 条（用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）`,
  );
  return summary;
}

/** Indicators with a history worth drawing: cumulative and snapshot ones the province and regions see. */
const historyIndicators = () => INDICATORS.filter((d) => d.period !== 'year' && (d.scopes as readonly string[]).includes('province'));
/** Figures about the schools themselves: already most of the way there when the programme began. */
const STRUCTURAL = new Set(['specialty_industry_match', 'integrated_schools', 'integrated_coverage', 'national_integrated_done']);
/** The 2025 collection: most of it approved by the end of August 2025. */
const COLLECTION = new Set(['school_forms_2025', 'key_enterprises_2025']);

/**
 * Monthly snapshots (1st of each month before today) for the province and each region, rising smoothly with small
 * deterministic noise from near 0 to today's live value (computed with the indicator service inside the transaction).
 */
async function indicatorHistory(tx: DbOrTx, rng: Rng, today: string, dates: string[]) {
  const out: (typeof indicatorSnapshots.$inferInsert)[] = [];
  const begin = dayNo('2025-07-02');
  const span = Math.max(1, dayNo(today) - begin);
  const thisYear = Number(today.slice(0, 4));
  for (const def of historyIndicators() as IndicatorDef[]) {
    // The collection indicators count one campaign year: a day in 2025 was recorded with 2025's figures.
    const years = COLLECTION.has(def.id) ? [...new Set([...dates.map((d) => Number(d.slice(0, 4))), thisYear])] : [thisYear];
    const now = new Map<number, { scope: string; numerator: number; denominator: number | null }[]>();
    for (const year of years) {
      const p = { year, today };
      const prov = await figure(tx, def, { kind: 'province' }, p);
      const regions = await byRegion(tx, def, p);
      now.set(year, [{ scope: '420000', numerator: prov.numerator, denominator: prov.denominator }, ...regions.map((r) => ({ scope: r.regionCode, numerator: r.numerator, denominator: r.denominator }))]);
    }
    for (let k = 0; k < now.get(thisYear)!.length; k++) {
      let last = 0;
      let lastYear = 0;
      for (const d of dates) {
        const year = COLLECTION.has(def.id) ? Number(d.slice(0, 4)) : thisYear;
        const sc = now.get(year)![k];
        if (year !== lastYear) last = 0;
        lastYear = year;
        const x = Math.min(1, Math.max(0, (dayNo(d) - begin) / span));
        let share: number;
        if (STRUCTURAL.has(def.id)) share = 0.72 + 0.28 * x;
        else if (COLLECTION.has(def.id)) share = Math.min(1, 0.55 + 0.45 * ((dayNo(d) - dayNo(`${year}-08-01`)) / 61));
        else share = 0.02 + 0.98 * (x * x * (3 - 2 * x)); // smoothstep
        share = Math.min(1, Math.max(0, share * (1 + (rng.next() - 0.5) * 0.06)));
        const numerator = Math.max(last, Math.round(sc.numerator * share));
        last = numerator;
        const value = sc.denominator == null ? numerator : sc.denominator > 0 ? numerator / sc.denominator : null;
        out.push({ indicatorId: def.id, scope: sc.scope, onDate: d, value, numerator, denominator: sc.denominator });
      }
    }
  }
  return out;
}

/**
 * Removes what seedDemoProjects wrote, for `npm run seed -- --reset`: run it first in the reset's transaction
 * (agreements, projects, internships and trainings reference the demo organisations).
 */
export async function deleteDemoProjects(tx: DbOrTx) {
  const demoOrgs = () => tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true));
  const demoAgreements = () => tx.selectDistinct({ id: agreementParties.agreementId }).from(agreementParties).where(inArray(agreementParties.orgId, demoOrgs()));
  const demoProjects = () =>
    tx
      .select({ id: projects.id })
      .from(projects)
      .where(or(inArray(projects.agreementId, demoAgreements()), inArray(projects.schoolOrgId, demoOrgs())));
  const demoReports = () => tx.select({ id: progressReports.id }).from(progressReports).where(inArray(progressReports.projectId, demoProjects()));
  const nominations = () => tx.select({ id: demoNominations.id }).from(demoNominations).where(inArray(demoNominations.projectId, demoProjects()));
  await tx.delete(demoDeclarations).where(inArray(demoDeclarations.nominationId, nominations()));
  await tx.delete(demoScores).where(inArray(demoScores.nominationId, nominations()));
  await tx.delete(demoObjections).where(inArray(demoObjections.nominationId, nominations()));
  await tx.delete(demoNominations).where(inArray(demoNominations.projectId, demoProjects()));
  await tx.delete(reportVersions).where(inArray(reportVersions.reportId, demoReports()));
  await tx.delete(progressReports).where(inArray(progressReports.projectId, demoProjects()));
  const p = await tx.delete(projects).where(inArray(projects.id, demoProjects())).returning({ id: projects.id });
  await tx.delete(internships).where(or(inArray(internships.schoolOrgId, demoOrgs()), inArray(internships.enterpriseOrgId, demoOrgs())));
  await tx.delete(teacherTrainings).where(inArray(teacherTrainings.schoolOrgId, demoOrgs()));
  // Parties, scans and events go with their agreement (on delete cascade).
  const a = await tx.delete(agreements).where(inArray(agreements.id, demoAgreements())).returning({ id: agreements.id });
  const [meta] = await tx.select().from(appMeta).where(eq(appMeta.key, PROJECTS_META_KEY));
  const dates = (meta?.value as { snapshotDates?: string[] } | undefined)?.snapshotDates ?? [];
  const ids = historyIndicators().map((d) => d.id);
  if (dates.length) await tx.delete(indicatorSnapshots).where(and(inArray(indicatorSnapshots.onDate, dates), inArray(indicatorSnapshots.indicatorId, ids)));
  await tx.delete(appMeta).where(eq(appMeta.key, PROJECTS_META_KEY));
  return { agreements: a.length, projects: p.length };
}
