// Menu entries of the specialty early-warning and annual-assessment screens, inserted by layout/menu.ts.
import type { SessionUser } from '@cjrh/domain';
import type { MenuItem } from '@/components/layout/menu';

export function warningMenu(_user: SessionUser): MenuItem[] {
  return [];
}

/** The menu entry a page of these screens belongs to. */
export function warningMenuIndex(_name: unknown): string | null {
  return null;
}
