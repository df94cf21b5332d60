import { INDUSTRIES } from '../reference/industries';
import { SKILL_LEVELS } from '../reference/skillLevels';
import { BASE_MODES, COMPETITION_LEVELS, ORDER_CLASS_LEVELS, RND_KINDS, TRAINING_EVAL_MODES } from './schemas';
import { isProjectType, type ProjectType } from './types';

/**
 * Form descriptors: the web renders every project type's form (and every progress report's metrics) from these lists,
 * so there is no hand-written form per type. Keys match the zod schemas exactly (a test keeps them in step).
 *
 * Widgets: 'specialty' / 'specialties' / 'occupation' / 'skill_level' pick from the live dictionaries; 'org' / 'orgs'
 * pick registered organisations (orgType narrows the list); 'rows' is a table of sub-records described by `fields`;
 * 'level_counts' is one number per skill level (a record level code → count, e.g. certificates by level).
 */
export const PROJECT_FIELD_WIDGETS = [
  'text',
  'number',
  'date',
  'bool',
  'select',
  'multi-select',
  'specialty',
  'specialties',
  'occupation',
  'skill_level',
  'org',
  'orgs',
  'rows',
  'level_counts',
] as const;
type ProjectFieldWidget = (typeof PROJECT_FIELD_WIDGETS)[number];

interface ProjectFieldOption {
  value: string;
  label: string;
}

export interface ProjectFieldDescriptor {
  key: string;
  label: string;
  widget: ProjectFieldWidget;
  required: boolean;
  /** select / multi-select; for level_counts the skill levels. */
  options?: readonly ProjectFieldOption[];
  /** multi-select whose options come from an editable dictionary: the web may load the live list instead. */
  optionSource?: 'industry';
  min?: number;
  max?: number;
  /** number: decimals allowed (amounts); otherwise integers. */
  decimal?: boolean;
  unit?: string;
  maxLength?: number;
  multiline?: boolean;
  orgType?: 'school' | 'enterprise';
  help?: string;
  /** rows: the columns of each row, and the bounds on the number of rows. */
  fields?: readonly ProjectFieldDescriptor[];
  minRows?: number;
  maxRows?: number;
}

type D = ProjectFieldDescriptor;
const opts = (values: readonly string[]): ProjectFieldOption[] => values.map((v) => ({ value: v, label: v }));
const text = (key: string, lbl: string, maxLength: number, extra: Partial<D> = {}): D => ({
  key,
  label: lbl,
  widget: 'text',
  required: true,
  maxLength,
  ...extra,
});
export const num = (key: string, lbl: string, min: number, max: number, unit: string, extra: Partial<D> = {}): D => ({
  key,
  label: lbl,
  widget: 'number',
  required: true,
  min,
  max,
  unit,
  ...extra,
});
const date = (key: string, lbl: string): D => ({ key, label: lbl, widget: 'date', required: true });
const yes = (key: string, lbl: string, extra: Partial<D> = {}): D => ({
  key,
  label: lbl,
  widget: 'bool',
  required: true,
  ...extra,
});
const select = (key: string, lbl: string, values: readonly string[]): D => ({
  key,
  label: lbl,
  widget: 'select',
  required: true,
  options: opts(values),
});
const coded = (key: string, lbl: string, widget: ProjectFieldWidget, extra: Partial<D> = {}): D => ({
  key,
  label: lbl,
  widget,
  required: true,
  ...extra,
});

const SKILL_LEVEL_OPTIONS: readonly ProjectFieldOption[] = Object.freeze(
  SKILL_LEVELS.map((l) => ({ value: l.code, label: l.name })),
);
export const levelCounts = (key: string, lbl: string, unit: string, help?: string): D => ({
  key,
  label: lbl,
  widget: 'level_counts',
  required: false,
  options: SKILL_LEVEL_OPTIONS,
  min: 0,
  unit,
  ...(help ? { help } : {}),
});

