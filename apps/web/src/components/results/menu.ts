// Menu entries of the demonstration-selection and results screens, inserted by layout/menu.ts.
import type { SessionUser } from '@cjrh/domain';
import { Medal, Trophy } from '@element-plus/icons-vue';
import { t } from '@/locales';
import type { MenuItem } from '@/components/layout/menu';

export function resultsMenu(user: SessionUser): MenuItem[] {
  const m = t.results.menu;
  const items: MenuItem[] = [
    { index: '/selection/rounds', label: user.role === 'expert' ? m.review : m.selection, icon: Trophy },
  ];
  const results: MenuItem[] = [];
  if (user.role === 'province')
    results.push({ index: '/cases', label: m.cases }, { index: '/commendations', label: m.commendations });
  // The public pages open in the light public frame.
  results.push({ index: '/results/demonstrations', label: m.publicPages });
  items.push({ index: 'results-group', label: m.results, icon: Medal, children: results });
  return items;
}

/** The menu entry a page of these screens belongs to. */
export function resultsMenuIndex(name: unknown): string | null {
  switch (name) {
    case 'selection-round':
      return '/selection/rounds';
    case 'case-create':
    case 'case-edit':
      return '/cases';
    default:
      return null;
  }
}
