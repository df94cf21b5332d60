import { describe, expect, it } from 'vitest';
import { governmentAgreementDocContent, governmentBureauName } from './governmentAgreementDoc';

describe('校地协议 Word text (notice 三(二))', () => {
  const input = {
    agreementNo: 'XQ-420600-2026-0001',
    title: '',
    areas: ['公共实训基地共建'],
    termStart: '2026-01-01',
    termEnd: '2028-12-31',
    signingDate: null,
    govCode: '420683',
    govName: '枣阳市人民政府',
    school: {
      name: '襄阳示例技师学院',
      side: 'school' as const,
      uscc: '12420600MB0000000X',
      address: '襄阳市某路 1 号',
      contactName: '张老师',
      contactPhone: '0710-1234567',
      signedOn: '2026-01-02',
    },
  };

  it('names the government 甲方 and the school 乙方, with the bureau of its 市州 as the office', () => {
    const doc = governmentAgreementDocContent(input);
    expect(doc.title).toBe('产教协同综合性战略合作协议');
    const parties = doc.blocks.filter((b) => b.kind === 'party').map((b) => b.text);
    expect(
      parties.some((p) => p.startsWith('甲方（地方政府）：枣阳市人民政府\n承办部门：襄阳市人力资源和社会保障局')),
    ).toBe(true);
    expect(
      parties.some((p) => p.startsWith('乙方（学校）：襄阳示例技师学院\n统一社会信用代码：12420600MB0000000X')),
    ).toBe(true);
    const sigs = doc.blocks.filter((b) => b.kind === 'signature').map((b) => b.text);
    expect(sigs[0]).toMatch(/^甲方（盖章）：枣阳市人民政府\n负责人或授权代表（签字）：\n日期：　+年/);
    expect(sigs[1]).toContain('日期：2026年1月2日');
  });

  it("speaks of the area's industries and public training, not of an enterprise", () => {
    const all = governmentAgreementDocContent(input)
      .blocks.map((b) => b.text)
      .join('\n');
    expect(all).toContain('对接枣阳市主导产业');
    expect(all).toContain('共建公共实训基地');
    expect(all).toContain('补贴性职业技能培训');
    expect(all).toContain('自2026年1月1日起至2028年12月31日止');
    expect(all).toContain('报襄阳市人力资源和社会保障局备案一份');
    expect(all).not.toMatch(/企业方|丙方|录用人数/);
  });

  it('a 直管市 is its own bureau', () => {
    expect(governmentBureauName('429004')).toBe('仙桃市人力资源和社会保障局');
    expect(governmentBureauName('999999')).toBe('＿＿＿＿＿＿');
  });
});
