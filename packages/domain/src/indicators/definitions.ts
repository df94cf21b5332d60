// Every indicator the notice names, as shared/design/indicators.md fixes them: stable ids, the Chinese label, the
// formula in the words users see, unit, target and deadline, and the scopes it can be computed for.
// Where the notice leaves a choice open, `choice` says what we chose (also written in docs/indicators.md).
export type IndicatorScope = 'province' | 'region' | 'school';
export type IndicatorUnit = 'ratio' | 'count' | 'person_times' | 'people';

export interface IndicatorDef {
  id: string;
  label: string;
  formula: string;
  numerator: string;
  denominator: string | null;
  unit: IndicatorUnit;
  target: number;
  /** '≥' for at least; '=' for a count to reach. */
  op: '>=' | '=';
  deadline: string;
  /** yearly: recomputed per calendar year; cumulative: from the 2025 campaign on. */
  period: 'year' | 'cumulative' | 'snapshot';
  scopes: IndicatorScope[];
  group: '覆盖面' | '合作共建' | '师资与教学' | '专业与产业' | '征集与就业';
  choice?: string;
}

const Y = '2027-12-31';

export const INDICATORS: readonly IndicatorDef[] = Object.freeze([
  { id: 'school_forms_2025', label: '技工院校参与填报率', formula: '表单已经市州审核通过（或已报省厅、已接收）的正常开展学制教育或技能培训的技工院校数 ÷ 正常开展学制教育或技能培训的技工院校数', numerator: '已审核通过表单的院校', denominator: '正常开展教学培训的院校', unit: 'ratio', target: 1, op: '>=', deadline: '2025-07-31', period: 'snapshot', scopes: ['province', 'region'], group: '征集与就业' },
  { id: 'school_coverage', label: '开展校企合作的技工院校比例', formula: '与重点企业签订至少 1 份有效校企合作协议（已签署、履行中或已到期，未终止）的正常开展教学培训的技工院校数 ÷ 正常开展教学培训的技工院校数', numerator: '已与重点企业签约的院校', denominator: '正常开展教学培训的院校', unit: 'ratio', target: 0.9, op: '>=', deadline: Y, period: 'cumulative', scopes: ['province', 'region'], group: '覆盖面' },
  { id: 'key_enterprises_2025', label: '参与专项行动的重点企业数', formula: '2025 年度表单已经市州审核通过（或之后状态）的重点企业数（去重）', numerator: '已审核通过表单的重点企业', denominator: null, unit: 'count', target: 600, op: '>=', deadline: '2025-12-31', period: 'snapshot', scopes: ['province', 'region'], group: '覆盖面' },
  { id: 'key_enterprises', label: '深入对接的重点企业数', formula: '作为一方签订至少 1 份有效校企合作协议的重点企业数（去重，自 2025 年起累计）', numerator: '已签约的重点企业', denominator: null, unit: 'count', target: 1000, op: '>=', deadline: Y, period: 'cumulative', scopes: ['province', 'region'], group: '覆盖面' },
  { id: 'demo_alliances', label: '示范性技工教育联盟（集团）', formula: '遴选结果为“入选”的技工教育联盟（集团）项目数', numerator: '入选示范的联盟项目', denominator: null, unit: 'count', target: 15, op: '=', deadline: Y, period: 'cumulative', scopes: ['province', 'region'], group: '合作共建' },
  { id: 'demo_specialties', label: '示范性产教融合特色专业（群）', formula: '遴选结果为“入选”的产教融合特色专业（群）项目数', numerator: '入选示范的特色专业项目', denominator: null, unit: 'count', target: 30, op: '=', deadline: Y, period: 'cumulative', scopes: ['province', 'region'], group: '合作共建' },
  { id: 'demo_bases', label: '示范性实习实训基地', formula: '遴选结果为“入选”的实习实训基地项目数', numerator: '入选示范的实训基地项目', denominator: null, unit: 'count', target: 50, op: '=', deadline: Y, period: 'cumulative', scopes: ['province', 'region'], group: '合作共建' },
  { id: 'order_classes', label: '人才培养订单（定向）班', formula: '已开班（状态为实施中或已完成）且未取消的订单（定向）班项目数，自 2025 年起累计', numerator: '已开班的订单班', denominator: null, unit: 'count', target: 200, op: '=', deadline: Y, period: 'cumulative', scopes: ['province', 'region', 'school'], group: '合作共建' },
  { id: 'guest_mentors', label: '企业客座技能导师', formula: '客座技能导师项目中聘任的导师与学校导师名册中的导师，聘期自 2025 年起至本年底前在任过的人数（按身份证号去重，同一人只计 1 次，自 2025 年起累计）', numerator: '已聘任的客座导师', denominator: null, unit: 'people', target: 500, op: '=', deadline: Y, period: 'cumulative', scopes: ['province', 'region', 'school'], group: '合作共建', choice: '聘期在 2025 年 1 月 1 日至所选年度年底之间在任过才计（本年之后才开始的聘任不计）；只按系统根据身份证号生成的人员标识去重，手工填写的标识不计' },
  { id: 'training_eval_projects', label: '企业技能培训评价项目', formula: '已启动（实施中或已完成）的依托技校实施的企业技能培训评价项目数，自 2025 年起累计', numerator: '已启动的培训评价项目', denominator: null, unit: 'count', target: 1000, op: '=', deadline: Y, period: 'cumulative', scopes: ['province', 'region', 'school'], group: '合作共建' },
  { id: 'people_trained_year', label: '年度培训评价人次', formula: '本年度各期进展报告（经市州审核通过）中培训评价项目实际培训评价人次之和', numerator: '本年度进展报告', denominator: null, unit: 'person_times', target: 50000, op: '>=', deadline: 'year-end', period: 'year', scopes: ['province', 'region', 'school'], group: '合作共建', choice: '只计市州审核通过的报告；已提交待审核、被退回的报告不计（待审核不是已核实的数字）' },
  { id: 'specialty_industry_match', label: '专业结构与本地产业匹配度', formula: '本地区院校开设的、经“专业—职业—产业”对照表对应到本地区重点产业的专业在校生数之和 ÷ 本地区院校全部专业在校生数之和；全省为各地区合计', numerator: '对接本地重点产业的专业（按在校生数）', denominator: '全部专业（按在校生数）', unit: 'ratio', target: 0.7, op: '>=', deadline: Y, period: 'snapshot', scopes: ['province', 'region', 'school'], group: '专业与产业', choice: '按在校生数加权（而不是按专业个数），由省厅维护各地区重点产业清单' },
  { id: 'mentor_ratio', label: '企业兼职技能导师配备比例', formula: '聘期覆盖今天的企业兼职技能导师人数（导师项目与学校导师名册，同一人只计 1 次）÷ 该校专任教师数', numerator: '聘期内的客座导师', denominator: '专任教师数', unit: 'ratio', target: 0.2, op: '>=', deadline: Y, period: 'snapshot', scopes: ['school'], group: '师资与教学', choice: '分母取学校填报的专任教师数（不含兼职与企业导师）；分子计导师项目和学校导师名册中聘期覆盖今天的导师，按身份证号去重' },
  { id: 'mentor_ratio_schools', label: '导师配备达标学校比例', formula: '企业兼职技能导师配备比例不低于 20% 的正常开展教学培训的院校数 ÷ 正常开展教学培训的院校数', numerator: '导师配备达标的院校', denominator: '正常开展教学培训的院校', unit: 'ratio', target: 1, op: '>=', deadline: Y, period: 'snapshot', scopes: ['province', 'region'], group: '师资与教学' },
  { id: 'integrated_schools', label: '实质性开展一体化教学的学校比例', formula: '至少 1 个专业实行工学一体化教学的正常开展全日制学制教育的院校数 ÷ 正常开展全日制学制教育的院校数', numerator: '开展一体化教学的院校', denominator: '正常开展学制教育的院校', unit: 'ratio', target: 0.8, op: '>=', deadline: Y, period: 'snapshot', scopes: ['province', 'region'], group: '师资与教学', choice: '通知写明“正常开展学制教育的技工院校”：仅开展技能培训的院校（由市州标记）不计入分母' },
  { id: 'integrated_coverage', label: '一体化教学专业覆盖面', formula: '实行工学一体化教学的专业数 ÷ 正常开展全日制学制教育的院校开设的专业总数', numerator: '一体化教学专业', denominator: '这些院校的全部专业', unit: 'ratio', target: 0.5, op: '>=', deadline: Y, period: 'snapshot', scopes: ['province', 'region', 'school'], group: '师资与教学', choice: '分母为全部正常开展学制教育院校的全部专业（不只是已开展一体化教学的院校），院校新增一体化专业只会提高比例' },
  { id: 'national_integrated_done', label: '国家工学一体化建设院校完成率', formula: '已完成建设任务的国家工学一体化建设项目院校数 ÷ 国家工学一体化建设项目院校数（40 所）', numerator: '已完成建设的项目院校', denominator: '国家项目院校', unit: 'ratio', target: 1, op: '>=', deadline: Y, period: 'snapshot', scopes: ['province', 'region'], group: '师资与教学', choice: '是否完成建设任务由市州人社部门（或省厅）标记，院校不能自行标记' },
  { id: 'integrated_teachers_year', label: '年度工学一体化教师培训人数', formula: '本年度结业（结束日期在本年度）的工学一体化教师培训记录中的教师人数（同一学校同名教师一年内只计 1 人）', numerator: '本年度结业的培训教师', denominator: null, unit: 'people', target: 500, op: '>=', deadline: 'year-end', period: 'year', scopes: ['province', 'region', 'school'], group: '师资与教学', choice: '按培训结束日期所在年度计；由学校逐人登记培训记录（市州可为本地区学校批量导入），同一学校同名教师一年内多次培训只计 1 人' },
  { id: 'teacher_practice', label: '骨干教师企业实践达标率', formula: '本年度截至今天企业实践累计不少于 30 天的重点专业骨干教师人数 ÷ 重点专业骨干教师人数（学校登记的人数与有实践记录的人数取大者）', numerator: '实践满 30 天的骨干教师', denominator: '重点专业骨干教师', unit: 'ratio', target: 1, op: '>=', deadline: 'year-end', period: 'year', scopes: ['province', 'region', 'school'], group: '师资与教学', choice: '“1 个月”按累计 30 天计，只计到今天为止已实践的天数（尚未开始的实践不计）；分母取学校登记的重点专业骨干教师数与有实践记录者的较大值，避免漏报抬高比例' },
  { id: 'key_specialty_bases', label: '重点专业校企共建实习实训基地覆盖率', formula: '至少有 1 个已建成（实施中或已完成）、所属协议已签署、履行中或已到期的共建实习实训基地项目服务的重点专业数 ÷ 重点专业数', numerator: '有共建基地的重点专业', denominator: '重点专业', unit: 'ratio', target: 1, op: '>=', deadline: Y, period: 'snapshot', scopes: ['province', 'region', 'school'], group: '合作共建', choice: '“建立”基地指基地已实施或已完成，且所属协议各方已确认并未终止；计划中、已中止的基地和已终止、未确认协议下的基地不计' },
  { id: 'quota_completion', label: '合作共建项目征集任务完成率', formula: '本年度登记在本地区、所属协议已签署、履行中或已到期的合作共建项目数 ÷ 附件3 下达的征集任务数', numerator: '本年度登记的项目', denominator: '征集任务数', unit: 'ratio', target: 1, op: '>=', deadline: 'year-end', period: 'year', scopes: ['province', 'region'], group: '征集与就业', choice: '只计各方已确认的协议（已签署、履行中、已到期）下的项目；草稿、待确认、被退回和已终止协议下的项目不计' },
  { id: 'internship_employment', label: '岗位实习期满直接就业比例', formula: '本年度结束的实习批次中实习期满被实习单位录用的人数之和 ÷ 这些批次的实习学生数之和', numerator: '实习后被录用人数', denominator: '实习学生数', unit: 'ratio', target: 0, op: '>=', deadline: 'year-end', period: 'year', scopes: ['province', 'region', 'school'], group: '征集与就业', choice: '通知未设定数值目标，仅作监测（不显示红绿灯）' },
] as const satisfies readonly IndicatorDef[]);

export const indicatorById = (id: string) => INDICATORS.find((i) => i.id === id);
export const INDICATOR_IDS = INDICATORS.map((i) => i.id);

/** The deadline as a date for a given year ('year-end' targets are yearly). */
export function deadlineOf(def: IndicatorDef, year: number): string {
  return def.deadline === 'year-end' ? `${year}-12-31` : def.deadline;
}
