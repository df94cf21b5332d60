// The web app's one clock: the server's. Every "today" a page shows or defaults to (date pickers, the current year,
// whether a fair is running) follows the server's clock, which the server sends on every API answer
// (`x-server-time`), so a browser with a wrong clock, or a test that pins the server's date, sees the same day as
// the rules that decide. Until the first answer arrives the browser's clock stands in.
let offsetMs = 0;

/** Called by the HTTP layer with each answer's `x-server-time` header. */
export function syncClock(serverTime: string | null): void {
  if (!serverTime) return;
  const ms = Date.parse(serverTime);
  if (!Number.isNaN(ms)) offsetMs = ms - Date.now();
}

export function nowMs(): number {
  return Date.now() + offsetMs;
}

/** Today's date in Beijing (YYYY-MM-DD). */
export function today(): string {
  return new Date(nowMs() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The Beijing calendar year of today. */
export function thisYear(): number {
  return Number(today().slice(0, 4));
}
