import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

export const publicAuthRoutes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/auth/login/index.vue'), meta: { public: true, title: t.auth.login.title } },
];

export const authRoutes: RouteRecordRaw[] = [
  { path: 'password', name: 'password', component: () => import('@/views/auth/password/index.vue'), meta: { title: t.auth.password.title, crumbs: [t.auth.password.title] } },
];
