import { z } from 'zod';
import { amount, count, dayNumber, fromDayNumber, runSchema, type ProjectValidation } from './common';
import { levelCounts, num, type ProjectFieldDescriptor } from './fields';
import { checkCodes, type ProjectRefs } from './schemas';
import { isProjectType, type ProjectType } from './types';

/**
 * Progress reports (进度报告): one per project per period. Periods are calendar months ('2025-09') or calendar
 * quarters ('2025-Q3'); a report is due on the 10th day after its period ends.
 */
export const REPORT_FREQUENCIES = ['monthly', 'quarterly'] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];
export const REPORT_FREQUENCY_LABELS: Readonly<Record<ReportFrequency, string>> = Object.freeze({
  monthly: '按月',
  quarterly: '按季度',
});

/** Days after a period's last day on which its report is due (period end + 10). */
const REPORT_DUE_DAYS = 10;

/**
 * Defaults, the province may change them per campaign:
 * - monthly: training_eval (its person-times feed the yearly 50,000 target the province follows live), order_class
 *   (enrolment and drop-outs of a class change month by month) and base (students hosted and internships change
 *   with the teaching calendar);
 * - quarterly: the rest, whose figures move slowly (alliance activities, curricula, mentors' hours, teacher practice
 *   days, competitions, R&D outputs).
 */
export const DEFAULT_REPORT_FREQUENCY: Readonly<Record<ProjectType, ReportFrequency>> = Object.freeze({
  alliance: 'quarterly',
  specialty: 'quarterly',
  base: 'monthly',
  order_class: 'monthly',
  mentor: 'quarterly',
  training_eval: 'monthly',
  teacher_practice: 'quarterly',
  competition: 'quarterly',
  rnd: 'quarterly',
});

export interface ReportPeriod {
  /** '2025-09' or '2025-Q3'. */
  period: string;
  start: string;
  end: string;
  dueDate: string;
}

const PERIOD_RE = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;
const pad = (n: number) => String(n).padStart(2, '0');

export function isReportPeriod(value: unknown): value is string {
  return typeof value === 'string' && PERIOD_RE.test(value);
}

function periodFrequency(period: string): ReportFrequency {
  return parse(period).quarter ? 'quarterly' : 'monthly';
}

function parse(period: string): { year: number; firstMonth: number; months: number; quarter: boolean } {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new RangeError(`not a report period: ${period}`);
  const year = Number(m[1]);
  if (m[3]) return { year, firstMonth: (Number(m[3]) - 1) * 3 + 1, months: 3, quarter: true };
  return { year, firstMonth: Number(m[2]), months: 1, quarter: false };
}

/** The period containing `date` (YYYY-MM-DD). */
export function periodOf(date: string, frequency: ReportFrequency): string {
  dayNumber(date); // validates
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  return frequency === 'monthly' ? `${year}-${pad(month)}` : `${year}-Q${Math.ceil(month / 3)}`;
}

/** First and last day of a period, and its report's due date. */
export function periodBounds(period: string): ReportPeriod {
  const { year, firstMonth, months } = parse(period);
  const start = `${year}-${pad(firstMonth)}-01`;
  const nextMonth = firstMonth + months;
  const next = nextMonth > 12 ? `${year + 1}-01-01` : `${year}-${pad(nextMonth)}-01`;
  const endDay = dayNumber(next) - 1;
  return { period, start, end: fromDayNumber(endDay), dueDate: fromDayNumber(endDay + REPORT_DUE_DAYS) };
}

export function periodYear(period: string): number {
  return parse(period).year;
}

/** The period after `period`, same frequency. */
export function nextPeriod(period: string): string {
  const b = periodBounds(period);
  return periodOf(fromDayNumber(dayNumber(b.end) + 1), periodFrequency(period));
}

/**
 * Every period that overlaps [start, end] (both included), in order, with its due date. A project running
 * 2025-11-15 … 2026-02-10 reports monthly for 2025-11, 2025-12, 2026-01 and 2026-02. Empty when end < start.
 */
export function periodsBetween(
  start: string,
  end: string,
  frequency: ReportFrequency,
): { period: string; dueDate: string }[] {
  dayNumber(start);
  dayNumber(end);
  if (end < start) return [];
  const out: { period: string; dueDate: string }[] = [];
  const last = periodOf(end, frequency);
  for (let p = periodOf(start, frequency); ; p = nextPeriod(p)) {
    out.push({ period: p, dueDate: periodBounds(p).dueDate });
    if (p === last) return out;
  }
}

/** The period `today` falls in (its report becomes due after it ends). */
export function currentPeriod(today: string, frequency: ReportFrequency): ReportPeriod {
  return periodBounds(periodOf(today, frequency));
}

// ---------------------------------------------------------------- metrics per project type

