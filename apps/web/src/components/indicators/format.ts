// How indicator figures are written: ratios as %, the rest with their unit (个 / 人次 / 人).
import { t } from '@/locales';
import type { IndicatorUnit } from '@/api/indicators';

export function formatNumber(v: number, digits = 0): string {
  return v.toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** The bare number (no unit): 45.3 for a ratio of 0.453, 1,234 for a count. */
export function formatBare(unit: IndicatorUnit, v: number | null | undefined): string {
  if (v == null || Number.isNaN(v)) return t.common.none;
  return unit === 'ratio' ? formatNumber(v * 100, 1) : formatNumber(v, v < 10 && !Number.isInteger(v) ? 1 : 0);
}

export function unitSuffix(unit: IndicatorUnit): string {
  return unit === 'ratio' ? '%' : t.indicators.units[unit];
}

export function formatValue(unit: IndicatorUnit, v: number | null | undefined): string {
  if (v == null || Number.isNaN(v)) return t.common.none;
  return `${formatBare(unit, v)}${unit === 'ratio' ? '%' : ` ${unitSuffix(unit)}`}`;
}

/** A numerator or denominator: counts of things, never percentages. */
export function formatPart(v: number | null | undefined): string {
  return v == null ? t.common.none : formatNumber(v, 1);
}

/** '2027-12-31' stays as is; 'year-end' never reaches the browser (the server resolves it). */
export const LIGHT_COLORS: Record<string, string> = {
  green: '#389e0d',
  amber: '#faad14',
  red: '#f5222d',
  none: '#bfbfbf',
};
/** The same states as text on white, dark enough to read (≥ 4.5:1); the bright colours stay for bars and dots. */
export const LIGHT_TEXT: Record<string, string> = {
  green: '#2e7d1f',
  amber: '#a85600',
  red: '#c42b1c',
  none: '#5e6470',
};

/** A monthly pace: ratios in percentage points, the rest in their unit. */
export function formatPace(unit: IndicatorUnit, v: number): string {
  return unit === 'ratio' ? `${formatNumber(v * 100, 1)} ${t.indicators.card.points}` : formatValue(unit, v);
}
