import ExcelJS from 'exceljs';
import { applyPrint, fitRow, rowHeightFor } from '../excel/print';

const WIDTHS = [7, 40, 12, 30, 8];

/** The drill-down rows as a workbook: the formula on top, then one line per counted record. */
export async function rowsWorkbook(data: {
  indicator: { label: string; formula: string };
  which: string;
  asOfDate: string;
  reason: string | null;
  total: number;
  sum: number;
  items: { key: string; label: string; regionName: string; detail: string; weight: number }[];
}) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  ws.addRow([`${data.indicator.label}（${data.which === 'numerator' ? '分子' : '分母'}）`]).font = {
    bold: true,
    size: 13,
  };
  // The formula runs long: merged across the table and wrapped, so it prints whole.
  const formula = ws.addRow([`计算公式：${data.indicator.formula}`]);
  ws.mergeCells(formula.number, 1, formula.number, WIDTHS.length);
  formula.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  formula.height = rowHeightFor([formula.getCell(1).value], [WIDTHS.reduce((a, b) => a + b, 0)]) ?? 15;
  ws.addRow([`截至 ${data.asOfDate}（当日结束时）${data.reason ? `：${data.reason}` : ''}`]);
  ws.addRow([`共 ${data.total} 条，合计 ${data.sum}`]);
  ws.addRow([]);
  const header = ws.addRow(['序号', '对象', '地区', '说明', '计数']);
  header.font = { bold: true };
  data.items.forEach((r, i) => fitRow(ws.addRow([i + 1, r.label, r.regionName, r.detail, r.weight]), WIDTHS));
  applyPrint(ws, {
    title: `${data.indicator.label}（${data.which === 'numerator' ? '分子' : '分母'}）明细`,
    asOf: data.asOfDate,
    widths: WIDTHS,
    titleRows: header.number,
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
