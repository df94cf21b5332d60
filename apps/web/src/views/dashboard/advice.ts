// What a school still has to do for each of its own ratio indicators, in plain words with the numbers it needs.
import { fmt, t } from '@/locales';
import type { IndicatorCardData } from '@/api/indicators';
import { formatNumber, formatValue } from '@/components/indicators/format';

/** The school-scope indicators a school is judged on by its own records. */
export const SELF_CHECK_IDS = [
  'mentor_ratio',
  'integrated_coverage',
  'specialty_industry_match',
  'teacher_practice',
  'key_specialty_bases',
];

/** How many more numerator units are needed to reach target × denominator (rounded up). */
const missing = (c: IndicatorCardData) => Math.max(0, Math.ceil(c.target * (c.denominator ?? 0) - 1e-9) - c.numerator);

export function isMet(c: IndicatorCardData): boolean {
  return c.value != null && c.value >= c.target - 1e-9;
}

export function adviceFor(c: IndicatorCardData): string {
  const A = t.indicators.advice;
  if (isMet(c)) return t.indicators.dashboard.allGood;
  const den = c.denominator ?? 0;
  const n = formatNumber(missing(c));
  const m = formatNumber(den);
  switch (c.id) {
    case 'mentor_ratio':
      return den > 0 ? fmt(A.mentor_ratio, { n, m }) : A.mentor_ratio_noTeachers;
    case 'integrated_coverage':
      return den > 0 ? fmt(A.integrated_coverage, { n, m }) : A.integrated_coverage_none;
    case 'specialty_industry_match':
      return fmt(A.specialty_industry_match, { v: formatValue(c.unit, c.value ?? 0), n });
    case 'teacher_practice':
      return fmt(A.teacher_practice, { n, m });
    case 'key_specialty_bases':
      return fmt(A.key_specialty_bases, { n, m });
    default:
      return fmt(A.generic, {
        v: formatValue(c.unit, c.value),
        target: formatValue(c.unit, c.target),
        gap: formatValue(c.unit, c.target - (c.value ?? 0)),
      });
  }
}
