import { nowMs } from '@/utils/clock';
import { daysUntil } from '@cjrh/domain';

/** Today in Beijing (the bureaus' working day), YYYY-MM-DD — the same day the server counts deadlines on. */
function todayBeijing(now = nowMs()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

export const daysLeft = (date: string) => daysUntil(todayBeijing(), date);
