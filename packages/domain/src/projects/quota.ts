import { PROVINCE, REGIONS } from '../reference/regions';
import { dayNumber } from './common';
import { PROJECT_TYPES, type ProjectType } from './types';

/**
 * Quota accounting (indicator `quota_completion`, 附件3): cooperation projects recorded for a region in a campaign
 * year ÷ its project quota. A project counts for its school's region (an alliance: the lead school's) — the caller
 * puts that region on each project. Deleted projects and other years do not count; a project id listed twice counts
 * once. Stopped projects still count: they were collected (the indicator counts records, not outcomes).
 */
export interface ProjectForQuota {
  id: number;
  type: ProjectType;
  regionCode: string;
  campaignYear: number;
  deleted?: boolean;
}

export interface RegionProjectCount {
  total: number;
  byType: Record<ProjectType, number>;
}

const emptyByType = (): Record<ProjectType, number> =>
  Object.fromEntries(PROJECT_TYPES.map((t) => [t, 0])) as Record<ProjectType, number>;

/** Region code → counts, every one of the 17 regions present (0 when none); unknown region codes are kept too. */
export function countProjectsByRegion(
  projects: readonly ProjectForQuota[],
  year: number,
): Map<string, RegionProjectCount> {
  const out = new Map<string, RegionProjectCount>(REGIONS.map((r) => [r.code, { total: 0, byType: emptyByType() }]));
  const seen = new Set<number>();
  for (const p of projects) {
    if (p.deleted || p.campaignYear !== year || seen.has(p.id)) continue;
    seen.add(p.id);
    let c = out.get(p.regionCode);
    if (!c) out.set(p.regionCode, (c = { total: 0, byType: emptyByType() }));
    c.total += 1;
    if (p.type in c.byType) c.byType[p.type] += 1;
  }
  return out;
}

export type QuotaStatus = 'ahead' | 'on_track' | 'behind';
export const QUOTA_STATUS_LABELS: Readonly<Record<QuotaStatus, string>> = Object.freeze({
  ahead: '超前',
  on_track: '正常',
  behind: '滞后',
});

/** Width of the "on track" band around the expected completion, in ratio points (10 percentage points). */
const QUOTA_BAND = 0.1;

export interface QuotaProgressRow {
  regionCode: string;
  regionName: string;
  quota: number;
  total: number;
  byType: Record<ProjectType, number>;
  /** total ÷ quota; null when the quota is 0 (or the region has none). */
  ratio: number | null;
  /** The completion expected by now: the fraction of the year elapsed (0…1). */
  expected: number;
  status: QuotaStatus;
  /** indicators.md traffic light: green on/above the line, amber within 10 points below, red below that. */
  light: 'green' | 'amber' | 'red';
}

/**
 * The straight line from 0 on 1 January to 100% of the quota on 31 December: `expected = yearFraction`.
 * - status 'ahead' when ratio ≥ expected + 10 points, 'behind' when ratio < expected − 10 points, else 'on_track';
 * - light 'green' when ratio ≥ expected, 'amber' when within 10 points below, 'red' below that (indicators.md).
 * A region with quota 0 is 'on_track' / green (or 'ahead' when it recorded projects anyway).
 */
export function quotaStatus(
  total: number,
  quota: number,
  yearFraction: number,
): Pick<QuotaProgressRow, 'ratio' | 'expected' | 'status' | 'light'> {
  const expected = Math.min(1, Math.max(0, Number.isFinite(yearFraction) ? yearFraction : 0));
  if (!(quota > 0)) return { ratio: null, expected, status: total > 0 ? 'ahead' : 'on_track', light: 'green' };
  const ratio = total / quota;
  // Rounded to 1e-9 so 0.3 − 0.1 style float noise does not flip a boundary.
  const gap = Math.round((ratio - expected) * 1e9) / 1e9;
  const status: QuotaStatus = gap >= QUOTA_BAND ? 'ahead' : gap >= -QUOTA_BAND ? 'on_track' : 'behind';
  const light = gap >= 0 ? 'green' : gap >= -QUOTA_BAND ? 'amber' : 'red';
  return { ratio, expected, status, light };
}

/**
 * One row per region in REGIONS order. `yearFraction` is how much of the campaign year has passed (0…1; see
 * yearFractionElapsed). A region without a quota line has quota 0.
 */
export function quotaProgress(
  counts: ReadonlyMap<string, RegionProjectCount>,
  quotas: readonly { regionCode: string; projectQuota: number }[],
  yearFraction: number,
): QuotaProgressRow[] {
  const quotaOf = new Map(quotas.map((q) => [q.regionCode, q.projectQuota]));
  return REGIONS.map((r) => {
    const c = counts.get(r.code) ?? { total: 0, byType: emptyByType() };
    const quota = quotaOf.get(r.code) ?? 0;
    return {
      regionCode: r.code,
      regionName: r.name,
      quota,
      total: c.total,
      byType: { ...c.byType },
      ...quotaStatus(c.total, quota, yearFraction),
    };
  });
}

/** The province line: sums of the rows, judged by the same rule. */
export function quotaProgressTotal(rows: readonly QuotaProgressRow[], yearFraction: number): QuotaProgressRow {
  const byType = emptyByType();
  let quota = 0;
  let total = 0;
  for (const r of rows) {
    quota += r.quota;
    total += r.total;
    for (const t of PROJECT_TYPES) byType[t] += r.byType[t];
  }
  return {
    regionCode: PROVINCE.code,
    regionName: PROVINCE.name,
    quota,
    total,
    byType,
    ...quotaStatus(total, quota, yearFraction),
  };
}

/** Share of calendar year `year` elapsed at the end of `today`: 0 before the year, 1 after it (31 Dec → 1). */
export function yearFractionElapsed(today: string, year: number): number {
  const first = dayNumber(`${year}-01-01`);
  const days = dayNumber(`${year + 1}-01-01`) - first;
  return Math.min(1, Math.max(0, (dayNumber(today) - first + 1) / days));
}
