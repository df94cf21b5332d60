import { AppError } from './errors';

/**
 * The original file name an upload carries in x-file-name (URI-encoded by the web, since headers are Latin-1).
 * A malformed encoding (`%`, `%E4%B8`) is the client's mistake: 400 with a Chinese message, never a 500. Control
 * characters and path separators are dropped so the name is safe to show and to put in a download header.
 */
export function fileNameHeader(header: unknown, fallback: string): string {
  if (header === undefined) return fallback;
  let name: string;
  try {
    name = decodeURIComponent(String(header));
  } catch {
    throw new AppError(400, 'bad_request', '文件名（x-file-name）编码不正确，请用 URI 编码');
  }
  name = name
    .replace(/[\u0000-\u001f\u007f\\/]/g, '')
    .trim()
    .slice(0, 200);
  return name || fallback;
}
