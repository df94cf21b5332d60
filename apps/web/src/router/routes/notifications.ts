import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

export const notificationRoutes: RouteRecordRaw[] = [
  {
    path: 'notifications',
    name: 'notifications',
    component: () => import('@/views/notifications/list/index.vue'),
    meta: { title: t.notifications.title, crumbs: [t.notifications.title] },
  },
];
