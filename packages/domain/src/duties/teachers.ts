import { z } from 'zod';
import { requiredText, text } from '../contracts/common';
import { validateIdNumber } from '../idcard';

/**
 * 教师队伍 (notice 二(三)): a school's teacher roster with the 骨干 flag of key specialties, and each teacher's
 * enterprise practice. 骨干教师 of key specialties should spend at least one month a year in enterprises.
 */
export const KEY_TEACHER_PRACTICE_DAYS = 30;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const idNumber = z.string().superRefine((v, ctx) => {
  const r = validateIdNumber(v);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
});
const base = {
  name: requiredText(40),
  specialtyCode: z.string().trim().min(1, '请选择专业').max(20),
  isKey: z.boolean(),
  fromEnterprise: z.boolean(),
  title: text(40),
};
export const teacherInput = z.object({ ...base, idNumber });
export type TeacherInput = z.infer<typeof teacherInput>;
export const teacherUpdate = z.object({ ...base, idNumber: idNumber.optional(), version: z.number().int().positive() });
export type TeacherUpdate = z.infer<typeof teacherUpdate>;

export const teacher = z.object({
  id: z.number(),
  schoolOrgId: z.number(),
  schoolName: z.string(),
  regionCode: z.string(),
  name: z.string(),
  specialtyCode: z.string(),
  specialtyName: z.string(),
  isKey: z.boolean(),
  fromEnterprise: z.boolean(),
  title: z.string(),
  practiceDays: z.number(),
  version: z.number(),
});
export type Teacher = z.infer<typeof teacher>;
export const teacherListQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
const keyTeacherFigure = z.object({
  year: z.number(),
  keyTeachers: z.number(),
  meeting: z.number(),
  ratio: z.number().nullable(),
  requiredDays: z.number(),
});
export type KeyTeacherFigure = z.infer<typeof keyTeacherFigure>;
export const teacherList = z.object({ items: z.array(teacher), total: z.number(), figure: keyTeacherFigure });

export const practiceInput = z
  .object({
    enterprise: requiredText(100),
    startOn: day,
    endOn: day,
    days: z.number().int().min(1, '天数至少为 1').max(366),
    content: requiredText(1000),
    evidence: text(300),
  })
  .superRefine((v, ctx) => {
    if (v.endOn < v.startOn) ctx.addIssue({ code: 'custom', path: ['endOn'], message: '结束日期不能早于开始日期' });
    else if (v.days > spanDays(v.startOn, v.endOn))
      ctx.addIssue({ code: 'custom', path: ['days'], message: '实践天数不能超过起止日期之间的天数' });
  });
export type PracticeInput = z.infer<typeof practiceInput>;
export const practice = z.object({
  id: z.number(),
  teacherId: z.number(),
  enterprise: z.string(),
  startOn: z.string(),
  endOn: z.string(),
  days: z.number(),
  content: z.string(),
  evidence: z.string(),
});
export type Practice = z.infer<typeof practice>;
export const practiceList = z.object({ items: z.array(practice) });

/** Calendar days from start to end, both included. */
function spanDays(startOn: string, endOn: string): number {
  return Math.round((Date.parse(`${endOn}T00:00:00Z`) - Date.parse(`${startOn}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * Days of practice inside one calendar year: a stint across New Year counts its share by calendar days (capped at the
 * days recorded), so a year never takes days that fell in another.
 */
export function practiceDaysInYear(p: { startOn: string; endOn: string; days: number }, year: number): number {
  const from = p.startOn > `${year}-01-01` ? p.startOn : `${year}-01-01`;
  const to = p.endOn < `${year}-12-31` ? p.endOn : `${year}-12-31`;
  if (to < from) return 0;
  const span = spanDays(p.startOn, p.endOn);
  return span === 0 ? 0 : Math.round((p.days * spanDays(from, to)) / span);
}
