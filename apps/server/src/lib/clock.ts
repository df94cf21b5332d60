import { beijingDate } from '@cjrh/domain';

// The server's one clock. Every "now" and "today" that decides something (deadlines, expiry, the month a report is
// due, locks, the date of a signature) comes from here, never from `new Date()` or `Date.now()`, so that a test or
// a rehearsal can pin the date and get the same answer on any day. The pinned clock keeps ticking from the pinned
// instant (timers and durations stay real); only the starting point moves.
let offsetMs = 0;
/** Set only while withClockStopped runs: the instant the clock stands at. */
let stoppedAt: number | null = null;

/** The current instant as the platform sees it. */
export function now(): Date {
  return new Date(nowMs());
}

/** Milliseconds since the epoch, as `now()`. */
export function nowMs(): number {
  return stoppedAt ?? Date.now() + offsetMs;
}

/** Today's date in Beijing (YYYY-MM-DD): the calendar every deadline and period of the programme is written in. */
export function today(): string {
  return beijingDate(nowMs());
}

/** The Beijing calendar year of today. */
export function thisYear(): number {
  return Number(today().slice(0, 4));
}

/**
 * Pins the clock so that "now" is `at` at the moment of the call (an ISO instant such as 2026-12-31T09:00:00+08:00,
 * or a date YYYY-MM-DD meaning 09:00 Beijing time that day); `null` returns to the real time.
 */
export function setClock(at: string | Date | null): void {
  if (at == null) {
    offsetMs = 0;
    return;
  }
  const ms =
    at instanceof Date ? at.getTime() : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T09:00:00+08:00` : at);
  if (Number.isNaN(ms)) throw new Error(`无法识别的时间：${String(at)}`);
  offsetMs = ms - Date.now();
}

/** The calendar date `days` after (or before, when negative) a YYYY-MM-DD date. */
export function addDaysIso(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Runs `fn` with the clock standing still at `at`, then lets it run on as before. For the demo seeder only, which
 * drives the real services before the server listens: what they stamp is then the same on every seed.
 */
export async function withClockStopped<T>(at: Date, fn: () => Promise<T>): Promise<T> {
  const before = stoppedAt;
  stoppedAt = at.getTime();
  try {
    return await fn();
  } finally {
    stoppedAt = before;
  }
}
