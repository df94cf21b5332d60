// Menu entries of the catalogue and matchmaking screens, inserted by layout/menu.ts (kept here so the two grow apart).
import { can, type SessionUser } from '@cjrh/domain';
import { Connection, DataAnalysis, Promotion, Search, Star, Tickets } from '@element-plus/icons-vue';
import { t } from '@/locales';
import type { MenuItem } from '@/components/layout/menu';

export function catalogueMenu(user: SessionUser): MenuItem[] {
  const m = t.catalogue.menu;
  const isOrgUser = user.role === 'school' || user.role === 'enterprise';
  const items: MenuItem[] = [{ index: '/catalogue', label: m.catalogue, icon: Search }];
  if (isOrgUser && can(user.role, 'recommendation.read'))
    items.push({ index: '/recommendations', label: m.recommendations, icon: Star });
  if (can(user.role, 'intent.read')) items.push({ index: '/intents', label: m.intents, icon: Connection });
  items.push({ index: '/events', label: m.events, icon: Tickets });
  if (can(user.role, 'catalogue.publish'))
    items.push({ index: '/publications', label: m.publications, icon: Promotion });
  if ((user.role === 'province' || user.role === 'region') && can(user.role, 'intent.read'))
    items.push({ index: '/unmatched', label: m.unmatched, icon: DataAnalysis });
  return items;
}

/** The menu entry a catalogue page belongs to (detail pages light up their list). */
export function catalogueMenuIndex(name: unknown): string | null {
  switch (name) {
    case 'catalogue-item':
    case 'catalogue-org':
      return '/catalogue';
    case 'intent-detail':
      return '/intents';
    case 'event-detail':
      return '/events';
    default:
      return null;
  }
}
