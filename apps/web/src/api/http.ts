// The one place that talks HTTP: JSON in and out, same-origin cookies, and every failure turned into
// an ApiError whose message is already Chinese (the server's specific text, else ERROR_MESSAGES[code]).
import { errorMessage } from '@cjrh/domain';
import { t } from '@/locales';
import { syncClock } from '@/utils/clock';

export interface FieldError {
  path: string;
  label?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public details?: unknown,
  ) {
    super(message);
  }

  /** Field errors keyed by field path without the `body.` prefix: { uscc: '…', 'specialties.0.enrolment': '…' }. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(this.details)) return out;
    for (const d of this.details as FieldError[]) {
      if (!d || typeof d.path !== 'string') continue;
      const path = d.path.replace(/^(body|querystring|params)\.?/, '');
      if (path && !out[path]) out[path] = d.message;
      const top = path.split('.')[0];
      if (top && !out[top]) out[top] = d.message;
    }
    return out;
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

let onUnauthorized: ((code: string) => void) | null = null;
/** The router registers this so a 401 anywhere sends the user to the login page. */
export function setUnauthorizedHandler(fn: (code: string) => void) {
  onUnauthorized = fn;
}

let onPasswordChangeRequired: (() => void) | null = null;
/** The router registers this so an account whose password was reset meanwhile is sent to the password page. */
export function setPasswordChangeHandler(fn: () => void) {
  onPasswordChangeRequired = fn;
}

export function toQueryString(query?: Query): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

let ambientSignal: AbortSignal | undefined;

/**
 * Runs `call` with the requests it starts at once (before its first await: the request of any api/* function) tied
 * to `signal`, so a list can abort the request a newer one supersedes without every api function taking a signal.
 * An aborted request rejects with the AbortError, never with an ApiError the page would show.
 */
export function withSignal<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  const outer = ambientSignal;
  ambientSignal = signal;
  try {
    return call();
  } finally {
    ambientSignal = outer;
  }
}

async function request<T>(method: string, url: string, opts: { query?: Query; body?: unknown } = {}): Promise<T> {
  // Read before the first await: the ambient signal belongs to the call that is starting this request.
  const signal = ambientSignal;
  let res: Response;
  try {
    res = await fetch(url + toQueryString(opts.query), {
      method,
      credentials: 'same-origin',
      headers:
        opts.body === undefined
          ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(0, 'network_error', t.common.networkError);
  }
  syncClock(res.headers.get('x-server-time'));
  const text = await res.text();
  if (res.ok) return parseJson(text) as T;
  throw apiErrorFrom(res.status, text, url);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/**
 * The ApiError for a failed answer (status + body text). Exported for the few calls that cannot go through
 * `request` (file downloads, uploads with progress); it also sends a lost session to the login page.
 */
export function apiErrorFrom(status: number, text: string, url: string): ApiError {
  const err = (parseJson(text) as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  const code =
    err?.code ??
    (status === 0 ? 'network_error' : status === 503 || status === 502 ? 'service_unavailable' : 'internal_error');
  const message = status === 0 ? t.common.networkError : err?.message || errorMessage(code);
  // A wrong password on the login form is also a 401, but it is an answer, not a lost session.
  if (status === 401 && !url.startsWith('/api/auth/login') && !url.startsWith('/api/auth/me')) onUnauthorized?.(code);
  if (status === 403 && code === 'password_change_required') onPasswordChangeRequired?.();
  return new ApiError(status, code, message, err?.details);
}

export const http = {
  get: <T>(url: string, query?: Query) => request<T>('GET', url, { query }),
  post: <T>(url: string, body?: unknown) => request<T>('POST', url, { body: body ?? {} }),
  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, { body }),
  put: <T>(url: string, body: unknown) => request<T>('PUT', url, { body }),
  del: <T>(url: string) => request<T>('DELETE', url),
};
