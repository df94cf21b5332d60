import { t } from '@/locales';

/** 20 MB, as the server's MAX_UPLOAD_BYTES. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** What the browser can tell before uploading: the server would refuse these with the same words. */
export function checkWorkbookFile(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xls')) return t.excel.xls;
  if (name.endsWith('.xlsm')) return t.excel.xlsm;
  if (!name.endsWith('.xlsx')) return t.excel.notXlsx;
  if (file.size === 0) return t.excel.empty;
  if (file.size > MAX_UPLOAD_BYTES) return t.excel.tooLarge;
  return null;
}
