import type { AgreementDocInput, RenderedAgreement } from '../projects/agreementDoc';
import {
  AGREEMENT_BLANK,
  AGREEMENT_BLANK_DATE,
  AGREEMENT_KIND_TITLES,
  formatChineseDate,
  type AgreementBlock,
  type AgreementDocParty,
} from '../projects/agreementParties';
import { localGovernmentByCode } from './localGovernments';
import { regionByCode } from '../reference/regions';

/**
 * The Word text of a 校地协议 (notice 三(二): 「鼓励技工学校与地方政府签订产教协同综合性战略合作协议，对接地方产业开展
 * 全方位合作」). A government is no enterprise: the school–enterprise template (统一社会信用代码, 订单班, 录用) reads
 * wrong for it, so this text is its own: 甲方 the local government, 乙方 the school, clauses on the area's industries,
 * specialties, shared public training bases, subsidised training and evaluation, and employment in the area. It is
 * fixed text (not the province's editable template), so a template edit can never turn it back into a
 * school–enterprise agreement.
 */
export interface GovernmentDocInput extends Pick<
  AgreementDocInput,
  'agreementNo' | 'title' | 'areas' | 'termStart' | 'termEnd' | 'signingDate'
> {
  /** GB/T 2260 code of the government (a 市州 or one of its 县市区). */
  govCode: string;
  govName: string;
  /** The day the bureau recorded the government's confirmation (ISO), if it did. */
  govSignedOn?: string | null;
  school: AgreementDocParty;
}

const v = (s: string | null | undefined) => (s ?? '').trim();
const orBlank = (s: string | null | undefined) => v(s) || AGREEMENT_BLANK;
const text = (t: string): AgreementBlock => ({ kind: 'text', text: t });
const heading = (t: string): AgreementBlock => ({ kind: 'heading', text: t });

/** The bureau that handles the agreement for the government: the 人社局 of its 市州 (a county's too). */
export function governmentBureauName(govCode: string): string {
  const g = localGovernmentByCode(govCode);
  const region = g ? regionByCode(g.regionCode) : undefined;
  return region ? `${region.name}人力资源和社会保障局` : AGREEMENT_BLANK;
}

