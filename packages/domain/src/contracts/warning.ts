import { z } from 'zod';
import { WARNING_FLAGS } from '../assessment/warning';
import { isRegionCode } from '../reference/regions';

/** API contracts of 专业预警 (/api/warning…): the table's query, the thresholds' body and the answers' field whitelists. */

export const warningQuery = z.object({
  region: z.string().refine(isRegionCode, '地区代码不正确').optional(),
  year: z.coerce.number().int().min(2020, '年份不正确').max(2100, '年份不正确').optional(),
  /** How many specialties the heatmap shows (by supply + demand). */
  top: z.coerce.number().int().min(1, '至少显示 1 个专业').max(50, '最多显示 50 个专业').default(20),
});

const thresholds = z.object({ shortageRatio: z.number(), oversupplyRatio: z.number(), minEmployment: z.number() });

// The ranges are the domain's (validateWarningThresholds), checked in the service so all three messages come from one place.
export const warningSettingsBody = z.strictObject({
  shortageRatio: z.number({ error: '紧缺阈值应为数字' }),
  oversupplyRatio: z.number({ error: '供过于求阈值应为数字' }),
  minEmployment: z.number({ error: '最低实习就业率应为数字' }),
});

export const warningSettingsOut = thresholds.extend({ updatedAt: z.string().nullable(), isDefault: z.boolean() });

export const warningRowOut = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  specialtyCode: z.string(),
  specialtyName: z.string(),
  supply: z.number(),
  demand: z.number(),
  ratio: z.number().nullable(),
  employment: z.number().nullable(),
  students: z.number(),
  flags: z.array(z.enum(WARNING_FLAGS)),
});

export const warningOut = z.object({
  year: z.number(),
  asOf: z.string(),
  thresholds,
  rows: z.array(warningRowOut),
  heatmap: z.object({
    xAxis: z.array(z.string()),
    xCodes: z.array(z.string()),
    yAxis: z.array(z.string()),
    yCodes: z.array(z.string()),
    data: z.array(z.tuple([z.number(), z.number(), z.number().nullable()])),
    unbounded: z.array(z.tuple([z.number(), z.number()])),
    /** Cells of regions where no enterprise demand of the year is published yet (state no_demand, not a ratio). */
    noDemand: z.array(z.tuple([z.number(), z.number()])),
    max: z.number(),
  }),
});
