// The notice's layout, specialty, teacher and office duties; the server decides access, the route checks the permission.
import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

const M = t.schoolBuilding.menu;

export const schoolBuildingRoutes: RouteRecordRaw[] = [
  {
    path: 'layout',
    name: 'layout',
    component: () => import('@/views/layout/index.vue'),
    meta: { permission: 'layout.read', title: t.schoolBuilding.layout.title, crumbs: [M.group, M.layout] },
  },
  {
    path: 'specialty-changes',
    name: 'specialty-changes',
    component: () => import('@/views/specialtychanges/index.vue'),
    meta: { permission: 'specialty.read', title: t.schoolBuilding.specialties.title, crumbs: [M.group, M.specialties] },
  },
  {
    path: 'teachers',
    name: 'teachers',
    component: () => import('@/views/teachers/index.vue'),
    meta: { permission: 'teacher.read', title: t.schoolBuilding.teachers.title, crumbs: [M.group, M.teachers] },
  },
  {
    path: 'coop-offices',
    name: 'coop-offices',
    component: () => import('@/views/coopoffices/index.vue'),
    meta: { permission: 'office.read', title: t.schoolBuilding.offices.title, crumbs: [M.group, M.offices] },
  },
];
