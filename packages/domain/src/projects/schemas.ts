import { z } from 'zod';
import { INDUSTRY_CODES } from '../reference/industries';
import { DETAILED_OCCUPATIONS } from '../reference/occupations';
import { SKILL_LEVELS } from '../reference/skillLevels';
import { SPECIALTY_CODES, SPECIALTY_LEVELS } from '../reference/specialties';
import {
  bool,
  checkDateOrder,
  checkUnique,
  code,
  count,
  daysInclusive,
  isoDate,
  label,
  orgId,
  personKey,
  runSchema,
  type ProjectValidation,
} from './common';
import { PROJECT_TYPE_LABELS, isProjectType, type ProjectType } from './types';

/**
 * The type-specific `data` of a cooperation project, one strict zod schema per type. Shape and internal consistency
 * (date order, hires ≤ students, lead among members…) live in the schema; whether a specialty / occupation / skill
 * level / industry code exists is checked against code lists passed in (the dictionaries are editable in the
 * database), defaulting to the reference data of this package.
 */
export const BASE_MODES = ['引企入校', '引校进企', '校企一体'] as const;
export const ORDER_CLASS_LEVELS = SPECIALTY_LEVELS;
export const TRAINING_EVAL_MODES = ['新型学徒制', '岗位技能提升', '技师培训', '一试一证两认', '联考联评'] as const;
export const COMPETITION_LEVELS = ['校级', '市级', '省级', '国家级', '行业'] as const;
export const RND_KINDS = ['技术研发', '技术服务', '课程开发', '教材共建'] as const;

const allianceData = z
  .strictObject({
    name: label(100),
    memberOrgIds: z.array(orgId()).min(2, '联盟成员至少 2 家').max(500, '联盟成员最多 500 家'),
    leadOrgId: orgId(),
    focusIndustries: z.array(code()).min(1, '请至少选择 1 个重点产业').max(50, '最多 50 个产业'),
  })
  .superRefine((d, ctx) => {
    checkUnique(ctx, d.memberOrgIds, 'memberOrgIds', () => '联盟成员重复');
    checkUnique(ctx, d.focusIndustries, 'focusIndustries', (v) => `产业“${v}”重复`);
    if (!d.memberOrgIds.includes(d.leadOrgId))
      ctx.addIssue({ code: 'custom', path: ['leadOrgId'], message: '牵头单位必须是联盟成员之一' });
  });

const specialtyData = z
  .strictObject({
    groupName: label(100),
    specialtyCodes: z.array(code()).min(1, '请至少选择 1 个专业').max(30, '最多 30 个专业'),
    coBuiltCurriculum: bool(),
    coBuiltMaterials: count(0, 1000),
    integrated: bool(),
  })
  .superRefine((d, ctx) => checkUnique(ctx, d.specialtyCodes, 'specialtyCodes', (v) => `专业“${v}”重复`));

const baseData = z
  .strictObject({
    location: label(200),
    mode: z.enum(BASE_MODES, '请选择共建方式：引企入校、引校进企或校企一体'),
    productive: bool(),
    capacity: count(1, 100_000),
    specialtyCodes: z.array(code()).min(1, '请至少选择 1 个服务的重点专业').max(30, '最多 30 个专业'),
  })
  .superRefine((d, ctx) => checkUnique(ctx, d.specialtyCodes, 'specialtyCodes', (v) => `专业“${v}”重复`));

const orderClassData = z
  .strictObject({
    specialtyCode: code(),
    level: z.enum(ORDER_CLASS_LEVELS, '培养层次应为中级工、高级工或预备技师'),
    students: count(1, 10_000),
    startDate: isoDate(),
    endDate: isoDate(),
    hiringCommitment: count(0, 10_000),
    cancelled: bool().default(false),
  })
  .superRefine((d, ctx) => {
    checkDateOrder(ctx, d.startDate, d.endDate, 'endDate');
    if (d.hiringCommitment > d.students)
      ctx.addIssue({
        code: 'custom',
        path: ['hiringCommitment'],
        message: `承诺录用人数（${d.hiringCommitment}）不能超过订单班人数（${d.students}）`,
      });
  });

