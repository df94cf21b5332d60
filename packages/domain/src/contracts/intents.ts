import { z } from 'zod';
import { pageQuery } from './common';

export const INTENT_STATES = ['pending', 'accepted', 'declined', 'withdrawn', 'expired'] as const;
export const INTENT_STATE_LABELS: Record<(typeof INTENT_STATES)[number], string> = {
  pending: '待回复',
  accepted: '已接受',
  declined: '已婉拒',
  withdrawn: '已撤回',
  expired: '已过期（30 天未回复）',
};
/** An intent nobody answers lapses after this many days. */
export const INTENT_EXPIRY_DAYS = 30;

export const intentCreateBody = z.strictObject({
  toOrgId: z.number().int().positive().optional(),
  itemId: z.number().int().positive().optional(),
  source: z.enum(['catalogue', 'recommendation', 'event', 'direct']).default('direct'),
  cooperationType: z.string().trim().min(1, '请选择合作方式').max(40),
  message: z.string().trim().min(5, '请写几句话说明合作意向（至少 5 个字）').max(2000),
});

const party = z.object({
  orgId: z.number(),
  name: z.string(),
  type: z.enum(['school', 'enterprise']),
  regionCode: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  contactTitle: z.string(),
  masked: z.boolean(),
});
export const intentOut = z.object({
  id: z.number(),
  state: z.enum(INTENT_STATES),
  source: z.string(),
  cooperationType: z.string(),
  message: z.string(),
  declineReason: z.string().nullable(),
  itemId: z.number().nullable(),
  itemTitle: z.string().nullable(),
  from: party,
  to: party,
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  version: z.number(),
  allowedActions: z.array(z.enum(['accept', 'decline', 'withdraw'])),
});
export const intentList = z.object({ items: z.array(intentOut), total: z.number() });
export const intentListQuery = z.object({
  box: z.enum(['all', 'sent', 'received']).default('all'),
  state: z.enum(INTENT_STATES).optional(),
  /** Either party in this region (the province's filter; a region bureau is always held to its own). */
  region: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为 6 位数字')
    .optional(),
  /** Part of either party's name. */
  q: z.string().trim().max(50, '关键词最多 50 个字').optional(),
  ...pageQuery,
});
export const intentActionBody = z.strictObject({
  action: z.enum(['accept', 'decline', 'withdraw']),
  version: z.number().int().min(1),
  reason: z.string().trim().max(500).optional(),
});
export const intentMessageBody = z.strictObject({ body: z.string().trim().min(1, '消息不能为空').max(2000) });
export const intentMessageOut = z.object({
  id: z.number(),
  authorName: z.string(),
  authorOrgId: z.number().nullable(),
  body: z.string(),
  kind: z.enum(['message', 'event']),
  createdAt: z.string(),
});
