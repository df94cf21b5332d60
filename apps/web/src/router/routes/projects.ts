// 合作协议, 合作项目, 进展报告审核, 岗位实习, 任务完成情况, 协议模板. The server scopes every list; roles here only keep
// people off pages that would be empty for them (experts have no agreements; reviews and quotas are the bureaus').
import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '@cjrh/domain';
import { t } from '@/locales';

const M = t.agreements.menu;
const WORKERS: readonly Role[] = ['province', 'region', 'school', 'enterprise'];
const BUREAUS: readonly Role[] = ['province', 'region'];

export const projectRoutes: RouteRecordRaw[] = [
  {
    path: 'agreements',
    name: 'agreements',
    component: () => import('@/views/agreements/list/index.vue'),
    meta: { roles: WORKERS, title: M.agreements, crumbs: [M.agreements] },
  },
  {
    path: 'agreements/new',
    name: 'agreement-create',
    component: () => import('@/views/agreements/create/index.vue'),
    meta: { roles: WORKERS, title: t.agreements.form.title, crumbs: [M.agreements, t.agreements.form.title] },
  },
  {
    path: 'agreements/:id(\\d+)',
    name: 'agreement-detail',
    component: () => import('@/views/agreements/detail/index.vue'),
    meta: { roles: WORKERS, title: M.agreements, crumbs: [M.agreements, t.agreements.detail.title] },
  },
  {
    path: 'agreement-filing',
    name: 'agreement-filing',
    component: () => import('@/views/agreements/filing/index.vue'),
    meta: { roles: BUREAUS, title: M.filing, crumbs: [M.filing] },
  },
  {
    path: 'projects',
    name: 'projects',
    component: () => import('@/views/projects/list/index.vue'),
    meta: { roles: WORKERS, title: M.projects, crumbs: [M.projects] },
  },
  {
    path: 'projects/:id(\\d+)',
    name: 'project-detail',
    component: () => import('@/views/projects/detail/index.vue'),
    meta: { roles: WORKERS, title: M.projects, crumbs: [M.projects, t.projects.detail.title] },
  },
  {
    path: 'reports',
    name: 'reports',
    component: () => import('@/views/reports/review/index.vue'),
    meta: { roles: BUREAUS, title: M.reports, crumbs: [M.reports] },
  },
  {
    path: 'internships',
    name: 'internships',
    component: () => import('@/views/internships/list/index.vue'),
    meta: { roles: WORKERS, title: M.internships, crumbs: [M.internships] },
  },
  {
    path: 'quota',
    name: 'quota',
    component: () => import('@/views/quota/overview/index.vue'),
    meta: { roles: BUREAUS, title: M.quota, crumbs: [M.quota] },
  },
  {
    path: 'agreement-template',
    name: 'agreement-template',
    component: () => import('@/views/agreements/template/index.vue'),
    meta: { permission: 'campaign.manage', roles: ['province'], title: M.template, crumbs: [M.template] },
  },
];

/** Public (no login): 协议验真, the page the QR code in the Word footer opens (`${origin}/verify/{agreementNo}`). */
export const publicAgreementRoutes: RouteRecordRaw[] = [
  {
    path: '/verify',
    component: () => import('@/views/public/PublicLayout.vue'),
    meta: { public: true },
    children: [
      {
        path: '',
        name: 'verify-form',
        component: () => import('@/views/agreements/verify/index.vue'),
        meta: { public: true, title: t.agreements.verify.title },
      },
      {
        path: ':agreementNo',
        name: 'verify',
        component: () => import('@/views/agreements/verify/index.vue'),
        meta: { public: true, title: t.agreements.verify.title },
      },
    ],
  },
];
