import { assertCampaignWritable } from './writable';
import type { z } from 'zod';
import { checkQuotaTotals, type quotaCellError, REGIONS, regionByCode } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { colLetter, META_APP, plainHeader } from '../excel/layout';
import { findDataSheet, peekWorkbook, unstampedHint } from '../excel/peek';
import {
  cellErrorMessage,
  isCellError,
  readableSheetPath,
  streamSheetRows,
  type Plain,
  type SheetRow,
} from '../excel/reader';
import { checkUpload } from '../excel/safety';
import { verifyInflatedSizes, ZipFormatError } from '../excel/zip';
import { findCampaign, getQuotas, writeQuotas } from './campaigns.service';
import {
  QUOTA_COLUMNS,
  QUOTA_MAX,
  QUOTA_META_APP,
  QUOTA_SHEET,
  QUOTA_TEMPLATE_VERSION,
  quotaCol,
  REMARK_MAX,
  SUM_LABEL,
  TOTAL_LABEL,
  TOTAL_MAX,
  type QuotaColumnKey,
} from './quotaExcel';

/** One refused cell, named the way a person finds it in Excel. `row` is null for a problem of the whole table. */
type QuotaCellError = z.output<typeof quotaCellError>;

interface QuotaLine {
  regionCode: string;
  projectQuota: number;
  keyEnterpriseQuota: number;
  remark: string;
}

export interface ParsedQuotas {
  quotas: QuotaLine[];
  totals: { provinceProjectTotal?: number; provinceKeyEnterpriseTotal?: number };
  errors: QuotaCellError[];
}

const MAX_LISTED = 200;
// A real 附件3 has 17 region rows and two more; anything far beyond that is the wrong file, not a table to check.
const MAX_ROWS = 500;
const NUM_KEYS = ['projectQuota', 'keyEnterpriseQuota'] as const;
const TOTAL_KEY = { projectQuota: 'provinceProjectTotal', keyEnterpriseQuota: 'provinceKeyEnterpriseTotal' } as const;

const header = (key: QuotaColumnKey) => QUOTA_COLUMNS.find((c) => c.key === key)!.header;
const blank = (v: Plain | undefined) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const shown = (v: Plain) => (v instanceof Date ? v.toISOString().slice(0, 10) : isCellError(v) ? v.error : String(v));

/** A whole number in 0..max, or the reason it is not. Blank is undefined (the caller decides whether that is allowed). */
function readCount(v: Plain | undefined, max: number): { value?: number; error?: string } {
  if (blank(v)) return {};
  if (isCellError(v)) return { error: v.error ? `单元格是错误值 ${v.error}，请改为整数` : cellErrorMessage(v) };
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^[+-]?\d+(\.\d+)?$/.test(v.trim())) n = Number(v.trim());
  else return { error: `应为整数，实际为“${shown(v!)}”` };
  if (!Number.isInteger(n)) return { error: `应为整数，实际为 ${n}` };
  if (n < 0) return { error: `不能为负数，实际为 ${n}` };
  if (n > max) return { error: `不能超过 ${max}，实际为 ${n}` };
  return { value: n };
}

/** The region code as text: typed as a number it arrives as 420100. */
function codeOf(v: Plain | undefined): string {
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return typeof v === 'string' ? v.trim() : blank(v) ? '' : shown(v!);
}

/**
 * Every cell of the 附件3 sheet checked, every problem kept (not only the first): known region code, no region
 * twice, every region present, whole non-negative quotas, a remark of sane length, and when the provincial total
 * is filled in, the regions adding up to it (the domain's checkQuotaTotals, the rule the on-screen table shows).
 * Rows are found by their labels, not their positions, so a deleted or moved row does not shift anything.
 */
