import { z } from 'zod';
import { requiredText, text } from '../contracts/common';
import { validateIdNumber } from '../idcard';
import { SKILL_RECORD_STATE_LABELS, type SkillRecordState } from './skills';

/**
 * Notice 二(三): 「鼓励技工院校面向合作企业、行业招聘高层次专业技术人员、技能大师、能工巧匠到学校任教」 and
 * 「依托优质技工院校、校企合作企业，建立一批工学一体化教师培养培训基地」. A school records both; its bureau reviews
 * them (待市州审核 → 已审核通过 / 已退回, as the skills records); approved ones count in the 教师队伍 figures.
 */
export const RECRUIT_CATEGORIES = ['expert', 'master', 'craftsman'] as const;
export type RecruitCategory = (typeof RECRUIT_CATEGORIES)[number];
export const RECRUIT_CATEGORY_LABELS: Record<RecruitCategory, string> = {
  expert: '企业高层次专业技术人员',
  master: '技能大师',
  craftsman: '能工巧匠',
};
export const TEACHER_REVIEW_STATE_LABELS: Record<SkillRecordState, string> = SKILL_RECORD_STATE_LABELS;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const day = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .refine(
      (s) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s,
      `${what}格式应为 YYYY-MM-DD`,
    );
const idNumber = z.string({ error: '请填写身份证号码' }).superRefine((v, ctx) => {
  const r = validateIdNumber(v);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
});

const recruitBase = {
  name: requiredText(40),
  category: z.enum(RECRUIT_CATEGORIES, { error: '类别应为企业高层次专业技术人员、技能大师或能工巧匠' }),
  fromEnterprise: requiredText(100),
  specialtyCode: z.string({ error: '请选择任教专业' }).trim().min(1, '请选择任教专业').max(20),
  post: requiredText(40),
  startOn: day('到岗日期'),
  evidence: text(300),
};
export const recruitInput = z.strictObject({ ...recruitBase, idNumber });
export type RecruitInput = z.infer<typeof recruitInput>;
export const recruitUpdate = z.strictObject({
  ...recruitBase,
  idNumber: idNumber.optional(),
  version: z.number().int().positive(),
});
export type RecruitUpdate = z.infer<typeof recruitUpdate>;

export const integratedBaseInput = z.strictObject({
  name: requiredText(100),
  partnerEnterprise: text(100),
  specialtyArea: requiredText(100),
  capacity: z
    .number({ error: '年培训能力应为数字' })
    .int('年培训能力应为整数')
    .min(1, '年培训能力至少为 1 人')
    .max(10_000, '年培训能力不能超过 10000 人'),
  establishedOn: day('建立日期'),
});
export type IntegratedBaseInput = z.infer<typeof integratedBaseInput>;

export const teacherReviewInput = z.strictObject({
  decision: z.enum(['approve', 'return'], { error: '请选择通过或退回' }),
  reason: z.string().trim().max(500, '原因不能超过 500 个字').default(''),
  version: z.number().int().positive(),
});

const reviewed = {
  id: z.number(),
  schoolOrgId: z.number(),
  schoolName: z.string(),
  regionCode: z.string(),
  state: z.enum(['submitted', 'approved', 'returned']),
  reviewReason: z.string().nullable(),
  canEdit: z.boolean(),
  canReview: z.boolean(),
  version: z.number(),
};
export const recruit = z.object({
  ...reviewed,
  name: z.string(),
  category: z.enum(RECRUIT_CATEGORIES),
  fromEnterprise: z.string(),
  specialtyCode: z.string(),
  specialtyName: z.string(),
  post: z.string(),
  startOn: z.string(),
  evidence: z.string(),
});
export type Recruit = z.infer<typeof recruit>;
export const integratedBase = z.object({
  ...reviewed,
  name: z.string(),
  partnerEnterprise: z.string(),
  specialtyArea: z.string(),
  capacity: z.number(),
  establishedOn: z.string(),
});
export type IntegratedBase = z.infer<typeof integratedBase>;

/** What the 教师队伍 page shows beside the roster: approved recruits (all, and arrived this year) and bases. */
export const teamFigure = z.object({
  year: z.number(),
  recruits: z.number(),
  recruitsThisYear: z.number(),
  recruitsPending: z.number(),
  bases: z.number(),
  baseCapacity: z.number(),
  basesPending: z.number(),
});
export type TeamFigure = z.infer<typeof teamFigure>;
