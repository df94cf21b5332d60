// Paper benchmark (issue 18): how the platform's files print, and what a 50,000-row export costs.
//   1. On the demo province (PGlite in a temporary folder) it writes the 需求信息汇编, a blank 附件1 (school template),
//      the forms export (province, all states) and the 上报 workbook (when this checkout has it), converts each with
//      `soffice --headless --convert-to pdf` (skipped without LibreOffice) and reads the PDF with poppler: pages
//      (pdfinfo) and the smallest font size actually drawn (pdftotext -bbox: word heights; the smallest body word
//      height ÷ 1.2 ≈ the point size). BENCH_PAPER_OUT keeps the files and PDFs (and PNGs of page 1) there.
//   2. The forms export of 50,000 rows (500 schools × 100 need rows) through buildExport (streaming writer, our page
//      layout and row heights), time and peak RSS; baseline: ExcelJS's streaming writer writing the same 50,000
//      rows of plain values in the same run.
// "Before" figures: run this file from a checkout of the previous commit (git archive … | tar -x; link node_modules).
import ExcelJS from 'exceljs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { formDefinition, makeUscc, REGIONS } from '@cjrh/domain';
import { openPglite, type Database } from '../apps/server/src/db/client';
import { seedDemo } from '../apps/server/src/demo-data/demo';
import { ensureReferenceData } from '../apps/server/src/db/reference';
import { forms, orgs } from '../apps/server/src/db/schema/index';
import type { Actor, Ctx } from '../apps/server/src/http/access';
import { compiledWorkbook } from '../apps/server/src/modules/catalogue/compiled';
import { buildExport } from '../apps/server/src/modules/excel/export';
import { buildTemplate } from '../apps/server/src/modules/excel/template';
import { createCampaign } from '../apps/server/src/modules/campaigns/campaigns.service';

const MB = 1024 * 1024;
const province: Actor = {
  id: 1,
  username: 'bench',
  displayName: '基准测试',
  role: 'province',
  regionCode: null,
  orgId: null,
  orgName: null,
  orgType: null,
  isDemo: false,
};
const ctx: Ctx = { actor: province, ip: null, requestId: 'bench' };
const has = (cmd: string) => spawnSync('which', [cmd]).status === 0;

async function measure<T>(fn: () => Promise<T>): Promise<{ ms: number; peakMb: number; value: T }> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const value = await fn();
    return { ms: performance.now() - t0, peakMb: Math.max(peak, process.memoryUsage().rss) / MB, value };
  } finally {
    clearInterval(timer);
  }
}

interface PdfFigures {
  pages: number;
  smallestPt: number;
}

/** Pages and the smallest drawn text size of a PDF: word boxes from pdftotext -bbox, height ÷ 1.2 (line box). */
function readPdf(pdf: string): PdfFigures {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 512 * MB });
  const heights: number[] = [];
  for (const m of html.matchAll(
    /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
  )) {
    if (/^\d+$/.test(m[5]) && m[5].length <= 3) continue; // page numbers in the footer are not the table
    heights.push(Number(m[4]) - Number(m[2]));
  }
  heights.sort((a, b) => a - b);
  // The 2nd percentile, so a stray glyph (a superscript, a clipped word) does not decide the figure.
  const h = heights[Math.floor(heights.length * 0.02)] ?? 0;
  return { pages, smallestPt: Math.round((h / 1.2) * 10) / 10 };
}

