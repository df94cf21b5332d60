import { describe, expect, it } from 'vitest';
import {
  AgreementTemplateError,
  agreementDocValues,
  agreementTemplateSchema,
  renderAgreement,
  templatePlaceholders,
  validateAgreementTemplate,
} from './agreementDoc';
import { AGREEMENT_BLANK, formatChineseDate } from './agreementParties';
import {
  AGREEMENT_LEGACY_PLACEHOLDERS,
  AGREEMENT_PLACEHOLDERS,
  DEFAULT_AGREEMENT_TEMPLATE,
  type AgreementTemplate,
} from './agreementTemplate';

const values = agreementDocValues({
  agreementNo: 'HB-2025-0001',
  parties: [
    { name: '甲机械有限公司', side: 'enterprise', uscc: '91420100MA4K000001', contactName: '王经理' },
    {
      name: '湖北某技师学院',
      side: 'school',
      uscc: '12420000MB0000000X',
      address: '武汉市洪山区',
      contactName: '刘老师',
      contactPhone: '027-87654321',
    },
    { name: '乙汽车零部件有限公司', side: 'enterprise' },
  ],
  areas: ['订单培养', '共建实习实训基地'],
  termStart: '2025-09-01',
  termEnd: '2028-08-31',
  signingDate: '2025-08-20',
  projects: [
    { type: 'order_class', title: '数控加工订单班' },
    { type: 'base', title: '智能制造生产性实训基地' },
  ],
  regionName: '武汉市',
});

describe('DEFAULT_AGREEMENT_TEMPLATE', () => {
  it('is valid and uses every placeholder but the legacy ones', () => {
    expect(agreementTemplateSchema.safeParse(DEFAULT_AGREEMENT_TEMPLATE).success).toBe(true);
    const used = new Set(
      [DEFAULT_AGREEMENT_TEMPLATE.title, ...DEFAULT_AGREEMENT_TEMPLATE.paragraphs.map((p) => p.text)].flatMap(
        templatePlaceholders,
      ),
    );
    const current = Object.keys(AGREEMENT_PLACEHOLDERS).filter(
      (k) => !(AGREEMENT_LEGACY_PLACEHOLDERS as readonly string[]).includes(k),
    );
    expect([...used].sort()).toEqual(current.sort());
  });
  it('has the required sections', () => {
    const headings = DEFAULT_AGREEMENT_TEMPLATE.paragraphs
      .filter((p) => p.kind === 'heading')
      .map((p) => p.text)
      .join('|');
    for (const s of [
      '合作宗旨',
      '合作内容',
      '权利和义务',
      '学生实习权益保障',
      '合作期限',
      '违约责任与争议解决',
      '其他',
    ])
      expect(headings).toContain(s);
    const all = DEFAULT_AGREEMENT_TEMPLATE.paragraphs.map((p) => p.text).join('\n');
    for (const s of ['产教融合·技能助跑', '实习报酬', '实习责任保险', '安全']) expect(all).toContain(s);
    expect(
      DEFAULT_AGREEMENT_TEMPLATE.paragraphs.map((p) => p.kind).filter((k) => k === 'parties' || k === 'signatures'),
    ).toEqual(['parties', 'signatures']);
    expect(Object.isFrozen(DEFAULT_AGREEMENT_TEMPLATE.paragraphs[0])).toBe(true);
  });
});

