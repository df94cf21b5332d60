// Specialty early warning (专业预警): for a region and a specialty, graduate supply against the places enterprises
// published for the occupations the specialty leads to, plus how many interns the hosts kept. The server gathers the
// sums; the classification below is the one rule both the table and the web's legend use.

export const WARNING_FLAGS = ['shortage', 'oversupply', 'no_demand', 'low_employment'] as const;
export type WarningFlag = (typeof WARNING_FLAGS)[number];

export const WARNING_FLAG_LABELS: Record<WarningFlag, string> = {
  shortage: '紧缺',
  oversupply: '供过于求',
  no_demand: '暂无已发布需求',
  low_employment: '实习就业率偏低',
};

export interface WarningThresholds {
  /** demand ÷ supply at or above this → shortage. */
  shortageRatio: number;
  /** demand ÷ supply at or below this (with supply > 0) → oversupply. */
  oversupplyRatio: number;
  /** post-internship employment below this (with enough students) → low_employment. */
  minEmployment: number;
}

/** The values of warning_settings' column defaults, used while the province has saved nothing. */
export const DEFAULT_WARNING_THRESHOLDS: Readonly<WarningThresholds> = Object.freeze({
  shortageRatio: 1.5,
  oversupplyRatio: 0.5,
  minEmployment: 0.3,
});

/** Below this many interns an employment rate says little, so it raises no warning. */
export const WARNING_MIN_STUDENTS = 10;
const WARNING_MAX_RATIO = 20;

export interface WarningIssue {
  path: keyof WarningThresholds;
  message: string;
}

/** 0 < oversupply < shortage ≤ 20 and 0 ≤ minEmployment ≤ 1; messages are shown as they are. */
export function validateWarningThresholds(t: WarningThresholds): WarningIssue[] {
  const issues: WarningIssue[] = [];
  const finite = (v: number) => typeof v === 'number' && Number.isFinite(v);
  if (!finite(t.oversupplyRatio) || t.oversupplyRatio <= 0)
    issues.push({ path: 'oversupplyRatio', message: '供过于求阈值应大于 0' });
  if (!finite(t.shortageRatio) || t.shortageRatio > WARNING_MAX_RATIO)
    issues.push({ path: 'shortageRatio', message: `紧缺阈值不能大于 ${WARNING_MAX_RATIO}` });
  else if (finite(t.oversupplyRatio) && t.shortageRatio <= t.oversupplyRatio)
    issues.push({ path: 'shortageRatio', message: '紧缺阈值应大于供过于求阈值' });
  if (!finite(t.minEmployment) || t.minEmployment < 0 || t.minEmployment > 1)
    issues.push({ path: 'minEmployment', message: '最低实习就业率应在 0 到 1 之间（0%–100%）' });
  return issues;
}

/** demand ÷ supply; null when there is no supply (the ratio is unbounded). */
export function supplyDemandRatio(supply: number, demand: number): number | null {
  return supply > 0 ? demand / supply : null;
}

/** employed ÷ students of the cohorts that ended; null without students. */
export function employmentShare(employed: number, students: number): number | null {
  return students > 0 ? employed / students : null;
}

export interface WarningFigures {
  supply: number;
  demand: number;
  employed: number;
  students: number;
}

/**
 * The flags of one region × specialty. Boundaries count: a ratio exactly at the shortage threshold is a shortage,
 * exactly at the oversupply threshold an oversupply. Demand with no supply at all is a shortage; no supply and no
 * demand says nothing. Where no enterprise demand of the year has been published in the region yet
 * (`demandPublished` false: January, before the catalogue), a 0 is not a measured demand: the state is `no_demand`,
 * never an oversupply.
 */
export function warningFlags(f: WarningFigures, t: WarningThresholds, demandPublished = true): WarningFlag[] {
  const flags: WarningFlag[] = [];
  const ratio = supplyDemandRatio(f.supply, f.demand);
  if (!demandPublished && f.demand === 0) flags.push('no_demand');
  else if (ratio == null ? f.demand > 0 : ratio >= t.shortageRatio) flags.push('shortage');
  else if (ratio != null && ratio <= t.oversupplyRatio) flags.push('oversupply');
  const employment = employmentShare(f.employed, f.students);
  if (employment != null && f.students >= WARNING_MIN_STUDENTS && employment < t.minEmployment)
    flags.push('low_employment');
  return flags;
}