/** xlsx → pdf with LibreOffice (null when soffice is not installed), plus a PNG of page 1 to look at. */
function render(xlsx: string, outDir: string): PdfFigures | null {
  if (!has('soffice')) return null;
  execFileSync(
    'soffice',
    [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${join(outDir, '.lo-profile')}`,
      '--convert-to',
      'pdf',
      '--outdir',
      outDir,
      xlsx,
    ],
    { stdio: 'ignore', timeout: 600_000 },
  );
  const pdf = join(
    outDir,
    xlsx
      .split('/')
      .pop()!
      .replace(/\.(xlsx|docx)$/, '.pdf'),
  );
  if (!existsSync(pdf)) return null;
  if (has('pdftoppm'))
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, pdf.replace(/\.pdf$/, '')]);
  return readPdf(pdf);
}

async function streamToBuffer(s: NodeJS.ReadableStream) {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** 500 schools × 100 rows of accepted school forms, inserted directly (what buildExport reads). */
async function seedBigYear(db: Database['db'], year: number) {
  const def = formDefinition('school', year);
  await createCampaign(db, ctx, { year });
  const [{ id: campaignId }] = (
    (await db.execute(sql`select id from campaigns where year = ${year}`)) as unknown as { rows: { id: number }[] }
  ).rows;
  const schools = Array.from({ length: 500 }, (_, i) => {
    const region = REGIONS[i % REGIONS.length];
    return {
      type: 'school' as const,
      name: `基准测试技师学院${String(i + 1).padStart(3, '0')}（示例）`,
      uscc: makeUscc('12', region.code, `P${String(i + 1).padStart(8, '0')}`),
      regionCode: region.code,
      schoolType: '技师学院',
      runsProgrammes: true,
    };
  });
  const ids: { id: number; regionCode: string; name: string; uscc: string }[] = [];
  for (let i = 0; i < schools.length; i += 250)
    ids.push(
      ...(await db
        .insert(orgs)
        .values(schools.slice(i, i + 250))
        .returning({ id: orgs.id, regionCode: orgs.regionCode, name: orgs.name, uscc: orgs.uscc })),
    );
  for (const s of ids) {
    const rows = Array.from({ length: 100 }, (_, r) => ({
      key: `r${r}`,
      values: {
        specialtyCode: '0101',
        specialtyEnrolment: 100 + r,
        needType: '订单（定向）班',
        needDetail: `与本地制造企业合办订单班第 ${r + 1} 期，学生 40 人，需企业提供实训设备、兼职教师和岗位实习机会；要求三年内留用不少于一半。`,
        graduatesMidLevel: 20,
        graduatesHighLevel: 10,
        graduatesTechnician: 5,
        availableFrom: `${year}-09-01`,
        remark: '示例',
      },
    }));
    await db.insert(forms).values({
      campaignId,
      orgId: s.id,
      kind: 'school',
      regionCode: s.regionCode,
      formVersion: def.version,
      state: 'accepted',
      data: {
        org: {
          regionCode: s.regionCode,
          schoolName: s.name,
          uscc: s.uscc,
          contactName: '王老师',
          contactPhone: '13800001111',
        },
        rows,
      } as never,
      rowCount: 100,
    });
  }
  return ids.length * 100;
}

export async function benchPaper(): Promise<{ name: string; ms: number; ratio: number; note?: string }[]> {
  const out: { name: string; ms: number; ratio: number; note?: string }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'cjrh-paper-'));
  const files = process.env.BENCH_PAPER_OUT ?? join(dir, 'files');
  mkdirSync(files, { recursive: true });
  const database = await openPglite(join(dir, 'pglite'));
  try {
    const db = database.db;
    await ensureReferenceData(db);
    await seedDemo(db, { matchmaking: true });
    const [{ year }] = (
      (await db.execute(
        sql`select max(c.year)::int as year from campaigns c join publications p on p.campaign_id = c.id`,
      )) as unknown as { rows: { year: number }[] }
    ).rows;
    const made: [string, Buffer][] = [];
    const compiled = await compiledWorkbook(db, { year }, (e) => console.error(e));
    made.push(['汇编.xlsx', await streamToBuffer(compiled.stream)]);
    made.push(['附件1-空白.xlsx', (await buildTemplate(db, ctx, year, 'school')).buffer]);
    made.push(['表单导出.xlsx', (await buildExport(db, ctx, year, 'school', { state: 'all' })).buffer]);
    try {
      const reports = await import('../apps/server/src/modules/reports/progress');
      made.push(['上报.xlsx', await reports.progressWorkbook(await reports.progressData(db, ctx, { year }))]);
    } catch (e) {
      out.push({
        name: '上报 workbook',
        ms: 0,
        ratio: 0,
        note: `not in this checkout (${(e as Error).message.slice(0, 60)})`,
      });
    }
    for (const [name, buf] of made) {
      const path = join(files, name);
      writeFileSync(path, buf);
      const t0 = performance.now();
      const pdf = render(path, files);
      out.push({
        name: `print ${name}`,
        ms: performance.now() - t0,
        ratio: 1,
        note: pdf ? `${pdf.pages} pages, smallest text ≈ ${pdf.smallestPt} pt` : 'soffice not installed: not rendered',
      });
    }

    // 50,000 rows: our export vs a plain streaming write of the same values.
    const bigYear = year + 5;
    const rows = await seedBigYear(db, bigYear);
    const ours = await measure(() => buildExport(db, ctx, bigYear, 'school', { state: 'all' }));
    const values = (
      await db
        .select({ data: forms.data })
        .from(forms)
        .where(sql`campaign_id = (select id from campaigns where year = ${bigYear})`)
    ).flatMap((f) =>
      (f.data as { rows: { values: Record<string, unknown> }[] }).rows.map((r) => Object.values(r.values)),
    );
    const base = await measure(async () => {
      const stream = new PassThrough();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
      const ws = wb.addWorksheet('plain');
      for (const v of values) ws.addRow(v as ExcelJS.CellValue[]).commit();
      ws.commit();
      await wb.commit();
      return Buffer.concat(chunks);
    });
    out.push({
      name: `baseline: plain streaming write of ${values.length} rows`,
      ms: base.ms,
      ratio: 1,
      note: `peak RSS ${base.peakMb.toFixed(0)} MB, ${(base.value.length / MB).toFixed(1)} MB`,
    });
    out.push({
      name: `forms export, ${rows} rows (buildExport, page layout + row heights)`,
      ms: ours.ms,
      ratio: ours.ms / base.ms,
      note: `peak RSS ${ours.peakMb.toFixed(0)} MB, ${(ours.value.buffer.length / MB).toFixed(1)} MB`,
    });
    if (process.env.BENCH_PAPER_OUT) writeFileSync(join(files, 'figures.json'), JSON.stringify(out, null, 2));
  } finally {
    await database.close();
    if (!process.env.BENCH_PAPER_OUT) rmSync(dir, { recursive: true, force: true });
    else rmSync(join(dir, 'pglite'), { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1]?.endsWith('paper.ts')) {
  for (const r of await benchPaper())
    console.log(
      `${r.name.padEnd(70)} ${(r.ms / 1000).toFixed(2).padStart(8)} s   ×${r.ratio.toFixed(2)}${r.note ? `   ${r.note}` : ''}`,
    );
}