export function governmentAgreementDocContent(input: GovernmentDocInput): RenderedAgreement {
  const gov = orBlank(input.govName);
  const school = orBlank(input.school.name);
  const bureau = governmentBureauName(input.govCode);
  const area = localGovernmentByCode(input.govCode)?.areaName ?? gov.replace(/人民政府$/, '');
  const areas =
    input.areas
      .map((a) => a.trim())
      .filter(Boolean)
      .join('、') || AGREEMENT_BLANK;
  const contact =
    v(input.school.contactName) || v(input.school.contactPhone)
      ? `${orBlank(input.school.contactName)}　${orBlank(input.school.contactPhone)}`
      : AGREEMENT_BLANK;
  const parties: AgreementBlock[] = [
    {
      kind: 'party',
      text: [
        `甲方（地方政府）：${gov}`,
        `承办部门：${bureau}`,
        `地址：${AGREEMENT_BLANK}`,
        `联系人及电话：${AGREEMENT_BLANK}`,
      ].join('\n'),
    },
    {
      kind: 'party',
      text: [
        `乙方（学校）：${school}`,
        `统一社会信用代码：${orBlank(input.school.uscc)}`,
        `地址：${orBlank(input.school.address)}`,
        `法定代表人：${orBlank(input.school.legalRep)}`,
        `联系人及电话：${contact}`,
      ].join('\n'),
    },
  ];
  const sign = (label: string, name: string, day: string | null | undefined, rep: string): AgreementBlock => {
    const d = v(day) || v(input.signingDate);
    return {
      kind: 'signature',
      text: [
        `${label}（盖章）：${name}`,
        `${rep}（签字）：`,
        `日期：${d ? formatChineseDate(d) : AGREEMENT_BLANK_DATE}`,
      ].join('\n'),
    };
  };
  const blocks: AgreementBlock[] = [
    ...(v(input.agreementNo) ? [{ kind: 'party', text: `协议编号：${v(input.agreementNo)}` }] : []),
    ...parties,
    text(
      `为贯彻落实湖北省人力资源和社会保障厅《关于开展“产教融合·技能助跑”专项行动的通知》，推动技工教育与${area}产业发展协同，甲乙双方本着“政府引导、学校主体、产教协同、互利共赢”的原则，经友好协商，就开展产教协同全方位合作签订本协议。`,
    ),
    heading('第一条　合作目标'),
    text(
      `乙方对接${area}主导产业和重点企业的技能人才需求，优化专业布局，提升人才培养质量；甲方将乙方纳入本地区技能人才培养和产教融合工作统筹，支持乙方办学发展。双方重点合作领域：${areas}。`,
    ),
    heading('第二条　合作内容'),
    text(
      `（一）对接地方产业。乙方根据${area}产业发展规划和企业用工需求，新设或调整相关专业，与辖区企业共建特色专业、共同开发课程；甲方定期向乙方通报产业发展和企业用工情况。`,
    ),
    text(
      '（二）共建公共实训基地。甲方在规划、用地、资金等方面对乙方建设或参与运营的公共实训基地给予支持；乙方提供师资、设备管理和教学组织，基地面向辖区企业职工和社会人员开放。',
    ),
    text(
      '（三）开展职业技能培训和评价。乙方承担甲方辖区补贴性职业技能培训和技能人才评价任务，参与组织急需紧缺工种职业技能竞赛；甲方按规定落实培训和评价补贴政策。',
    ),
    text(
      '（四）组织校企对接。甲方组织辖区企业与乙方开展需求对接和洽谈，支持企业与乙方签订校企合作协议、开设订单（定向）班、共建实习实训基地；双方需求和合作项目在湖北省“产教融合·技能助跑”专项行动平台登记。',
    ),
    text(
      '（五）服务就业和企业发展。乙方优先向辖区企业推荐实习生和毕业生，为辖区企业开展职工技能提升和技术服务；甲方对在辖区就业的乙方毕业生按规定落实就业创业扶持政策。',
    ),
    heading('第三条　甲方职责'),
    text(
      `1. 将本协议合作事项纳入本地区产教融合和技能人才工作统筹，明确${bureau}为日常联络部门；\n2. 在政策、资金、用地、企业对接等方面为乙方提供支持；\n3. 协调解决合作中的重大问题，对合作成效进行评估。`,
    ),
    heading('第四条　乙方职责'),
    text(
      '1. 明确校企合作机构和负责人，制定年度合作工作计划并组织实施；\n2. 按地方产业需求调整专业设置，保证人才培养质量；\n3. 每年向甲方报告合作进展，按要求在平台报送合作项目和成效。',
    ),
    heading('第五条　工作机制'),
    text(
      `双方建立联席会议制度，原则上每年至少召开一次，研究合作重点和年度计划，通报进展情况。日常工作由${bureau}和乙方校企合作机构负责对接。`,
    ),
    heading('第六条　协议期限'),
    text(
      `本协议有效期自${orBlank(formatChineseDate(v(input.termStart)))}起至${orBlank(formatChineseDate(v(input.termEnd)))}止。期满前三个月，双方协商确定是否续签。`,
    ),
    heading('第七条　其他'),
    text(
      `本协议为框架性合作协议，具体合作项目可另行签订专项协议。未尽事宜由双方协商解决。本协议一式三份，甲乙双方各执一份，报${bureau}备案一份，自双方签字盖章之日起生效。`,
    ),
    sign('甲方', gov, input.govSignedOn, '负责人或授权代表'),
    sign('乙方', school, input.school.signedOn, '法定代表人或授权代表'),
  ];
  return { title: v(input.title) || AGREEMENT_KIND_TITLES.government, blocks };
}
