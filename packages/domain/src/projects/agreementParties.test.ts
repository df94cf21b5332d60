import { describe, expect, it } from 'vitest';
import { agreementDocContent, type AgreementDocInput } from './agreementDoc';
import {
  AGREEMENT_BLANK,
  AGREEMENT_BLANK_DATE,
  agreementDocTitle,
  chineseNumber,
  copiesInWords,
  orderParties,
  partyBlocks,
  signatureBlocks,
  type AgreementDocParty,
} from './agreementParties';
import { DEFAULT_AGREEMENT_TEMPLATE } from './agreementTemplate';

const school = (name: string, address?: string): AgreementDocParty => ({
  name,
  side: 'school',
  uscc: `12420000${name.length}X`,
  address,
  contactName: '刘老师',
  contactPhone: '027-1',
});
const ent = (name: string, more: Partial<AgreementDocParty> = {}): AgreementDocParty => ({
  name,
  side: 'enterprise',
  uscc: '91420100MA4K000001',
  address: '武汉市东西湖区',
  ...more,
});

const input = (parties: AgreementDocParty[], more: Partial<AgreementDocInput> = {}): AgreementDocInput => ({
  agreementNo: 'XQ-420100-2026-0007',
  title: '',
  kind: 'alliance',
  parties,
  areas: ['订单培养'],
  termStart: '2026-09-01',
  termEnd: '2029-08-31',
  projects: [],
  regionName: '武汉市',
  ...more,
});

// Three schools, the middle one without an address, and two enterprises: the case that used to shift addresses.
const five = [
  school('武汉第一技师学院', '武汉市洪山区'),
  school('武汉第二技工学校'),
  school('武汉第三技师学院', '武汉市江夏区'),
  ent('甲机械有限公司'),
  ent('乙汽车零部件有限公司', { signedOn: '2026-10-10' }),
];

describe('per-party blocks', () => {
  it('keeps a blank address beside its own school', () => {
    const blocks = partyBlocks(orderParties(five));
    expect(blocks).toHaveLength(5);
    expect(blocks.map((b) => b.text.split('\n')[0])).toEqual([
      '甲方（学校）：武汉第一技师学院',
      '乙方（学校）：武汉第二技工学校',
      '丙方（学校）：武汉第三技师学院',
      '丁方（企业）：甲机械有限公司',
      '戊方（企业）：乙汽车零部件有限公司',
    ]);
    expect(blocks[0].text).toContain('地址：武汉市洪山区');
    expect(blocks[1].text).toContain(`地址：${AGREEMENT_BLANK}`);
    expect(blocks[2].text).toContain('地址：武汉市江夏区');
    expect(blocks[1].text.split('\n')).toEqual([
      '乙方（学校）：武汉第二技工学校',
      '统一社会信用代码：124200008X',
      `地址：${AGREEMENT_BLANK}`,
      `法定代表人：${AGREEMENT_BLANK}`,
      '联系人及电话：刘老师　027-1',
    ]);
    expect(blocks[3].text).toContain(`联系人及电话：${AGREEMENT_BLANK}`);
  });

  it('puts schools first, whatever order the records come in, and allows 2 to 10 parties', () => {
    expect(orderParties([ent('企业'), school('学校')]).map((p) => p.name)).toEqual(['学校', '企业']);
    expect(() => orderParties([school('学校')])).toThrow(/2 至 10 个/);
    expect(() => orderParties([...five, ...five, ent('丙')])).toThrow(/现有 11 个/);
  });

  it('gives each party its own signature block with seal, signature and date lines', () => {
    const sigs = signatureBlocks(orderParties(five));
    expect(sigs).toHaveLength(5);
    expect(sigs[0].text.split('\n')).toEqual([
      '甲方（盖章）：武汉第一技师学院',
      '法定代表人或授权代表（签字）：',
      `日期：${AGREEMENT_BLANK_DATE}`,
    ]);
    expect(sigs[4].text).toContain('日期：2026年10月10日');
    // The agreement's signing day fills the parties that have no day of their own.
    expect(signatureBlocks(orderParties(five), '2026-10-09')[0].text).toContain('日期：2026年10月9日');
  });
});

describe('title and copies', () => {
  it("takes the agreement's own title, else the title of its kind", () => {
    expect(agreementDocTitle({ title: '武汉数控产教融合订单培养协议', kind: 'alliance' })).toBe(
      '武汉数控产教融合订单培养协议',
    );
    expect(agreementDocTitle({ title: '  ', kind: 'alliance' })).toBe('技工教育联盟（集团）共建协议');
    expect(agreementDocTitle({ kind: 'bilateral' })).toBe('校企合作协议');
    expect(agreementDocTitle({})).toBe('校企合作协议');
  });

  it('counts copies as parties + 1, in words', () => {
    expect([2, 3, 4, 5, 6].map(copiesInWords)).toEqual(['三', '四', '五', '六', '七']);
    expect([1, 10, 12, 20, 99].map(chineseNumber)).toEqual(['一', '十', '十二', '二十', '九十九']);
  });
});

describe('agreementDocContent', () => {
  it('renders the default template with one block and one signature per party, for 2 to 6 parties', () => {
    for (let n = 2; n <= 6; n++) {
      const parties = [
        school('学校一'),
        ...['企业一', '企业二', '企业三', '企业四', '企业五'].slice(0, n - 1).map((x) => ent(x)),
      ];
      const doc = agreementDocContent(DEFAULT_AGREEMENT_TEMPLATE, input(parties, { kind: 'bilateral' }));
      expect(doc.title).toBe('校企合作协议');
      expect(doc.blocks.filter((b) => b.kind === 'party')).toHaveLength(n);
      expect(doc.blocks.filter((b) => b.kind === 'signature')).toHaveLength(n);
      expect(doc.blocks.map((b) => b.text).join('\n')).toContain(
        `本协议一式${copiesInWords(n)}份，各方各执一份，报武汉市人力资源和社会保障部门备案一份`,
      );
    }
  });

  it('a five-party alliance: title by kind, 一式六份, signatures last', () => {
    const doc = agreementDocContent(DEFAULT_AGREEMENT_TEMPLATE, input(five));
    expect(doc.title).toBe('技工教育联盟（集团）共建协议');
    const text = doc.blocks.map((b) => b.text).join('\n');
    expect(text).toContain('以上甲方、乙方、丙方为学校方，丁方、戊方为企业方');
    expect(text).toContain('本协议一式六份');
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(doc.blocks.slice(-5).every((b) => b.kind === 'signature')).toBe(true);
    expect(doc.blocks.find((b) => b.kind === 'party' && b.text.startsWith('乙方'))!.text).toContain(
      `地址：${AGREEMENT_BLANK}`,
    );
  });
});
