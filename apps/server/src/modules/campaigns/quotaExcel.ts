import ExcelJS from 'exceljs';
import { REGIONS } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { requireAccess, type Ctx } from '../../http/access';
import { colLetter, quotedSheet } from '../excel/layout';
import { DATA_NAME, META_SHEET } from '../excel/peek';
import { getQuotas } from './campaigns.service';
import { now } from '../../lib/clock';
import { printOptions } from '../excel/print';

/**
 * 附件3 as a workbook: one row per region (code and name locked), the two quotas and a remark to fill in, the
 * live sum of the regions and the provincial total below. The same layout is what quotaImport.ts reads back, so
 * every position a reader depends on is named here.
 */
export const QUOTA_SHEET = '任务分配';
export const QUOTA_META_APP = 'cjrh-quota-table';
const QUOTA_META_KIND = 'quotas';
/** Bumped when the columns change, so an old file is refused with a message instead of misread. */
export const QUOTA_TEMPLATE_VERSION = '1';
export const SUM_LABEL = '各地区合计';
export const TOTAL_LABEL = '全省总数';
export const QUOTA_MAX = 100_000;
export const TOTAL_MAX = 1_000_000;
export const REMARK_MAX = 200;

export const QUOTA_COLUMNS = [
  { key: 'regionCode', header: '地区代码', width: 12 },
  { key: 'regionName', header: '地区名称', width: 16 },
  { key: 'projectQuota', header: '合作共建项目任务数', width: 22 },
  { key: 'keyEnterpriseQuota', header: '重点企业参与数', width: 18 },
  { key: 'remark', header: '备注', width: 40 },
] as const;
export type QuotaColumnKey = (typeof QUOTA_COLUMNS)[number]['key'];
/** 1-based column of a key (A = 1). */
export const quotaCol = (key: QuotaColumnKey) => QUOTA_COLUMNS.findIndex((c) => c.key === key) + 1;

