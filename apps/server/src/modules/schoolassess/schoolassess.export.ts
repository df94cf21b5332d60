import ExcelJS from 'exceljs';
import { indicatorById, type SchemeItem } from '@cjrh/domain';
import { formatTarget, formatValue, KIND_LABELS } from '../assessment/assessment.export';
import { applyPrint, fitRow } from '../excel/print';
import type { SchoolResult } from './schoolassess.compute';

/** What getSchoolAssessment shows, as the workbook needs it. */
export interface SchoolAssessmentSheet {
  year: number;
  regionName: string;
  title: string;
  status: 'none' | 'draft' | 'frozen' | 'published';
  frozenAt: string | null;
  publishedAt: string | null;
  asOfDate: string;
  scheme: SchemeItem[];
  rows: SchoolResult[];
  missing: number;
}

const STATUS: Record<SchoolAssessmentSheet['status'], string> = {
  none: '未制定',
  draft: '评分中（未冻结，结果可能变化）',
  frozen: '已冻结',
  published: '已公布',
};
const bold = (row: ExcelJS.Row) => (row.font = { bold: true });

export const schoolAssessmentFileName = (v: Pick<SchoolAssessmentSheet, 'year' | 'regionName'>) =>
  `${v.regionName}${v.year}年度技工院校考核结果.xlsx`;

/**
 * A 市州's school assessment as the bureau sees it: the ranking, every item of every school with its figure, target,
 * score and evidence (or the reason of a manual score), and the scheme. Laid out for A4 by the shared print layout
 * (decision 0013); the footer carries the date the indicator figures stand at.
 */
export async function schoolAssessmentWorkbook(v: SchoolAssessmentSheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const title = `${v.regionName}${v.year} 年度技工院校考核结果`;
  const state =
    v.status === 'frozen' || v.status === 'published'
      ? `${STATUS[v.status]}（冻结于 ${v.frozenAt?.slice(0, 10) ?? ''}${v.publishedAt ? `，公布于 ${v.publishedAt.slice(0, 10)}` : ''}）`
      : STATUS[v.status];
  const asOf = v.asOfDate;

  const rank = wb.addWorksheet('考核排名');
  rank.addRow([title]).font = { bold: true, size: 13 };
  rank.addRow([`${v.title}　状态：${state}${v.missing ? `　还有 ${v.missing} 项人工评分未录入` : ''}`]);
  rank.addRow([]);
  const rankWidths = [6, 30, ...v.scheme.map(() => 12), 9];
  const head = rank.addRow(['排名', '学校', ...v.scheme.map((i) => `${i.label}（权重 ${i.weight}）`), '总分']);
  bold(head);
  fitRow(head, rankWidths);
  for (const r of v.rows) {
    const row = rank.addRow([r.rank, r.schoolName, ...r.items.map((i) => i.score ?? '未评分'), r.total]);
    for (let c = 3; c <= 3 + r.items.length; c++) row.getCell(c).numFmt = '0.00';
    fitRow(row, rankWidths);
  }
  applyPrint(rank, { title, asOf, widths: rankWidths, titleRows: 4, keyColumns: 2 });

  const detail = wb.addWorksheet('评分明细');
  const detailWidths = [26, 20, 9, 12, 14, 8, 6, 9, 36];
  bold(
    detail.addRow(['学校', '考核项目', '类型', '指标值 / 评分', '目标', '得分', '权重', '加权得分', '依据 / 评分理由']),
  );
  fitRow(detail.getRow(1), detailWidths);
  for (const r of v.rows) {
    for (const i of r.items) {
      const why = i.kind === 'indicator' ? (i.evidence ?? '') : [i.reason, i.evidence].filter(Boolean).join('\n');
      const row = detail.addRow([
        r.schoolName,
        i.label,
        KIND_LABELS[i.kind],
        formatValue(i),
        formatTarget(i),
        i.score ?? '未评分',
        i.weight,
        i.weighted,
        why,
      ]);
      row.getCell(6).numFmt = '0.00';
      row.getCell(8).numFmt = '0.00';
      fitRow(row, detailWidths);
    }
  }
  applyPrint(detail, { title: `${title}·评分明细`, asOf, widths: detailWidths, titleRows: 1 });

  const scheme = wb.addWorksheet('考核方案');
  const schemeWidths = [6, 12, 20, 9, 24, 14, 6, 30];
  bold(scheme.addRow(['序号', '项目编号', '考核项目', '类型', '对应指标', '目标', '权重', '说明']));
  v.scheme.forEach((i, n) =>
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
