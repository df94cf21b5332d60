import { z } from 'zod';
import { requiredText, text } from '../contracts/common';
import { occupationByCode } from '../reference/occupations';
import { skillLevelByCode } from '../reference/skillLevels';

// 三(四): subsidised training and skill evaluation by participating schools and enterprises, and skill contests of
// urgently needed occupations. One rule set for the screen and the API; records count once their bureau approved them.

export const SKILL_RECORD_STATES = ['submitted', 'approved', 'returned'] as const;
export type SkillRecordState = (typeof SKILL_RECORD_STATES)[number];
export const SKILL_RECORD_STATE_LABELS: Record<SkillRecordState, string> = {
  submitted: '待市州审核',
  approved: '已审核通过',
  returned: '已退回',
};
const SKILL_TRAINING_KINDS = ['training', 'evaluation'] as const;
const SKILL_PEOPLE_MAX = 100_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const day = (what: string) => z.string({ error: `请填写${what}` }).refine(isDay, `${what}格式应为 YYYY-MM-DD`);
const count = (what: string) =>
  z
    .number({ error: `${what}应为数字` })
    .int(`${what}应为整数`)
    .min(0, `${what}不能为负数`)
    .max(SKILL_PEOPLE_MAX, `${what}不能超过 ${SKILL_PEOPLE_MAX}`);
const occupation = z
  .string({ error: '请选择职业（工种）' })
  .trim()
  .refine((c) => occupationByCode(c)?.level === 'detail', '职业（工种）不在职业分类目录中，请从列表中选择');

export const skillTrainingInput = z
  .strictObject({
    /** A bureau records for one of its schools or enterprises; a school or enterprise for itself (omit). */
    orgId: z.number().int().positive().optional(),
    kind: z.enum(SKILL_TRAINING_KINDS, { error: '类型应为“补贴性职业技能培训”或“技能人才评价”' }),
    occupationCode: occupation,
    level: z.string({ error: '请选择等级' }).refine((c) => !!skillLevelByCode(c), '等级不在职业技能等级目录中'),
    startDate: day('开始日期'),
    endDate: day('结束日期'),
    people: count('人数').min(1, '人数至少为 1'),
    certificates: count('取证人数'),
    note: text(500).default(''),
  })
  .superRefine((v, ctx) => {
    if (isDay(v.startDate) && isDay(v.endDate) && v.endDate < v.startDate)
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: '结束日期不能早于开始日期' });
    if (v.certificates > v.people)
      ctx.addIssue({ code: 'custom', path: ['certificates'], message: '取证人数不能多于培训评价人数' });
  });
export type SkillTrainingInput = z.infer<typeof skillTrainingInput>;

export const skillContestInput = z
  .strictObject({
    orgId: z.number().int().positive().optional(),
    name: requiredText(100),
    organiser: requiredText(100),
    occupationCode: occupation,
    heldOn: day('举办日期'),
    participants: count('参赛人数').min(1, '参赛人数至少为 1'),
    winners: count('获奖人数'),
    note: text(500).default(''),
  })
  .superRefine((v, ctx) => {
    if (v.winners > v.participants)
      ctx.addIssue({ code: 'custom', path: ['winners'], message: '获奖人数不能多于参赛人数' });
  });
export type SkillContestInput = z.infer<typeof skillContestInput>;

export const skillReviewInput = z.strictObject({
  decision: z.enum(['approve', 'return'], { error: '审核结果应为“通过”或“退回”' }),
  reason: text(300).default(''),
  version: z.number().int().positive(),
});

const common = {
  id: z.number(),
  regionCode: z.string(),
  regionName: z.string(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  occupationCode: z.string(),
  occupationName: z.string(),
  note: z.string(),
  state: z.enum(SKILL_RECORD_STATES),
  reviewReason: z.string().nullable(),
  version: z.number(),
  canEdit: z.boolean(),
  canReview: z.boolean(),
};
export const skillTraining = z.object({
  ...common,
  kind: z.enum(SKILL_TRAINING_KINDS),
  level: z.string(),
  levelName: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  people: z.number(),
  certificates: z.number(),
});
export const skillContest = z.object({
  ...common,
  name: z.string(),
  organiser: z.string(),
  heldOn: z.string(),
  participants: z.number(),
  winners: z.number(),
});
export type SkillTraining = z.infer<typeof skillTraining>;
export type SkillContest = z.infer<typeof skillContest>;

/** The dashboard section: what is counted is approved records of the year (by end date / contest date). */
export const dutyFigures = z.object({
  year: z.number(),
  regionCode: z.string().nullable(),
  items: z.array(
    z.object({ id: z.string(), label: z.string(), value: z.number(), unit: z.string(), note: z.string() }),
  ),
});
export type DutyFigures = z.infer<typeof dutyFigures>;