const orderClassMetrics = z
  .strictObject({ studentsEnrolled: count(0, 10_000), studentsRemaining: count(0, 10_000), hired: count(0, 10_000) })
  .superRefine((m, ctx) => {
    if (m.studentsRemaining > m.studentsEnrolled)
      ctx.addIssue({
        code: 'custom',
        path: ['studentsRemaining'],
        message: `在读人数（${m.studentsRemaining}）不能超过入班人数（${m.studentsEnrolled}）`,
      });
    if (m.hired > m.studentsEnrolled)
      ctx.addIssue({
        code: 'custom',
        path: ['hired'],
        message: `录用人数（${m.hired}）不能超过入班人数（${m.studentsEnrolled}）`,
      });
  });

const competitionMetrics = z.strictObject({ participants: count(), awards: count() }).superRefine((m, ctx) => {
  if (m.awards > m.participants)
    ctx.addIssue({
      code: 'custom',
      path: ['awards'],
      message: `获奖人数（${m.awards}）不能超过参赛人数（${m.participants}）`,
    });
});

export const REPORT_METRIC_SCHEMAS = Object.freeze({
  alliance: z.strictObject({ activities: count(0, 10_000) }),
  specialty: z.strictObject({ coursesDeveloped: count(0, 10_000) }),
  base: z.strictObject({ studentsHosted: count(0, 100_000), productiveOutputValue: amount(1_000_000) }),
  order_class: orderClassMetrics,
  mentor: z.strictObject({ teachingHours: count(0, 100_000) }),
  training_eval: z.strictObject({
    personTimes: count(),
    certificatesByLevel: z.record(z.string(), count()).default({}),
  }),
  teacher_practice: z.strictObject({ teacherDays: count(0, 1_000_000) }),
  competition: competitionMetrics,
  rnd: z.strictObject({ outputs: count(0, 100_000) }),
});

type MetricSchemas = typeof REPORT_METRIC_SCHEMAS;
export type ReportMetrics<T extends ProjectType = ProjectType> = z.output<MetricSchemas[T]>;

const METRIC_FIELDS: Readonly<Record<ProjectType, readonly ProjectFieldDescriptor[]>> = {
  alliance: [num('activities', '本期开展联盟活动', 0, 10_000, '次')],
  specialty: [num('coursesDeveloped', '本期校企共建课程', 0, 10_000, '门')],
  base: [
    num('studentsHosted', '本期接收实习实训学生', 0, 100_000, '人'),
    num('productiveOutputValue', '本期生产性产值', 0, 1_000_000, '万元', { decimal: true }),
  ],
  order_class: [
    num('studentsEnrolled', '入班人数', 0, 10_000, '人'),
    num('studentsRemaining', '目前在读人数', 0, 10_000, '人', { help: '不能超过入班人数' }),
    num('hired', '已被合作企业录用人数', 0, 10_000, '人'),
  ],
  mentor: [num('teachingHours', '本期导师授课学时', 0, 100_000, '学时')],
  training_eval: [
    num('personTimes', '本期实际培训评价人次', 0, 10_000_000, '人次', { help: '计入“年度培训评价人次”指标' }),
    levelCounts('certificatesByLevel', '本期取得证书人数（按等级）', '人'),
  ],
  teacher_practice: [num('teacherDays', '本期教师企业实践', 0, 1_000_000, '人·天')],
  competition: [
    num('participants', '本期参赛人数', 0, 10_000_000, '人'),
    num('awards', '本期获奖人数', 0, 10_000_000, '人'),
  ],
  rnd: [num('outputs', '本期新增成果', 0, 100_000, '项')],
};

/** The metrics form of a project type's report. Throws a RangeError for an unknown type. */
export function reportMetricFieldsFor(type: ProjectType): readonly ProjectFieldDescriptor[] {
  if (!isProjectType(type)) throw new RangeError(`unknown project type ${String(type)}`);
  return METRIC_FIELDS[type];
}

/** The metrics schema for `type`, with skill-level codes (training_eval certificates) checked against refs. */
export function reportMetricsSchema<T extends ProjectType>(type: T, refs?: ProjectRefs): MetricSchemas[T] {
  if (!isProjectType(type)) throw new RangeError(`unknown project type ${String(type)}`);
  const base = REPORT_METRIC_SCHEMAS[type] as unknown as z.ZodType;
  if (type !== 'training_eval') return base as unknown as MetricSchemas[T];
  return base.superRefine((m, ctx) => {
    const keys = Object.keys((m as { certificatesByLevel: Record<string, number> }).certificatesByLevel);
    checkCodes(
      ctx,
      keys.map((k) => ({ kind: 'skill_level', code: k, path: ['certificatesByLevel', k] })),
      refs,
    );
  }) as unknown as MetricSchemas[T];
}

export function validateReportMetrics<T extends ProjectType>(
  type: T,
  metrics: unknown,
  refs?: ProjectRefs,
): ProjectValidation<ReportMetrics<T>> {
  if (!isProjectType(type))
    return { ok: false, issues: [{ path: 'type', message: `未知的项目类型“${String(type)}”` }] };
  return runSchema(reportMetricsSchema(type, refs) as unknown as z.ZodType<ReportMetrics<T>>, metrics);
}
