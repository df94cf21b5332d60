import type { RouteRecordRaw } from 'vue-router';
import { DICT_KINDS } from '@cjrh/domain';
import { t } from '@/locales';

const kindTitle = (kind: unknown) => t.reference.kindTitles[String(kind)] ?? '';

// Reference data is readable by every logged-in role; only the province edits it (checked in the page via can()).
export const referenceRoutes: RouteRecordRaw[] = [
  {
    path: 'reference/regions',
    name: 'regions',
    component: () => import('@/views/reference/regions/index.vue'),
    meta: { title: t.reference.regions.title, crumbs: [t.layout.menu.reference, t.reference.regions.title] },
  },
  {
    path: 'reference/crosswalk',
    name: 'crosswalk',
    component: () => import('@/views/reference/crosswalk/index.vue'),
    meta: { title: t.reference.crosswalk.title, crumbs: [t.layout.menu.reference, t.reference.crosswalk.title] },
  },
  {
    path: `reference/:kind(${DICT_KINDS.join('|')})`,
    name: 'dict',
    component: () => import('@/views/reference/dict/index.vue'),
    meta: {
      title: (r) => kindTitle(r.params.kind),
      crumbs: (r) => [t.layout.menu.reference, kindTitle(r.params.kind)],
    },
  },
];
