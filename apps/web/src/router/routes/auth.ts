import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

export const publicAuthRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/login/index.vue'),
    meta: { public: true, title: t.auth.login.title },
  },
  // The link in the 忘记密码 mail: ${PUBLIC_URL}/reset-password?token=…
  {
    path: '/reset-password',
    name: 'reset-password',
    component: () => import('@/views/auth/reset/index.vue'),
    meta: { public: true, title: t.auth.reset.title },
  },
];

export const authRoutes: RouteRecordRaw[] = [
  {
    path: 'profile',
    name: 'profile',
    component: () => import('@/views/auth/profile/index.vue'),
    meta: { title: t.auth.profile.title, crumbs: [t.auth.profile.title] },
  },
  {
    path: 'password',
    name: 'password',
    component: () => import('@/views/auth/password/index.vue'),
    meta: { title: t.auth.password.title, crumbs: [t.auth.password.title] },
  },
];
