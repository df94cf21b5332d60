import { z } from 'zod';

/** What an organisation changes only through its bureau: its name and its USCC (its identity in every list). */
export const ORG_CHANGE_FIELDS = ['name', 'uscc'] as const;
export const ORG_CHANGE_FIELD_LABELS: Record<(typeof ORG_CHANGE_FIELDS)[number], string> = {
  name: '单位名称',
  uscc: '统一社会信用代码',
};
export const ORG_CHANGE_STATES = ['pending', 'approved', 'rejected'] as const;
export const ORG_CHANGE_STATE_LABELS: Record<(typeof ORG_CHANGE_STATES)[number], string> = {
  pending: '待主管部门审核',
  approved: '已批准',
  rejected: '已驳回',
};

export const orgChangeRequestBody = z.strictObject({
  field: z.enum(ORG_CHANGE_FIELDS, { message: '只能申请变更单位名称或统一社会信用代码' }),
  newValue: z.string({ message: '请填写变更后的内容' }).trim().min(1, '请填写变更后的内容').max(100, '不超过 100 字'),
  reason: z.string({ message: '请填写变更原因' }).trim().min(1, '请填写变更原因').max(500, '变更原因不超过 500 字'),
});
export const orgChangeDecisionBody = z.strictObject({
  action: z.enum(['approve', 'reject'], { message: '操作应为批准或驳回' }),
  note: z.string().trim().max(500, '意见不超过 500 字').default(''),
});
export const orgChangeListQuery = z.object({
  state: z.enum(ORG_CHANGE_STATES, { message: '状态应为 pending、approved 或 rejected' }).optional(),
  orgId: z.coerce.number().int().positive().optional(),
});
export const orgChangeOut = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  orgType: z.enum(['school', 'enterprise']),
  regionCode: z.string(),
  field: z.enum(ORG_CHANGE_FIELDS),
  oldValue: z.string(),
  newValue: z.string(),
  reason: z.string(),
  state: z.enum(ORG_CHANGE_STATES),
  decisionNote: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  /** The caller is the bureau (or the province) that decides. */
  canDecide: z.boolean(),
});
export type OrgChangeOut = z.infer<typeof orgChangeOut>;
