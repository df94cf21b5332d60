import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router';
import { ElMessage } from 'element-plus';
import { fmt, t } from '@/locales';
import { campaignsApi } from '@/api/campaigns';
import { useSessionStore } from '@/stores/session';
import { showError } from '@/utils/notify';

const BUREAUS = ['province', 'region'] as const;
const M = t.layout.menu;
const yearOf = (r: RouteLocationNormalized) => String(r.params.year ?? '');
const yearCrumb = (r: RouteLocationNormalized) => fmt(t.campaigns.home.title, { year: yearOf(r) });
// The region sends batches, the province receives them: same page, named for who is looking.
const batchesTitle = () => (useSessionStore().role === 'province' ? M.batchesProvince : M.batches);

/**
 * The menu links to year-less paths (/my-form, /review …); they land on the current campaign's page, so a menu built
 * before any campaign is known still points to the right year.
 */
function toCurrent(page: string): RouteRecordRaw['beforeEnter'] {
  return async (to) => {
    try {
      const c = await campaignsApi.current();
      if (c) return { path: `/campaigns/${c.year}/${page}`, query: to.query, replace: true };
      ElMessage.info(t.layout.noCampaign);
    } catch (e) {
      showError(e);
    }
    return { name: 'campaigns', replace: true };
  };
}

const Empty = { render: () => null };
const shortcut = (page: string, meta: RouteRecordRaw['meta']): RouteRecordRaw => ({
  path: page,
  name: `current-${page}`,
  component: Empty,
  meta,
  beforeEnter: toCurrent(page),
});

export const campaignRoutes: RouteRecordRaw[] = [
  {
    path: 'campaigns',
    name: 'campaigns',
    component: () => import('@/views/campaigns/list/index.vue'),
    meta: { permission: 'campaign.read', title: M.campaigns, crumbs: [M.campaigns] },
  },
  {
    path: 'campaigns/:year(\\d{4})',
    name: 'campaign-detail',
    component: () => import('@/views/campaigns/detail/index.vue'),
    meta: { permission: 'campaign.read', title: (r) => yearCrumb(r), crumbs: (r) => [M.campaigns, yearCrumb(r)] },
  },
  {
    path: 'campaigns/:year(\\d{4})/designer',
    name: 'form-designer',
    component: () => import('@/views/campaigns/designer/index.vue'),
    meta: {
      permission: 'campaign.manage',
      title: t.campaigns.lifecycle.designer,
      crumbs: (r) => [M.campaigns, yearCrumb(r), t.campaigns.lifecycle.designer],
    },
  },
  {
    path: 'campaigns/:year(\\d{4})/my-form',
    name: 'my-form',
    component: () => import('@/views/forms/my-form/index.vue'),
    meta: { permission: 'form.fill', title: M.myForm, crumbs: (r) => [yearCrumb(r), M.myForm] },
  },
  {
    path: 'campaigns/:year(\\d{4})/review',
    name: 'review-list',
    component: () => import('@/views/forms/review-list/index.vue'),
    meta: {
      permission: 'form.review',
      roles: BUREAUS,
      title: M.review,
      crumbs: (r) => [M.reviewGroup, yearCrumb(r), M.review],
    },
  },
  {
    path: 'campaigns/:year(\\d{4})/batches',
    name: 'batches',
    component: () => import('@/views/forms/batches/index.vue'),
    meta: {
      permission: 'form.review',
      roles: BUREAUS,
      title: batchesTitle,
      crumbs: (r) => [M.reviewGroup, yearCrumb(r), batchesTitle()],
    },
  },
  {
    path: 'campaigns/:year(\\d{4})/completeness',
    name: 'completeness',
    component: () => import('@/views/forms/completeness/index.vue'),
    meta: {
      permission: 'form.review',
      roles: BUREAUS,
      title: M.completeness,
      crumbs: (r) => [M.reviewGroup, yearCrumb(r), M.completeness],
    },
  },
  {
    path: 'campaigns/:year(\\d{4})/import',
    name: 'import',
    component: () => import('@/views/forms/import/index.vue'),
    meta: { permission: 'form.import', title: M.import, crumbs: (r) => [yearCrumb(r), M.import] },
  },
  shortcut('my-form', { permission: 'form.fill', title: M.myForm }),
  shortcut('review', { permission: 'form.review', roles: BUREAUS, title: M.review }),
  shortcut('batches', { permission: 'form.review', roles: BUREAUS, title: M.batches }),
  shortcut('completeness', { permission: 'form.review', roles: BUREAUS, title: M.completeness }),
  shortcut('import', { permission: 'form.import', title: M.import }),
];
