import { nowMs } from '@/utils/clock';
// Fairs take place in Hubei: their times are shown in Beijing time whatever the reader's device says.
const parts = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function pieces(iso: string) {
  const p = Object.fromEntries(parts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}`,
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
  };
}

/** '2026-12-13 09:00' in Beijing time ('' for no time). */
export function formatBeijing(iso: string): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return '';
  const p = pieces(iso);
  return `${p.date} ${p.time}`;
}

/** '2026-12-13 09:00 – 12:00' on one day, else both ends in full. */
export function formatRange(startIso: string, endIso: string): string {
  const a = pieces(startIso);
  const b = pieces(endIso);
  return a.date === b.date ? `${a.date} ${a.time} – ${b.time}` : `${a.date} ${a.time} – ${b.date} ${b.time}`;
}

/** 'HH:mm' in Beijing time. */
export function hhmm(iso: string): string {
  return pieces(iso).time;
}

/** 'YYYY-MM-DD' in Beijing time. */
export function beijingDate(iso: string): string {
  return pieces(iso).date;
}

/** Year, month and day of the start, for the calendar badge. */
export function calendarDay(iso: string) {
  const p = pieces(iso);
  return { year: p.year, month: p.month, day: p.day };
}

export type EventPhase = 'upcoming' | 'ongoing' | 'ended';
export function phaseOf(e: { startsAt: string; endsAt: string }, now = nowMs()): EventPhase {
  if (Date.parse(e.endsAt) < now) return 'ended';
  return Date.parse(e.startsAt) <= now ? 'ongoing' : 'upcoming';
}