function parseQuotaRows(rows: SheetRow[], sheet: string): ParsedQuotas {
  const errors: QuotaCellError[] = [];
  const err = (row: number | null, key: QuotaColumnKey, message: string) =>
    errors.push({ sheet, row, column: colLetter(quotaCol(key)), field: header(key), message });
  const quotas: QuotaLine[] = [];
  const totals: ParsedQuotas['totals'] = {};
  const firstRowOf = new Map<string, number>();
  const badColumn = new Set<string>();
  let totalRow: number | undefined;
  const cell = (r: SheetRow, key: QuotaColumnKey) => r.cells[quotaCol(key) - 1];

  for (const r of rows) {
    if (r.number === 1) continue;
    // Only the template's columns count: a note typed beside the table (column F onwards) is not a row.
    if (r.cells.slice(0, QUOTA_COLUMNS.length).every((c) => blank(c))) continue;
    const label = codeOf(cell(r, 'regionCode'));
    if (label === SUM_LABEL) continue; // a formula row for the eye; its values are never read
    if (label === TOTAL_LABEL) {
      if (totalRow !== undefined) {
        err(r.number, 'regionCode', `“${TOTAL_LABEL}”行重复（第 ${totalRow} 行已有），请只保留一行`);
        continue;
      }
      totalRow = r.number;
      for (const key of NUM_KEYS) {
        const got = readCount(cell(r, key), TOTAL_MAX);
        if (got.error) {
          err(r.number, key, `${TOTAL_LABEL}${got.error}`);
          badColumn.add(key);
        } else if (got.value !== undefined) totals[TOTAL_KEY[key]] = got.value;
      }
      continue;
    }
    if (!label) {
      err(r.number, 'regionCode', '缺少地区代码（请勿删改地区代码列）');
      continue;
    }
    const region = regionByCode(label);
    if (!region) {
      err(r.number, 'regionCode', `地区代码“${label}”不是湖北省的市州代码`);
      continue;
    }
    const first = firstRowOf.get(region.code);
    if (first !== undefined) {
      err(r.number, 'regionCode', `${region.name}（${region.code}）重复，第 ${first} 行已填写`);
      continue;
    }
    firstRowOf.set(region.code, r.number);
    const line: QuotaLine = { regionCode: region.code, projectQuota: 0, keyEnterpriseQuota: 0, remark: '' };
    for (const key of NUM_KEYS) {
      const got = readCount(cell(r, key), QUOTA_MAX);
      const message = got.error ?? (got.value === undefined ? '不能为空，没有任务请填 0' : undefined);
      if (message) {
        err(r.number, key, `${region.name}的${header(key)}${message}`);
        badColumn.add(key);
      } else line[key] = got.value!;
    }
    const remark = cell(r, 'remark');
    if (isCellError(remark)) err(r.number, 'remark', cellErrorMessage(remark));
    else if (!blank(remark)) {
      const text = shown(remark!).trim();
      if ([...text].length > REMARK_MAX)
        err(r.number, 'remark', `备注不能超过 ${REMARK_MAX} 字，实际 ${[...text].length} 字`);
      else line.remark = text;
    }
    quotas.push(line);
  }

  for (const r of REGIONS)
    if (!firstRowOf.has(r.code))
      err(null, 'regionCode', `缺少地区：${r.name}（${r.code}），请使用系统下载的模板，不要删除地区行`);

  // The sum rule only means something once every region is there exactly once and the column is all numbers.
  const codeColumn = colLetter(quotaCol('regionCode'));
  if (!errors.some((e) => e.column === codeColumn)) {
    for (const key of NUM_KEYS) {
      const total = totals[TOTAL_KEY[key]];
      if (total === undefined || badColumn.has(key)) continue;
      const check = checkQuotaTotals(
        total,
        quotas.map((q) => ({ regionCode: q.regionCode, quota: q[key] })),
      );
      if (check.difference !== 0) {
        err(
          totalRow ?? null,
          key,
          `各地区${header(key)}之和为 ${check.sum}，与${TOTAL_LABEL} ${total} 不一致（${check.difference > 0 ? '多' : '少'} ${Math.abs(check.difference)}）`,
        );
      }
    }
  }
  errors.sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity) || a.column.localeCompare(b.column));
  return { quotas: REGIONS.flatMap((r) => quotas.filter((q) => q.regionCode === r.code)), totals, errors };
}

const mismatch = (message: string) => new AppError(400, 'template_mismatch', message);
const corrupt = (detail?: string) =>
  new AppError(
    400,
    'file_corrupt',
    detail ? `文件已损坏，无法读取（${detail}）` : '文件内容无法解析，请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传',
  );

