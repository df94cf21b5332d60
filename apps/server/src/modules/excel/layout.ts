import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import {
  codeListKindOf,
  DEFAULT_INTEGER_MAX,
  DEFAULT_INTEGER_MIN,
  FIELD_TYPE_HINTS,
  type CodeLists,
  type FieldDef,
  type FormDefinition,
  fieldRuns,
  isChoosableEntry,
} from '@cjrh/domain';
import { DATA_NAME, LISTS_SHEET, META_SHEET } from './peek';
import { now } from '../../lib/clock';
import { printOptions, rowHeightFor } from './print';

/**
 * The one layout shared by the template, the error workbook and the export, all driven by `def.fields`: column A is
 * 序号, then one column per field in definition order. Everything is written with ExcelJS's streaming writer so a
 * 50,000-row error workbook or export never sits in memory as a DOM.
 */
export const TEMPLATE_DATA_ROWS = 5000;
export const SEQ_HEADER = '序号';
export const EXAMPLE_MARK = '示例';
export const ERROR_HEADER = '错误说明';
export const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const META_APP = 'cjrh-demand-form';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
/** Header colours of the designer's groups, taken in turn so that two neighbouring groups differ. */
const GROUP_FILLS: ExcelJS.Fill[] = ['FFE2EFDA', 'FFFFF2CC', 'FFFCE4D6', 'FFEDE2F6'].map((argb) => ({
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb },
}));

/** Header fill of each field: its group's colour, or the plain header colour. */
function headerFills(def: FormDefinition): ExcelJS.Fill[] {
  let n = -1;
  return fieldRuns(def.fields).flatMap((r) => {
    if (r.group) n++;
    return r.fields.map(() => (r.group ? GROUP_FILLS[n % GROUP_FILLS.length] : HEADER_FILL));
  });
}
const THIN = { style: 'thin' as const, color: { argb: 'FFB4B4B4' } };
const EXAMPLE_FONT: Partial<ExcelJS.Font> = { italic: true, color: { argb: 'FF808080' } };

export function colLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** 1-based sheet column of a field: A is 序号. */
export const fieldColumn = (i: number) => i + 2;

export const headerText = (f: FieldDef) => `${f.required ? '*' : ''}${f.label}`;

