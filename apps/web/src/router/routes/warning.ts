// 专业预警 (specialty early warning) and 年度考核 (annual assessment of regions). Both are the bureaus': the server lets
// the province see every region and a region bureau only its own; only the province edits thresholds and schemes.
import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

const M = t.warning.menu;

export const warningRoutes: RouteRecordRaw[] = [
  {
    path: 'warning',
    name: 'warning',
    component: () => import('@/views/warning/index.vue'),
    meta: { roles: ['province', 'region'], title: M.warning, crumbs: [M.warning] },
  },
  {
    path: 'assessment',
    name: 'assessment',
    component: () => import('@/views/assessment/index.vue'),
    meta: { roles: ['province', 'region'], title: M.assessment, crumbs: [M.assessment] },
  },
  {
    path: 'assessment/:year(\\d{4})/scheme',
    name: 'assessment-scheme',
    component: () => import('@/views/assessment/scheme/index.vue'),
    meta: { roles: ['province'], title: t.warning.scheme.crumb, crumbs: [M.assessment, t.warning.scheme.crumb] },
  },
];
