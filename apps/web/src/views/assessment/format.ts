// Scores are written with one decimal (the total keeps two, as stored).
import { t } from '@/locales';

export const formatScore = (v: number | null | undefined) =>
  v == null ? t.common.none : (Math.round(v * 10) / 10).toFixed(1);
export const formatTotal = (v: number) => v.toFixed(2);
