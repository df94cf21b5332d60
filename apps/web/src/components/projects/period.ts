import { fmt, t } from '@/locales';

/** '2025-09' → 2025年9月, '2025-Q3' → 2025年第三季度 (periods as the domain names them). */
export function periodLabel(period: string): string {
  const m = /^(\d{4})-(?:(\d{2})|Q([1-4]))$/.exec(period);
  if (!m) return period;
  if (m[3]) return fmt(t.projects.report.quarter, { year: m[1], q: t.projects.report.quarters[Number(m[3]) - 1] });
  return fmt(t.projects.report.month, { year: m[1], month: Number(m[2]) });
}
