import { z } from 'zod';
import { requiredText, text } from '../contracts/common';

/** 校企合作组织机构 (notice 三(一)): every school has one, with a named responsible person and its members. */
const member = z.object({ name: requiredText(40), title: text(40), duty: text(60) });
export const coopOfficeInput = z.object({
  name: requiredText(60),
  responsibleName: requiredText(40),
  responsibleTitle: requiredText(40),
  responsiblePhone: z
    .string()
    .trim()
    .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '请填写手机号或座机号（区号-号码）'),
  establishedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  members: z.array(member).max(50),
  version: z.number().int().positive().optional(),
});
export type CoopOfficeInput = z.infer<typeof coopOfficeInput>;
export const coopOffice = z.object({
  schoolOrgId: z.number(),
  schoolName: z.string(),
  name: z.string(),
  responsibleName: z.string(),
  responsibleTitle: z.string(),
  responsiblePhone: z.string(),
  establishedOn: z.string(),
  members: z.array(z.object({ name: z.string(), title: z.string(), duty: z.string() })),
  version: z.number(),
});
export type CoopOffice = z.infer<typeof coopOffice>;
/** A school has a complete office when it is recorded with a responsible person and at least one member. */
export const OFFICE_MIN_MEMBERS = 1;
export const officeCompleteness = z.object({
  regions: z.array(
    z.object({
      regionCode: z.string(),
      regionName: z.string(),
      schools: z.number(),
      recorded: z.number(),
      complete: z.number(),
    }),
  ),
  schools: z.array(
    z.object({
      orgId: z.number(),
      name: z.string(),
      regionCode: z.string(),
      state: z.enum(['none', 'incomplete', 'complete']),
      responsibleName: z.string().nullable(),
      members: z.number(),
    }),
  ),
});
export type OfficeCompleteness = z.infer<typeof officeCompleteness>;
