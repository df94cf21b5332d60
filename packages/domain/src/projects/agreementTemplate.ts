/**
 * The default 校企合作协议 text. DATA, not code: the province edits it as JSON (checked by agreementTemplateSchema);
 * renderAgreement fills the {{placeholders}}; the server turns the blocks into a .docx. A '\n' in a block (or in a
 * multi-line value such as {{enterpriseList}} or {{projects}}) is a line break inside that paragraph.
 * A 'parties' paragraph becomes one 'party' block per party and a 'signatures' paragraph one 'signature' block per
 * party (agreementParties.ts); their own text is only a note for the editor, since 2 to 6 parties cannot be written
 * as fixed text without one party's blank field drifting beside another party's name.
 */
export const AGREEMENT_PARAGRAPH_KINDS = ['heading', 'text', 'party', 'signature', 'parties', 'signatures'] as const;
export type AgreementParagraphKind = (typeof AGREEMENT_PARAGRAPH_KINDS)[number];

export interface AgreementTemplate {
  title: string;
  paragraphs: { kind: AgreementParagraphKind; text: string }[];
}

/** Every placeholder a template may use, with what it stands for. */
export const AGREEMENT_PLACEHOLDERS = Object.freeze({
  title: '协议标题（协议名称；未填写时按协议类型）',
  agreementNo: '协议编号',
  schoolParties: '学校方的称谓（如“甲方”“甲方、乙方”）',
  enterpriseParties: '企业方的称谓（如“乙方”“丙方、丁方”）',
  copies: '协议份数（当事方数加一，中文数字，如“四”）',
  schoolName: '学校名称',
  schoolUscc: '学校统一社会信用代码',
  schoolAddress: '学校地址',
  schoolContact: '学校联系人',
  schoolPhone: '学校联系电话',
  enterpriseNames: '企业名称（多家用顿号分隔）',
  enterpriseUsccs: '企业统一社会信用代码（多家用顿号分隔）',
  enterpriseList: '企业清单（每家一行：名称、信用代码、地址、联系人）',
  areas: '合作领域',
  termStart: '合作期限开始日期',
  termEnd: '合作期限结束日期',
  signingDate: '签订日期',
  projects: '合作共建项目清单（每项一行）',
  regionName: '所在市州',
} as const);
export type AgreementPlaceholder = keyof typeof AGREEMENT_PLACEHOLDERS;

/**
 * Placeholders kept so templates saved before the per-party blocks still render (each party's value in its own
 * place, blanks included); the default template no longer uses them.
 */
export const AGREEMENT_LEGACY_PLACEHOLDERS: readonly AgreementPlaceholder[] = Object.freeze([
  'schoolName',
  'schoolUscc',
  'schoolAddress',
  'schoolContact',
  'schoolPhone',
  'enterpriseNames',
  'enterpriseUsccs',
  'enterpriseList',
  'signingDate',
] as const);

/**
 * What a caller that passes only the flat values (no per-party blocks) gets: the former two-sided layout, so a
 * download still names both sides until the caller passes the parties (agreementDocContent does).
 */
export const FLAT_PARTY_BLOCKS: readonly { kind: 'party' | 'signature'; text: string }[] = Object.freeze([
  {
    kind: 'party',
    text: '甲方（学校）：{{schoolName}}\n统一社会信用代码：{{schoolUscc}}\n地址：{{schoolAddress}}\n联系人及电话：{{schoolContact}}　{{schoolPhone}}',
  },
  { kind: 'party', text: '乙方（企业）：{{enterpriseNames}}\n乙方各单位信息：\n{{enterpriseList}}' },
]);
export const FLAT_SIGNATURE_BLOCKS: readonly { kind: 'party' | 'signature'; text: string }[] = Object.freeze([
  { kind: 'signature', text: '甲方（盖章）：{{schoolName}}\n法定代表人或授权代表（签字）：\n日期：{{signingDate}}' },
  {
    kind: 'signature',
    text: '乙方（盖章）：{{enterpriseNames}}\n法定代表人或授权代表（签字）：\n日期：{{signingDate}}',
  },
]);
/** Values of the newer placeholders for a caller that does not supply them (a two-sided agreement, as before). */
export const FLAT_DEFAULTS: Readonly<Partial<Record<AgreementPlaceholder, string>>> = Object.freeze({
  title: '校企合作协议',
  schoolParties: '甲方',
  enterpriseParties: '乙方',
  copies: '若干',
});

const h = (text: string) => ({ kind: 'heading' as const, text });
const t = (text: string) => ({ kind: 'text' as const, text });

