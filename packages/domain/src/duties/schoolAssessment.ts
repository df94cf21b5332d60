import { z } from 'zod';
import { indicatorById } from '../indicators/definitions';
import type { SchemeItem } from '../assessment/scheme';

// 三(五): each city bureau assesses its own schools every year, and cooperation results count in each school's
// 办学质量评估. The scheme rules are the regional ones (assessment/scheme.ts, validateScheme(items, 'school')); this
// file holds what differs: the template made from the province's scheme.

/** Used when the province has no scheme for the year: the cooperation figures a school can be measured by. */
export const DEFAULT_SCHOOL_SCHEME: readonly SchemeItem[] = Object.freeze([
  {
    key: 'order_classes',
    label: '订单（定向）班',
    kind: 'indicator',
    indicatorId: 'order_classes',
    weight: 20,
    target: 2,
  },
  {
    key: 'training_eval',
    label: '企业技能培训评价项目',
    kind: 'indicator',
    indicatorId: 'training_eval_projects',
    weight: 20,
    target: 2,
  },
  {
    key: 'guest_mentors',
    label: '企业客座技能导师',
    kind: 'indicator',
    indicatorId: 'guest_mentors',
    weight: 20,
    target: 5,
  },
  {
    key: 'integrated_teachers',
    label: '工学一体化教师培训',
    kind: 'indicator',
    indicatorId: 'integrated_teachers_year',
    weight: 10,
    target: 5,
  },
  { key: 'office', label: '校企合作机构与制度建设', kind: 'manual', weight: 15 },
  { key: 'quality', label: '合作成效与社会评价', kind: 'manual', weight: 15 },
] as SchemeItem[]);

/**
 * The province's regional scheme as a school scheme: indicator items that can be computed per school stay (a count's
 * region-sized target does not fit one school: 1 to start with), the others become manual
 * items of the same weight — the weights still add up to 100.
 */
export function schoolTemplateFrom(provinceItems: readonly SchemeItem[] | null | undefined): SchemeItem[] {
  if (!provinceItems?.length) return DEFAULT_SCHOOL_SCHEME.map((i) => ({ ...i }));
  return provinceItems.map((i): SchemeItem => {
    const def = i.kind === 'indicator' ? indicatorById(i.indicatorId ?? '') : undefined;
    // A count's province-sized target does not fit one school: 1 to start with, for the bureau to set.
    if (def && (def.scopes as readonly string[]).includes('school'))
      return {
        key: i.key,
        label: i.label,
        kind: 'indicator',
        indicatorId: def.id,
        weight: i.weight,
        ...(def.unit === 'ratio' ? {} : { target: 1, note: '学校目标值请按本地区实际调整' }),
      };
    return { key: i.key, label: i.label, kind: 'manual', weight: i.weight, ...(i.note ? { note: i.note } : {}) };
  });
}

/** An in-platform link (/agreements/12, /indicators?…) or nothing: evidence never points off the platform. */
const evidenceLinkSchema = z
  .string()
  .trim()
  .max(300, '佐证链接不能超过 300 个字符')
  .refine(
    (s) => s === '' || /^\/[A-Za-z0-9/_\-?=&.%]*$/.test(s),
    '佐证链接应为平台内的页面地址（以 / 开头），例如 /agreements/12',
  );

export const schoolManualScoreInput = z.strictObject({
  schoolOrgId: z.number().int().positive(),
  itemKey: z.string().trim().min(1, '请选择考核项目'),
  score: z.number({ error: '人工评分应为数字' }),
  reason: z.string({ error: '请填写评分理由' }),
  evidence: evidenceLinkSchema.default(''),
});

// 三(四): priority (倾斜) for outstanding schools and enterprises in these applications.
export const PRIORITY_APPLICATION_TYPES = [
  'integration_enterprise',
  'national_base',
  'provincial_base',
  'master_studio',
  'secondary_capacity',
] as const;
export type PriorityApplicationType = (typeof PRIORITY_APPLICATION_TYPES)[number];
export const PRIORITY_APPLICATION_LABELS: Record<PriorityApplicationType, string> = {
  integration_enterprise: '产教融合型企业',
  national_base: '国家级高技能人才培养基地',
  provincial_base: '省级高技能人才培养基地',
  master_studio: '技能大师工作室',
  secondary_capacity: '中职基础能力建设项目',
};
/** Which kind of organisation each application is for. */
export const PRIORITY_APPLICANTS: Record<PriorityApplicationType, readonly ('school' | 'enterprise')[]> = {
  integration_enterprise: ['enterprise'],
  national_base: ['school', 'enterprise'],
  provincial_base: ['school', 'enterprise'],
  master_studio: ['school', 'enterprise'],
  secondary_capacity: ['school'],
};

export const priorityEntryInput = z.strictObject({
  orgId: z.number().int().positive(),
  reason: z
    .string({ error: '请填写推荐理由' })
    .trim()
    .min(4, '请填写推荐理由（至少 4 个字）')
    .max(500, '推荐理由不能超过 500 个字'),
});