describe('renderAgreement', () => {
  it('fills every placeholder', () => {
    const doc = renderAgreement(DEFAULT_AGREEMENT_TEMPLATE, values);
    expect(doc.title).toBe('校企合作协议');
    const text = doc.blocks.map((b) => b.text).join('\n');
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(text).toContain('协议编号：HB-2025-0001');
    expect(text).toContain('以上甲方为学校方，乙方、丙方为企业方');
    expect(text).toContain('本协议一式四份，各方各执一份，报武汉市人力资源和社会保障部门备案一份');
    expect(text).toContain('本协议有效期自2025年9月1日起至2028年8月31日止');
    expect(text).toContain('1. 人才培养订单（定向）班：数控加工订单班\n2. 实习实训基地：智能制造生产性实训基地');
    expect(text).toContain('各方在以下领域开展合作：订单培养、共建实习实训基地。');
    // Without per-party blocks, the former two-sided blocks from the flat values.
    expect(doc.blocks).toHaveLength(DEFAULT_AGREEMENT_TEMPLATE.paragraphs.length + 2);
    expect(text).toContain('乙方（企业）：甲机械有限公司、乙汽车零部件有限公司');
    expect(doc.blocks[0].kind).toBe('text');
  });

  it("keeps each party's blanks in place in the legacy placeholders", () => {
    expect(values.enterpriseList).toBe(
      `1. 甲机械有限公司（统一社会信用代码：91420100MA4K000001；地址：${AGREEMENT_BLANK}；联系人：王经理；电话：${AGREEMENT_BLANK}）\n` +
        `2. 乙汽车零部件有限公司（统一社会信用代码：${AGREEMENT_BLANK}；地址：${AGREEMENT_BLANK}；联系人：${AGREEMENT_BLANK}；电话：${AGREEMENT_BLANK}）`,
    );
    expect(values.enterpriseUsccs).toBe(`91420100MA4K000001、${AGREEMENT_BLANK}`);
  });

  it('a caller with only the flat values of before gets a two-sided document', () => {
    const doc = renderAgreement(DEFAULT_AGREEMENT_TEMPLATE, {
      schoolName: '某技师学院',
      enterpriseNames: '某公司',
      regionName: '武汉市',
    });
    expect(doc.title).toBe('校企合作协议');
    const text = doc.blocks.map((b) => b.text).join('\n');
    expect(text).toContain('以上甲方为学校方，乙方为企业方');
    expect(text).toContain('本协议一式若干份');
    expect(doc.blocks.filter((b) => b.kind === 'signature').map((b) => b.text.split('\n')[0])).toEqual([
      '甲方（盖章）：某技师学院',
      '乙方（盖章）：某公司',
    ]);
  });

  it('missing or blank values print as a line to fill in', () => {
    const tpl: AgreementTemplate = {
      title: '协议 {{agreementNo}}',
      paragraphs: [{ kind: 'text', text: '甲方：{{schoolName}}，日期：{{ signingDate }}' }],
    };
    expect(renderAgreement(tpl, { schoolName: '  ' })).toEqual({
      title: `协议 ${AGREEMENT_BLANK}`,
      blocks: [{ kind: 'text', text: `甲方：${AGREEMENT_BLANK}，日期：${AGREEMENT_BLANK}` }],
    });
  });

  it('refuses unknown placeholders, listing them', () => {
    const tpl: AgreementTemplate = {
      title: 'x',
      paragraphs: [{ kind: 'text', text: '{{schoolName}} {{bankAccount}} {{foo}}' }],
    };
    expect(() => renderAgreement(tpl, values)).toThrow(AgreementTemplateError);
    try {
      renderAgreement(tpl, values);
    } catch (e) {
      const err = e as AgreementTemplateError;
      expect(err.issues[0].path).toBe('paragraphs.0.text');
      expect(err.issues[0].message).toMatch(
        /^模板中有未知的占位符：\{\{bankAccount\}\}、\{\{foo\}\}；可用的占位符：\{\{title\}\}、\{\{agreementNo\}\}/,
      );
    }
  });
});

describe('agreementTemplateSchema', () => {
  const bad = (tpl: unknown) => {
    const r = validateAgreementTemplate(tpl);
    return r.ok ? [] : r.issues;
  };
  it('refuses malformed placeholders, unknown kinds, empty templates and extra keys', () => {
    expect(bad({ title: 't', paragraphs: [{ kind: 'text', text: '甲方 {{schoolName' }] })[0].message).toMatch(
      /占位符格式不正确/,
    );
    expect(bad({ title: 't', paragraphs: [{ kind: 'text', text: '{{学校}}' }] })[0].message).toMatch(
      /占位符格式不正确/,
    );
    expect(bad({ title: '{{nope}}', paragraphs: [{ kind: 'text', text: 'x' }] })[0]).toMatchObject({ path: 'title' });
    expect(bad({ title: 't', paragraphs: [{ kind: 'table', text: 'x' }] })[0].path).toBe('paragraphs.0.kind');
    expect(bad({ title: 't', paragraphs: [] })[0].message).toBe('协议至少需要 1 段');
    expect(bad({ title: 't', paragraphs: [{ kind: 'text', text: 'x' }], footer: 'y' })[0].message).toMatch(
      /不允许的字段：footer/,
    );
  });
});

describe('formatChineseDate', () => {
  it('formats valid dates only', () => {
    expect(formatChineseDate('2025-01-05')).toBe('2025年1月5日');
    expect(formatChineseDate('明年')).toBe('明年');
    expect(formatChineseDate(undefined)).toBe('');
  });
});
