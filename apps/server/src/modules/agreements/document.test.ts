import { performance } from 'node:perf_hooks';
import { DEFAULT_AGREEMENT_TEMPLATE } from '@cjrh/domain';
import { describe, expect, it } from 'vitest';
import { inflateEntry, readCentralDirectory } from '../excel/zip';
import { agreementDocFile, agreementDocInput, type DocPartyRow } from './docContent';
import { agreementDocx, verifyUrl } from './document';

const agreement = {
  agreementNo: 'XQ-420100-2026-0007',
  title: '',
  kind: 'alliance' as const,
  leadOrgId: 3,
  areas: ['订单培养', '共建实习实训基地'],
  termStart: '2026-09-01',
  termEnd: '2029-08-31',
  signingDate: null,
  regionCode: '420100',
};

const party = (orgId: number, name: string, side: DocPartyRow['side'], address = ''): DocPartyRow => ({
  orgId,
  name,
  side,
  uscc: `9142010${orgId}MA4K00000${orgId}`,
  address,
  contactName: '联系人',
  contactPhone: `027-8765432${orgId}`,
});

// As partiesOf returns them (enterprises sort before schools); the lead school (orgId 3) must come out as 甲方.
const rows = [
  party(11, '甲机械有限公司', 'enterprise', '武汉市东西湖区'),
  party(12, '乙汽车零部件有限公司', 'enterprise', '武汉市蔡甸区'),
  party(2, '武汉第二技工学校', 'school'),
  party(3, '武汉第一技师学院', 'school', '武汉市洪山区'),
  party(4, '武汉第三技师学院', 'school', '武汉市江夏区'),
];

/** The parts of the .docx by name. */
function unzip(buf: Buffer): Map<string, Buffer> {
  return new Map(readCentralDirectory(buf).map((e) => [e.name, inflateEntry(buf, e)]));
}

/** The text of every paragraph of a WordprocessingML part, in order. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
  );
}

describe('the agreement .docx', () => {
  it('has one block per party with its own address, one signature block per party, zh-CN, and the footer', async () => {
    const input = agreementDocInput(agreement, rows, [{ title: '数控加工订单班', type: 'order_class' }]);
    const parts = unzip(
      await agreementDocFile(DEFAULT_AGREEMENT_TEMPLATE, input, { origin: 'https://cjrh.example.cn/' }),
    );
    const xml = parts.get('word/document.xml')!.toString('utf8');
    const ps = paragraphs(xml);

    expect(ps[0]).toBe('技工教育联盟（集团）共建协议');
    const blockOf = (label: string) => ps.slice(ps.indexOf(label), ps.indexOf(label) + 5);
    expect(blockOf('甲方（学校）：武汉第一技师学院')).toContain('地址：武汉市洪山区');
    expect(blockOf('乙方（学校）：武汉第二技工学校')).toContain('地址：＿＿＿＿＿＿');
    expect(blockOf('丙方（学校）：武汉第三技师学院')).toContain('地址：武汉市江夏区');
    expect(blockOf('丁方（企业）：甲机械有限公司')).toContain('地址：武汉市东西湖区');
    expect(blockOf('戊方（企业）：乙汽车零部件有限公司')).toContain('地址：武汉市蔡甸区');

    expect(ps.filter((p) => /^[甲乙丙丁戊]方（盖章）：/.test(p))).toHaveLength(5);
    expect(ps.filter((p) => p === '法定代表人或授权代表（签字）：')).toHaveLength(5);
    expect(ps.filter((p) => p === '日期：　　　　年　　月　　日')).toHaveLength(5);
    expect(ps.join('\n')).toContain('本协议一式六份，各方各执一份，报武汉市人力资源和社会保障部门备案一份');

    expect(xml).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
    expect(parts.get('word/styles.xml')!.toString('utf8')).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
    expect(xml).toContain('<w:keepNext/>');
    // Party lines are left-aligned: justified lines spread 统一社会信用代码 over the whole width.
    const partyXml = xml.slice(xml.indexOf('统一社会信用代码') - 600, xml.indexOf('统一社会信用代码'));
    expect(partyXml).toContain('<w:jc w:val="left"/>');

    const footerName = [...parts.keys()].find(
      (n) => /^word\/footer\d*\.xml$/.test(n) && parts.get(n)!.toString('utf8').includes(agreement.agreementNo),
    )!;
    expect(footerName, [...parts.keys()].join(', ')).toBeTruthy();
    const footerXml = parts.get(footerName)!.toString('utf8');
    expect(paragraphs(footerXml).join('\n')).toContain('核验地址：https://cjrh.example.cn/verify/XQ-420100-2026-0007');
    expect(footerXml).toContain('<w:drawing>');
    expect(footerXml).toMatch(/PAGE/);
    expect(footerXml).toMatch(/NUMPAGES/);
    const rels = parts.get(footerName.replace('word/', 'word/_rels/') + '.rels')!.toString('utf8');
    const media = /Target="(media\/[^"]+)"/.exec(rels)![1];
    expect(parts.get(`word/${media}`)!.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });

  it('handles 2 to 6 parties; times the five-party document', async () => {
    for (let n = 2; n <= 6; n++) {
      const parts = unzip(
        await agreementDocFile(
          DEFAULT_AGREEMENT_TEMPLATE,
          agreementDocInput(agreement, rows.concat(party(13, '丙科技有限公司', 'enterprise')).slice(0, n), []),
        ),
      );
      expect(
        paragraphs(parts.get('word/document.xml')!.toString('utf8')).filter((p) => p.includes('（盖章）')),
      ).toHaveLength(n);
    }
    const input = agreementDocInput(agreement, rows, []);
    await agreementDocFile(DEFAULT_AGREEMENT_TEMPLATE, input); // warm-up: the first call loads docx and qrcode code paths
    const runs = 10;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await agreementDocFile(DEFAULT_AGREEMENT_TEMPLATE, input);
    const ms = (performance.now() - t0) / runs;
    console.log(`five-party agreement .docx: ${ms.toFixed(1)} ms per document (mean of ${runs})`);
    expect(ms).toBeLessThan(2000);
  });

  it('refuses more parties than 甲…癸 can name, with a message', () => {
    const many = Array.from({ length: 11 }, (_, i) => party(100 + i, `单位${i}`, i ? 'enterprise' : 'school'));
    expect(() => agreementDocInput(agreement, many, [])).toThrow(/协议当事方为 11 个/);
  });

  it('still takes the old call (rendered blocks only): page numbers, no verification footer', async () => {
    const parts = unzip(await agreementDocx({ title: '校企合作协议', blocks: [{ kind: 'text', text: '正文' }] }));
    const footers = [...parts.keys()]
      .filter((n) => /^word\/footer\d*\.xml$/.test(n))
      .map((n) => parts.get(n)!.toString('utf8'));
    expect(footers.some((f) => f.includes('NUMPAGES') && !f.includes('<w:drawing>'))).toBe(true);
    expect(verifyUrl('XQ-1')).toBe('http://127.0.0.1:3000/verify/XQ-1');
  });
});
