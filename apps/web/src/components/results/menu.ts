// Menu entries of the demonstration-selection and results screens, inserted by layout/menu.ts.
import type { SessionUser } from '@cjrh/domain';
import type { MenuItem } from '@/components/layout/menu';

export function resultsMenu(_user: SessionUser): MenuItem[] {
  return [];
}

/** The menu entry a page of these screens belongs to. */
export function resultsMenuIndex(_name: unknown): string | null {
  return null;
}
