import type ExcelJS from 'exceljs';
import { today } from '../../lib/clock';

/**
 * The one page layout of every workbook the platform writes (docs/decisions/0013-print-layout.md).
 *
 * A4 always. The sheet's columns are measured in millimetres (Excel's column width is in "characters" of the default
 * font: about 7 px each plus 5 px padding at 96 dpi). Then:
 *   1. they fit the portrait width at 100 %            → portrait, fit to one page wide;
 *   2. they fit the landscape width at ≥ MIN_SCALE     → landscape, fit to one page wide (the smallest font, the
 *      11 pt body scaled, stays ≥ 9 pt);
 *   3. otherwise                                       → landscape at the largest scale ≥ MIN_SCALE that needs no
 *      more pages across than MIN_SCALE does, columns split across pages in the stated order 先行后列 (over, then
 *      down: every column block of a group of rows before the next rows), with the key columns repeated on the left.
 * Title rows repeat on every page; the header names the workbook, the footer the as-of date and 第 N 页，共 M 页; the
 * header rows are frozen on screen. Wrapped cells get a row height from their text (Excel never grows a row on open).
 */

const BODY_PT = 11;
export const MIN_FONT_PT = 9;
/** The smallest print scale at which an 11 pt body is still ≥ 9 pt (82 % of 11 pt = 9.02 pt). */
const MIN_SCALE = Math.ceil((MIN_FONT_PT / BODY_PT) * 100) / 100;
/** Margins in inches (ExcelJS's unit): narrow sides, room above and below for the header and footer. */
const MARGINS = { left: 0.4, right: 0.4, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 };
const MM_PER_INCH = 25.4;
const A4 = { short: 210, long: 297 };
export const PRINTABLE_MM = {
  portrait: A4.short - (MARGINS.left + MARGINS.right) * MM_PER_INCH,
  landscape: A4.long - (MARGINS.left + MARGINS.right) * MM_PER_INCH,
};
/** Points per line of wrapped 11 pt text (CJK fonts run taller than Latin ones). */
const LINE_PT = 15;
const MAX_ROW_PT = 409; // Excel's limit

export interface PrintSpec {
  /** Printed in the page header, e.g. 「2026年度全省专项行动进展统计表」. */
  title: string;
  /** The day the figures stand at, printed in the footer (default today). */
  asOf?: string;
  /** Column widths in Excel characters, left to right. */
  widths: number[];
  /** Rows at the top repeated on every printed page and frozen on screen (title, caption, column header). */
  titleRows: number;
  /** Columns at the left frozen on screen and repeated on every page when columns split (default 1). */
  keyColumns?: number;
}

export interface PagePlan {
  orientation: 'portrait' | 'landscape';
  /** True: one page wide (scale chosen by the program within ≥ MIN_SCALE); false: `scale` % and split columns. */
  fitToWidth: boolean;
  scale: number;
  /** Pages across one group of rows. */
  pagesAcross: number;
  /** The smallest body font on paper, in points. */
  smallestPt: number;
}

const columnMm = (width: number) => ((width * 7 + 5) * MM_PER_INCH) / 96;
export const sheetWidthMm = (widths: number[]) => widths.reduce((s, w) => s + columnMm(w), 0);

export function pagePlan(widths: number[]): PagePlan {
  const total = sheetWidthMm(widths);
  const pt = (scale: number) => Math.round(BODY_PT * scale * 10) / 10;
  if (total <= PRINTABLE_MM.portrait)
    return { orientation: 'portrait', fitToWidth: true, scale: 1, pagesAcross: 1, smallestPt: BODY_PT };
  const fit = PRINTABLE_MM.landscape / total;
  if (fit >= MIN_SCALE)
    return {
      orientation: 'landscape',
      fitToWidth: true,
      scale: Math.min(1, fit),
      pagesAcross: 1,
      smallestPt: pt(Math.min(1, fit)),
    };
  const pagesAcross = Math.ceil((total * MIN_SCALE) / PRINTABLE_MM.landscape);
  // Columns do not break where the page does: keep 10 % spare so the same count of pages still holds them.
  const scale = Math.max(
    MIN_SCALE,
    Math.min(1, Math.floor(((pagesAcross * PRINTABLE_MM.landscape * 0.9) / total) * 100) / 100),
  );
  return { orientation: 'landscape', fitToWidth: false, scale, pagesAcross, smallestPt: pt(scale) };
}

