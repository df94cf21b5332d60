import { AppError } from '../../http/errors';
import { inflateEntry, readCentralDirectory, ZipFormatError, type ZipEntry } from './zip';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
export const MAX_RATIO = 200;
/** Below this an entry can not hurt anybody whatever its ratio (10 KB of spaces deflates 1000:1), so the ratio rule
 * starts here; the total-size rule still covers many small entries. */
const RATIO_MIN_BYTES = 1024 * 1024;

export const TOO_LARGE_MESSAGE = '文件超过 20 MB，请删除无关的工作表或拆分成多个文件后分批导入';
export const BOMB_MESSAGE = '文件解压后过大，疑似压缩炸弹，已拒绝';

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// An encrypted .xlsx is an OLE2 compound file whose directory names a stream "EncryptedPackage" (UTF-16LE).
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

export interface CheckedUpload {
  entries: Map<string, ZipEntry>;
}

const bad = (code: 'file_type' | 'file_macro' | 'file_encrypted' | 'file_corrupt', message: string) => new AppError(400, code, message);

/**
 * Judges the uploaded bytes (never the file name) before anything parses them: type, encryption, macros, and
 * decompressed size from the ZIP central directory. Throws AppError 400/413 with the code the web shows.
 */
export function checkUpload(buf: Buffer): CheckedUpload {
  if (buf.length > MAX_UPLOAD_BYTES) throw new AppError(413, 'file_too_large', TOO_LARGE_MESSAGE);
  if (buf.length < 4) throw bad('file_type', '文件为空或不是 Excel 工作簿');
  if (buf.subarray(0, 8).equals(OLE2)) {
    if (buf.includes(ENCRYPTED_PACKAGE)) throw bad('file_encrypted', '工作簿设置了打开密码，请在 Excel 中取消密码保护（文件→信息→保护工作簿）后再上传');
    throw bad('file_type', '这是旧版 .xls 格式的文件，请在 Excel 或 WPS 中“另存为”.xlsx 格式后再上传');
  }
  if (!buf.subarray(0, 4).equals(ZIP_LOCAL)) throw bad('file_type', '文件不是 .xlsx 格式的 Excel 工作簿（改扩展名无效，请在 Excel 或 WPS 中另存为 .xlsx）');

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
    if (e.size >= RATIO_MIN_BYTES && e.size > MAX_RATIO * Math.max(e.compressedSize, 1)) throw bad('file_corrupt', BOMB_MESSAGE);
  }
  if (total > MAX_UNCOMPRESSED_BYTES) throw bad('file_corrupt', BOMB_MESSAGE);
  if (list.some((e) => e.flags & 1)) throw bad('file_encrypted', '压缩包设置了密码，请上传未加密的 .xlsx 工作簿');

  const entries = new Map(list.map((e) => [e.name, e]));
  if (list.some((e) => e.name.toLowerCase() === 'xl/vbaproject.bin')) throw bad('file_macro', '工作簿含有宏（VBA），请另存为不含宏的 .xlsx 后再上传');
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
  if (!entries.has('xl/workbook.xml')) throw bad('file_type', '文件是压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml）');
  return { entries };
}
