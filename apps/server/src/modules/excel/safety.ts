import { AppError } from '../../http/errors';
import { inflateEntry, readCentralDirectory, ZipFormatError, type ZipEntry } from './zip';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
const MAX_RATIO = 200;
/** Below this an entry can not hurt anybody whatever its ratio (10 KB of spaces deflates 1000:1), so the ratio rule
 * starts here; the total-size rule still covers many small entries. */
const RATIO_MIN_BYTES = 1024 * 1024;

export const TOO_LARGE_MESSAGE = '文件超过 20 MB，请删除无关的工作表或拆分成多个文件后分批导入';
export const BOMB_MESSAGE = '文件解压后过大，疑似压缩炸弹，已拒绝';

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// An encrypted .xlsx is an OLE2 compound file whose directory names a stream "EncryptedPackage" (UTF-16LE).
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

const SAVE_AS = '请在 Excel、WPS 或 LibreOffice 中打开，“另存为”Excel 工作簿（.xlsx）后再上传';
export const OLD_XLS_MESSAGE = `这是旧版 Excel（.xls）文件，不是 .xlsx 工作簿（改扩展名无效）。${SAVE_AS}`;
export const ODS_MESSAGE = `这是 OpenDocument（.ods）表格文件，不是 .xlsx 工作簿（改扩展名无效）。${SAVE_AS}`;

/**
 * What a non-ZIP upload is, told by its first bytes (never its name), so the person learns what to do with it:
 * PDF, a web page or XML table (what other systems export as ".xls"), a CSV/text file, or something else.
 */
function notZipMessage(buf: Buffer): string {
  const head = buf
    .subarray(0, 512)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('%pdf')) return `这是 PDF 文件，不是 Excel 工作簿。请上传系统下载的 .xlsx 模板`;
  if (head.startsWith('<') && /<html|<table|<\?xml|<workbook/.test(head))
    return `这是网页或 XML 格式的表格（一些系统导出的“.xls”其实是这种文件），不是 .xlsx 工作簿。${SAVE_AS}`;
  if (!buf.subarray(0, 512).includes(0))
    return `这是文本（CSV 等）文件，不是 .xlsx 工作簿。请把内容粘贴到系统下载的模板中，或${SAVE_AS.slice(1)}`;
  return '文件不是 .xlsx 格式的 Excel 工作簿（改扩展名无效，请在 Excel 或 WPS 中另存为 .xlsx）';
}

/** A ZIP that is not a workbook: OpenDocument declares itself in its first entry `mimetype`; Word and PowerPoint by their folders. */
function otherZipMessage(buf: Buffer, entries: Map<string, ZipEntry>): string {
  const mime = entries.get('mimetype');
  let type = '';
  if (mime && mime.size < 200) {
    try {
      type = inflateEntry(buf, mime).toString('utf8');
    } catch {
      type = '';
    }
  }
  if (type.includes('opendocument.spreadsheet') || (!type && entries.has('content.xml'))) return ODS_MESSAGE;
  if (type.includes('opendocument'))
    return `这是 OpenDocument 文档（如 .odt 文字文档），不是表格。请上传系统下载的 .xlsx 模板`;
  if (entries.has('word/document.xml'))
    return '这是 Word 文档（.docx），不是 Excel 工作簿。请上传系统下载的 .xlsx 模板';
  if ([...entries.keys()].some((n) => n.startsWith('ppt/')))
    return '这是 PowerPoint 演示文稿，不是 Excel 工作簿。请上传系统下载的 .xlsx 模板';
  return '这是一个压缩包（.zip），不是 Excel 工作簿。请解压后上传其中的 .xlsx 文件，或上传系统下载的模板';
}

export interface CheckedUpload {
  entries: Map<string, ZipEntry>;
}

const bad = (code: 'file_type' | 'file_macro' | 'file_encrypted' | 'file_corrupt', message: string) =>
  new AppError(400, code, message);

/**
 * Judges the uploaded bytes (never the file name) before anything parses them: type, encryption, macros, and
 * decompressed size from the ZIP central directory. Throws AppError 400/413 with the code the web shows.
 */
export function checkUpload(buf: Buffer): CheckedUpload {
  if (buf.length > MAX_UPLOAD_BYTES) throw new AppError(413, 'file_too_large', TOO_LARGE_MESSAGE);
  if (buf.length < 4) throw bad('file_type', '文件为空或不是 Excel 工作簿');
  if (buf.subarray(0, 8).equals(OLE2)) {
    if (buf.includes(ENCRYPTED_PACKAGE))
      throw bad('file_encrypted', '工作簿设置了打开密码，请在 Excel 中取消密码保护（文件→信息→保护工作簿）后再上传');
    throw bad('file_type', OLD_XLS_MESSAGE);
  }
  if (!buf.subarray(0, 4).equals(ZIP_LOCAL)) throw bad('file_type', notZipMessage(buf));

  let list: ZipEntry[];
  try {
    list = readCentralDirectory(buf);
  } catch (e) {
    if (e instanceof ZipFormatError) throw bad('file_corrupt', `文件已损坏，无法作为 Excel 工作簿读取（${e.message}）`);
    throw e;
  }
  let total = 0;
  for (const e of list) {
    total += e.size;
    if (e.size >= RATIO_MIN_BYTES && e.size > MAX_RATIO * Math.max(e.compressedSize, 1))
      throw bad('file_corrupt', BOMB_MESSAGE);
  }
  if (total > MAX_UNCOMPRESSED_BYTES) throw bad('file_corrupt', BOMB_MESSAGE);
  if (list.some((e) => e.flags & 1)) throw bad('file_encrypted', '压缩包设置了密码，请上传未加密的 .xlsx 工作簿');

  const entries = new Map(list.map((e) => [e.name, e]));
  if (list.some((e) => e.name.toLowerCase() === 'xl/vbaproject.bin'))
    throw bad('file_macro', '工作簿含有宏（VBA），请另存为不含宏的 .xlsx 后再上传');
  const types = entries.get('[Content_Types].xml');
  if (types) {
    let xml: string;
    try {
      xml = inflateEntry(buf, types).toString('utf8');
    } catch (e) {
      if (e instanceof ZipFormatError) throw bad('file_corrupt', `文件已损坏（${e.message}）`);
      throw e;
    }
    if (/macroEnabled/i.test(xml)) throw bad('file_macro', '这是启用宏的工作簿（.xlsm），请另存为 .xlsx 后再上传');
  }
  if (!entries.has('xl/workbook.xml')) throw bad('file_type', otherZipMessage(buf, entries));
  return { entries };
}
