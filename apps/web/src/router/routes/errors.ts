import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

export const errorRoutes: RouteRecordRaw[] = [
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/errors/not-found/index.vue'),
    meta: { public: true, title: t.layout.notFound.title },
  },
];
