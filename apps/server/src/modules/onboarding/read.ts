import { AppError } from '../../http/errors';
import { colLetter, META_APP, plainHeader, SEQ_HEADER } from '../excel/layout';
import { findDataSheet, peekWorkbook, unstampedHint, type SheetInfo } from '../excel/peek';
import { readableSheetPath, streamSheetRows, type SheetRow } from '../excel/reader';
import { checkUpload } from '../excel/safety';
import { verifyInflatedSizes, ZipFormatError } from '../excel/zip';
import { QUOTA_META_APP } from '../campaigns/quotaExcel';
import { ONBOARD_APP, ONBOARD_FIELDS, ONBOARD_MAX_ROWS, ONBOARD_SHEET, ONBOARD_VERSION } from './sheet';

const mismatch = (message: string) => new AppError(400, 'template_mismatch', message);
const corrupt = (detail?: string) =>
  new AppError(
    400,
    'file_corrupt',
    detail ? `文件已损坏，无法读取（${detail}）` : '文件内容无法解析，请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传',
  );

export interface OnboardSheet {
  sheet: SheetInfo;
  rows: SheetRow[];
}

/**
 * Bytes → the rows of the 单位名单 sheet. The same refusals as the form and quota imports, in the same order
 * (checkUpload: size, type, encryption, macros, zip bomb; then the inflated sizes, the stamp and the headers), all
 * 4xx with a Chinese message and before anything is written. A workbook without the stamp but with exactly these
 * headers is accepted: people copy their list into a new workbook.
 */
export async function readOnboardWorkbook(buf: Buffer): Promise<OnboardSheet> {
  const upload = checkUpload(buf);
  try {
    await verifyInflatedSizes(buf, [...upload.entries.values()]);
    const peek = peekWorkbook(buf, upload.entries);
    const m = peek.meta;
    if (m && m.app !== ONBOARD_APP) {
      const what =
        m.app === META_APP ? '需求信息征集表的模板' : m.app === QUOTA_META_APP ? '任务分配（附件3）模板' : null;
      throw mismatch(
        what
          ? `这是${what}，不是单位批量导入模板，请在“单位管理 → 批量导入”下载模板`
          : '模板的版本标记已损坏，请重新下载单位批量导入模板',
      );
    }
    if (m && m.version !== ONBOARD_VERSION)
      throw mismatch(`单位导入模板版本 ${m.version || '（空）'} 已不再使用，请重新下载模板`);
    const expected = [SEQ_HEADER, ...ONBOARD_FIELDS.map((f) => f.label)];
    const sheet = findDataSheet(peek, ONBOARD_SHEET, expected, (a, b) => plainHeader(a) === plainHeader(b));
    if (!sheet) throw mismatch(`工作簿中没有可见的数据工作表（应为“${ONBOARD_SHEET}”）`);
    if (!readableSheetPath(sheet.path)) throw corrupt();
    const head = peek.header(sheet);
    const wrong = expected
      .map((label, i) => ({ label, i, got: (head[i] ?? '').trim() }))
      .filter((x) => plainHeader(x.got) !== plainHeader(x.label));
    if (wrong.length) {
      const errors = wrong.map(({ label, i, got }) => ({
        sheet: sheet.name,
        row: 1,
        column: colLetter(i + 1),
        field: label,
        message: `表头应为“${label}”，实际为“${got || '（空）'}”`,
      }));
      throw new AppError(
        400,
        'template_mismatch',
        `工作表“${sheet.name}”的表头与单位导入模板不一致，请使用系统下载的模板，不要增删或调换列${unstampedHint(peek)}`,
        { errors },
      );
    }
    const rows: SheetRow[] = [];
    for await (const r of streamSheetRows(buf, sheet.path)) {
      if (r.number === 1) continue;
      rows.push(r);
      if (rows.length > ONBOARD_MAX_ROWS + 1)
        throw mismatch(`工作表“${sheet.name}”超过 ${ONBOARD_MAX_ROWS} 行，请拆分成多个文件后分批导入`);
    }
    return { sheet, rows };
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof ZipFormatError) throw corrupt(e.message);
    throw corrupt();
  }
}
