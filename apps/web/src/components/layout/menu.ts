// The left menu, decided by role through can() from the domain; the server still checks every request.
import type { Component } from 'vue';
import type { RouteLocationNormalizedLoaded } from 'vue-router';
import type { SessionUser } from '@cjrh/domain';
import { can, DICT_KINDS } from '@cjrh/domain';
import { Collection, DocumentChecked, House, Lock, OfficeBuilding, School, User } from '@element-plus/icons-vue';
import { t } from '@/locales';

export interface MenuItem {
  index: string;
  label: string;
  icon?: Component;
  children?: MenuItem[];
}

export function buildMenu(user: SessionUser): MenuItem[] {
  const m = t.layout.menu;
  const items: MenuItem[] = [{ index: '/', label: m.home, icon: House }];
  const isOrgUser = user.role === 'school' || user.role === 'enterprise';
  if (isOrgUser && user.orgId) {
    items.push({ index: `/orgs/${user.orgId}`, label: m.ownOrg, icon: user.role === 'school' ? School : OfficeBuilding });
  } else if (can(user.role, 'org.read')) {
    items.push({
      index: 'orgs',
      label: m.orgs,
      icon: OfficeBuilding,
      children: [
        { index: '/orgs?type=school', label: m.schools },
        { index: '/orgs?type=enterprise', label: m.enterprises },
      ],
    });
  }
  if (can(user.role, 'account.read')) items.push({ index: '/accounts', label: m.accounts, icon: User });
  items.push({
    index: 'reference',
    label: m.reference,
    icon: Collection,
    children: [
      { index: '/reference/regions', label: m.regions },
      ...DICT_KINDS.map((k) => ({ index: `/reference/${k}`, label: t.reference.kindTitles[k] })),
      { index: '/reference/crosswalk', label: m.crosswalk },
    ],
  });
  if (can(user.role, 'audit.read')) items.push({ index: '/audit', label: m.audit, icon: DocumentChecked });
  items.push({ index: '/password', label: m.password, icon: Lock });
  return items;
}

/** Which menu entry the current page belongs to. */
export function activeMenuIndex(route: RouteLocationNormalizedLoaded): string {
  const type = route.query.type === 'enterprise' ? 'enterprise' : 'school';
  switch (route.name) {
    case 'orgs':
    case 'org-create':
      return `/orgs?type=${type}`;
    case 'org-detail':
      return route.query.type ? `/orgs?type=${type}` : route.path;
    default:
      return route.path;
  }
}
