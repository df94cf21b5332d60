import type { IndicatorDef } from './definitions';

export type Light = 'green' | 'amber' | 'red' | 'none';

const days = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

/**
 * Where the value should be today on the straight line from the start value (at `start`) to the target (at the
 * deadline) — indicators.md's traffic-light rule.
 */
export function expectedOn(
  today: string,
  start: { date: string; value: number },
  target: number,
  deadline: string,
): number {
  const total = days(start.date, deadline);
  if (total <= 0) return target;
  const f = Math.min(1, Math.max(0, days(start.date, today) / total));
  return start.value + (target - start.value) * f;
}

/** green on or above the line; amber within 10 percentage points (ratios) or 10% of the target (counts) below; red below. */
export function trafficLight(
  def: Pick<IndicatorDef, 'unit' | 'target'>,
  value: number | null,
  expected: number,
): Light {
  if (value == null || def.target === 0) return 'none';
  if (value >= expected - 1e-9) return 'green';
  const band = def.unit === 'ratio' ? 0.1 : 0.1 * def.target;
  return value >= expected - band ? 'amber' : 'red';
}

/**
 * Forecast at the deadline: the change over the last 12 months (or since the first point, when shorter)
 * extended linearly to the deadline. Needs two points at least. A straight line knows no bounds, but a share can not
 * pass 100% (「预计到期可达 149.2%」 was a promise no school can keep) and no count falls below 0: with the unit given,
 * the forecast is held inside what the figure can be.
 */
export function forecast(
  points: { date: string; value: number }[],
  today: string,
  current: number,
  deadline: string,
  unit?: IndicatorDef['unit'],
): number | null {
  const past = points.filter((p) => p.date < today).sort((a, b) => a.date.localeCompare(b.date));
  if (!past.length) return null;
  const yearAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
  const base = past.find((p) => p.date >= yearAgo) ?? past[past.length - 1];
  const span = days(base.date, today);
  if (span < 1) return null;
  const rate = (current - base.value) / span;
  const line = Math.max(0, current + rate * Math.max(0, days(today, deadline)));
  return unit === 'ratio' ? Math.min(1, line) : line;
}

/** The rate per month still needed to reach the target by the deadline (null when reached or past). */
export function paceNeeded(current: number, target: number, today: string, deadline: string): number | null {
  const left = days(today, deadline);
  if (current >= target || left <= 0) return null;
  return (target - current) / (left / 30.44);
}
