import {
  isBlankInput,
  parseValue,
  type CodeLists,
  type FieldDef,
  type FieldValue,
  type FormDefinition,
} from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { loadCodeLists } from '../forms/forms.repository';
import type { CellProblem } from './collect';
import { buildErrorWorkbook } from './errorWorkbook';
import {
  addDataSheet,
  addHiddenSheets,
  bufferedWriter,
  colLetter,
  EXAMPLE_MARK,
  fieldColumn,
  META_APP,
  planLists,
  plainHeader,
  SEQ_HEADER,
  writeExampleRow,
  type Stamp,
} from './layout';
import { findDataSheet, peekWorkbook, unstampedHint, type SheetInfo } from './peek';
import { cellErrorMessage, isCellError, readableSheetPath, streamSheetRows, type Plain, type SheetRow } from './reader';
import { checkUpload } from './safety';
import { verifyInflatedSizes, ZipFormatError } from './zip';

/**
 * A plain one-row-per-record list workbook (师资培训, 重点产业 …) on the pipeline of the 单位名单 import
 * (onboarding/read.ts, check.ts, import.ts): the template and the error workbook come from the demand-form layout, the
 * upload passes the same refusals in the same order (checkUpload, inflated sizes, stamp, headers, row limit), every
 * cell is parsed by the one value parser, and a refused file answers 400 import_failed listing every bad cell with the
 * user's workbook back, red cells noted. Nothing here writes: the caller stores the rows only when none was refused.
 */
export interface ListSheet {
  app: string;
  version: string;
  /** What the list is called in messages: 「师资培训名单」. */
  title: string;
  /** Where the template is downloaded, for the "wrong template" message. */
  where: string;
  def: FormDefinition;
  maxRows: number;
  errorFileName: string;
}

export const listDef = (sheetName: string, title: string, fields: FieldDef[], version: string): FormDefinition => ({
  kind: 'school',
  version,
  campaignYear: 0,
  title,
  sheetName,
  grain: '每条记录一行',
  fields,
  rowKeyFields: [],
  source: '本平台',
});

const stampOf = (l: ListSheet): Stamp => ({ app: l.app, kind: 'list', version: l.version, campaignYear: 0 });

/** The template with dropdowns from today's dictionaries (or the lists given) and the example row. */
export async function listTemplate(db: DbOrTx, l: ListSheet, lists?: CodeLists): Promise<Buffer> {
  const plan = planLists(l.def, lists ?? (await loadCodeLists(db)));
  const { wb, finish } = bufferedWriter();
  const ws = addDataSheet(wb, l.def, { name: l.def.sheetName, validateToRow: l.maxRows + 1, plan });
  writeExampleRow(ws, l.def);
  ws.commit();
  addHiddenSheets(wb, l.def, plan, stampOf(l));
  return finish();
}

const mismatch = (message: string) => new AppError(400, 'template_mismatch', message);
const corrupt = (detail?: string) =>
  new AppError(
    400,
    'file_corrupt',
    detail ? `文件已损坏，无法读取（${detail}）` : '文件内容无法解析，请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传',
  );

export function asUpload(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0); // an empty upload is judged like any other file
  if (!Buffer.isBuffer(body))
    throw new AppError(
      415,
      'unsupported_media_type',
      '请直接上传 .xlsx 文件（Content-Type 为 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）',
    );
  return body;
}