const mentorRow = z
  .strictObject({
    name: label(50),
    idKey: personKey(),
    title: label(50),
    skillLevel: code(),
    enterpriseOrgId: orgId(),
    teachingHours: count(0, 10_000),
    termStart: isoDate(),
    termEnd: isoDate(),
  })
  .superRefine((d, ctx) => checkDateOrder(ctx, d.termStart, d.termEnd, 'termEnd', '聘期结束日期不能早于开始日期'));

const mentorData = z
  .strictObject({ mentors: z.array(mentorRow).min(1, '请至少填写 1 名导师').max(500, '最多 500 名导师') })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.mentors.forEach((m, i) => {
      if (seen.has(m.idKey))
        ctx.addIssue({
          code: 'custom',
          path: ['mentors', i, 'idKey'],
          message: `导师“${m.name}”重复（同一人只能聘任一次）`,
        });
      seen.add(m.idKey);
    });
  });

const trainingEvalData = z
  .strictObject({
    mode: z.enum(TRAINING_EVAL_MODES, '请选择培训评价方式'),
    occupationCode: code(),
    plannedPersonTimes: count(),
    actualPersonTimes: count(),
    certificatesByLevel: z.record(z.string(), count()).default({}),
    startDate: isoDate(),
    endDate: isoDate(),
  })
  .superRefine((d, ctx) => checkDateOrder(ctx, d.startDate, d.endDate, 'endDate'));

const teacherRow = z
  .strictObject({
    name: label(50),
    idKey: personKey(),
    specialtyCode: code(),
    keySpecialty: bool(),
    backbone: bool(),
    enterpriseOrgId: orgId(),
    days: count(1, 366),
    startDate: isoDate(),
    endDate: isoDate(),
  })
  .superRefine((d, ctx) => {
    if (d.endDate < d.startDate) return checkDateOrder(ctx, d.startDate, d.endDate, 'endDate');
    const span = daysInclusive(d.startDate, d.endDate);
    if (d.days > span)
      ctx.addIssue({
        code: 'custom',
        path: ['days'],
        message: `实践天数（${d.days}）不能超过起止日期之间的天数（${span}）`,
      });
  });

const teacherPracticeData = z.strictObject({
  teachers: z.array(teacherRow).min(1, '请至少填写 1 名教师').max(500, '最多 500 名教师'),
});

const competitionData = z
  .strictObject({
    name: label(100),
    level: z.enum(COMPETITION_LEVELS, '请选择竞赛级别'),
    occupationCode: code(),
    participants: count(),
    awards: count(),
    date: isoDate(),
  })
  .superRefine((d, ctx) => {
    if (d.awards > d.participants)
      ctx.addIssue({
        code: 'custom',
        path: ['awards'],
        message: `获奖人数（${d.awards}）不能超过参赛人数（${d.participants}）`,
      });
  });

const rndData = z.strictObject({
  kind: z.enum(RND_KINDS, '请选择合作类别'),
  outcome: label(2000),
  outputs: count(0, 100_000),
});

export const PROJECT_DATA_SCHEMAS = Object.freeze({
  alliance: allianceData,
  specialty: specialtyData,
  base: baseData,
  order_class: orderClassData,
  mentor: mentorData,
  training_eval: trainingEvalData,
  teacher_practice: teacherPracticeData,
  competition: competitionData,
  rnd: rndData,
});

type Schemas = typeof PROJECT_DATA_SCHEMAS;
/** The stored (parsed) `data` of a project of type T. */
export type ProjectData<T extends ProjectType = ProjectType> = z.output<Schemas[T]>;

/** Code lists to check against; each defaults to this package's reference data. */
export interface ProjectRefs {
  specialtyCodes?: ReadonlySet<string>;
  skillLevelCodes?: ReadonlySet<string>;
  /** Default: the detailed occupations (工种) — a project names a 工种, not a category. */
  occupationCodes?: ReadonlySet<string>;
  industryCodes?: ReadonlySet<string>;
}

const DEFAULT_REFS: Required<ProjectRefs> = Object.freeze({
  specialtyCodes: new Set(SPECIALTY_CODES),
  skillLevelCodes: new Set(SKILL_LEVELS.map((l) => l.code)),
  occupationCodes: new Set(DETAILED_OCCUPATIONS.map((o) => o.code)),
  industryCodes: new Set(INDUSTRY_CODES),
});

type CodeKind = 'specialty' | 'skill_level' | 'occupation' | 'industry';
interface CodeRef {
  kind: CodeKind;
  code: string;
  path: (string | number)[];
}

