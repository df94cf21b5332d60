import { z } from 'zod';

export const MEETING_OUTCOMES = ['none', 'intent', 'agreement_to_sign', 'no_deal'] as const;
export const MEETING_OUTCOME_LABELS: Record<(typeof MEETING_OUTCOMES)[number], string> = {
  none: '未记录',
  intent: '达成合作意向',
  agreement_to_sign: '拟签订协议',
  no_deal: '暂无合作',
};

export const eventCreateBody = z
  .strictObject({
    title: z.string().trim().min(2, '请填写洽谈会名称').max(100),
    campaignYear: z.number().int().min(2020).max(2100).optional(),
    startsAt: z.iso.datetime({ offset: true, message: '开始时间格式不正确' }),
    endsAt: z.iso.datetime({ offset: true, message: '结束时间格式不正确' }),
    place: z.string().trim().max(200).default(''),
    online: z.boolean().default(false),
    capacity: z.number().int().min(2, '容量至少 2 家').max(5000),
    slotMinutes: z.number().int().min(5).max(240).default(20),
    description: z.string().trim().max(2000).default(''),
  })
  .refine((e) => Date.parse(e.endsAt) > Date.parse(e.startsAt), { message: '结束时间须晚于开始时间', path: ['endsAt'] })
  .refine((e) => e.online || e.place.length > 0, { message: '线下洽谈会请填写地点', path: ['place'] });

export const eventOut = z.object({
  id: z.number(),
  title: z.string(),
  campaignYear: z.number().nullable(),
  organiser: z.string(),
  regionCode: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  online: z.boolean(),
  capacity: z.number(),
  slotMinutes: z.number(),
  description: z.string(),
  status: z.enum(['open', 'closed', 'cancelled']),
  registered: z.number(),
  meetings: z.number(),
  myRegistration: z.boolean(),
  canManage: z.boolean(),
});

export const registrationOut = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  orgType: z.enum(['school', 'enterprise']),
  regionCode: z.string(),
  attendees: z.number(),
  createdAt: z.string(),
});
export const registerBody = z.strictObject({ attendees: z.number().int().min(1).max(20).default(1) });

const MEETING_STATES = ['requested', 'accepted', 'declined'] as const;

export const meetingBody = z.strictObject({
  slotStart: z.iso.datetime({ offset: true }),
  schoolOrgId: z.number().int().positive(),
  enterpriseOrgId: z.number().int().positive(),
  table: z.string().trim().max(20).default(''),
});
export const meetingOut = z.object({
  id: z.number(),
  slotStart: z.string(),
  schoolOrgId: z.number(),
  schoolName: z.string(),
  enterpriseOrgId: z.number(),
  enterpriseName: z.string(),
  table: z.string(),
  outcome: z.enum(MEETING_OUTCOMES),
  outcomeNote: z.string(),
  /** A booking by one side is a request until the other side accepts it. */
  state: z.enum(MEETING_STATES),
  requestedByOrgId: z.number().nullable(),
  declineReason: z.string().nullable(),
  /** The caller is the side asked and may accept or decline. */
  canRespond: z.boolean(),
});
export const meetingResponseBody = z.strictObject({
  action: z.enum(['accept', 'decline'], { message: '操作应为接受或谢绝' }),
  reason: z.string().trim().max(500, '原因不超过 500 字').default(''),
});
export const meetingOutcomeBody = z.strictObject({
  outcome: z.enum(MEETING_OUTCOMES),
  outcomeNote: z.string().trim().max(1000).default(''),
});

export const eventStatusBody = z.strictObject({
  status: z.enum(['open', 'closed', 'cancelled']),
  reason: z.string().trim().max(500).default(''),
});
