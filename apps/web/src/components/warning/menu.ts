// Menu entries of the specialty early-warning and annual-assessment screens, inserted by layout/menu.ts.
// Both are for the bureaus only (the server refuses schools, enterprises and experts).
import type { SessionUser } from '@cjrh/domain';
import { TrendCharts, Warning } from '@element-plus/icons-vue';
import { t } from '@/locales';
import type { MenuItem } from '@/components/layout/menu';

export function warningMenu(user: SessionUser): MenuItem[] {
  if (user.role !== 'province' && user.role !== 'region') return [];
  return [
    { index: '/warning', label: t.warning.menu.warning, icon: Warning },
    { index: '/assessment', label: t.warning.menu.assessment, icon: TrendCharts },
  ];
}

/** The menu entry a page of these screens belongs to (the scheme editor lights up 年度考核). */
export function warningMenuIndex(name: unknown): string | null {
  return name === 'assessment-scheme' ? '/assessment' : null;
}
