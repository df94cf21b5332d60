import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formDefinition, SKILL_LEVELS } from '@cjrh/domain';
import { createTestApp, type TestApp } from '../../../test/app';
import { downloadTemplate, loadBook, setUp, unzipAll, YEAR, type Fixture } from './excel.testkit';
import { attachment } from './layout';
import { MIN_FONT_PT, pagePlan, PRINTABLE_MM, rowHeightFor, sheetWidthMm } from './print';

// Paper: the one page layout every workbook takes (A4, orientation by width, ≥ 9 pt, print titles, header and footer),
// read back with ExcelJS from real downloads; validations never overlap; and, when LibreOffice is installed, the blank
// 附件1 printed to PDF.

describe('page plan', () => {
  it('keeps portrait for a narrow sheet, fits landscape while the font stays ≥ 9 pt, and splits beyond', () => {
    expect(pagePlan([8, 20, 12])).toMatchObject({ orientation: 'portrait', fitToWidth: true, smallestPt: 11 });
    const wide = pagePlan(Array(12).fill(12));
    expect(wide).toMatchObject({ orientation: 'landscape', fitToWidth: true });
    expect(wide.smallestPt).toBeGreaterThanOrEqual(MIN_FONT_PT);
    // 23 columns of the old 汇编 (3.5 pt when squeezed onto one page) now split across pages at ≥ 9 pt.
    const old = pagePlan(Array(23).fill(24));
    expect(old.fitToWidth).toBe(false);
    expect(old.pagesAcross).toBeGreaterThan(1);
    expect(old.smallestPt).toBeGreaterThanOrEqual(MIN_FONT_PT);
    expect((sheetWidthMm(Array(23).fill(24)) * old.scale) / old.pagesAcross).toBeLessThanOrEqual(
      PRINTABLE_MM.landscape,
    );
  });

  it('gives wrapped text the rows it needs', () => {
    expect(rowHeightFor(['短'], [10])).toBeUndefined();
    const long = '合办数控订单班'.repeat(20); // 140 CJK characters = 280 units in a 40-wide column → 8 lines
    expect(rowHeightFor([1, long], [6, 40])).toBeGreaterThanOrEqual(8 * 14);
    expect(rowHeightFor(['一\n二\n三'], [20])).toBeGreaterThanOrEqual(3 * 14);
  });

  it('names downloads with the extension in filename and filename*', () => {
    expect(attachment('2026年度市州考核评估结果.xlsx', 'assessment.xlsx')).toBe(
      `attachment; filename="assessment.xlsx"; filename*=UTF-8''${encodeURIComponent('2026年度市州考核评估结果.xlsx')}`,
    );
    expect(attachment('审计日志.xlsx')).toMatch(/^attachment; filename="[^"]*\.xlsx"; filename\*=UTF-8''/);
    expect(attachment('进展（截至2026-11-30）.docx')).toMatch(/filename="[\w.-]*2026-11-30\.docx"/);
  });
});

/** Every data-validation range of a sheet part, as cell rectangles. */
function validationRanges(xml: string): [number, number, number, number][] {
  const col = (s: string) => [...s].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  const cell = (a: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a)!;
    return [col(m[1]), Number(m[2])] as const;
  };
  return [...xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].flatMap((m) =>
    m[1].split(' ').map((ref) => {
      const [a, b = a] = ref.split(':');
      const [c1, r1] = cell(a);
      const [c2, r2] = cell(b);
      return [c1, r1, c2, r2] as [number, number, number, number];
    }),
  );
}
function overlaps(ranges: [number, number, number, number][]) {
  const hits: string[] = [];
  ranges.forEach((a, i) =>
    ranges
      .slice(i + 1)
      .forEach((b) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3] && hits.push(`${a} × ${b}`)),
  );
  return hits;
}

