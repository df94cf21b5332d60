import { z } from 'zod';
import type { IndicatorUnit } from '../indicators/definitions';
import { SCHEME_ITEM_KINDS } from '../assessment/scheme';
import { isRegionCode } from '../reference/regions';

/** API contracts of 年度考核 (/api/assessment…): the scheme and manual-score bodies and the answers' field whitelists. */
const INDICATOR_UNITS = ['ratio', 'count', 'person_times', 'people'] as const satisfies readonly IndicatorUnit[];

// The items are checked by the domain's validateScheme (shape and cross-item rules) so every message is its Chinese one.
export const assessmentSchemeBody = z.strictObject({
  title: z.string().trim().max(100, '方案名称不能超过 100 个字').optional(),
  items: z.array(z.unknown(), { error: '考核项目应为列表' }).max(50, '考核项目不能超过 50 项'),
  /** The version read; when given and stale, the save is refused (409). */
  version: z.number().int().positive().optional(),
});

export const assessmentManualBody = z.strictObject({
  regionCode: z.string().refine(isRegionCode, '地区代码不正确'),
  itemKey: z.string().min(1, '请选择考核项目').max(40),
  score: z.number({ error: '分数应为数字' }),
  // Missing is left to the domain rule, which says what a reason needs.
  reason: z.string().max(500, '评分理由不能超过 500 个字').default(''),
});

export const assessmentSchemeItemOut = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(SCHEME_ITEM_KINDS),
  indicatorId: z.string().optional(),
  weight: z.number(),
  target: z.number().optional(),
  note: z.string().optional(),
});

export const assessmentResultItemOut = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(SCHEME_ITEM_KINDS),
  indicatorId: z.string().nullable(),
  unit: z.enum(INDICATOR_UNITS).nullable(),
  target: z.number().nullable(),
  value: z.number().nullable(),
  score: z.number().nullable(),
  weight: z.number(),
  weighted: z.number(),
  evidence: z.string().nullable(),
  reason: z.string().nullable(),
});

export const assessmentRegionResultOut = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  items: z.array(assessmentResultItemOut),
  total: z.number(),
  rank: z.number(),
  complete: z.boolean(),
});

const assessmentMissingOut = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  itemKey: z.string(),
  itemLabel: z.string(),
});

export const assessmentOut = z.object({
  year: z.number(),
  title: z.string(),
  status: z.enum(['none', 'draft', 'frozen']),
  version: z.number().nullable(),
  frozenAt: z.string().nullable(),
  /** true: computed at asOf; false: the stored frozen result (or no scheme yet). */
  live: z.boolean(),
  asOf: z.string(),
  /** The day the figures stand at: 31 December of a past year, today while the year runs (frozen: as stored). */
  asOfDate: z.string(),
  scheme: z.array(assessmentSchemeItemOut),
  rows: z.array(assessmentRegionResultOut),
  missing: z.array(assessmentMissingOut),
});

export const assessmentYearOut = z.object({
  year: z.number(),
  title: z.string(),
  status: z.enum(['draft', 'frozen']),
  version: z.number(),
  itemCount: z.number(),
  frozenAt: z.string().nullable(),
});
export const assessmentYearsOut = z.object({ items: z.array(assessmentYearOut) });

export const assessmentManualOut = z.object({
  regionCode: z.string(),
  itemKey: z.string(),
  score: z.number(),
  reason: z.string(),
  enteredAt: z.string(),
});
