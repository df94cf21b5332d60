import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

export const homeRoutes: RouteRecordRaw[] = [
  {
    path: '',
    name: 'home',
    component: () => import('@/views/home/dashboard/index.vue'),
    meta: { title: t.home.title, crumbs: [] },
  },
];
