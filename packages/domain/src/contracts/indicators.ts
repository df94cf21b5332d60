import { z } from 'zod';
import { INDICATOR_IDS, type IndicatorUnit } from '../indicators/definitions';

/**
 * API contracts of the indicators (/api/indicators…, /api/dashboard/…): the scope query and the answers' field
 * whitelists. The server answers through these schemas and the web takes its types from them, so a field added or
 * renamed here shows every caller on both sides.
 */

const UNITS = ['ratio', 'count', 'person_times', 'people'] as const satisfies readonly IndicatorUnit[];
const unit = z.enum(UNITS);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD 格式');

export const indicatorScopeQuery = z.object({
  year: z.coerce.number().int().min(2025, '年度不能早于 2025 年').max(2100).optional(),
  /** The figures as they stood at the end of this day (checked further on the server: a real date, not after today). */
  asOf: isoDay.optional(),
  region: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为 6 位数字')
    .optional(),
  school: z.coerce.number().int().positive().optional(),
});

export const indicatorIdParams = z.object({
  id: z.enum(INDICATOR_IDS as [string, ...string[]], { message: '指标不存在' }),
});

export const indicatorRowsQuery = indicatorScopeQuery.extend({
  which: z.enum(['numerator', 'denominator']).default('numerator'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const indicatorCardOut = z.object({
  id: z.string(),
  label: z.string(),
  group: z.string(),
  value: z.number().nullable(),
  numerator: z.number(),
  denominator: z.number().nullable(),
  target: z.number(),
  op: z.string(),
  unit,
  formula: z.string(),
  numeratorLabel: z.string(),
  denominatorLabel: z.string().nullable(),
  choice: z.string().nullable(),
  deadline: z.string(),
  expected: z.number(),
  light: z.enum(['green', 'amber', 'red', 'none']),
  forecast: z.number().nullable(),
  paceNeeded: z.number().nullable(),
  asOf: z.string(),
  /** The deadline has passed or lies before the selected year: the value is final (shown as 已结束, no light). */
  ended: z.boolean(),
  asOfDate: z.string(),
  reason: z.string().nullable(),
  /** 待审核: claimed but not yet counted (people_trained_year: person-times of reports submitted, not yet accepted). */
  pendingValue: z.number().optional(),
  /** The sparkline: the last recorded value of each month, then the figure itself. */
  spark: z.array(z.object({ date: z.string(), value: z.number() })).optional(),
});

export const indicatorListOut = z.object({
  scope: z.object({
    kind: z.enum(['province', 'region', 'school']),
    regionCode: z.string().optional(),
    schoolId: z.number().optional(),
  }),
  year: z.number(),
  asOf: z.string(),
  /** The day the figures stand at: the end of a past year, today for this year, or the date asked for. */
  asOfDate: z.string(),
  /** Why the figures are empty (a day before the programme began), else null. */
  reason: z.string().nullable(),
  items: z.array(indicatorCardOut),
});

export const indicatorRowOut = z.object({
  key: z.string(),
  label: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  schoolId: z.number().nullable(),
  detail: z.string(),
  weight: z.number(),
});

export const indicatorRowsOut = z.object({
  indicator: z.object({ id: z.string(), label: z.string(), formula: z.string() }),
  which: z.enum(['numerator', 'denominator']),
  asOfDate: z.string(),
  reason: z.string().nullable(),
  total: z.number(),
  sum: z.number(),
  items: z.array(indicatorRowOut),
});

const indicatorHead = z.object({ id: z.string(), label: z.string(), unit, target: z.number() });

export const regionValueOut = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  numerator: z.number(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  rank: z.number(),
});

export const regionValuesOut = z.object({
  indicator: indicatorHead,
  year: z.number(),
  asOfDate: z.string(),
  reason: z.string().nullable(),
  items: z.array(regionValueOut),
});

export const regionTargetsOut = z.object({
  year: z.number(),
  asOfDate: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  /** The year has no 附件3 row for the region (a year without a campaign): nothing to measure against. */
  hasQuota: z.boolean(),
  items: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      target: z.number(),
      value: z.number(),
      drill: z.string().nullable(),
      ratio: z.number().nullable(),
      expected: z.number(),
      status: z.enum(['ahead', 'on_track', 'behind']),
      light: z.enum(['green', 'amber', 'red']),
    }),
  ),
});

export const schoolShareOut = z.object({
  year: z.number(),
  asOfDate: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      unit,
      school: z.number(),
      region: z.number(),
      share: z.number().nullable(),
    }),
  ),
});

export const weekChangesOut = z.object({
  asOfDate: z.string(),
  since: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      unit,
      value: z.number().nullable(),
      previous: z.number().nullable(),
      delta: z.number().nullable(),
      added: z.number(),
      removed: z.number(),
      records: z.array(z.object({ key: z.string(), label: z.string() })),
    }),
  ),
});

const point = z.object({ date: z.string(), value: z.number().nullable() });

export const regionsHistoryOut = z.object({
  indicator: indicatorHead,
  year: z.number(),
  asOfDate: z.string(),
  max: z.number(),
  regions: z.array(z.object({ regionCode: z.string(), regionName: z.string(), points: z.array(point) })),
});

export const indicatorTrendOut = z.object({
  indicator: indicatorHead.extend({ deadline: z.string() }),
  points: z.array(point),
  current: z.number().nullable(),
  forecast: z.number().nullable(),
});
