import { z } from 'zod';
import { amount, bool, code, count, isoDate, orgId, runSchema, type ProjectValidation } from './common';
import { checkCodes, type ProjectRefs } from './schemas';

/**
 * Internship cohorts (岗位实习): one record per school × enterprise × specialty × period, at cohort level only — no
 * student's personal data is kept. Feeds the `internship_employment` indicator and the notice's (二(五)) asks: pay,
 * insurance, safety training, employment after the internship.
 */
const cohortShape = z.strictObject({
  schoolOrgId: orgId(),
  enterpriseOrgId: orgId(),
  specialtyCode: code(),
  students: count(1, 100_000),
  startDate: isoDate(),
  endDate: isoDate(),
  paid: bool(),
  /** 元/月 per student; > 0 when paid, 0 when not. */
  payPerMonth: amount(100_000).default(0),
  insured: bool(),
  safetyTrained: bool(),
  /** Students employed by the host after the internship; recorded once the cohort has ended. */
  employedAfter: count(0, 100_000).optional(),
});

const internshipCohortSchema = cohortShape.superRefine((c, ctx) => {
  if (c.endDate < c.startDate)
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: '实习结束日期不能早于开始日期' });
  if (c.paid && !(c.payPerMonth > 0))
    ctx.addIssue({ code: 'custom', path: ['payPerMonth'], message: '已约定实习报酬时，请填写每月报酬金额（大于 0）' });
  if (!c.paid && c.payPerMonth > 0)
    ctx.addIssue({ code: 'custom', path: ['payPerMonth'], message: '未约定实习报酬时，月报酬应为 0' });
  if (c.employedAfter !== undefined && c.employedAfter > c.students) {
    ctx.addIssue({
      code: 'custom',
      path: ['employedAfter'],
      message: `留用就业人数（${c.employedAfter}）不能超过实习学生人数（${c.students}）`,
    });
  }
  if (c.schoolOrgId === c.enterpriseOrgId)
    ctx.addIssue({ code: 'custom', path: ['enterpriseOrgId'], message: '实习单位不能与学校相同' });
});

export type InternshipCohort = z.output<typeof internshipCohortSchema>;

/** Parses a cohort and checks its specialty code against refs (default: the reference specialties). */
export function validateInternshipCohort(cohort: unknown, refs?: ProjectRefs): ProjectValidation<InternshipCohort> {
  const schema = internshipCohortSchema.superRefine((c, ctx) =>
    checkCodes(ctx, [{ kind: 'specialty', code: c.specialtyCode, path: ['specialtyCode'] }], refs),
  );
  return runSchema(schema, cohort);
}

const INTERNSHIP_WARNINGS = Object.freeze({
  uninsured: '未购买实习责任保险',
  no_safety_training: '未开展安全培训',
  unpaid: '未约定实习报酬',
  employment_missing: '实习已结束，尚未填写留用就业人数',
  employment_early: '实习尚未结束，留用就业人数暂不计入统计',
} as const);
export type InternshipWarningCode = keyof typeof INTERNSHIP_WARNINGS;

/**
 * What the region and province should follow up (not refusals: the record is kept as reported). The two
 * employment warnings need `today`; without it only the protection warnings are given.
 */
export function internshipWarnings(
  cohort: Pick<InternshipCohort, 'insured' | 'safetyTrained' | 'paid' | 'endDate'> & { employedAfter?: number | null },
  today?: string,
): { code: InternshipWarningCode; message: string }[] {
  const codes: InternshipWarningCode[] = [];
  if (!cohort.insured) codes.push('uninsured');
  if (!cohort.safetyTrained) codes.push('no_safety_training');
  if (!cohort.paid) codes.push('unpaid');
  if (today) {
    const ended = cohort.endDate < today;
    const recorded = cohort.employedAfter !== undefined && cohort.employedAfter !== null;
    if (ended && !recorded) codes.push('employment_missing');
    if (!ended && recorded) codes.push('employment_early');
  }
  return codes.map((c) => ({ code: c, message: INTERNSHIP_WARNINGS[c] }));
}

export interface EmploymentRate {
  /** Cohorts that ended in the period. */
  cohorts: number;
  students: number;
  employed: number;
  /** employed ÷ students; null when no cohort ended in the period. */
  rate: number | null;
  /** Ended cohorts without employedAfter: counted with 0 employed, shown so the figure can be chased up. */
  missing: number;
}

/**
 * Indicator `internship_employment`: Σ employed by the host after the internship ÷ Σ students, over the cohorts whose
 * endDate lies in [period.from, period.to] (both included).
 */
export function employmentRate(
  cohorts: readonly (Pick<InternshipCohort, 'students' | 'endDate'> & { employedAfter?: number | null })[],
  period: { from: string; to: string },
): EmploymentRate {
  let n = 0;
  let students = 0;
  let employed = 0;
  let missing = 0;
  for (const c of cohorts) {
    if (c.endDate < period.from || c.endDate > period.to) continue;
    n += 1;
    students += c.students;
    if (c.employedAfter === undefined || c.employedAfter === null) missing += 1;
    else employed += Math.min(c.employedAfter, c.students);
  }
  return { cohorts: n, students, employed, rate: students > 0 ? employed / students : null, missing };
}