/** Bytes → checked rows. Everything refused here is a 4xx with a Chinese message; nothing is written. */
async function readQuotaWorkbook(buf: Buffer, year: number): Promise<ParsedQuotas> {
  const upload = checkUpload(buf);
  let rows: SheetRow[] = [];
  let sheetName = QUOTA_SHEET;
  try {
    await verifyInflatedSizes(buf, [...upload.entries.values()]);
    const peek = peekWorkbook(buf, upload.entries);
    const m = peek.meta;
    if (m && m.app !== QUOTA_META_APP)
      throw mismatch(
        m.app === META_APP
          ? '这是需求信息征集表的模板，不是任务分配（附件3）模板，请在年度专项行动页面下载“配额模板”'
          : '模板的版本标记已损坏，请重新下载配额模板',
      );
    if (m && m.version !== QUOTA_TEMPLATE_VERSION)
      throw mismatch(`配额模板版本 ${m.version || '（空）'} 已不再使用，请重新下载配额模板`);
    if (m && Number(m.campaignYear) !== year)
      throw mismatch(`这是 ${m.campaignYear} 年度的配额模板，请下载 ${year} 年度的配额模板后重新填写`);
    const sheet = findDataSheet(
      peek,
      QUOTA_SHEET,
      QUOTA_COLUMNS.map((c) => c.header),
      (a, b) => plainHeader(a) === plainHeader(b),
    );
    if (!sheet) throw mismatch(`工作簿中没有可见的数据工作表（应为“${QUOTA_SHEET}”）`);
    if (!readableSheetPath(sheet.path)) throw corrupt();
    sheetName = sheet.name;
    const head = peek.header(sheet);
    const wrong = QUOTA_COLUMNS.map((c, i) => ({ c, i, got: (head[i] ?? '').trim() })).filter(
      (x) => plainHeader(x.got) !== plainHeader(x.c.header),
    );
    if (wrong.length) {
      const errors = wrong.map(({ c, i, got }) => ({
        sheet: sheet.name,
        row: 1,
        column: colLetter(i + 1),
        field: c.header,
        message: `表头应为“${c.header}”，实际为“${got || '（空）'}”`,
      }));
      throw new AppError(
        400,
        'template_mismatch',
        `工作表“${sheet.name}”的表头与配额模板不一致，请使用系统下载的模板，不要增删或调换列${unstampedHint(peek)}`,
        { errors },
      );
    }
    for await (const r of streamSheetRows(buf, sheet.path)) {
      rows.push(r);
      if (rows.length > MAX_ROWS)
        throw mismatch(`工作表“${sheet.name}”超过 ${MAX_ROWS} 行，不是任务分配表，请使用系统下载的配额模板`);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof ZipFormatError) throw corrupt(e.message);
    throw corrupt();
  }
  const parsed = parseQuotaRows(rows, sheetName);
  rows = [];
  return parsed;
}

/**
 * 附件3 from Excel, all or nothing: a refused file lists each bad cell and changes nothing. An accepted one is saved
 * through writeQuotas, the function behind the on-screen table, so it is checked and audited exactly the same way.
 * A file that says what the database already holds writes nothing at all (no audit entry either).
 */
export async function importQuotas(
  db: Db,
  ctx: Ctx,
  year: number,
  body: unknown,
  dated: { effectiveFrom?: string; changeReason?: string } = {},
) {
  requireAccess(ctx, 'campaign.manage');
  if (body === undefined || body === null) body = Buffer.alloc(0); // an empty upload is judged like any other file
  if (!Buffer.isBuffer(body))
    throw new AppError(
      415,
      'unsupported_media_type',
      '请直接上传 .xlsx 文件（Content-Type 为 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）',
    );
  const campaign = await findCampaign(db, year);
  if (campaign.status === 'closed') assertCampaignWritable(campaign); // a draft's quotas are edited before it opens
  const parsed = await readQuotaWorkbook(body, year);
  if (parsed.errors.length) {
    const first = parsed.errors[0];
    const where = first.row === null ? '' : `第 ${first.row} 行 ${first.column} 列`;
    throw new AppError(
      400,
      'import_failed',
      `${where}等 ${parsed.errors.length} 处错误，未导入任何数据。请按错误明细修改后重新导入`,
      {
        errors: parsed.errors.slice(0, MAX_LISTED),
        errorCount: parsed.errors.length,
      },
    );
  }
  const current = await getQuotas(db, ctx, year);
  const sum = (key: (typeof NUM_KEYS)[number]) => parsed.quotas.reduce((s, q) => s + q[key], 0);
  const same =
    parsed.quotas.every((q) => {
      const c = current.items.find((i) => i.regionCode === q.regionCode);
      return (
        !!c &&
        c.projectQuota === q.projectQuota &&
        c.keyEnterpriseQuota === q.keyEnterpriseQuota &&
        (c.remark ?? '') === q.remark
      );
    }) &&
    (parsed.totals.provinceProjectTotal ?? sum('projectQuota')) === current.provinceProjectTotal &&
    (parsed.totals.provinceKeyEnterpriseTotal ?? sum('keyEnterpriseQuota')) === current.provinceKeyEnterpriseTotal;
  if (same) return { changed: false, message: '文件内容与当前任务分配一致，没有需要保存的修改', quotas: current };
  const changedRegions = parsed.quotas.filter((q) => {
    const c = current.items.find((i) => i.regionCode === q.regionCode);
    return (
      !c ||
      c.projectQuota !== q.projectQuota ||
      c.keyEnterpriseQuota !== q.keyEnterpriseQuota ||
      (c.remark ?? '') !== q.remark
    );
  }).length;
  // Compared again under the campaign's lock: of the same file sent twice at once, the second finds it saved.
  if (!(await writeQuotas(db, ctx, year, parsed.quotas, { ...parsed.totals, ...dated }, true)))
    return {
      changed: false,
      message: '文件内容与当前任务分配一致，没有需要保存的修改',
      quotas: await getQuotas(db, ctx, year),
    };
  return {
    changed: true,
    message: `任务分配已导入，${changedRegions} 个地区有变化`,
    quotas: await getQuotas(db, ctx, year),
  };
}
