import ExcelJS from 'exceljs';
import { applyPrint, fitRow } from '../excel/print';
import { indicatorById, type SchemeItem } from '@cjrh/domain';
import type { ResultItem } from './assessment.compute';
import type { FrozenResult } from './assessment.service';

export const KIND_LABELS: Record<SchemeItem['kind'], string> = { indicator: '指标计算', manual: '人工评分' };

/** A value as people read it: ratios as percentages, counts as they are, nothing as 无数据. */
export function formatValue(i: Pick<ResultItem, 'kind' | 'unit' | 'value'>): string {
  if (i.value == null) return i.kind === 'manual' ? '未评分' : '无数据';
  if (i.unit === 'ratio') return `${(i.value * 100).toFixed(1)}%`;
  return String(Math.round(i.value * 100) / 100);
}

export function formatTarget(item: {
  kind: SchemeItem['kind'];
  indicatorId?: string | null;
  target?: number | null;
}): string {
  if (item.kind !== 'indicator') return '—';
  const def = indicatorById(item.indicatorId ?? '');
  const t = item.target ?? def?.target ?? null;
  if (t == null) return '—';
  if (t === 0) return '监测（有数据即得满分）';
  return def?.unit === 'ratio' ? `${(t * 100).toFixed(0)}%` : String(t);
}

const bold = (row: ExcelJS.Row) => (row.font = { bold: true });

/** The frozen result: ranking, every item with its evidence, and the scheme it was scored against. */
export async function resultWorkbook(f: FrozenResult) {
  const wb = new ExcelJS.Workbook();
  const rank = wb.addWorksheet('考核排名');
  rank.addRow([`${f.year} 年度市州考核评估结果`]).font = { bold: true, size: 13 };
  rank.addRow([`${f.title}（冻结于 ${f.frozenAt.slice(0, 10)}）`]);
  rank.addRow([]);
  // Item headers 「…（权重 25）」 wrap inside their column instead of running into the next one.
  const rankWidths = [6, 12, ...f.scheme.map(() => 12), 9];
  const head = rank.addRow(['排名', '地区', ...f.scheme.map((i) => `${i.label}（权重 ${i.weight}）`), '总分']);
  bold(head);
  fitRow(head, rankWidths);
  for (const r of f.rows) {
    const row = rank.addRow([r.rank, r.regionName, ...r.items.map((i) => i.score ?? 0), r.total]);
    for (let c = 3; c <= 3 + r.items.length; c++) row.getCell(c).numFmt = '0.00';
  }
  const title = `${f.year} 年度市州考核评估结果`;
  const asOf = f.frozenAt.slice(0, 10);
  applyPrint(rank, { title, asOf, widths: rankWidths, titleRows: 4, keyColumns: 2 });

  const detail = wb.addWorksheet('评分明细');
  const detailWidths = [10, 20, 9, 12, 14, 8, 6, 9, 40];
  const detailHead = detail.addRow([
    '地区',
    '考核项目',
    '类型',
    '指标值 / 评分',
    '目标',
    '得分',
    '权重',
    '加权得分',
    '依据',
  ]);
  bold(detailHead);
  fitRow(detailHead, detailWidths);
  for (const r of f.rows) {
    for (const i of r.items) {
      const row = detail.addRow([
        r.regionName,
        i.label,
        KIND_LABELS[i.kind],
        formatValue(i),
        formatTarget(i),
        i.score ?? 0,
        i.weight,
        i.weighted,
        i.kind === 'indicator' ? i.evidence : i.reason,
      ]);
      row.getCell(6).numFmt = '0.00';
      row.getCell(8).numFmt = '0.00';
      fitRow(row, detailWidths);
    }
  }
  applyPrint(detail, { title: `${title}·评分明细`, asOf, widths: detailWidths, titleRows: 1 });

  const scheme = wb.addWorksheet('考核方案');
  bold(scheme.addRow(['序号', '项目编号', '考核项目', '类型', '对应指标', '目标', '权重', '说明']));
  const schemeWidths = [6, 12, 20, 9, 24, 14, 6, 30];
  f.scheme.forEach((i, n) =>
    fitRow(
      scheme.addRow([
        n + 1,
        i.key,
        i.label,
        KIND_LABELS[i.kind],
        i.indicatorId ? (indicatorById(i.indicatorId)?.label ?? i.indicatorId) : '—',
        formatTarget(i),
        i.weight,
        i.note ?? '',
      ]),
      schemeWidths,
    ),
  );
  applyPrint(scheme, { title: `${title}·考核方案`, asOf, widths: schemeWidths, titleRows: 1 });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
