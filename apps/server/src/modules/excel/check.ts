import type { FormDefinition, FormKind } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { definitionByVersion } from '../forms/definitions.repository';
import { AppError } from '../../http/errors';
import { RowCollector } from './collect';
import { colLetter, META_APP, plainHeader, SEQ_HEADER } from './layout';
import { findDataSheet, peekWorkbook, unstampedHint, type SheetInfo } from './peek';
import { readableSheetPath } from './reader';
import type { CheckedUpload } from './safety';
import { campaignDefinition } from './template';
import { ZipFormatError } from './zip';

export interface ResolvedTemplate {
  def: FormDefinition;
  sheet: SheetInfo;
  /** Data rows the sheet's <dimension> suggests (0 when the writer gave none): the progress bar's first guess. */
  estimatedRows: number;
}

const KIND_LABEL: Record<FormKind, string> = { school: '学校', enterprise: '企业' };
const mismatch = (message: string) => new AppError(400, 'template_mismatch', message);

/**
 * Which definition reads this file, and whether the file is that template: the `_meta` stamp names kind, version and
 * campaign year; the data sheet's headers must be the definition's labels in order (ignoring * and spaces).
 * A workbook without `_meta` but with exactly these headers is accepted, because people copy rows into a new
 * workbook; it is read with the campaign's current definition. Extra columns after the last field are ignored
 * (people add a notes column; the error workbook adds 错误说明).
 */
export async function resolveTemplate(
  db: DbOrTx,
  buf: Buffer,
  upload: CheckedUpload,
  campaign: { year: number; formVersions: { school: string; enterprise: string } },
  kind: FormKind,
): Promise<ResolvedTemplate> {
  try {
    return await resolve(db, buf, upload, campaign, kind);
  } catch (e) {
    if (e instanceof ZipFormatError) throw new AppError(400, 'file_corrupt', `文件已损坏，无法读取（${e.message}）`);
    throw e;
  }
}

async function resolve(
  db: DbOrTx,
  buf: Buffer,
  upload: CheckedUpload,
  campaign: { year: number; formVersions: { school: string; enterprise: string } },
  kind: FormKind,
): Promise<ResolvedTemplate> {
  const peek = peekWorkbook(buf, upload.entries);
  if (!peek.sheets.length) throw new AppError(400, 'file_corrupt', '工作簿中没有工作表，文件可能已损坏');
  let def: FormDefinition;
  const m = peek.meta;
  if (m && m.app === META_APP) {
    if (m.kind !== kind) {
      const other = m.kind === 'school' || m.kind === 'enterprise' ? KIND_LABEL[m.kind] : null;
      throw mismatch(
        other
          ? `这是${other}需求表的模板，不能作为${KIND_LABEL[kind]}需求表导入`
          : '模板的版本标记已损坏，请重新下载模板',
      );
    }
    const d = await definitionByVersion(db, kind, m.version);
    if (!d) throw mismatch(`模板版本 ${m.version} 已不再使用，请下载 ${campaign.year} 年度的最新模板`);
    if (Number(m.campaignYear) !== campaign.year)
      throw mismatch(`这是 ${m.campaignYear} 年度的模板，请下载 ${campaign.year} 年度的模板后重新填写`);
    def = d;
  } else {
    def = await campaignDefinition(db, campaign, kind);
  }
  if (!RowCollector.identifies(def)) throw mismatch('该表单定义没有统一社会信用代码列，无法按单位导入');
  const expected = [SEQ_HEADER, ...def.fields.map((f) => f.label)];
  const sheet = findDataSheet(peek, def.sheetName, expected, (a, b) => plainHeader(a) === plainHeader(b));
  if (!sheet) throw mismatch(`工作簿中没有可见的数据工作表（应为“${def.sheetName}”）`);
  if (!readableSheetPath(sheet.path))
    throw new AppError(400, 'file_corrupt', '无法识别工作簿的内部结构，请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传');
  const header = peek.header(sheet);
  for (let i = 0; i < expected.length; i++) {
    const got = (header[i] ?? '').trim();
    if (plainHeader(got) !== plainHeader(expected[i])) {
      throw mismatch(
        `工作表“${sheet.name}”第 ${colLetter(i + 1)} 列的表头应为“${expected[i]}”，实际为“${got || '（空）'}”。请使用本系统下载的 ${campaign.year} 年度${KIND_LABEL[kind]}需求表模板，不要增删或调换列${unstampedHint(peek)}`,
      );
    }
  }
  const last = peek.lastRow(sheet);
  return { def, sheet, estimatedRows: last ? Math.max(last - 1, 0) : 0 };
}