const FIELDS: Readonly<Record<ProjectType, readonly D[]>> = {
  alliance: [
    text('name', '联盟（集团）名称', 100),
    coded('memberOrgIds', '成员单位', 'orgs', { min: 2, help: '学校、企业均可，至少 2 家' }),
    coded('leadOrgId', '牵头单位', 'org', { help: '须为成员单位之一' }),
    {
      key: 'focusIndustries',
      label: '重点服务产业',
      widget: 'multi-select',
      required: true,
      min: 1,
      options: INDUSTRIES.map((i) => ({ value: i.code, label: i.name })),
      optionSource: 'industry',
    },
  ],
  specialty: [
    text('groupName', '专业（群）名称', 100),
    coded('specialtyCodes', '包含专业', 'specialties', { min: 1 }),
    yes('coBuiltCurriculum', '校企共同制定人才培养方案/课程'),
    num('coBuiltMaterials', '校企合编教材', 0, 1000, '本'),
    yes('integrated', '实行工学一体化教学'),
  ],
  base: [
    text('location', '基地地点', 200),
    select('mode', '共建方式', BASE_MODES),
    yes('productive', '生产性实习实训基地'),
    num('capacity', '可容纳实习实训学生', 1, 100_000, '人'),
    coded('specialtyCodes', '服务的重点专业', 'specialties', { min: 1 }),
  ],
  order_class: [
    coded('specialtyCode', '专业', 'specialty'),
    select('level', '培养层次', ORDER_CLASS_LEVELS),
    num('students', '订单班人数', 1, 10_000, '人'),
    date('startDate', '开班日期'),
    date('endDate', '结业日期'),
    num('hiringCommitment', '企业承诺录用人数', 0, 10_000, '人', { help: '不能超过订单班人数' }),
    yes('cancelled', '已取消', { required: false, help: '取消的订单班不计入“人才培养订单（定向）班”指标' }),
  ],
  mentor: [
    {
      key: 'mentors',
      label: '聘任导师',
      widget: 'rows',
      required: true,
      minRows: 1,
      maxRows: 500,
      fields: [
        text('name', '姓名', 50),
        text('idKey', '人员标识', 64, { help: '由系统根据身份证号生成，不保存身份证号原文' }),
        text('title', '职务/职称', 50),
        coded('skillLevel', '技能等级', 'skill_level'),
        coded('enterpriseOrgId', '所在企业', 'org', { orgType: 'enterprise' }),
        num('teachingHours', '授课学时', 0, 10_000, '学时'),
        date('termStart', '聘期开始'),
        date('termEnd', '聘期结束'),
      ],
    },
  ],
  training_eval: [
    select('mode', '培训评价方式', TRAINING_EVAL_MODES),
    coded('occupationCode', '职业（工种）', 'occupation'),
    num('plannedPersonTimes', '计划培训评价人次', 0, 10_000_000, '人次'),
    num('actualPersonTimes', '实际培训评价人次', 0, 10_000_000, '人次', { help: '也可通过进度报告按期填报' }),
    levelCounts('certificatesByLevel', '取得证书人数（按等级）', '人'),
    date('startDate', '开始日期'),
    date('endDate', '结束日期'),
  ],
  teacher_practice: [
    {
      key: 'teachers',
      label: '实践教师',
      widget: 'rows',
      required: true,
      minRows: 1,
      maxRows: 500,
      fields: [
        text('name', '姓名', 50),
        text('idKey', '人员标识', 64, { help: '由系统根据身份证号生成，不保存身份证号原文' }),
        coded('specialtyCode', '所属专业', 'specialty'),
        yes('keySpecialty', '重点专业'),
        yes('backbone', '骨干教师'),
        coded('enterpriseOrgId', '实践企业', 'org', { orgType: 'enterprise' }),
        num('days', '实践天数', 1, 366, '天', { help: '骨干教师每年累计不少于 30 天（1 个月）' }),
        date('startDate', '开始日期'),
        date('endDate', '结束日期'),
      ],
    },
  ],
  competition: [
    text('name', '竞赛名称', 100),
    select('level', '竞赛级别', COMPETITION_LEVELS),
    coded('occupationCode', '竞赛职业（工种）', 'occupation'),
    num('participants', '参赛人数', 0, 10_000_000, '人'),
    num('awards', '获奖人数', 0, 10_000_000, '人', { help: '不能超过参赛人数' }),
    date('date', '举办日期'),
  ],
  rnd: [
    select('kind', '合作类别', RND_KINDS),
    text('outcome', '合作内容与成果', 2000, { multiline: true }),
    num('outputs', '成果数量', 0, 100_000, '项', { help: '专利、标准、课程、教材等成果的数量' }),
  ],
};

/** The form of a project type's `data`, in display order. Throws a RangeError for an unknown type. */
export function projectFieldsFor(type: ProjectType): readonly ProjectFieldDescriptor[] {
  if (!isProjectType(type)) throw new RangeError(`unknown project type ${String(type)}`);
  return FIELDS[type];
}
