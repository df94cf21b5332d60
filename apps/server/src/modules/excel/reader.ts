import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { cellMerges, MergeFiller, type Merge } from './merges';

/** A cell as the import sees it: what the person sees in the cell, never a formula to evaluate. */
export type Plain = string | number | boolean | Date | null | CellErrorValue;
export interface CellErrorValue {
  /** #N/A, #DIV/0! … as Excel shows it; '' for the two unreadable cells below. */
  error: string;
  /** A formula whose file holds no computed result (written by a program, never opened in Excel): kept to write it back. */
  formula?: string;
  /** A cell covered by a merge that spans several columns (e.g. "C3:D3"). */
  mergedAcross?: string;
}

export const isCellError = (v: unknown): v is CellErrorValue =>
  typeof v === 'object' && v !== null && !(v instanceof Date) && 'error' in v;

export const NO_RESULT_MESSAGE = '公式没有计算结果，请在 Excel 中打开并保存后再导入';

/**
 * Why a cell can not be read, in the words every import uses. A formula without a cached result is not "empty": the
 * person sees a value in Excel, so reading it as blank would turn into a misleading 「必填」.
 */
export function cellErrorMessage(v: CellErrorValue): string {
  // A shared formula's later cells carry no text of their own (<f t="shared" si="0"/>).
  if (v.formula !== undefined) return v.formula ? `${NO_RESULT_MESSAGE}（公式 =${v.formula}）` : NO_RESULT_MESSAGE;
  if (v.mergedAcross) return `是跨列的合并单元格（${v.mergedAcross}），请取消合并，每一列分别填写`;
  return `单元格为错误值 ${v.error}，请改为实际内容`;
}

/**
 * ExcelJS cell value → Plain: a formula gives its cached result (files from Excel, WPS and LibreOffice all store one),
 * rich text its joined text, a hyperlink its text; error values (#N/A) stay recognisable so the message can say so.
 */
export function plainValue(v: unknown): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'number') return Number.isNaN(v) ? { error: '#VALUE!' } : v;
  if (typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) {
    if (o.result !== undefined) return plainValue(o.result);
    return { error: '', formula: String(o.formula ?? o.sharedFormula ?? '') };
  }
  if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
  if ('error' in o) return { error: String(o.error) };
  if ('text' in o) return plainValue(o.text);
  return null; // { sharedString } without a cached table, or anything unknown
}

export interface SheetRow {
  number: number;
  /** Index 0 = column A. */
  cells: Plain[];
}

/** Length of the longest prefix of buf that ends between two UTF-8 characters. */
export function utf8Boundary(buf: Buffer): number {
  let k = 0;
  while (k < 3 && k < buf.length && (buf[buf.length - 1 - k] & 0xc0) === 0x80) k++; // continuation bytes 10xxxxxx
  const lead = buf.length - 1 - k;
  if (lead < 0) return buf.length;
  const b = buf[lead];
  const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead + need <= buf.length ? buf.length : lead;
}

/** Re-chunks a byte stream so that no chunk ends inside a multi-byte character. */
export async function* utf8Aligned(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
  let carry: Buffer | null = null;
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const cut = utf8Boundary(buf);
    carry = cut < buf.length ? buf.subarray(cut) : null;
    if (cut > 0) yield buf.subarray(0, cut);
  }
  if (carry) yield carry;
}

/**
 * ExcelJS 4.4.0's streaming reader decodes every inflated chunk on its own (TextDecoder.decode(chunk) without
 * {stream: true}), so a Chinese character (3 bytes) that straddles two chunks becomes "���": measured 15 of 5,000
 * rows corrupted, silently. There is no option for it, so this reader instance gets its entry parsers wrapped to
 * hand ExcelJS chunks cut between characters. These are internals of the pinned 4.4.0; reader.test.ts fails loudly
 * if they change or the corruption comes back.
 */
function alignUtf8(reader: ExcelJS.stream.xlsx.WorkbookReader) {
  const r = reader as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const m of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles']) {
    const original = r[m];
    if (typeof original !== 'function') throw new Error(`exceljs: ${m} not found, the UTF-8 workaround needs review`);
    r[m] = function (this: unknown, entry: unknown) {
      return original.call(this, Readable.from(utf8Aligned(entry as AsyncIterable<Buffer>)));
    };
  }
  const sheet = r._parseWorksheet;
  if (typeof sheet !== 'function')
    throw new Error('exceljs: _parseWorksheet not found, the UTF-8 workaround needs review');
  r._parseWorksheet = function (this: unknown, iterator: unknown, sheetNo: unknown) {
    return sheet.call(this, utf8Aligned(iterator as AsyncIterable<Buffer>), sheetNo);
  };
}

const ZIP_SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** ExcelJS's streaming reader only opens sheets stored as xl/worksheets/sheetN.xml (every real writer does). */
export const readableSheetPath = (path: string) => ZIP_SHEET.test(path);

/**
 * The rows of one sheet, streamed: the workbook is never held as a DOM. `styles: 'cache'` makes date-formatted cells
 * arrive as Dates instead of serial numbers. Sheets are matched by zip path (from peekWorkbook), because ExcelJS
 * names a sheet only when its relationship target is written the way ExcelJS expects.
 */
export async function* streamSheetRows(buf: Buffer, sheetPath: string, merges?: Merge[]): AsyncGenerator<SheetRow> {
  const filler = new MergeFiller(merges ?? (await cellMerges(buf, sheetPath)));
  const wanted = ZIP_SHEET.exec(sheetPath)?.[1];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  alignUtf8(reader);
  // ExcelJS announces each worksheet's zip number just before it yields the sheet's reader.
  let current: string | undefined;
  (reader as unknown as NodeJS.EventEmitter).on('entry', (e: { type: string; id?: string }) => {
    if (e.type === 'worksheet') current = String(e.id);
  });
  for await (const ws of reader) {
    const mine = current === wanted;
    // Other sheets are read through too: a sheet parked in a temp file (written before the shared strings) is
    // closed and removed only when consumed.
    for await (const row of ws) {
      if (!mine) continue;
      const values = row.values as unknown[];
      const cells: Plain[] = new Array(Math.max(values.length - 1, 0));
      for (let i = 1; i < values.length; i++) cells[i - 1] = plainValue(values[i]);
      yield { number: row.number, cells: filler.apply(row.number, cells) };
    }
  }
}
