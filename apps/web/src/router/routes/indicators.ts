import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

const L = t.indicators;

export const indicatorRoutes: RouteRecordRaw[] = [
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('@/views/dashboard/index.vue'),
    meta: { roles: ['province', 'region', 'school'], title: L.dashboard.title, crumbs: [L.menu.dashboard] },
  },
  {
    path: 'dashboard/map',
    name: 'indicator-map',
    component: () => import('@/views/dashboard/map/index.vue'),
    meta: {
      roles: ['province', 'region'],
      title: L.map.title,
      crumbs: [{ label: L.menu.dashboard, to: { name: 'dashboard' } }, L.map.title],
    },
  },
  {
    path: 'indicators/:id([a-z0-9_]+)',
    name: 'indicator-rows',
    component: () => import('@/views/indicators/rows.vue'),
    meta: { roles: ['province', 'region', 'school'], title: L.drill.title, crumbs: [L.menu.dashboard, L.drill.title] },
  },
];
