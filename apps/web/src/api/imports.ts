// The Excel round trip: template and export downloads, the upload (XMLHttpRequest, for its progress events) and the
// import job the server runs in the background.
import type { z } from 'zod';
import type { FormKind, importJobOut } from '@cjrh/domain';
import { apiErrorFrom, http, toQueryString } from './http';

export type ImportJob = z.output<typeof importJobOut>;

export const excelUrls = {
  template: (year: number, kind: FormKind) => `/api/campaigns/${year}/forms/${kind}/template.xlsx`,
  export: (year: number, kind: FormKind, q: { region?: string; state?: string }) =>
    `/api/campaigns/${year}/forms/${kind}/export.xlsx${toQueryString(q)}`,
  errors: (jobId: number) => `/api/imports/${jobId}/errors.xlsx`,
};

/** The file name from Content-Disposition (RFC 5987 filename* first). */
function fileNameOf(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? fallback;
}

/**
 * Downloads a file through fetch, so a refusal arrives as a Chinese message instead of a page of JSON,
 * then hands it to the browser under the server's file name.
 */
export async function downloadFile(url: string, fallbackName = '下载.xlsx', init: RequestInit = {}): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch {
    throw apiErrorFrom(0, '', url);
  }
  if (!res.ok) throw apiErrorFrom(res.status, await res.text(), url);
  saveBlob(await res.blob(), fileNameOf(res.headers.get('content-disposition'), fallbackName));
}

/** Hands bytes already in the page to the browser as a download. */
export function saveBlob(blob: Blob, fileName: string) {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

export interface UploadHandle<T = { jobId: number }> {
  promise: Promise<T>;
  abort: () => void;
}

/** POST a workbook as the raw request body; `onProgress` gets 0–100 while the bytes go up. */
export function uploadWorkbook<T>(url: string, file: File, onProgress: (percent: number) => void): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    xhr.setRequestHeader('Accept', 'application/json');
    // Headers are Latin-1: the Chinese file name travels URI-encoded.
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status === 202 || xhr.status === 200) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(apiErrorFrom(500, '', url));
        }
      } else reject(apiErrorFrom(xhr.status, xhr.responseText, url));
    };
    xhr.onerror = () => reject(apiErrorFrom(0, '', url));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

/** The demand-form import: answers 202 with the job to follow. */
export function uploadImport(
  year: number,
  q: { kind: FormKind; skipBadRows: boolean; submit: boolean },
  file: File,
  onProgress: (percent: number) => void,
): UploadHandle {
  return uploadWorkbook<{ jobId: number }>(
    `/api/campaigns/${year}/imports${toQueryString({ kind: q.kind, skipBadRows: q.skipBadRows, submit: q.submit })}`,
    file,
    onProgress,
  );
}

export const importsApi = {
  job: (id: number) => http.get<ImportJob>(`/api/imports/${id}`),
};
