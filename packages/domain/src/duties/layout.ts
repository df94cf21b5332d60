import { z } from 'zod';
import { requiredText, text } from '../contracts/common';

/**
 * 技工教育统筹布局 (notice 二(一)): where each school stands (county, flagship), the county public training bases and
 * the province's 办学条件达标 items with each school's status.
 */
export const FLAGSHIP_LIMIT_PER_REGION = 2;

export const BASE_STATUSES = ['planned', 'building', 'operating', 'suspended'] as const;
export type BaseStatus = (typeof BASE_STATUSES)[number];
export const BASE_STATUS_LABELS: Record<BaseStatus, string> = {
  planned: '规划中',
  building: '建设中',
  operating: '运行中',
  suspended: '暂停',
};

export const STANDARD_STATUSES = ['met', 'unmet', 'unknown'] as const;
export type StandardStatus = (typeof STANDARD_STATUSES)[number];
export const STANDARD_STATUS_LABELS: Record<StandardStatus, string> = {
  met: '达标',
  unmet: '未达标',
  unknown: '未评估',
};

const countyCode = z.string().regex(/^42\d{4}$/, '请选择县（市、区）');
const version = z.number().int().positive();

export const layoutQuery = z.object({
  regionCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  countyCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  schoolType: z.string().max(20).optional(),
  ownership: z.string().max(20).optional(),
  flagship: z.enum(['yes', 'no']).optional(),
  standard: z.enum(['met', 'unmet']).optional(),
});
export type LayoutQuery = z.infer<typeof layoutQuery>;

const layoutSchool = z.object({
  orgId: z.number(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  countyCode: z.string().nullable(),
  countyName: z.string().nullable(),
  schoolType: z.string().nullable(),
  ownership: z.string().nullable(),
  enrolment: z.number().nullable(),
  flagship: z.boolean(),
  flagshipReason: z.string().nullable(),
  standardsMet: z.number(),
  standardsTotal: z.number(),
  version: z.number(),
});
export type LayoutSchool = z.infer<typeof layoutSchool>;

export const trainingBase = z.object({
  id: z.number(),
  name: z.string(),
  regionCode: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  ownerOrgId: z.number().nullable(),
  ownerName: z.string().nullable(),
  capacity: z.number(),
  status: z.enum(BASE_STATUSES),
  version: z.number(),
});
export type TrainingBase = z.infer<typeof trainingBase>;

const countyFigure = z.object({
  countyCode: z.string(),
  countyName: z.string(),
  regionCode: z.string(),
  schools: z.number(),
  flagships: z.number(),
  bases: z.number(),
  baseCapacity: z.number(),
});
export type CountyFigure = z.infer<typeof countyFigure>;

export const layoutView = z.object({
  schools: z.array(layoutSchool),
  bases: z.array(trainingBase),
  counties: z.array(countyFigure),
  flagshipsByRegion: z.array(z.object({ regionCode: z.string(), regionName: z.string(), flagships: z.number() })),
});
export type LayoutView = z.infer<typeof layoutView>;

export const schoolPlaceInput = z.object({ countyCode, version });
export const flagshipInput = z.object({ flagship: z.boolean(), reason: text(500), version }).superRefine((v, ctx) => {
  if (v.flagship && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '认定龙头院校须填写理由' });
});
export type FlagshipInput = z.infer<typeof flagshipInput>;

export const trainingBaseInput = z.object({
  name: requiredText(100),
  countyCode,
  ownerOrgId: z.number().int().positive().nullable(),
  capacity: z.number().int().min(0, '容量不能为负数').max(100_000),
  status: z.enum(BASE_STATUSES, { message: '请选择状态' }),
});
export type TrainingBaseInput = z.infer<typeof trainingBaseInput>;

export const standardItem = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  requirement: z.string(),
  sortOrder: z.number(),
  active: z.boolean(),
});
export type StandardItem = z.infer<typeof standardItem>;
export const standardItemInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, '编码为 1–20 位字母、数字、下划线或短横线'),
  name: requiredText(60),
  requirement: requiredText(300),
  sortOrder: z.number().int().min(0).max(999),
  active: z.boolean(),
});
export type StandardItemInput = z.infer<typeof standardItemInput>;

export const schoolStandard = z.object({
  itemId: z.number(),
  code: z.string(),
  name: z.string(),
  requirement: z.string(),
  status: z.enum(STANDARD_STATUSES),
  note: z.string(),
});
export type SchoolStandard = z.infer<typeof schoolStandard>;
export const schoolStandardsInput = z.object({
  items: z
    .array(z.object({ itemId: z.number().int().positive(), status: z.enum(STANDARD_STATUSES), note: text(200) }))
    .max(100),
});
export type SchoolStandardsInput = z.infer<typeof schoolStandardsInput>;
