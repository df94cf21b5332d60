import { z } from 'zod';
import { requiredText } from './common';

const isoDate = z.iso.date('日期格式应为 YYYY-MM-DD');
export const yearParam = z.object({ year: z.coerce.number().int().min(2020, '年份不正确').max(2100, '年份不正确') });

const campaignTarget = z.strictObject({
  id: z.string().min(1).max(64),
  label: requiredText(100),
  value: z.number().min(0, '目标值不能为负数').max(1e9),
  unit: z.string().max(20),
  deadline: isoDate,
});

export const campaignOut = z.object({
  id: z.number(),
  year: z.number(),
  title: z.string(),
  status: z.enum(['draft', 'open', 'closed']),
  /** The day a draft opens by itself; null = by hand. */
  opensOn: z.string().nullable(),
  /** Why a closed year was last reopened. */
  statusReason: z.string().nullable(),
  /** The year this one was made from (deadlines, quotas, targets and forms carried), or null. */
  basedOnYear: z.number().nullable(),
  formsDue: z.string(),
  regionDue: z.string(),
  publishAt: z.string(),
  yearEnd: z.string(),
  reminderDays: z.array(z.number()),
  targets: z.array(campaignTarget),
  provinceProjectTotal: z.number(),
  provinceKeyEnterpriseTotal: z.number(),
  formVersions: z.object({ school: z.string(), enterprise: z.string() }),
  version: z.number(),
});
export type CampaignOut = z.infer<typeof campaignOut>;

export const campaignCreateBody = z.strictObject({
  year: z.number().int().min(2020).max(2100),
  title: requiredText(100).optional(),
  formsDue: isoDate.optional(),
  regionDue: isoDate.optional(),
  publishAt: isoDate.optional(),
  yearEnd: isoDate.optional(),
  opensOn: isoDate.optional(),
});

export const campaignUpdateBody = z.strictObject({
  version: z.number().int().min(1),
  title: requiredText(100).optional(),
  status: z.enum(['draft', 'open', 'closed']).optional(),
  /** Required when reopening a closed year. */
  reason: z.string().trim().max(500).optional(),
  opensOn: isoDate.nullable().optional(),
  formsDue: isoDate.optional(),
  regionDue: isoDate.optional(),
  publishAt: isoDate.optional(),
  yearEnd: isoDate.optional(),
  reminderDays: z.array(z.number().int().min(0).max(60)).max(10).optional(),
  targets: z.array(campaignTarget).max(100).optional(),
  provinceProjectTotal: z.number().int().min(0).max(1_000_000).optional(),
  provinceKeyEnterpriseTotal: z.number().int().min(0).max(1_000_000).optional(),
});

const quotaRow = z.strictObject({
  regionCode: z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字'),
  projectQuota: z.number().int('须为整数').min(0, '不能为负数').max(100_000),
  keyEnterpriseQuota: z.number().int('须为整数').min(0, '不能为负数').max(100_000),
  remark: z.string().trim().max(200).default(''),
});
/** version: the quota table's version the editor started from (quotasOut.version); a stale one answers 409. */
/**
 * A dated change (issue 13) of 附件3 quotas or key industries: the day it applies from (default today; this year, not
 * in the future, after a frozen assessment) and why. Figures as of an earlier day keep the values in force then.
 */
export const datedChange = {
  effectiveFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '生效日期应为 YYYY-MM-DD')
    .optional(),
  changeReason: z.string().trim().max(200, '变更原因最多 200 字').optional(),
};
export const datedChangeQuery = z.object(datedChange);
export const quotasBody = z.strictObject({
  quotas: z.array(quotaRow).min(1).max(50),
  version: z.number().int().min(1),
  ...datedChange,
});
export const quotasOut = z.object({
  items: z.array(quotaRow.extend({ regionName: z.string() })),
  provinceProjectTotal: z.number(),
  provinceKeyEnterpriseTotal: z.number(),
  projectSum: z.number(),
  keyEnterpriseSum: z.number(),
  balanced: z.boolean(),
  message: z.string().nullable(),
  version: z.number().int(),
});

/** The three-year view: each target, its final deadline, each year's target and year-end value. */
export const programmeOut = z.object({
  scope: z.object({ kind: z.enum(['province', 'region']), regionCode: z.string().nullable(), regionName: z.string() }),
  years: z.array(z.number()),
  targets: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      unit: z.string(),
      deadline: z.string(),
      cumulative: z.boolean(),
      byYear: z.array(
        z.object({
          year: z.number(),
          campaignStatus: z.enum(['draft', 'open', 'closed']).nullable(),
          target: z.number().nullable(),
          value: z.number().nullable(),
        }),
      ),
    }),
  ),
});

/**
 * One refused cell of a 附件3 import, named the way a person finds it in Excel (details.errors of the 400
 * import_failed); row null = the whole table (a missing region).
 */
export const quotaCellError = z.object({
  sheet: z.string(),
  row: z.number().nullable(),
  column: z.string(),
  field: z.string(),
  message: z.string(),
});

export const quotaImportOut = z.object({ changed: z.boolean(), message: z.string(), quotas: quotasOut });