/** Header text → comparable label: no required mark, no whitespace, parentheses as in the definitions. */
export const plainHeader = (s: string) =>
  s
    .replace(/[*＊\s]/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');

/** What a dropdown offers: enum options, 是/否, or the names of a code list (people pick names; codes also import). */
function dropdownValues(f: FieldDef, lists: CodeLists): string[] | undefined {
  if (f.type === 'enum') return [...(f.options ?? [])];
  if (f.type === 'boolean') return ['是', '否'];
  if (f.type === 'multi_industry' || f.type === 'multi_enum') return undefined; // a list can not hold "a、b"
  const kind = codeListKindOf(f.type);
  if (!kind) return undefined;
  // The dictionary's order (loadCodeLists: sortOrder, the same as the web's selects), not the codes': levels run up
  // the 新八级工 ladder. Occupation category headings (1, 1-01: 党的机关…负责人) are not occupations one can need.
  const entries = [...lists[kind].byCode.entries()];
  return entries.filter(([code]) => isChoosableEntry(kind, code)).map(([, name]) => name);
}

function headerNote(f: FieldDef, hasDropdown: boolean): string {
  const parts = [f.required ? '必填。' : '选填。'];
  if (f.group?.trim()) parts.unshift(`【${f.group.trim()}】`);
  if (f.help) parts.push(f.help);
  parts.push(`填写说明：${FIELD_TYPE_HINTS[f.type]}`);
  if (f.options) parts.push(`可选：${f.options.join('、')}`);
  if (hasDropdown && codeListKindOf(f.type)) parts.push('可从下拉列表选择名称，也可填写代码');
  if (f.type === 'integer' || f.type === 'number')
    parts.push(`范围 ${f.min ?? DEFAULT_INTEGER_MIN}～${f.max ?? DEFAULT_INTEGER_MAX}`);
  if (f.prefill === 'uscc') parts.push('用于识别单位；同一单位的多行可只在第一行填写单位信息');
  return parts.join('\n');
}

function columnOf(f: FieldDef): Partial<ExcelJS.Column> {
  // The designer's group: the columns of a group form an outline group (Excel's 组合, collapsible), and their header
  // cells share a colour (see addDataSheet); the header row itself stays one row, so the import reads it as before.
  const outline = f.group?.trim() ? { outlineLevel: 1 } : {};
  // Text format keeps leading zeros (027-…) and long digit strings (USCC) exactly as typed.
  const textual = ['text', 'longtext', 'uscc', 'phone', 'multi_enum', 'multi_industry'].includes(f.type);
  // Wrapped and top-aligned so a printed row shows the whole text (rows get their height where they are written).
  const alignment: Partial<ExcelJS.Alignment> = { vertical: 'top', wrapText: true };
  const style = textual
    ? { numFmt: '@', alignment }
    : f.type === 'date'
      ? { numFmt: 'yyyy-mm-dd', alignment }
      : { alignment };
  // The designer's width (characters) is the Excel column width as set.
  if (f.width) return { width: f.width, style, ...outline };
  const wide =
    f.type === 'longtext'
      ? 40
      : f.type === 'text'
        ? Math.min(30, Math.max(14, (f.maxLength ?? 20) / 2))
        : f.type === 'integer' || f.type === 'number'
          ? 10
          : 14;
  // The header wraps onto two lines (its row is sized for them), so a column needs about half its label's width.
  const width = Math.max(wide, Math.ceil([...f.label].length / 2) * 2 + 3);
  return { width: Math.min(width, 48), style, ...outline };
}

/** Column widths of a data sheet (序号, the fields, extra columns), for row heights of wrapped text. */
export const dataSheetWidths = (def: FormDefinition, extra = 0) => [
  7,
  ...def.fields.map((f) => columnOf(f).width ?? 10),
  ...Array.from({ length: extra }, () => 40),
];

export interface ListPlan {
  /** field key → absolute range on the _lists sheet */
  ranges: Map<string, string>;
  columns: { title: string; values: string[] }[];
}

export function planLists(def: FormDefinition, lists: CodeLists): ListPlan {
  const plan: ListPlan = { ranges: new Map(), columns: [] };
  for (const f of def.fields) {
    const values = dropdownValues(f, lists);
    if (!values?.length) continue;
    const col = colLetter(plan.columns.length + 1);
    plan.columns.push({ title: f.label, values });
    plan.ranges.set(f.key, `'${LISTS_SHEET}'!$${col}$2:$${col}$${values.length + 1}`);
  }
  return plan;
}

export interface SheetOptions {
  name: string;
  /** Dropdowns and whole-number checks down to this row (0: none). */
  validateToRow: number;
  plan?: ListPlan;
  extraHeaders?: string[];
  useSharedStrings?: boolean;
  /** The page header on paper (default the form's title). */
  title?: string;
}

const cells0 = (def: FormDefinition, opts: SheetOptions) => [
  SEQ_HEADER,
  ...def.fields.map(headerText),
  ...(opts.extraHeaders ?? []),
];

/** Adds a data sheet with columns, the header row (notes, frozen) and validations; the caller writes the rows. */
export function addDataSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  def: FormDefinition,
  opts: SheetOptions,
): ExcelJS.Worksheet {
  const columns = [
    { width: 7 },
    ...def.fields.map(columnOf),
    ...(opts.extraHeaders ?? []).map(() => ({ width: 40, style: { alignment: { wrapText: true } } })),
  ];
  const print = printOptions({
    title: opts.title ?? def.title,
    widths: columns.map((c) => c.width ?? 10),
    titleRows: 1,
    keyColumns: 1,
  });
  const ws = wb.addWorksheet(opts.name, {
    ...print,
    ...(opts.useSharedStrings === undefined ? {} : { useSharedStrings: opts.useSharedStrings }),
  } as Partial<ExcelJS.AddWorksheetOptions>);
  ws.columns = columns;
  const header = ws.getRow(1);
  header.height = Math.max(
    32,
    rowHeightFor(
      cells0(def, opts),
      columns.map((c) => c.width ?? 10),
    ) ?? 0,
  );
  const cells: [string, FieldDef | null][] = [
    [SEQ_HEADER, null],
    ...def.fields.map((f) => [headerText(f), f] as [string, FieldDef]),
    ...(opts.extraHeaders ?? []).map((h) => [h, null] as [string, null]),
  ];
  const fills = headerFills(def);
  cells.forEach(([text, f], i) => {
    const c = header.getCell(i + 1);
    c.value = text;
    c.font = { bold: true, color: { argb: f?.required ? 'FFC00000' : 'FF1F1F1F' } };
    c.fill = f ? fills[i - 1] : HEADER_FILL;
    c.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
    c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    if (f) c.note = headerNote(f, !!opts.plan?.ranges.has(f.key));
  });
  header.commit();
  if (opts.plan && opts.validateToRow >= 2) addValidations(ws, def, opts.plan, opts.validateToRow);
  return ws;
}

