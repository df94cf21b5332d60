import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import {
  maskFreeText,
  maskName,
  maskPhone,
  REGIONS,
  type FieldDef,
  type FormDefinition,
  type FormKind,
} from '@cjrh/domain';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { findCampaign } from '../campaigns/campaigns.service';
import { colLetter, SEQ_HEADER } from '../excel/layout';
import { campaignDefinition } from '../excel/template';
import { fitRow, printOptions, rowHeightFor } from '../excel/print';
import { sqlRows as rows } from '../../db/rows';

// The 需求信息汇编's sheets and the streaming writer that fills them (the layout and why it is so: compiled.ts).

const TITLE_ROWS = 3; // title, sheet caption, column header
const CHUNK = 500;
const KIND_LABEL: Record<FormKind, string> = { school: '学校', enterprise: '企业' };
const PLACES_LABEL: Record<FormKind, string> = { school: '可输送毕业生', enterprise: '需求人数' };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const THIN = { style: 'thin' as const, color: { argb: 'FFB4B4B4' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

const REGIONS_BY_CODE = [...REGIONS].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

export interface Publication {
  id: number;
  version: number;
  year: number;
  publishedOn: string;
  campaign: Awaited<ReturnType<typeof findCampaign>>;
}

const compiledTitle = (year: number, version: number) =>
  `湖北省“产教融合·技能助跑”需求信息汇编（${year}年 第${version}版）`;
const compiledSheetName = (regionName: string, kind: FormKind) => `${regionName}·${KIND_LABEL[kind]}`;

interface LineRow {
  org_id: number;
  places: number;
  fields: { label: string; value: string }[];
  contact_name: string;
  contact_phone: string;
  contact_title: string;
}

/** One published line in the definition's columns. Integers go back to numbers so the sheet can sum them. */
function cellsOf(def: FormDefinition, line: LineRow, fields: FieldDef[]): ExcelJS.CellValue[] {
  const byLabel = new Map(line.fields.map((f) => [f.label, f.value]));
  return fields.map((f: FieldDef) => {
    if (f.role === 'contactName') return maskName(line.contact_name);
    if (f.role === 'contactPhone') return maskPhone(line.contact_phone);
    if (f.role === 'contactTitle') return line.contact_title || null;
    const v = byLabel.get(f.label);
    if (v == null || v === '') return null;
    // Free text may hold a phone number, e-mail or ID number someone typed in: masked like the contact columns.
    return f.type === 'integer' && /^-?\d+$/.test(v) ? Number(v) : maskFreeText(v);
  });
}

/** Widths on paper: wide enough for the usual content, wrapped beyond (row heights follow the text). */
function widthOf(f: FieldDef): number {
  if (f.role === 'detail') return 36;
  if (f.type === 'longtext') return 30;
  if (f.role === 'places' || f.type === 'integer') return 8;
  if (f.role === 'contactName') return 8;
  if (f.type === 'phone') return 13;
  if (f.type === 'date') return 11;
  if (f.type === 'uscc') return 20;
  if (f.type === 'text') return Math.min(18, Math.max(10, (f.maxLength ?? 20) / 4));
  return 12;
}

/**
 * The columns a printed region sheet carries: who (name, contact), what (specialty or occupation, post, need type,
 * 具体需求内容), how many and from when. The rest (USCC, ownership, resources offered …) stays in the digital file on
 * the 「…·全部栏目」 sheets, which carry every column of the template for all regions.
 */
const KEY_ROLES = new Set([
  'contactName',
  'contactPhone',
  'specialty',
  'occupation',
  'postName',
  'places',
  'skillLevel',
  'needType',
  'detail',
  'availableFrom',
]);
const keyFields = (def: FormDefinition) =>
  def.fields.filter((f, i) => KEY_ROLES.has(f.role ?? '') || (i === 1 && f.scope === 'org'));
const fullSheetName = (kind: FormKind) => `${KIND_LABEL[kind]}·全部栏目`;

type Sheet = ExcelJS.Worksheet;

/** Title (merged across the columns), a caption line, and the bold bordered column header; all three repeat in print. */
function addSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  pub: Publication,
  caption: string,
  headers: string[],
  widths: number[],
  keyColumns = 1,
): Sheet {
  const title = compiledTitle(pub.year, pub.version);
  const ws = wb.addWorksheet(
    name,
    printOptions({ title, asOf: pub.publishedOn, widths, titleRows: TITLE_ROWS, keyColumns }),
  );
  ws.columns = widths.map((width) => ({ width }));
  const last = colLetter(headers.length);
  const t = ws.getRow(1);
  t.height = 30;
  t.getCell(1).value = title;
  t.getCell(1).font = { bold: true, size: 16 };
  t.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  ws.mergeCells(`A1:${last}1`);
  t.commit();
  const c = ws.getRow(2);
  c.getCell(1).value = caption;
  c.getCell(1).font = { color: { argb: 'FF595959' } };
  c.getCell(1).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
  c.height = rowHeightFor([caption], [widths.reduce((a, b) => a + b, 0)]) ?? 20;
  ws.mergeCells(`A2:${last}2`);
  c.commit();
  const h = ws.getRow(TITLE_ROWS);
  headers.forEach((text, i) => {
    const cell = h.getCell(i + 1);
    cell.value = text;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  h.height = Math.max(32, rowHeightFor(headers, widths) ?? 0);
  h.commit();
  return ws;
}

function addDataRow(ws: Sheet, values: ExcelJS.CellValue[], widths: number[]) {
  const row = ws.addRow(values);
  fitRow(row, widths, { border: BORDER });
  row.commit();
}

interface Count {
  region_code: string;
  org_type: FormKind;
  lines: number;
  places: number;
}

function writeSummary(wb: ExcelJS.stream.xlsx.WorkbookWriter, pub: Publication, counts: Count[]) {
  const of = (region: string, kind: FormKind) =>
    counts.find((c) => c.region_code === region && c.org_type === kind) ?? { lines: 0, places: 0 };
  const headers = [
    SEQ_HEADER,
    '地区',
    '学校需求（条）',
    '企业需求（条）',
    '需求合计（条）',
    '学校可输送毕业生（人）',
    '企业需求人数（人）',
    '人数合计（人）',
  ];
  const total = counts.reduce((s, c) => s + c.lines, 0);
  const widths = [6, 12, 10, 10, 10, 12, 12, 10];
  const ws = addSheet(
    wb,
    '汇总',
    pub,
    `${pub.publishedOn} 发布，共 ${total} 条需求信息（已撤下的不含）。各地区工作表列出主要栏目，全部栏目见末尾的「学校·全部栏目」「企业·全部栏目」。联系人姓名和电话已脱敏，完整联系方式请登录平台发起对接意向后查看。`,
    headers,
    widths,
  );
  const sums = [0, 0, 0, 0, 0, 0];
  REGIONS_BY_CODE.forEach((r, i) => {
    const s = of(r.code, 'school');
    const e = of(r.code, 'enterprise');
    const figures = [s.lines, e.lines, s.lines + e.lines, s.places, e.places, s.places + e.places];
    figures.forEach((v, k) => (sums[k] += v));
    addDataRow(ws, [i + 1, r.name, ...figures], widths);
  });
  const totalRow = ws.addRow([null, '全省合计', ...sums]);
  totalRow.height = 18;
  totalRow.eachCell({ includeEmpty: true }, (cell) => {
    cell.font = { bold: true };
    cell.border = BORDER;
  });
  totalRow.commit();
  ws.commit();
}

/** The ids of a sheet's lines in reading order (small), then the lines in chunks: bounded memory whatever the size. */
async function* linesOf(db: DbOrTx, out: PassThrough, pub: Publication, kind: FormKind, region: string | null) {
  const ids = (
    await rows<{ id: number }>(
      db,
      sql`select id from published_items where publication_id = ${pub.id} and status = 'public' and org_type = ${kind} ${region ? sql`and region_code = ${region}` : sql``}
          order by region_code, org_name, form_id, id`,
    )
  ).map((r) => r.id);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const got = await rows<LineRow & { id: number }>(
      db,
      sql`select id, org_id, places, fields, contact_name, contact_phone, contact_title from published_items where id in (${sql.join(
        part.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    const byId = new Map(got.map((r) => [r.id, r]));
    for (const id of part) yield byId.get(id)!;
    // Let a slow client catch up before reading more: the writer itself never waits.
    if (out.writableNeedDrain) await once(out, 'drain');
  }
}

async function writeRegionSheet(
  db: DbOrTx,
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  out: PassThrough,
  pub: Publication,
  def: FormDefinition,
  region: (typeof REGIONS)[number],
  kind: FormKind,
  count: { lines: number; places: number },
) {
  const keys = keyFields(def);
  const caption = count.lines
    ? `${region.name} · ${KIND_LABEL[kind]}需求信息：${count.lines} 条，${PLACES_LABEL[kind]} ${count.places} 人。主要栏目，全部栏目见「${fullSheetName(kind)}」；联系人已脱敏。`
    : `${region.name} · ${KIND_LABEL[kind]}需求信息：本版次暂无。`;
  const widths = [6, ...keys.map(widthOf)];
  const ws = addSheet(
    wb,
    compiledSheetName(region.name, kind),
    pub,
    caption,
    [SEQ_HEADER, ...keys.map((f) => f.label)],
    widths,
  );
  let n = 0;
  if (count.lines)
    for await (const line of linesOf(db, out, pub, kind, region.code))
      addDataRow(ws, [++n, ...cellsOf(def, line, keys)], widths);
  ws.commit();
}

/** Every column of the template for every region, for the digital file (prints split across pages, 先行后列). */
async function writeFullSheet(
  db: DbOrTx,
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  out: PassThrough,
  pub: Publication,
  def: FormDefinition,
  kind: FormKind,
) {
  const widths = [6, ...def.fields.map(widthOf)];
  const caption = `全省${KIND_LABEL[kind]}需求信息的全部栏目（同「${def.title}」），按地区排列；联系人已脱敏。打印时列分到多页，先行后列。`;
  const ws = addSheet(
    wb,
    fullSheetName(kind),
    pub,
    caption,
    [SEQ_HEADER, ...def.fields.map((f) => f.label)],
    widths,
    3,
  );
  let n = 0;
  for await (const line of linesOf(db, out, pub, kind, null))
    addDataRow(ws, [++n, ...cellsOf(def, line, def.fields)], widths);
  ws.commit();
}

/**
 * Writes the workbook of `pub` into a stream as it is read. `onError` hears a failure after streaming began. The
 * workbook's dates are the publication's, so the same lines always give the same content.
 */
export async function writeWorkbook(db: DbOrTx, pub: Publication, onError: (err: unknown) => void): Promise<Readable> {
  const counts = await rows<Count>(
    db,
    sql`select region_code, org_type, count(*)::int as lines, coalesce(sum(places), 0)::int as places
        from published_items where publication_id = ${pub.id} and status = 'public' group by region_code, org_type`,
  );
  const defs: Record<FormKind, FormDefinition> = {
    school: await campaignDefinition(db, pub.campaign, 'school'),
    enterprise: await campaignDefinition(db, pub.campaign, 'enterprise'),
  };
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '湖北省“产教融合·技能助跑”专项行动平台';
  wb.created = wb.modified = new Date(`${pub.publishedOn}T00:00:00+08:00`);
  const write = async () => {
    writeSummary(wb, pub, counts);
    for (const region of REGIONS_BY_CODE) {
      for (const kind of ['school', 'enterprise'] as const) {
        const c = counts.find((x) => x.region_code === region.code && x.org_type === kind) ?? { lines: 0, places: 0 };
        await writeRegionSheet(db, wb, out, pub, defs[kind], region, kind, c);
      }
    }
    for (const kind of ['school', 'enterprise'] as const) await writeFullSheet(db, wb, out, pub, defs[kind], kind);
    await wb.commit();
  };
  write().catch((err) => {
    onError(err);
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return out;
}