/** `&` starts a code in Excel header/footer text. */
const hf = (s: string) => s.replace(/&/g, '&&');

/** The options for `addWorksheet` (both the in-memory and the streaming writer): views, page setup, header/footer. */
export function printOptions(spec: PrintSpec): Partial<ExcelJS.AddWorksheetOptions> {
  const plan = pagePlan(spec.widths);
  const keys = Math.max(0, spec.keyColumns ?? 1);
  const pageSetup: Partial<ExcelJS.PageSetup> = {
    paperSize: 9, // A4
    orientation: plan.orientation,
    margins: MARGINS,
    horizontalCentered: plan.fitToWidth,
    printTitlesRow: spec.titleRows > 0 ? `1:${spec.titleRows}` : undefined,
    ...(plan.fitToWidth
      ? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }
      : {
          fitToPage: false,
          scale: Math.round(plan.scale * 100),
          pageOrder: 'overThenDown',
          ...(keys ? { printTitlesColumn: `A:${colName(keys)}` } : {}),
        }),
  };
  if (!pageSetup.printTitlesRow) delete pageSetup.printTitlesRow;
  return {
    views: [{ state: 'frozen', xSplit: keys, ySplit: spec.titleRows }],
    pageSetup,
    headerFooter: {
      oddHeader: `&C&"-,Bold"${hf(spec.title)}`,
      oddFooter: `&L数据截至 ${spec.asOf ?? today()}&C第 &P 页，共 &N 页&R${plan.fitToWidth ? '' : '分页顺序：先行后列'}`,
    },
  } as Partial<ExcelJS.AddWorksheetOptions>;
}

function colName(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Sets the layout on a sheet of an in-memory workbook (ExcelJS.Workbook) after it was filled. */
export function applyPrint(ws: ExcelJS.Worksheet, spec: PrintSpec) {
  const o = printOptions(spec);
  ws.columns = spec.widths.map(
    (width, i) => ({ ...(ws.columns?.[i] ?? {}), width }) as Partial<ExcelJS.Column>,
  ) as ExcelJS.Column[];
  ws.pageSetup = { ...ws.pageSetup, ...o.pageSetup } as ExcelJS.PageSetup;
  ws.headerFooter = { ...ws.headerFooter, ...o.headerFooter } as ExcelJS.HeaderFooter;
  ws.views = o.views as ExcelJS.WorksheetView[];
}

/** Display width of text in Excel characters: CJK and full-width forms take two. */
export function textUnits(s: string): number {
  let n = 0;
  for (const ch of s)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2.2
      : 1; // a CJK glyph at 11 pt is a little wider than two digits
  return n;
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v == null) return '';
  if (typeof v === 'object' && !(v instanceof Date)) {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result ?? '');
    return '';
  }
  return v instanceof Date ? '0000-00-00' : String(v);
};

/** Lines a value wraps to in a column of `width` characters. */
function wrappedLines(v: ExcelJS.CellValue, width: number): number {
  const room = Math.max(1, Math.floor(width) - 1);
  return cellText(v)
    .split('\n')
    .reduce((n, part) => n + Math.max(1, Math.ceil(textUnits(part) / room)), 0);
}

/** The height (pt) a row needs so every wrapped cell shows all its text; undefined when one line is enough. */
export function rowHeightFor(values: ExcelJS.CellValue[], widths: number[], sizePt = BODY_PT): number | undefined {
  const lines = Math.max(1, ...values.map((v, i) => wrappedLines(v, widths[i] ?? 10)));
  if (lines <= 1 && sizePt <= BODY_PT) return undefined;
  return Math.min(MAX_ROW_PT, Math.ceil(lines * LINE_PT * (sizePt / BODY_PT)));
}

/** Wraps every cell of a written row (top-aligned) and gives the row the height its text needs. */
export function fitRow(
  row: ExcelJS.Row,
  widths: number[],
  opts: { border?: Partial<ExcelJS.Borders>; sizePt?: number } = {},
) {
  const values: ExcelJS.CellValue[] = [];
  for (let c = 1; c <= widths.length; c++) {
    const cell = row.getCell(c);
    values.push(cell.value);
    cell.alignment = { ...cell.alignment, vertical: cell.alignment?.vertical ?? 'top', wrapText: true };
    if (opts.border) cell.border = opts.border;
  }
  const h = rowHeightFor(values, widths, opts.sizePt);
  if (h) row.height = Math.max(row.height ?? 0, h);
}
