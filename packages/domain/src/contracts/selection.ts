import { z } from 'zod';
import { captchaFields } from './auth';
import { DEMO_PROJECT_TYPES, NOMINATION_STATES, ROUND_STATES } from '../selection/machine';
import { OBJECTION_STATUSES } from '../selection/notice';
import { rubricSchema } from '../selection/rubric';

/** API contracts of the demonstration selection (/api/selection/…): request bodies and the response field whitelists. */
const isoDate = z.iso.date('日期格式应为 YYYY-MM-DD');
const id = z.number().int().positive().max(2_147_483_647);
const say = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, min <= 1 ? `请填写${what}` : `${what}至少 ${min} 个字`)
    .max(max, `${what}最多 ${max} 个字`);

export const selectionYearQuery = z.object({ year: z.coerce.number().int().min(2020).max(2100).optional() });

export const roundCreateBody = z
  .strictObject({
    year: z.number().int().min(2020, '年度不正确').max(2100, '年度不正确'),
    title: say(2, 100, '遴选名称'),
    projectTypes: z
      .array(z.enum(DEMO_PROJECT_TYPES, '遴选类型应为技工教育联盟、特色专业（群）或实习实训基地'))
      .min(1, '请至少选择 1 类项目')
      .max(3),
    rubric: rubricSchema,
    quota: z.record(
      z.string(),
      z.number().int('名额须为整数').min(1, '每类名额至少 1 个').max(500, '每类名额最多 500 个'),
    ),
  })
  .superRefine((b, ctx) => {
    if (new Set(b.projectTypes).size !== b.projectTypes.length)
      ctx.addIssue({ code: 'custom', path: ['projectTypes'], message: '遴选类型重复' });
    for (const t of b.projectTypes)
      if (b.quota[t] == null) ctx.addIssue({ code: 'custom', path: ['quota', t], message: '请填写每类项目的入选名额' });
    for (const k of Object.keys(b.quota))
      if (!b.projectTypes.includes(k as never))
        ctx.addIssue({ code: 'custom', path: ['quota', k], message: `名额中的类型“${k}”不在本轮遴选范围内` });
  });

export const nominationCreateBody = z.strictObject({ projectId: id, statement: say(10, 3000, '推荐理由') });
export const expertsBody = z.strictObject({
  userIds: z.array(id).min(1, '请至少选择 1 名专家').max(50, '每次最多 50 名专家'),
});
export const declarationBody = z
  .strictObject({
    conflict: z.boolean('请选择是否存在利益冲突'),
    reason: z.string().trim().max(500, '说明最多 500 个字').default(''),
  })
  .refine((b) => !b.conflict || b.reason.length >= 2, { path: ['reason'], message: '存在利益冲突时请说明原因' });
export const scoreBody = z.strictObject({
  scores: z.record(z.string().max(32), z.number('分数应为数字')),
  comment: z.string().trim().max(1000, '评语最多 1000 个字').default(''),
});
export const noticeBody = z
  .strictObject({ from: isoDate, to: isoDate })
  .refine((b) => b.to >= b.from, { path: ['to'], message: '公示结束日期不能早于开始日期' });
// From the public page a captcha comes with every objection (GET /api/auth/captcha); the province recording one
// received by post or phone is signed in and needs none.
export const objectionBody = z.strictObject({
  name: say(1, 50, '姓名'),
  contact: say(5, 100, '联系方式'),
  content: say(10, 2000, '异议内容'),
  captchaId: captchaFields.captchaId.optional(),
  captchaAnswer: captchaFields.captchaAnswer.optional(),
});
export const resolveBody = z.strictObject({
  status: z.enum(['upheld', 'dismissed'], '处理结果应为“异议成立”或“异议不成立”'),
  resolution: say(2, 1000, '处理理由'),
});

// ---------------------------------------------------------------- responses

const party = z.object({ orgId: z.number(), name: z.string(), side: z.enum(['school', 'enterprise']) });

