// 需求信息 (public catalogue), 推荐合作单位, 对接意向, 洽谈会, 需求发布 / 未匹配需求.
import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router';
import { t } from '@/locales';
import { useSessionStore } from '@/stores/session';

const search = () => import('@/views/catalogue/search/index.vue');
const item = () => import('@/views/catalogue/item/index.vue');
const org = () => import('@/views/catalogue/org/index.vue');
const events = () => import('@/views/events/list/index.vue');
const event = () => import('@/views/events/detail/index.vue');

const C = t.catalogue;
const M = t.matchmaking;

/**
 * The catalogue and the fairs are public. Anonymous readers get them in the light public frame (/public/…);
 * logged-in users also have them inside the workbench (/catalogue/…, /events/…). A workbench link opened
 * without a session (a shared link, an e-mail) lands on the public twin instead of the login page.
 */
const toPublic = (to: RouteLocationNormalized) =>
  useSessionStore().user ? true : { path: `/public${to.path.replace(/^\/catalogue/, '')}`, query: to.query };

export const publicCatalogueRoutes: RouteRecordRaw[] = [
  {
    path: '/public',
    component: () => import('@/views/public/PublicLayout.vue'),
    meta: { public: true },
    children: [
      { path: '', name: 'public-catalogue', component: search, meta: { public: true, title: C.search.title } },
      { path: 'items/:id(\\d+)', name: 'public-item', component: item, meta: { public: true, title: C.search.title } },
      { path: 'orgs/:id(\\d+)', name: 'public-org', component: org, meta: { public: true, title: C.search.title } },
      {
        path: 'open-data',
        name: 'public-open-data',
        component: () => import('@/views/public/opendata/index.vue'),
        meta: { public: true, title: C.openData.title },
      },
      { path: 'events', name: 'public-events', component: events, meta: { public: true, title: t.events.list.title } },
      {
        path: 'events/:id(\\d+)',
        name: 'public-event',
        component: event,
        meta: { public: true, title: t.events.list.title },
      },
    ],
  },
];

export const catalogueRoutes: RouteRecordRaw[] = [
  {
    path: 'catalogue',
    name: 'catalogue',
    component: search,
    beforeEnter: toPublic,
    meta: { public: true, title: C.search.title, crumbs: [C.menu.catalogue] },
  },
  {
    path: 'catalogue/items/:id(\\d+)',
    name: 'catalogue-item',
    component: item,
    beforeEnter: toPublic,
    meta: { public: true, title: C.search.title, crumbs: [C.menu.catalogue, C.menu.item] },
  },
  {
    path: 'catalogue/orgs/:id(\\d+)',
    name: 'catalogue-org',
    component: org,
    beforeEnter: toPublic,
    meta: { public: true, title: C.search.title, crumbs: [C.menu.catalogue, C.menu.org] },
  },
  {
    path: 'recommendations',
    name: 'recommendations',
    component: () => import('@/views/recommendations/list/index.vue'),
    meta: {
      permission: 'recommendation.read',
      roles: ['school', 'enterprise'],
      title: M.recommendations.title,
      crumbs: [M.recommendations.title],
    },
  },
  {
    path: 'intents',
    name: 'intents',
    component: () => import('@/views/intents/list/index.vue'),
    meta: { permission: 'intent.read', title: M.intents.title, crumbs: [M.intents.title] },
  },
  {
    path: 'intents/:id(\\d+)',
    name: 'intent-detail',
    component: () => import('@/views/intents/detail/index.vue'),
    meta: { permission: 'intent.read', title: M.intentDetail.title, crumbs: [M.intents.title, M.intentDetail.title] },
  },
  {
    path: 'events',
    name: 'events',
    component: events,
    beforeEnter: toPublic,
    meta: { public: true, title: t.events.list.title, crumbs: [t.events.list.title] },
  },
  {
    path: 'events/:id(\\d+)',
    name: 'event-detail',
    component: event,
    beforeEnter: toPublic,
    meta: { public: true, title: t.events.list.title, crumbs: [t.events.list.title, C.menu.event] },
  },
  {
    path: 'publications',
    name: 'publications',
    component: () => import('@/views/publications/list/index.vue'),
    meta: { permission: 'catalogue.publish', title: C.publications.title, crumbs: [C.publications.title] },
  },
  {
    path: 'unmatched',
    name: 'unmatched',
    component: () => import('@/views/publications/unmatched/index.vue'),
    meta: {
      permission: 'intent.read',
      roles: ['province', 'region'],
      title: C.unmatched.title,
      crumbs: [C.unmatched.title],
    },
  },
];
