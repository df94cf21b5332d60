import { z } from 'zod';
import { requiredText, text } from '../contracts/common';
import { SPECIALTY_LEVELS } from '../reference/specialties';

/**
 * 专业设置和退出 (notice 二(二)). A new specialty is applied for with partner enterprises, each of which confirms in its
 * own account (as agreement parties do); the school submits once at least one partner confirmed, the bureau
 * approves and the specialty appears on the school. An early-warning flag leads to a decision (keep / reduce /
 * withdraw) with a reason and an effective year, followed up until done.
 */
export const APPLICATION_STATES = ['awaiting_partners', 'submitted', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];
export const APPLICATION_STATE_LABELS: Record<ApplicationState, string> = {
  awaiting_partners: '待合作企业确认',
  submitted: '待主管部门审核',
  approved: '已批准',
  rejected: '未批准',
  withdrawn: '已撤回',
};
const PARTNER_STATES = ['pending', 'confirmed', 'declined'] as const;
export type PartnerState = (typeof PARTNER_STATES)[number];
export const PARTNER_STATE_LABELS: Record<PartnerState, string> = {
  pending: '待确认',
  confirmed: '已确认参与',
  declined: '已谢绝',
};

/** Which moves each state allows, and to where (the server refuses the rest with 409 application_state). */
export const APPLICATION_MOVES: Record<
  'submit' | 'withdraw' | 'approve' | 'reject',
  { from: readonly ApplicationState[]; to: ApplicationState }
> = {
  submit: { from: ['awaiting_partners'], to: 'submitted' },
  withdraw: { from: ['awaiting_partners', 'submitted'], to: 'withdrawn' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
};

export const specialtyApplicationInput = z.object({
  specialtyCode: z.string().trim().min(1, '请选择专业').max(20),
  level: z.enum(SPECIALTY_LEVELS, { message: '请选择培养层次' }),
  plannedEnrolment: z.number().int().min(1, '计划招生人数至少为 1').max(5000),
  reason: requiredText(1000),
  partnerOrgIds: z.array(z.number().int().positive()).min(1, '请至少选择一家合作企业').max(10),
});
export type SpecialtyApplicationInput = z.infer<typeof specialtyApplicationInput>;

export const applicationDecisionInput = z.object({
  approve: z.boolean(),
  note: text(500),
  effectiveOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional(),
});
export type ApplicationDecisionInput = z.infer<typeof applicationDecisionInput>;

export const specialtyApplication = z.object({
  id: z.number(),
  schoolOrgId: z.number(),
  schoolName: z.string(),
  regionCode: z.string(),
  specialtyCode: z.string(),
  specialtyName: z.string(),
  level: z.enum(SPECIALTY_LEVELS),
  plannedEnrolment: z.number(),
  reason: z.string(),
  state: z.enum(APPLICATION_STATES),
  decisionNote: z.string().nullable(),
  effectiveOn: z.string().nullable(),
  partners: z.array(z.object({ orgId: z.number(), name: z.string(), state: z.enum(PARTNER_STATES) })),
  createdAt: z.string(),
});
export type SpecialtyApplication = z.infer<typeof specialtyApplication>;
export const specialtyApplicationList = z.object({ items: z.array(specialtyApplication) });

export const EXIT_DECISIONS = ['keep', 'reduce', 'withdraw'] as const;
export type ExitDecision = (typeof EXIT_DECISIONS)[number];
export const EXIT_DECISION_LABELS: Record<ExitDecision, string> = {
  keep: '保留',
  reduce: '调减招生规模',
  withdraw: '撤销专业',
};

export const exitDecisionInput = z
  .object({
    schoolOrgId: z.number().int().positive(),
    specialtyCode: z.string().trim().min(1).max(20),
    warningYear: z.number().int().min(2020).max(2100),
    decision: z.enum(EXIT_DECISIONS, { message: '请选择处置决定' }),
    reason: requiredText(1000),
    effectiveYear: z.number().int().min(2020).max(2100),
    newEnrolment: z.number().int().min(0).max(100_000).nullable(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reduce' && v.newEnrolment == null)
      ctx.addIssue({ code: 'custom', path: ['newEnrolment'], message: '调减规模须填写调减后的招生人数' });
    if (v.effectiveYear < v.warningYear)
      ctx.addIssue({ code: 'custom', path: ['effectiveYear'], message: '生效年度不能早于预警年度' });
  });
export type ExitDecisionInput = z.infer<typeof exitDecisionInput>;

export const exitDecision = z.object({
  id: z.number(),
  schoolOrgId: z.number(),
  schoolName: z.string(),
  regionCode: z.string(),
  specialtyCode: z.string(),
  specialtyName: z.string(),
  warningYear: z.number(),
  flags: z.array(z.string()),
  decision: z.enum(EXIT_DECISIONS),
  reason: z.string(),
  effectiveYear: z.number(),
  newEnrolment: z.number().nullable(),
  state: z.enum(['open', 'done']),
  doneOn: z.string().nullable(),
  followUp: z.string(),
});
export type ExitDecisionRow = z.infer<typeof exitDecision>;
export const exitDecisionList = z.object({ items: z.array(exitDecision) });
export const decisionDoneInput = z.object({ followUp: requiredText(500) });

/** A school specialty the current year's warning flagged, with any decision already taken. */
const flaggedSpecialty = z.object({
  schoolOrgId: z.number(),
  schoolName: z.string(),
  regionCode: z.string(),
  specialtyCode: z.string(),
  specialtyName: z.string(),
  enrolment: z.number(),
  flags: z.array(z.string()),
  decisionId: z.number().nullable(),
});
export const flaggedSpecialtyList = z.object({ year: z.number(), items: z.array(flaggedSpecialty) });
export type FlaggedSpecialty = z.infer<typeof flaggedSpecialty>;
