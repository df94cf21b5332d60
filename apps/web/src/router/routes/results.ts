// 示范项目遴选 (demonstration selection), and the results published to everyone (示范名单, 签约仪式, 表扬, 典型案例).
import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '@cjrh/domain';
import { t } from '@/locales';

const R = t.results;
const SIGNED_IN: readonly Role[] = ['province', 'region', 'school', 'enterprise', 'expert'];
const PROVINCE: readonly Role[] = ['province'];

/** Inside the workbench. The server scopes every answer; roles here keep people off pages that would refuse them. */
export const resultsRoutes: RouteRecordRaw[] = [
  {
    path: 'selection/rounds',
    name: 'selection-rounds',
    component: () => import('@/views/selection/list/index.vue'),
    meta: { roles: SIGNED_IN, title: R.rounds.title, crumbs: [R.menu.selection] },
  },
  {
    path: 'selection/rounds/:id(\\d+)',
    name: 'selection-round',
    component: () => import('@/views/selection/detail/index.vue'),
    meta: { roles: SIGNED_IN, title: R.detail.title, crumbs: [R.menu.selection, R.detail.title] },
  },
  // Addresses of the release before the rename (bookmarks, links in older notifications) keep working.
  { path: 'demo/rounds', redirect: '/selection/rounds' },
  { path: 'demo/rounds/:id(\\d+)', redirect: (to) => `/selection/rounds/${String(to.params.id)}` },
  {
    path: 'cases',
    name: 'cases-manage',
    component: () => import('@/views/results/manage/CaseList.vue'),
    meta: { roles: PROVINCE, title: R.manageCases.title, crumbs: [R.menu.results, R.manageCases.title] },
  },
  {
    path: 'cases/new',
    name: 'case-create',
    component: () => import('@/views/results/manage/CaseEditor.vue'),
    meta: {
      roles: PROVINCE,
      title: R.manageCases.create,
      crumbs: [R.menu.results, R.manageCases.title, R.manageCases.create],
    },
  },
  {
    path: 'cases/:id(\\d+)/edit',
    name: 'case-edit',
    component: () => import('@/views/results/manage/CaseEditor.vue'),
    meta: {
      roles: PROVINCE,
      title: R.manageCases.edit,
      crumbs: [R.menu.results, R.manageCases.title, R.manageCases.edit],
    },
  },
  {
    path: 'commendations',
    name: 'commendations-manage',
    component: () => import('@/views/results/manage/Commendations.vue'),
    meta: {
      roles: PROVINCE,
      title: R.manageCommendations.title,
      crumbs: [R.menu.results, R.manageCommendations.title],
    },
  },
];

const N = R.publicNav;
/**
 * Public pages (no login), in the light public frame. Under /results/… (the link the server puts in "selected"
 * notifications is /results/demonstrations), apart from the catalogue's /public/….
 */
export const publicResultsRoutes: RouteRecordRaw[] = [
  {
    path: '/results',
    component: () => import('@/views/public/PublicLayout.vue'),
    meta: { public: true },
    children: [
      { path: '', redirect: '/results/demonstrations' },
      {
        path: 'demonstrations',
        name: 'public-demonstrations',
        component: () => import('@/views/results/demonstrations/index.vue'),
        meta: { public: true, title: N.demonstrations },
      },
      {
        path: 'signing-ceremony',
        name: 'public-ceremony',
        component: () => import('@/views/results/ceremony/index.vue'),
        meta: { public: true, title: N.ceremony },
      },
      {
        path: 'commendations',
        name: 'public-commendations',
        component: () => import('@/views/results/commendations/index.vue'),
        meta: { public: true, title: N.commendations },
      },
      {
        path: 'cases',
        name: 'public-cases',
        component: () => import('@/views/results/cases/index.vue'),
        meta: { public: true, title: N.cases },
      },
      {
        path: 'cases/:id(\\d+)',
        name: 'public-case',
        component: () => import('@/views/results/case/index.vue'),
        meta: { public: true, title: N.cases },
      },
    ],
  },
];
