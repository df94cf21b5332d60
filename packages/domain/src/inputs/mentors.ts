import { z } from 'zod';
import { requiredText } from '../contracts/common';
import { validateIdNumber } from '../idcard';

/**
 * A school's own roster of 企业兼职技能导师 (besides those listed in mentor projects). The ID number is sent once,
 * checked (GB 11643) and turned into the same keyed hash the project mentors carry, so a person on both counts once;
 * it is never stored nor shown again.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const day = z.string().regex(DATE, '日期格式应为 YYYY-MM-DD');
const idNumber = z.string().superRefine((v, ctx) => {
  const r = validateIdNumber(v);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
});

const base = {
  name: requiredText(40),
  enterprise: requiredText(100),
  specialtyCode: z.string().trim().min(1, '请选择专业').max(20),
  termStart: day,
  termEnd: day,
};
const termCheck = (v: { termStart: string; termEnd: string }, ctx: z.RefinementCtx) => {
  if (v.termEnd < v.termStart) ctx.addIssue({ code: 'custom', path: ['termEnd'], message: '聘期结束不能早于聘期开始' });
};

export const mentorInput = z.object({ ...base, idNumber }).superRefine(termCheck);
export type MentorInput = z.infer<typeof mentorInput>;
/** On edit the ID number may be left out (it is not shown again): the stored key stays. */
export const mentorUpdate = z
  .object({ ...base, idNumber: idNumber.optional(), version: z.number().int().positive() })
  .superRefine(termCheck);
export type MentorUpdate = z.infer<typeof mentorUpdate>;

export const schoolMentor = z.object({
  id: z.number(),
  schoolOrgId: z.number(),
  schoolName: z.string(),
  regionCode: z.string(),
  name: z.string(),
  enterprise: z.string(),
  specialtyCode: z.string(),
  specialtyName: z.string(),
  termStart: z.string(),
  termEnd: z.string(),
  version: z.number(),
});
export type SchoolMentor = z.infer<typeof schoolMentor>;
export const schoolMentorList = z.object({ items: z.array(schoolMentor), total: z.number() });
