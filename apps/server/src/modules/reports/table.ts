import type ExcelJS from 'exceljs';
import { colLetter } from '../excel/layout';
import { fitRow, printOptions, rowHeightFor } from '../excel/print';

/**
 * A titled table sheet for the 上报 workbook and the list exports: title, a caption (scope, filters, as-of date),
 * the column header, the rows — all in the shared page layout (excel/print.ts). An empty table says so in a row
 * instead of leaving a blank sheet (an empty year is a workbook that says so, not an error).
 */
interface Column {
  header: string;
  width: number;
  /** Number format for figures (e.g. '0.0%'). */
  numFmt?: string;
}

export interface Table {
  sheet: string;
  title: string;
  caption: string;
  columns: Column[];
  rows: ExcelJS.CellValue[][];
  /** Said in the first data row when there are no rows. */
  empty: string;
  /** Columns repeated on the left of every page when the table splits (default 1). */
  keyColumns?: number;
  /** Fills per cell, same shape as rows (light colours), or null. */
  fills?: (string | null)[][];
}

const TITLE_ROWS = 3;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const THIN = { style: 'thin' as const, color: { argb: 'FFB4B4B4' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export function addTable(wb: ExcelJS.Workbook, t: Table, asOf: string): ExcelJS.Worksheet {
  const widths = t.columns.map((c) => c.width);
  const ws = wb.addWorksheet(
    t.sheet.slice(0, 31),
    printOptions({ title: t.title, asOf, widths, titleRows: TITLE_ROWS, keyColumns: t.keyColumns ?? 1 }),
  );
  ws.columns = t.columns.map((c) => ({ width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  const last = colLetter(t.columns.length);
  const title = ws.getRow(1);
  title.getCell(1).value = t.title;
  title.getCell(1).font = { bold: true, size: 14 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 24;
  ws.mergeCells(`A1:${last}1`);
  const caption = ws.getRow(2);
  caption.getCell(1).value = t.caption;
  caption.getCell(1).alignment = { wrapText: true, vertical: 'middle' };
  caption.getCell(1).font = { color: { argb: 'FF595959' } };
  caption.height = rowHeightFor([t.caption], [widths.reduce((a, b) => a + b, 0)]) ?? 18;
  ws.mergeCells(`A2:${last}2`);
  const header = ws.getRow(TITLE_ROWS);
  t.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  header.height = Math.max(
    20,
    rowHeightFor(
      t.columns.map((c) => c.header),
      widths,
    ) ?? 0,
  );
  if (!t.rows.length) {
    const row = ws.addRow([t.empty]);
    ws.mergeCells(`A${row.number}:${last}${row.number}`);
    row.getCell(1).alignment = { horizontal: 'center' };
    return ws;
  }
  t.rows.forEach((values, r) => {
    const row = ws.addRow(values);
    fitRow(row, widths, { border: BORDER });
    t.fills?.[r]?.forEach((argb, c) => {
      if (argb) row.getCell(c + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
    });
  });
  return ws;
}
