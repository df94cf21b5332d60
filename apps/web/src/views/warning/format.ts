// How the warning figures are written: a ratio with two decimals, a rate as a percentage.
import { t } from '@/locales';

export const formatRatio = (v: number | null | undefined) => (v == null ? t.common.none : v.toFixed(2));
export const formatRate = (v: number | null | undefined) =>
  v == null ? t.common.none : `${(Math.round(v * 1000) / 10).toFixed(1)}%`;

/** Tag colours of the flags, matching the heatmap: red for shortage, amber for oversupply. */
export const FLAG_TAG = {
  shortage: 'danger',
  oversupply: 'warning',
  no_demand: 'info',
  low_employment: 'info',
} as const;
