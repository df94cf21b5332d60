import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

const L = t.duties;

/** Issue 19 parts 6–7: 培训评价与竞赛, 学校考核, 倾斜名单. */
export const dutyRoutes: RouteRecordRaw[] = [
  {
    path: 'skills',
    name: 'skills',
    component: () => import('@/views/skills/index.vue'),
    meta: { permission: 'skill.read', title: L.skills.title, crumbs: [L.menu.skills] },
  },
  {
    path: 'school-assessment',
    name: 'school-assessment',
    component: () => import('@/views/schoolassess/index.vue'),
    meta: { permission: 'schoolassess.read', title: L.school.title, crumbs: [L.menu.schoolAssessment] },
  },
  {
    path: 'priority',
    name: 'priority',
    component: () => import('@/views/priority/index.vue'),
    meta: { permission: 'priority.read', title: L.priority.title, crumbs: [L.menu.priority] },
  },
];
