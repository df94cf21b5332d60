import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';
import { useSessionStore } from '@/stores/session';

const BUREAUS = ['province', 'region'] as const;
const typeTitle = (r: RouteLocationNormalized) =>
  r.query.type === 'enterprise' ? t.orgs.list.titleEnterprise : t.orgs.list.titleSchool;

export const orgRoutes: RouteRecordRaw[] = [
  {
    path: 'orgs',
    name: 'orgs',
    component: () => import('@/views/orgs/list/index.vue'),
    meta: {
      permission: 'org.read',
      roles: BUREAUS,
      title: typeTitle,
      crumbs: (r) => [t.layout.menu.orgs, typeTitle(r)],
    },
  },
  {
    path: 'orgs/new',
    name: 'org-create',
    component: () => import('@/views/orgs/create/index.vue'),
    meta: {
      permission: 'org.create',
      title: (r) => (r.query.type === 'enterprise' ? t.orgs.create.titleEnterprise : t.orgs.create.titleSchool),
      crumbs: (r) => [t.layout.menu.orgs, typeTitle(r), t.common.create],
    },
  },
  {
    path: 'orgs/:id(\\d+)',
    name: 'org-detail',
    component: () => import('@/views/orgs/detail/index.vue'),
    meta: {
      permission: 'org.read',
      title: t.orgs.detail.title,
      crumbs: (r) => {
        if (r.query.type) return [t.layout.menu.orgs, typeTitle(r), t.orgs.detail.title];
        const own = useSessionStore().user?.orgId === Number(r.params.id);
        return [own ? t.layout.menu.ownOrg : t.orgs.detail.title];
      },
    },
  },
];