const PARAGRAPHS: AgreementTemplate['paragraphs'] = [
  t('协议编号：{{agreementNo}}'),
  { kind: 'parties', text: '（按当事方逐一生成：名称、统一社会信用代码、地址、法定代表人、联系人及电话）' },
  t('以上{{schoolParties}}为学校方，{{enterpriseParties}}为企业方，合称“各方”。'),
  t(
    '为贯彻落实湖北省人力资源和社会保障厅关于实施湖北省“产教融合·技能助跑”专项行动的部署，深化产教融合、校企合作，在{{regionName}}人力资源和社会保障部门的指导下，各方本着“优势互补、资源共享、互惠共赢、共同发展”的原则，经友好协商，就开展校企合作事宜达成如下协议，共同遵守。',
  ),
  h('一、合作宗旨'),
  t(
    '各方围绕湖北省“51020”现代产业集群和现代服务业集群对技能人才的需求，建立长效合作机制，推动专业设置与产业需求对接、课程内容与职业标准对接、教学过程与工作过程对接，实现基地共建、人才共育、资源共享，大力发展校企双制、工学一体的技工教育，为企业方发展和地方产业升级提供技能人才支撑。',
  ),
  h('二、合作内容'),
  t('各方在以下领域开展合作：{{areas}}。'),
  t(
    '本协议项下的合作共建项目如下（项目的具体内容、进度和成果以各方在湖北省“产教融合·技能助跑”专项行动管理平台登记的信息为准，各方可在协议有效期内协商增加）：\n{{projects}}',
  ),
  h('三、学校方的权利和义务'),
  t('1. 根据企业方用人需求，会同企业方制定人才培养方案、课程标准和实习实训计划，组织教学并保证培养质量。'),
  t(
    '2. 选派骨干教师到企业方开展企业实践，重点专业骨干教师每年到企业实践累计不少于1个月；为企业方选派的企业客座技能导师提供教学条件。',
  ),
  t('3. 负责实习学生的日常管理和思想教育，会同企业方开展岗前安全教育培训，按规定为学生购买实习责任保险。'),
  t('4. 面向企业方职工开展技能培训和技能评价服务，优先向企业方推荐优秀实习生和毕业生。'),
  t('5. 有权了解学生在企业方实习实训的岗位、待遇和安全情况，对不符合规定的安排有权要求企业方改正。'),
  h('四、企业方的权利和义务'),
  t('1. 参与学校方专业规划、教材开发、教学设计、课程设置和实习实训，提供与合作专业相适应的实习实训岗位、设备和场地。'),
  t('2. 选派具有较高技能水平的技术人员、能工巧匠担任学校方客座技能导师，接收学校方教师到企业实践。'),
  t('3. 按照各方约定录用符合条件的订单（定向）班毕业生及实习期满的学生，录用时不得收取任何费用。'),
  t('4. 有权参与对实习学生的考核评价，对违反企业规章制度的实习学生，可会同学校方进行教育处理。'),
  h('五、学生实习权益保障'),
  t(
    '1. 企业方接收学校方学生实习实训的，学校、企业与学生（未满18周岁的学生及其监护人）应签订三方实习协议，明确实习岗位、时间、报酬、保险、安全保障和违约责任等内容。',
  ),
  t(
    '2. 企业方应参照本单位相同岗位的报酬标准，按规定给予岗位实习学生合理的实习报酬，并按月以货币形式及时、足额、直接支付给学生，不得克扣或拖欠，不得通过中介机构代发。',
  ),
  t(
    '3. 学生实习期间，应按规定投保实习责任保险，保险费用由学校方与企业方协商承担，不得由学生承担；企业方应为学生提供必要的劳动保护用品。',
  ),
  t(
    '4. 企业方应对实习学生开展安全生产教育培训，未经培训的学生不得上岗；不得安排学生从事高空、井下、放射性、有毒、易燃易爆等危险作业，不得安排学生加班和上夜班，不得扣押学生的身份证件等。',
  ),
  t('5. 实习学生发生伤害事故的，企业方应及时救治并通知学校方，各方按照有关规定和保险合同妥善处理。'),
  h('六、合作期限'),
  t(
    '本协议有效期自{{termStart}}起至{{termEnd}}止。期满前一个月内，各方可协商续签；期满未续签的，正在进行的订单（定向）班、实习等项目应履行完毕。',
  ),
  h('七、违约责任与争议解决'),
  t('1. 任何一方未履行本协议约定义务的，应承担相应的违约责任；给其他方造成损失的，应依法予以赔偿。'),
  t(
    '2. 因不可抗力或国家政策调整致使本协议无法履行的，各方均不承担违约责任，但应及时通知其他方并妥善处理在校学生和实习学生的有关事宜。',
  ),
  t(
    '3. 履行本协议发生争议的，各方应友好协商解决；协商不成的，可提请{{regionName}}人力资源和社会保障部门协调，或依法向甲方所在地人民法院提起诉讼。',
  ),
  h('八、其他'),
  t('1. 本协议未尽事宜，由各方协商签订补充协议，补充协议与本协议具有同等法律效力。'),
  t('2. 本协议自各方法定代表人或授权代表签字并加盖公章之日起成立，自合作期限开始之日起生效。'),
  t('3. 本协议一式{{copies}}份，各方各执一份，报{{regionName}}人力资源和社会保障部门备案一份，具有同等法律效力。'),
  h('（以下无正文）'),
  { kind: 'signatures', text: '（按当事方逐一生成签章栏：单位盖章、法定代表人或授权代表签字、日期）' },
];

export const DEFAULT_AGREEMENT_TEMPLATE: AgreementTemplate = Object.freeze({
  title: '{{title}}',
  paragraphs: Object.freeze(PARAGRAPHS.map((x) => Object.freeze(x))),
}) as unknown as AgreementTemplate;
