/**
 * The nine kinds of cooperation project (合作共建项目) of shared/design/domain.md. The code is stored with every
 * project; the label is what people read.
 */
export const PROJECT_TYPES = [
  'alliance',
  'specialty',
  'base',
  'order_class',
  'mentor',
  'training_eval',
  'teacher_practice',
  'competition',
  'rnd',
] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];

export const PROJECT_TYPE_LABELS: Readonly<Record<ProjectType, string>> = Object.freeze({
  alliance: '技工教育联盟（集团）',
  specialty: '产教融合特色专业（群）',
  base: '实习实训基地',
  order_class: '人才培养订单（定向）班',
  mentor: '企业客座技能导师',
  training_eval: '企业技能培训评价项目',
  teacher_practice: '教师企业实践',
  competition: '校企联办技能竞赛',
  rnd: '技术研发/课程教材共建',
});

export function isProjectType(value: unknown): value is ProjectType {
  return typeof value === 'string' && (PROJECT_TYPES as readonly string[]).includes(value);
}