const CODE_MESSAGES: Record<CodeKind, (c: string) => string> = {
  specialty: (c) => `专业代码“${c}”不存在`,
  skill_level: (c) => `技能等级代码“${c}”不存在`,
  occupation: (c) => `职业（工种）代码“${c}”不存在`,
  industry: (c) => `产业代码“${c}”不存在`,
};

const each = (kind: CodeKind, codes: readonly string[], ...path: (string | number)[]): CodeRef[] =>
  codes.map((c, i) => ({ kind, code: c, path: [...path, i] }));

/** Every coded value in a project's data, with where it sits. */
function codesOf(type: ProjectType, data: unknown): CodeRef[] {
  const d = data as Record<string, any>;
  switch (type) {
    case 'alliance':
      return each('industry', d.focusIndustries, 'focusIndustries');
    case 'specialty':
    case 'base':
      return each('specialty', d.specialtyCodes, 'specialtyCodes');
    case 'order_class':
      return [{ kind: 'specialty', code: d.specialtyCode, path: ['specialtyCode'] }];
    case 'mentor':
      return (d.mentors as { skillLevel: string }[]).map((m, i) => ({
        kind: 'skill_level' as const,
        code: m.skillLevel,
        path: ['mentors', i, 'skillLevel'],
      }));
    case 'training_eval':
      return [
        { kind: 'occupation', code: d.occupationCode, path: ['occupationCode'] },
        ...Object.keys(d.certificatesByLevel ?? {}).map((k) => ({
          kind: 'skill_level' as const,
          code: k,
          path: ['certificatesByLevel', k],
        })),
      ];
    case 'teacher_practice':
      return (d.teachers as { specialtyCode: string }[]).map((t, i) => ({
        kind: 'specialty' as const,
        code: t.specialtyCode,
        path: ['teachers', i, 'specialtyCode'],
      }));
    case 'competition':
      return [{ kind: 'occupation', code: d.occupationCode, path: ['occupationCode'] }];
    case 'rnd':
      return [];
  }
}

/** Adds an issue for every code not in its list (used by the project and the progress-report schemas). */
export function checkCodes(ctx: z.RefinementCtx, refs: readonly CodeRef[], lists: ProjectRefs = {}): void {
  const r = { ...DEFAULT_REFS, ...stripUndefined(lists) };
  const sets: Record<CodeKind, ReadonlySet<string>> = {
    specialty: r.specialtyCodes,
    skill_level: r.skillLevelCodes,
    occupation: r.occupationCodes,
    industry: r.industryCodes,
  };
  for (const ref of refs)
    if (!sets[ref.kind].has(ref.code))
      ctx.addIssue({ code: 'custom', path: ref.path, message: CODE_MESSAGES[ref.kind](ref.code) });
}

function stripUndefined(refs: ProjectRefs): ProjectRefs {
  return Object.fromEntries(Object.entries(refs).filter(([, v]) => v !== undefined));
}

/**
 * The schema of a project's `data` for `type`, including the code checks against `refs` (default: reference data).
 * Throws a RangeError for an unknown type (use isProjectType on untrusted input first, or validateProjectData).
 */
export function projectDataSchema<T extends ProjectType>(type: T, refs?: ProjectRefs): Schemas[T] {
  if (!isProjectType(type)) throw new RangeError(`unknown project type ${String(type)}`);
  const base = PROJECT_DATA_SCHEMAS[type] as unknown as z.ZodType;
  return base.superRefine((d, ctx) => checkCodes(ctx, codesOf(type, d), refs)) as unknown as Schemas[T];
}

/** Parses and checks a project's `data`; issues carry dotted paths ('mentors.0.idKey') and Chinese messages. */
export function validateProjectData<T extends ProjectType>(
  type: T,
  data: unknown,
  refs?: ProjectRefs,
): ProjectValidation<ProjectData<T>> {
  if (!isProjectType(type))
    return { ok: false, issues: [{ path: 'type', message: `未知的项目类型“${String(type)}”` }] };
  return runSchema(projectDataSchema(type, refs) as unknown as z.ZodType<ProjectData<T>>, data);
}

/** For messages: '企业客座技能导师' for 'mentor'. */
export function projectTypeLabel(type: string): string {
  return isProjectType(type) ? PROJECT_TYPE_LABELS[type] : type;
}
