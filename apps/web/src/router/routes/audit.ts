import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

export const auditRoutes: RouteRecordRaw[] = [
  {
    path: 'audit',
    name: 'audit',
    component: () => import('@/views/audit/list/index.vue'),
    meta: { permission: 'audit.read', title: t.audit.title, crumbs: [t.audit.title] },
  },
  {
    path: 'ops',
    name: 'ops',
    component: () => import('@/views/ops/index.vue'),
    meta: { permission: 'ops.read', title: t.ops.title, crumbs: [t.ops.title] },
  },
];
