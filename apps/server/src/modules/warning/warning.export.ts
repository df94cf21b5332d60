import ExcelJS from 'exceljs';
import { applyPrint, rowHeightFor } from '../excel/print';
import { WARNING_FLAG_LABELS, WARNING_MIN_STUDENTS, type WarningFlag, type WarningThresholds } from '@cjrh/domain';
import type { WarningRow } from './warning.service';

/** Fill colours per flag (light, so the text stays readable when printed). */
const FLAG_FILLS: Record<WarningFlag, string> = {
  shortage: 'FFFDE2E2', // red: demand outruns graduates
  oversupply: 'FFFAECD8', // amber: graduates outrun demand
  no_demand: 'FFF2F2F2', // grey: the year's enterprise demand is not published yet
  low_employment: 'FFE6E8F5', // blue-grey: hosts keep few interns
};

const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const pct = (v: number | null) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

// Narrow figure columns with wrapped headers: the table is one A4 landscape page wide at ≥ 9 pt.
const WIDTHS = [10, 10, 22, 10, 10, 8, 9, 9, 18];

/** The warning table as a workbook: thresholds on top, one line per region × specialty, flagged cells coloured. */
export async function warningWorkbook(data: { year: number; thresholds: WarningThresholds; rows: WarningRow[] }) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('专业预警');
  ws.addRow([`${data.year} 年度专业预警（供需比 = 需求岗位数 ÷ 年毕业生数）`]).font = { bold: true, size: 13 };
  const t = data.thresholds;
  const rule = ws.addRow([
    `预警规则：供需比 ≥ ${t.shortageRatio} 或无毕业生而有需求为“紧缺”；供需比 ≤ ${t.oversupplyRatio} 为“供过于求”；实习学生不少于 ${WARNING_MIN_STUDENTS} 人且实习就业率低于 ${pct(t.minEmployment)} 为“实习就业率偏低”`,
  ]);
  ws.mergeCells(rule.number, 1, rule.number, WIDTHS.length);
  rule.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  rule.height = rowHeightFor([rule.getCell(1).value], [WIDTHS.reduce((a, b) => a + b, 0)]) ?? 15;
  const legend = ws.addRow([
    '图例',
    WARNING_FLAG_LABELS.shortage,
    WARNING_FLAG_LABELS.oversupply,
    WARNING_FLAG_LABELS.low_employment,
  ]);
  (['shortage', 'oversupply', 'low_employment'] as const).forEach(
    (f, i) => (legend.getCell(i + 2).fill = fill(FLAG_FILLS[f])),
  );
  ws.addRow([]);
  const header = ws.addRow([
    '地区',
    '专业代码',
    '专业名称',
    '年毕业生数（供给）',
    '需求岗位数（需求）',
    '供需比',
    '实习就业率',
    '实习学生数',
    '预警',
  ]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  header.height = rowHeightFor(header.values as ExcelJS.CellValue[], [0, ...WIDTHS]) ?? 15;
  for (const r of data.rows) {
    const row = ws.addRow([
      r.regionName,
      r.specialtyCode,
      r.specialtyName,
      r.supply,
      r.demand,
      r.ratio == null
        ? r.flags.includes('no_demand')
          ? '暂无已发布需求'
          : r.demand > 0
            ? '无供给'
            : '—'
        : Number(r.ratio.toFixed(2)),
      pct(r.employment),
      r.students,
      r.flags.map((f) => WARNING_FLAG_LABELS[f]).join('、'),
    ]);
    // The flag colours the figure that raised it and the flag cell; two flags → the flag cell takes the first.
    if (r.flags.includes('shortage')) row.getCell(6).fill = fill(FLAG_FILLS.shortage);
    if (r.flags.includes('oversupply')) row.getCell(6).fill = fill(FLAG_FILLS.oversupply);
    if (r.flags.includes('low_employment')) row.getCell(7).fill = fill(FLAG_FILLS.low_employment);
    if (r.flags.length) row.getCell(9).fill = fill(FLAG_FILLS[r.flags[0]]);
  }
  applyPrint(ws, { title: `${data.year} 年度专业预警`, widths: WIDTHS, titleRows: header.number, keyColumns: 0 });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
