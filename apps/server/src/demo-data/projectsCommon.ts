import { sql, type SQL } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { ProjectRefs, ProjectType, ReportFrequency, reportMetricsSchema } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import type { DemoPlan } from './generate';
import type { EnterpriseLite, Mentor, SchoolLite, Teacher } from './projectData';
import type { Rng } from './random';

// The demo projects stage's shared vocabulary: the story's constants, the plan types the steps pass along, the bulk
// writer, and the context every step reads (built once by projectsContext.ts).

export const PROJECTS_SEED = 20251015;
export const PROJECTS_META_KEY = 'demo-projects';
export const AHEAD_REGIONS = ['420600', '420500', '420300'];
export const BEHIND_REGIONS = ['429021', '422800', '421300'];
/** Share of the 2025 project quota recorded with a 2025 start date; other regions draw 0.70–1.00. */
export const TARGET_2025: Record<string, number> = {
  '420600': 1.32,
  '420500': 1.22,
  '420300': 1.16,
  '429021': 0.3,
  '422800': 0.34,
  '421300': 0.4,
  '420100': 0.45,
};
export const QUOTA_YEAR = 2025;
export const STATUS_WEIGHTS = [10, 10, 65, 7, 8]; // draft, signed, active, expired, terminated
export const STATUSES = ['draft', 'signed', 'active', 'expired', 'terminated'] as const;
/** Types that fit a one-year agreement that has already run out. */
export const SHORT_TYPES: ProjectType[] = ['training_eval', 'competition', 'rnd', 'mentor', 'teacher_practice'];
export const TYPE_WEIGHTS: Record<Exclude<ProjectType, 'alliance'>, number> = {
  order_class: 16,
  mentor: 14,
  training_eval: 16,
  base: 12,
  teacher_practice: 12,
  specialty: 10,
  competition: 8,
  rnd: 10,
};
export const SYSTEM_ACTOR = '系统（按日期）';
export const TYPE_RANK: Record<string, number> = { 技师学院: 0, 高级技工学校: 1 };
const BATCH = 2000;

export type AgStatus = (typeof STATUSES)[number];
type ProjectStatus = 'planned' | 'running' | 'completed' | 'stopped';
export type ReportState = 'due' | 'draft' | 'submitted' | 'accepted' | 'returned';
export interface Account {
  id: number;
  /** What a history records as the actor: the display name, as the services record `displayName || username`. */
  name: string;
}

export interface Slot {
  year: 2025 | 2026 | null; // null: planned, not started
  alliance: boolean;
  type?: ProjectType;
}
export interface PPlan {
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
export interface APlan {
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
}

export const pad4 = (n: number) => String(n).padStart(4, '0');

export async function reserveIds(tx: DbOrTx, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const res = (await tx.execute(
    sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n})`,
  )) as unknown as { rows: { id: number }[] };
  return res.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/**
 * Bulk insert through one JSON parameter per batch (jsonb_to_recordset): several times faster on PGlite than a
 * multi-row VALUES with thousands of bound parameters. Every row must carry every column it needs (a missing key is
 * written as NULL, not as the column's default).
 */
export async function insertJson<T extends PgTable>(tx: DbOrTx, table: T, rows: T['$inferInsert'][], conflict?: SQL) {
  if (!rows.length) return;
  const { name } = getTableConfig(table);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r as object)))];
  const cols = keys.map((k) => {
    const c = (table as unknown as Record<string, PgColumn>)[k];
    if (!c) throw new Error(`demo projects: ${name} has no column ${k}`);
    const type = c.getSQLType();
    // The database is used with snake_case casing: a column named after its key is stored in snake case.
    return {
      key: k,
      name: c.keyAsName ? c.name.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`) : c.name,
      type: type === 'serial' ? 'integer' : type,
    };
  });
  const list = sql.join(
    cols.map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  const shape = sql.raw(cols.map((c) => `"${c.name}" ${c.type}`).join(', '));
  for (let i = 0; i < rows.length; i += BATCH) {
    const json = JSON.stringify(
      rows
        .slice(i, i + BATCH)
        .map((r) => Object.fromEntries(cols.map((c) => [c.name, (r as Record<string, unknown>)[c.key] ?? null]))),
    );
    await tx.execute(
      sql`insert into ${table} (${list}) select ${list} from jsonb_to_recordset(${json}::jsonb) as x(${shape}) ${conflict ?? sql``}`,
    );
  }
}

export function fail(what: string, issues: { path: string; message: string }[]): never {
  throw new Error(
    `demo projects: ${what} is invalid: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`,
  );
}

/** What every step of the projects stage reads: the transaction, the dice, today, and the database's view of the demo. */
export interface SeedCtx {
  tx: DbOrTx;
  rng: Rng;
  today: string;
  /** The last day anything may have happened on (yesterday). */
  dayBefore: string;
  plan: DemoPlan;
  idByUscc: Map<string, number>;
  scale: number;
  seed: number;
  accountOf: Map<number, Account>;
  regionAccount: Map<string, Account>;
  quotaOf: Map<string, number>;
  acceptedIntents: { id: number; fromOrgId: number; toOrgId: number; decidedAt: Date | null }[];
  frequencyOf: (t: ProjectType) => ReportFrequency;
  refs: ProjectRefs | undefined;
  checkedData: (t: ProjectType, data: Record<string, unknown>, title: string) => Record<string, unknown>;
  metricSchema: (t: ProjectType) => ReturnType<typeof reportMetricsSchema>;
  regionCounts: Map<string, number>;
  schoolById: Map<number, SchoolLite>;
  runningIds: Set<number>;
  entById: Map<number, EnterpriseLite>;
  keyEntsOf: (code: string) => EnterpriseLite[];
  mentorsOf: (e: EnterpriseLite) => Mentor[];
  teachersOf: (s: SchoolLite) => Teacher[];
}