describe('downloads in the page layout', () => {
  let t: TestApp;
  let fx: Fixture;
  beforeAll(async () => {
    t = await createTestApp();
    fx = await setUp(t);
  });
  afterAll(() => t.close());

  it('prints the blank 附件1 on A4 landscape, 序号 and the header on every page, ≥ 9 pt, with header and footer', async () => {
    const wb = await loadBook(await downloadTemplate(t, fx.cookies.xys));
    const ws = wb.getWorksheet(fx.def.sheetName)!;
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '1:1' });
    const plan = pagePlan(ws.columns.map((c) => c.width ?? 9));
    expect(plan.smallestPt).toBeGreaterThanOrEqual(9);
    if (!plan.fitToWidth)
      expect(ws.pageSetup).toMatchObject({
        printTitlesColumn: 'A:A',
        pageOrder: 'overThenDown',
        scale: Math.round(plan.scale * 100),
      });
    expect(ws.headerFooter.oddHeader).toContain(fx.def.title);
    expect(ws.headerFooter.oddFooter).toMatch(/数据截至 \d{4}-\d{2}-\d{2}.*第 &P 页，共 &N 页/);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
  });

  it('offers skill levels up the 新八级工 ladder and no occupation category headings', async () => {
    const wb = await loadBook(await downloadTemplate(t, fx.cookies.xys, 'enterprise'));
    const lists = wb.getWorksheet('_lists')!;
    const titles = (lists.getRow(1).values as string[]).slice(1);
    const column = (title: string) => {
      const c = titles.indexOf(title) + 1;
      const out: string[] = [];
      for (let r = 2; r <= lists.rowCount; r++)
        if (lists.getCell(r, c).value) out.push(String(lists.getCell(r, c).value));
      return out;
    };
    const levelTitle = formDefinition('enterprise', YEAR).fields.find((f) => f.type === 'skill_level')!.label;
    expect(column(levelTitle)).toEqual(SKILL_LEVELS.map((l) => l.name));
    const occupations = column(formDefinition('enterprise', YEAR).fields.find((f) => f.type === 'occupation')!.label);
    expect(occupations.length).toBeGreaterThan(10);
    expect(occupations.some((o) => /负责人$|^党的机关/.test(o))).toBe(false);
    expect(occupations).toContain('车工');
  });

  it('writes no two validation ranges that overlap (template and 附件3 quota table)', async () => {
    const quota = await t.app.inject({
      url: `/api/campaigns/${YEAR}/quotas/template.xlsx`,
      headers: { cookie: fx.cookies.prov },
    });
    expect(quota.statusCode).toBe(200);
    const written: number[] = [];
    for (const buf of [await downloadTemplate(t, fx.cookies.xys), quota.rawPayload]) {
      const sheets = unzipAll(buf).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f.name));
      const ranges = sheets.map((s) => validationRanges(s.data.toString('utf8')));
      written.push(ranges.flat().length);
      for (const r of ranges) expect(overlaps(r)).toEqual([]);
    }
    // Validations are written (10 ranges in the school template, 2 in the quota table), none overlapping.
    expect(written).toEqual([10, 2]);
  });

  // Only where LibreOffice and poppler are installed: the PDF LibreOffice prints has A4 landscape pages whose
  // smallest text is ≥ 9 pt (word boxes are ~1.2 × the point size), and the header row on every page.
  const printable = spawnSync('which', ['soffice']).status === 0 && spawnSync('which', ['pdftotext']).status === 0;
  it.skipIf(!printable)(
    'prints the blank 附件1 through LibreOffice at ≥ 9 pt with the header on every page',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cjrh-print-'));
      try {
        const file = join(dir, 'template.xlsx');
        writeFileSync(file, await downloadTemplate(t, fx.cookies.xys));
        execFileSync(
          'soffice',
          [
            '--headless',
            '--norestore',
            `-env:UserInstallation=file://${join(dir, 'profile')}`,
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            file,
          ],
          { stdio: 'ignore', timeout: 180_000 },
        );
        expect(readdirSync(dir)).toContain('template.pdf');
        const pdf = join(dir, 'template.pdf');
        const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
        expect(pages).toBeGreaterThanOrEqual(1);
        expect(pages).toBeLessThan(8); // was 8 portrait pages of 3–4 columns
        const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
        expect(
          text
            .split('\f')
            .filter((p) => p.trim())
            .every((p) => p.includes('序号')),
        ).toBe(true);
        const heights = [
          ...execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' }).matchAll(
            /yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</g,
          ),
        ]
          .filter((m) => !/^\d{1,3}$/.test(m[3]))
          .map((m) => Number(m[2]) - Number(m[1]))
          .sort((a, b) => a - b);
        expect(heights[Math.floor(heights.length * 0.02)] / 1.2).toBeGreaterThanOrEqual(8.5);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