/** Dropdowns (ranges on _lists) and whole-number checks from row 2 down to `toRow`; written when the sheet commits. */
export function addValidations(ws: ExcelJS.Worksheet, def: FormDefinition, plan: ListPlan, toRow: number) {
  const dv = (ws as any).dataValidations as { add(range: string, v: ExcelJS.DataValidation): void };
  def.fields.forEach((f, i) => {
    const col = colLetter(fieldColumn(i));
    const range = `${col}2:${col}${toRow}`;
    const list = plan.ranges.get(f.key);
    if (list) {
      dv.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: [list],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: '不在下拉选项中',
        error: '请从下拉列表中选择；如确需填写其他内容，导入时会再次校验',
      });
    } else if (f.type === 'number') {
      const [min, max] = [f.min ?? DEFAULT_INTEGER_MIN, f.max ?? DEFAULT_INTEGER_MAX];
      dv.add(range, {
        type: 'decimal',
        operator: 'between',
        allowBlank: true,
        formulae: [min, max],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '应为数字',
        error: `请填写 ${min}～${max} 之间的数字`,
      });
    } else if (f.type === 'integer') {
      const [min, max] = [f.min ?? DEFAULT_INTEGER_MIN, f.max ?? DEFAULT_INTEGER_MAX];
      dv.add(range, {
        type: 'whole',
        operator: 'between',
        allowBlank: true,
        formulae: [min, max],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '应为整数',
        error: `请填写 ${min}～${max} 之间的整数`,
      });
    }
  });
}

/** The example row: what a person would type, grey italic, 序号 says 示例 so the import skips it. */
export function writeExampleRow(ws: ExcelJS.Worksheet, def: FormDefinition, rowNumber = 2) {
  const row = ws.getRow(rowNumber);
  row.getCell(1).value = EXAMPLE_MARK;
  def.fields.forEach((f, i) => {
    const v = f.example;
    if (v === undefined || v === null || v === '') return;
    row.getCell(fieldColumn(i)).value = Array.isArray(v) ? v.join('、') : (v as ExcelJS.CellValue);
  });
  for (let c = 1; c <= def.fields.length + 1; c++) row.getCell(c).font = EXAMPLE_FONT;
  row.commit();
}

export interface Stamp {
  /** Which importer reads the file back (default: the demand-form import). */
  app?: string;
  kind: string;
  version: string;
  campaignYear: number;
}

/** A sheet name inside a reference: always quoted, a quote doubled. */
export const quotedSheet = (name: string) => `'${name.replace(/'/g, "''")}'`;

/** The hidden sheets: the dropdown lists and the version stamp the import checks; the data sheet's defined name. */
export function addHiddenSheets(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  def: FormDefinition,
  plan: ListPlan,
  stamp: Stamp,
  dataSheet = def.sheetName,
) {
  wb.definedNames.add(`${quotedSheet(dataSheet)}!$A$1`, DATA_NAME);
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'veryHidden' });
  const longest = Math.max(0, ...plan.columns.map((c) => c.values.length));
  lists.getRow(1).values = plan.columns.map((c) => c.title);
  lists.getRow(1).commit();
  for (let r = 0; r < longest; r++) {
    const row = lists.getRow(r + 2);
    row.values = plan.columns.map((c) => c.values[r] ?? null);
    row.commit();
  }
  lists.commit();
  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  const rows: [string, string][] = [
    ['key', 'value'],
    ['app', stamp.app ?? META_APP],
    ['kind', stamp.kind],
    ['version', stamp.version],
    ['campaignYear', String(stamp.campaignYear)],
    ['sheetName', def.sheetName],
    ['generatedAt', now().toISOString()],
    ['note', '本工作表由系统生成，用于核对模板版本，请勿修改或删除'],
  ];
  rows.forEach((r, i) => {
    const row = meta.getRow(i + 1);
    row.values = r;
    row.commit();
  });
  meta.commit();
}

/** A streaming workbook whose bytes are collected in memory (an .xlsx compresses to a few MB even for 50,000 rows). */
export function bufferedWriter(useSharedStrings = true) {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings });
  return {
    wb,
    async finish(): Promise<Buffer> {
      await wb.commit();
      return Buffer.concat(chunks);
    },
  };
}

/**
 * attachment; filename*=UTF-8'' so Chinese names survive every browser, and a plain `filename` for the old ones that
 * always ends in the real extension (a client that ignores filename* must still know what it saved).
 */
export function attachment(name: string, ascii?: string): string {
  const ext = /\.[A-Za-z0-9]{1,5}$/.exec(name)?.[0] ?? '';
  const plain = (ascii ?? name).replace(/[^\w.-]+/g, '_').replace(/^_+|_+(?=\.)/g, '') || 'download';
  const fallback =
    ext && !plain.toLowerCase().endsWith(ext.toLowerCase()) ? `${plain.replace(/\.+$/, '')}${ext}` : plain;
  return `attachment; filename="${fallback.startsWith('.') ? `download${fallback}` : fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
