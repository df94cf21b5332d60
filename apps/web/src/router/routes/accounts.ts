import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

export const accountRoutes: RouteRecordRaw[] = [
  {
    path: 'accounts',
    name: 'accounts',
    component: () => import('@/views/accounts/list/index.vue'),
    meta: { permission: 'account.read', title: t.accounts.title, crumbs: [t.accounts.title] },
  },
];
