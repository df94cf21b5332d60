import type { RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';

const L = t.inputs;

export const inputRoutes: RouteRecordRaw[] = [
  {
    path: 'trainings',
    name: 'trainings',
    component: () => import('@/views/trainings/index.vue'),
    meta: { permission: 'training.read', title: L.trainings.title, crumbs: [L.menu.trainings] },
  },
  {
    path: 'key-industries',
    name: 'key-industries',
    component: () => import('@/views/keyindustries/index.vue'),
    meta: { permission: 'keyindustry.manage', title: L.keyIndustries.title, crumbs: [L.menu.keyIndustries] },
  },
  {
    path: 'mentors',
    name: 'mentors',
    component: () => import('@/views/mentors/index.vue'),
    meta: { permission: 'mentor.read', title: L.mentors.title, crumbs: [L.menu.mentors] },
  },
];