/** Pulled from tracked data when the region nominates; kept as it was then (later edits do not change it). */
const selectionEvidence = z.object({
  collectedAt: z.string(),
  project: z.object({
    id: z.number(),
    title: z.string(),
    type: z.string(),
    status: z.string(),
    startDate: z.string(),
    endDate: z.string().nullable(),
  }),
  agreement: z.object({
    id: z.number(),
    agreementNo: z.string(),
    title: z.string(),
    status: z.string(),
    keyProject: z.boolean(),
    signingDate: z.string().nullable(),
    termStart: z.string(),
    termEnd: z.string(),
    parties: z.array(party),
  }),
  internships: z.object({
    cohorts: z.number(),
    students: z.number(),
    employedAfter: z.number(),
    employmentRate: z.number().nullable(),
  }),
  reports: z.object({
    accepted: z.number(),
    pending: z.number(),
    latestAcceptedPeriod: z.string().nullable(),
    totals: z.record(z.string(), z.number()),
  }),
  training: z.object({
    personTimes: z.number(),
    certificates: z.number(),
    certificatesByLevel: z.record(z.string(), z.number()),
    reports: z.number(),
  }),
  orderClasses: z.object({ classes: z.number(), students: z.number(), hiringCommitment: z.number() }),
});
export type SelectionEvidence = z.infer<typeof selectionEvidence>;

const scoreSheet = z.object({
  scores: z.record(z.string(), z.number()),
  total: z.number(),
  comment: z.string(),
  scoredAt: z.string(),
});
const declaration = z.object({
  conflict: z.boolean(),
  reason: z.string(),
  automatic: z.boolean(),
  declaredAt: z.string(),
});

export const objectionOut = z.object({
  id: z.number(),
  nominationId: z.number(),
  submitterName: z.string(),
  /** Only the province sees how to reach the person who objected. */
  submitterContact: z.string().optional(),
  content: z.string(),
  status: z.enum(OBJECTION_STATUSES),
  resolution: z.string().nullable(),
  submittedAt: z.string(),
  resolvedAt: z.string().nullable(),
});

export const nominationOut = z.object({
  id: z.number(),
  roundId: z.number(),
  projectId: z.number(),
  projectTitle: z.string(),
  projectType: z.string(),
  regionCode: z.string(),
  schoolOrgId: z.number(),
  schoolName: z.string(),
  statement: z.string(),
  evidence: selectionEvidence,
  status: z.enum(NOMINATION_STATES),
  /** Shown to the province and bureaus once the shortlist is drawn; never to experts. */
  finalScore: z.number().nullable(),
  nominatedAt: z.string(),
  /** Province: every sheet and declaration. */
  scores: z.array(scoreSheet.extend({ expertUserId: z.number(), expertName: z.string() })).optional(),
  declarations: z.array(declaration.extend({ expertUserId: z.number(), expertName: z.string() })).optional(),
  validScoreCount: z.number().optional(),
  /** Expert: their own declaration and sheet only. */
  myDeclaration: declaration.nullable().optional(),
  myScore: scoreSheet.nullable().optional(),
  objections: z.array(objectionOut).optional(),
  /** What the caller may do now: declare, score, resolve_objections. */
  allowedActions: z.array(z.string()),
});

export const roundOut = z.object({
  id: z.number(),
  year: z.number(),
  title: z.string(),
  projectTypes: z.array(z.string()),
  rubric: z.array(z.object({ key: z.string(), label: z.string(), max: z.number() })),
  quota: z.record(z.string(), z.number()),
  status: z.enum(ROUND_STATES),
  noticeFrom: z.string().nullable(),
  noticeTo: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  nominationCount: z.number(),
  /** Round moves the caller may make (assign_experts, shortlist, open_notice, publish) plus 'nominate' for a region. */
  allowedActions: z.array(z.string()),
});
export const roundList = z.object({ items: z.array(roundOut) });
export const roundDetail = roundOut.extend({
  experts: z.array(z.object({ userId: z.number(), name: z.string(), orgName: z.string().nullable() })).optional(),
  nominations: z.array(nominationOut),
});

export const declarationOut = declaration.extend({ nominationId: z.number() });
export const scoreOut = scoreSheet.extend({ nominationId: z.number() });
export const objectionAccepted = z.object({
  id: z.number(),
  status: z.literal('open'),
  submittedAt: z.string(),
  message: z.string(),
});