const NOTES: Record<QuotaColumnKey, string> = {
  regionCode: '系统填写，请勿修改。导入时按地区代码识别市州。',
  regionName: '系统填写，仅供对照，导入时不读取。',
  projectQuota: `必填。不小于 0 的整数（0～${QUOTA_MAX}），没有任务请填 0。`,
  keyEnterpriseQuota: `必填。不小于 0 的整数（0～${QUOTA_MAX}），没有任务请填 0。`,
  remark: `选填，不超过 ${REMARK_MAX} 字。`,
};
const TOTAL_NOTE = `填写全省总数时，各地区之和须与之相等，否则整个文件不导入；留空则按各地区合计保存。`;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const LOCKED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const THIN = { style: 'thin' as const, color: { argb: 'FFB4B4B4' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const LOCKED_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF595959' } };

/** Row numbers of the fixed layout: regions from row 2, then the sum row and the total row. */
const FIRST_REGION_ROW = 2;
const SUM_ROW = FIRST_REGION_ROW + REGIONS.length;
const TOTAL_ROW = SUM_ROW + 1;

/** 附件3 of a year, filled with today's figures. A few dozen cells: an in-memory workbook is fine here. */
export async function buildQuotaTemplate(
  db: DbOrTx,
  ctx: Ctx,
  year: number,
): Promise<{ buffer: Buffer; fileName: string }> {
  requireAccess(ctx, 'campaign.manage');
  const q = await getQuotas(db, ctx, year);
  const wb = new ExcelJS.Workbook();
  wb.creator = '产教融合·技能助跑平台';
  wb.created = now();
  const widths = QUOTA_COLUMNS.map((c) => c.width);
  const ws = wb.addWorksheet(
    QUOTA_SHEET,
    printOptions({ title: `${year}年度专项行动任务分配表（附件3）`, widths, titleRows: 1, keyColumns: 2 }),
  );
  ws.columns = QUOTA_COLUMNS.map((c) => ({ key: c.key, width: c.width }));

  const header = ws.getRow(1);
  header.height = 30;
  QUOTA_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.key === 'projectQuota' || c.key === 'keyEnterpriseQuota' ? `*${c.header}` : c.header;
    cell.font = {
      bold: true,
      color: { argb: c.key === 'projectQuota' || c.key === 'keyEnterpriseQuota' ? 'FFC00000' : 'FF1F1F1F' },
    };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.note = NOTES[c.key];
  });

  const [pc, kc, rc] = [quotaCol('projectQuota'), quotaCol('keyEnterpriseQuota'), quotaCol('remark')];
  q.items.forEach((item, i) => {
    const row = ws.getRow(FIRST_REGION_ROW + i);
    // The code as text: it is an identifier, and Excel must not show it as 4.2E+05 or sum it.
    row.getCell(1).value = item.regionCode;
    row.getCell(1).numFmt = '@';
    row.getCell(2).value = item.regionName;
    row.getCell(pc).value = item.projectQuota;
    row.getCell(kc).value = item.keyEnterpriseQuota;
    row.getCell(rc).value = item.remark || null;
    styleRow(row, false);
  });

  // The live sum, so the person sees in Excel whether the regions add up. The import never reads this row.
  const sum = ws.getRow(SUM_ROW);
  sum.getCell(1).value = SUM_LABEL;
  sum.getCell(2).value = '（自动计算）';
  const col = colLetter;
  sum.getCell(pc).value = {
    formula: `SUM(${col(pc)}${FIRST_REGION_ROW}:${col(pc)}${SUM_ROW - 1})`,
    result: q.projectSum,
  };
  sum.getCell(kc).value = {
    formula: `SUM(${col(kc)}${FIRST_REGION_ROW}:${col(kc)}${SUM_ROW - 1})`,
    result: q.keyEnterpriseSum,
  };
  sum.getCell(rc).value = '由公式计算，仅供核对';
  styleRow(sum, true);
  for (let c = 1; c <= kc; c++) sum.getCell(c).font = { ...LOCKED_FONT, bold: true };

  const total = ws.getRow(TOTAL_ROW);
  total.getCell(1).value = TOTAL_LABEL;
  total.getCell(2).value = '（可修改）';
  total.getCell(pc).value = q.provinceProjectTotal;
  total.getCell(kc).value = q.provinceKeyEnterpriseTotal;
  total.getCell(rc).value = '留空则按各地区合计保存';
  styleRow(total, false);
  for (const c of [pc, kc]) {
    total.getCell(c).fill = TOTAL_FILL;
    total.getCell(c).font = { bold: true };
  }
  total.getCell(1).font = { ...LOCKED_FONT, bold: true };
  total.getCell(1).note = TOTAL_NOTE;
  total.getCell(rc).protection = { locked: true };
  total.getCell(rc).fill = LOCKED_FILL;
  total.getCell(rc).font = LOCKED_FONT;

  // Excel's own checks while typing; the import checks everything again.
  const whole = (max: number) =>
    ({
      type: 'whole',
      operator: 'between',
      allowBlank: true,
      formulae: [0, max],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '应为整数',
      error: `请填写 0～${max} 之间的整数`,
    }) as ExcelJS.DataValidation;
  // One range per rule, never per cell: ExcelJS squeezes per-cell rules by sorting addresses as text (C10 before C2)
  // and then writes overlapping ranges (C10:D18 inside C2:D18), which Excel offers to "repair" (exceljs#1108-like).
  const dv = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;
  dv.add(`${col(pc)}${FIRST_REGION_ROW}:${col(kc)}${SUM_ROW - 1}`, whole(QUOTA_MAX));
  dv.add(`${col(pc)}${TOTAL_ROW}:${col(kc)}${TOTAL_ROW}`, whole(TOTAL_MAX));
  // The total cell turns red while it differs from the sum.
  for (const c of [pc, kc]) {
    ws.addConditionalFormatting({
      ref: `${col(c)}${TOTAL_ROW}`,
      rules: [
        {
          type: 'expression',
          priority: 1,
          formulae: [`AND(${col(c)}${TOTAL_ROW}<>"",${col(c)}${TOTAL_ROW}<>${col(c)}${SUM_ROW})`],
          style: {
            fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } },
            font: { color: { argb: 'FF9C0006' } },
          },
        },
      ],
    });
  }

  // Protection without a password: it keeps codes and names from being typed over by accident (审阅→撤销工作表保护
  // lifts it), while the quota cells stay editable.
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });

  // The data sheet's stamp: found by this name even when renamed or moved behind another sheet (excel/peek.ts).
  wb.definedNames.add(`${quotedSheet(QUOTA_SHEET)}!$A$1`, DATA_NAME);
  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  const stamp: [string, string][] = [
    ['key', 'value'],
    ['app', QUOTA_META_APP],
    ['kind', QUOTA_META_KIND],
    ['version', QUOTA_TEMPLATE_VERSION],
    ['campaignYear', String(year)],
    ['sheetName', QUOTA_SHEET],
    ['generatedAt', now().toISOString()],
    ['note', '本工作表由系统生成，用于核对模板版本，请勿修改或删除'],
  ];
  stamp.forEach((r, i) => (meta.getRow(i + 1).values = r));

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, fileName: `${year}年度任务分配（附件3）.xlsx` };
}

/** Code and name grey and locked; the rest editable (ExcelJS cells are locked unless told otherwise). */
function styleRow(row: ExcelJS.Row, locked: boolean) {
  QUOTA_COLUMNS.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.border = BORDER;
    const fixed = locked || c.key === 'regionCode' || c.key === 'regionName';
    cell.protection = { locked: fixed };
    if (fixed) {
      cell.fill = LOCKED_FILL;
      cell.font = LOCKED_FONT;
    }
    if (c.key === 'remark') cell.alignment = { wrapText: true, vertical: 'middle' };
  });
}