/** Bytes → the data rows, with the refusals of every other import, all before anything is written. */
export async function readListWorkbook(buf: Buffer, l: ListSheet): Promise<{ sheet: SheetInfo; rows: SheetRow[] }> {
  const upload = checkUpload(buf);
  try {
    await verifyInflatedSizes(buf, [...upload.entries.values()]);
    const peek = peekWorkbook(buf, upload.entries);
    const m = peek.meta;
    if (m && m.app !== l.app)
      throw mismatch(
        m.app === META_APP
          ? `这是需求信息征集表的模板，不是${l.title}模板，请在“${l.where}”下载模板`
          : `这不是${l.title}模板，请在“${l.where}”下载模板`,
      );
    if (m && m.version !== l.version)
      throw mismatch(`${l.title}模板版本 ${m.version || '（空）'} 已不再使用，请重新下载模板`);
    const expected = [SEQ_HEADER, ...l.def.fields.map((f) => f.label)];
    const sheet = findDataSheet(peek, l.def.sheetName, expected, (a, b) => plainHeader(a) === plainHeader(b));
    if (!sheet) throw mismatch(`工作簿中没有可见的数据工作表（应为“${l.def.sheetName}”）`);
    if (!readableSheetPath(sheet.path)) throw corrupt();
    const head = peek.header(sheet);
    const wrong = expected
      .map((label, i) => ({ label, i, got: (head[i] ?? '').trim() }))
      .filter((x) => plainHeader(x.got) !== plainHeader(x.label));
    if (wrong.length) {
      const errors = wrong.map(({ label, i, got }) => ({
        sheet: sheet.name,
        row: 1,
        column: colLetter(i + 1),
        field: label,
        message: `表头应为“${label}”，实际为“${got || '（空）'}”`,
      }));
      throw new AppError(
        400,
        'template_mismatch',
        `工作表“${sheet.name}”的表头与${l.title}模板不一致，请使用系统下载的模板，不要增删或调换列${unstampedHint(peek)}`,
        { errors },
      );
    }
    const rows: SheetRow[] = [];
    for await (const r of streamSheetRows(buf, sheet.path)) {
      if (r.number === 1) continue;
      rows.push(r);
      if (rows.length > l.maxRows + 1)
        throw mismatch(`工作表“${sheet.name}”超过 ${l.maxRows} 行，请拆分成多个文件后分批导入`);
    }
    return { sheet, rows };
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof ZipFormatError) throw corrupt(e.message);
    throw corrupt();
  }
}

interface ParsedRow {
  row: number;
  values: Record<string, FieldValue>;
}

/**
 * Every cell of every row through the one parser, every problem kept; the example row and empty rows are skipped.
 * `bad(row, key, message)` lets the caller add what only it knows, at the right cell.
 */
export function parseListRows(rows: SheetRow[], l: ListSheet, lists: CodeLists) {
  const problems: CellProblem[] = [];
  const parsed: ParsedRow[] = [];
  /** Every non-empty row with the values that did parse, for checks across rows (a key given twice). */
  const all: ParsedRow[] = [];
  const fields = l.def.fields;
  const colOf = (key: string) => fieldColumn(fields.findIndex((f) => f.key === key));
  const bad = (row: number, key: string, message: string) => problems.push({ row, col: colOf(key), message });
  for (const r of rows) {
    const a = r.cells[0];
    if (typeof a === 'string' && a.trim() === EXAMPLE_MARK) continue;
    const cell = (i: number): Plain => r.cells[fieldColumn(i) - 1] ?? null;
    if (
      fields.every((_, i) => {
        const v = cell(i);
        return !isCellError(v) && isBlankInput(v);
      })
    )
      continue;
    const before = problems.length;
    const values: Record<string, FieldValue> = {};
    fields.forEach((f, i) => {
      const raw = cell(i);
      if (isCellError(raw)) return bad(r.number, f.key, cellErrorMessage(raw));
      const p = parseValue(f, raw, lists);
      if (!p.ok) return bad(r.number, f.key, p.message);
      values[f.key] = p.value;
    });
    all.push({ row: r.number, values });
    if (problems.length === before) parsed.push({ row: r.number, values });
  }
  return { parsed, all, problems, bad };
}

const MAX_LISTED = 200;

/** A refused file: 400 import_failed with each bad cell (sheet, row, column, field, reason) and the red workbook. */
export async function refuseList(
  buf: Buffer,
  sheet: { name: string; path: string },
  l: ListSheet,
  lists: CodeLists,
  problems: CellProblem[],
): Promise<never> {
  problems.sort((a, b) => a.row - b.row || a.col - b.col);
  const errors = problems.map((p) => ({
    sheet: sheet.name,
    row: p.row,
    column: colLetter(p.col),
    field: l.def.fields[p.col - 2]?.label ?? '',
    message: p.message,
  }));
  const workbook = await buildErrorWorkbook(buf, sheet.path, l.def, lists, stampOf(l), problems, new Map());
  const first = errors[0];
  throw new AppError(
    400,
    'import_failed',
    `第 ${first.row} 行 ${first.column} 列（${first.field}）等 ${errors.length} 处错误，未导入任何数据。请按错误明细或标红的工作簿修改后重新导入`,
    {
      errors: errors.slice(0, MAX_LISTED),
      errorCount: errors.length,
      errorWorkbook: workbook.toString('base64'),
      errorFileName: l.errorFileName,
    },
  );
}
