import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

export const formRoutes: RouteRecordRaw[] = [
  {
    path: 'forms/:id(\\d+)',
    name: 'form-detail',
    component: () => import('@/views/forms/review/index.vue'),
    meta: {
      permission: 'form.read',
      title: t.review.page.title,
      crumbs: [t.layout.menu.reviewGroup, t.review.page.title],
    },
  },
];
