// Menu entries of the agreement and project screens, inserted by layout/menu.ts (kept here so the two grow apart).
import type { SessionUser } from '@cjrh/domain';
import { DataLine, Document, Files, FolderChecked, Memo, Notebook, Postcard } from '@element-plus/icons-vue';
import { t } from '@/locales';
import type { MenuItem } from '@/components/layout/menu';

export function projectMenu(user: SessionUser): MenuItem[] {
  const m = t.agreements.menu;
  if (user.role === 'expert') return [];
  const bureau = user.role === 'province' || user.role === 'region';
  const items: MenuItem[] = [
    { index: '/agreements', label: m.agreements, icon: Document },
    { index: '/projects', label: m.projects, icon: Files },
  ];
  if (bureau) items.push({ index: '/agreement-filing', label: m.filing, icon: FolderChecked });
  if (bureau) items.push({ index: '/reports', label: m.reports, icon: Memo });
  items.push({ index: '/internships', label: m.internships, icon: Postcard });
  if (bureau) items.push({ index: '/quota', label: m.quota, icon: DataLine });
  if (user.role === 'province') items.push({ index: '/agreement-template', label: m.template, icon: Notebook });
  return items;
}

/** The menu entry a page of these screens belongs to (detail and create pages light up their list). */
export function projectMenuIndex(name: unknown): string | null {
  switch (name) {
    case 'agreement-create':
    case 'agreement-detail':
      return '/agreements';
    case 'project-detail':
      return '/projects';
    default:
      return null;
  }
}
