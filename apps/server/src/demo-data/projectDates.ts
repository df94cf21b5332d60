import type { Rng } from './random';

// Dates of the demo's agreements and projects: YYYY-MM-DD strings, UTC calendar arithmetic (no time zone can move
// a day), and the Beijing working-day instant of a date.

const DAY_MS = 86_400_000;
export const dayNo = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;
export const fromDayNo = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
export const addDays = (d: string, n: number) => fromDayNo(dayNo(d) + n);
export const minDate = (...ds: string[]) => ds.reduce((a, b) => (b < a ? b : a));
export const maxDate = (...ds: string[]) => ds.reduce((a, b) => (b > a ? b : a));
/** `months` calendar months after d (day clamped to the month's end). */
function addMonths(d: string, months: number): string {
  const [y, m, day] = d.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, last)))
    .toISOString()
    .slice(0, 10);
}
/** The last day of a term of `months` starting on d: 2025-09-01 + 36 months → 2028-08-31. */
export const termEndOf = (d: string, months: number) => addDays(addMonths(d, months), -1);
/** The first day of the month `months` after d's month. */
export const firstOfMonth = (d: string, months: number) => addMonths(`${d.slice(0, 8)}01`, months);
/** A uniformly random date in [from, to] (from when to < from). */
export const dateBetween = (rng: Rng, from: string, to: string) =>
  to <= from ? from : fromDayNo(rng.int(dayNo(from), dayNo(to)));
/** A Beijing working-day instant on `date`: 09:00 + frac × 9 h. */
export const bjAt = (date: string, frac: number) =>
  new Date(Date.parse(`${date}T01:00:00Z`) + Math.round(Math.min(Math.max(frac, 0), 1) * 9 * 3600) * 1000);
