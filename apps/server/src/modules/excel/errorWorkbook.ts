import type ExcelJS from 'exceljs';
import type { CodeLists, FormDefinition } from '@cjrh/domain';
import type { CellProblem } from './collect';
import {
  addDataSheet,
  addHiddenSheets,
  addValidations,
  bufferedWriter,
  ERROR_FILL,
  ERROR_HEADER,
  EXAMPLE_MARK,
  planLists,
  TEMPLATE_DATA_ROWS,
  dataSheetWidths,
  type Stamp,
} from './layout';
import { rowHeightFor } from './print';
import { isCellError, streamSheetRows, type Plain } from './reader';

const EXAMPLE_FONT: Partial<ExcelJS.Font> = { italic: true, color: { argb: 'FF808080' } };

function cellValue(v: Plain): ExcelJS.CellValue {
  if (!isCellError(v)) return v;
  // A formula goes back as a formula (Excel computes it on opening); the cells of a merge across columns stay empty.
  if (v.formula !== undefined) return v.formula ? ({ formula: v.formula } as ExcelJS.CellFormulaValue) : null;
  return v.mergedAcross ? null : v.error;
}

/**
 * The user's own rows back, at the same row numbers as in their file (so "第 N 行" means the same row in both), in
 * the template layout with working dropdowns and the version stamp: fix the red cells, upload again. Every bad cell
 * is filled red with a note; the last column 错误说明 lists the row's problems. Written by a second streaming pass
 * over the upload, so a 50,000-row file never becomes a DOM.
 */
export async function buildErrorWorkbook(
  buf: Buffer,
  sheetPath: string,
  def: FormDefinition,
  lists: CodeLists,
  stamp: Stamp,
  problems: CellProblem[],
  rowNotes: Map<number, string>,
): Promise<Buffer> {
  const byRow = new Map<number, CellProblem[]>();
  for (const p of problems) byRow.set(p.row, [...(byRow.get(p.row) ?? []), p]);
  const plan = planLists(def, lists);
  const { wb, finish } = bufferedWriter();
  const ws = addDataSheet(wb, def, { name: def.sheetName, validateToRow: 0, plan, extraHeaders: [ERROR_HEADER] });
  const width = def.fields.length + 1;
  const errorCol = width + 1;
  const widths = dataSheetWidths(def, 1);
  let last = 1;
  for await (const r of streamSheetRows(buf, sheetPath)) {
    if (r.number === 1) continue; // our own header was written
    const row = ws.getRow(r.number);
    const example = typeof r.cells[0] === 'string' && r.cells[0].trim() === EXAMPLE_MARK;
    for (let c = 1; c <= width; c++) {
      const v = r.cells[c - 1] ?? null;
      if (v === null) continue;
      const cell = row.getCell(c);
      cell.value = cellValue(v);
      if (v instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      if (example) cell.font = EXAMPLE_FONT;
    }
    const mine = byRow.get(r.number) ?? [];
    const lines: string[] = [];
    for (const p of mine) {
      const label = p.col >= 2 ? def.fields[p.col - 2]?.label : undefined;
      lines.push(label ? `${label}：${p.message}` : p.message);
      if (p.col < 1) continue;
      const cell = row.getCell(p.col);
      cell.fill = ERROR_FILL;
      const prior = typeof cell.note === 'string' ? `${cell.note}\n` : '';
      cell.note = `${prior}${p.message}`;
    }
    const note = rowNotes.get(r.number);
    if (note && !lines.length) lines.push(note);
    if (lines.length) {
      const cell = row.getCell(errorCol);
      cell.value = lines.join('；\n');
      cell.alignment = { wrapText: true, vertical: 'top' };
      cell.font = { color: { argb: 'FF9C0006' } };
    }
    const height = rowHeightFor(
      Array.from({ length: errorCol }, (_, i) => row.getCell(i + 1).value),
      widths,
    );
    if (height) row.height = height;
    row.commit();
    last = r.number;
  }
  addValidations(ws, def, plan, Math.max(last, TEMPLATE_DATA_ROWS + 2));
  ws.commit();
  addHiddenSheets(wb, def, plan, stamp);
  return finish();
}
