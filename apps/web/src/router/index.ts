import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { setPasswordChangeHandler, setUnauthorizedHandler } from '@/api/http';
import { t } from '@/locales';
import { useSessionStore } from '@/stores/session';
import './meta';
import { accountRoutes } from './routes/accounts';
import { auditRoutes } from './routes/audit';
import { catalogueRoutes, publicCatalogueRoutes } from './routes/catalogue';
import { campaignRoutes } from './routes/campaigns';
import { formRoutes } from './routes/forms';
import { notificationRoutes } from './routes/notifications';
import { authRoutes, publicAuthRoutes } from './routes/auth';
import { errorRoutes } from './routes/errors';
import { homeRoutes } from './routes/home';
import { indicatorRoutes } from './routes/indicators';
import { inputRoutes } from './routes/inputs';
import { dutyRoutes } from './routes/duties';
import { schoolBuildingRoutes } from './routes/schoolBuilding';
import { orgRoutes } from './routes/orgs';
import { projectRoutes, publicAgreementRoutes } from './routes/projects';
import { referenceRoutes } from './routes/reference';
import { publicResultsRoutes, resultsRoutes } from './routes/results';
import { warningRoutes } from './routes/warning';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    ...publicAuthRoutes,
    ...publicCatalogueRoutes,
    ...publicResultsRoutes,
    ...publicAgreementRoutes,
    {
      path: '/',
      component: () => import('@/components/layout/AppLayout.vue'),
      children: [
        ...homeRoutes,
        ...indicatorRoutes,
        ...inputRoutes,
        ...dutyRoutes,
        ...schoolBuildingRoutes,
        ...orgRoutes,
        ...accountRoutes,
        ...referenceRoutes,
        ...auditRoutes,
        ...campaignRoutes,
        ...formRoutes,
        ...notificationRoutes,
        ...catalogueRoutes,
        ...projectRoutes,
        ...warningRoutes,
        ...resultsRoutes,
        ...authRoutes,
      ],
    },
    ...errorRoutes,
  ],
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

/** Only same-site paths may be used as a post-login destination. */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login')
    ? value
    : '/';
}

function notFound(to: RouteLocationNormalized) {
  // Forbidden looks exactly like unknown, as on the server.
  return {
    name: 'not-found',
    params: { pathMatch: to.path.slice(1).split('/') },
    query: to.query,
    hash: to.hash,
    replace: true,
  };
}

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.checked) {
    try {
      await session.load();
    } catch {
      // Server unreachable: let the login page show the error when the user tries.
    }
  }
  // A one-time password (set by an administrator or a reset) is changed before anything else: the server answers
  // every other call with password_change_required until then, public pages included.
  if (session.user?.mustChangePassword && to.name !== 'password') {
    const redirect = to.name === 'login' ? to.query.redirect : to.fullPath;
    return {
      name: 'password',
      query: { redirect: redirect && redirect !== '/' ? safeRedirect(redirect) : undefined },
      replace: true,
    };
  }
  if (to.name === 'login' && session.user) return safeRedirect(to.query.redirect);
  if (to.meta.public) return true;
  if (!session.user) {
    return {
      name: 'login',
      query: {
        redirect: to.fullPath === '/' ? undefined : to.fullPath,
        reason: session.expired ? 'expired' : undefined,
      },
    };
  }
  if (to.meta.permission && !session.can(to.meta.permission)) return notFound(to);
  if (to.meta.roles && !to.meta.roles.includes(session.user.role)) return notFound(to);
  return true;
});

router.afterEach((to) => {
  const title = typeof to.meta.title === 'function' ? to.meta.title(to) : to.meta.title;
  document.title = title ? `${title} - ${t.common.appShortName}` : t.common.appName;
});

setPasswordChangeHandler(() => {
  const session = useSessionStore();
  if (!session.user || router.currentRoute.value.name === 'password') return;
  session.user.mustChangePassword = true;
  void router.replace({ name: 'password', query: { redirect: router.currentRoute.value.fullPath } });
});

setUnauthorizedHandler((code) => {
  const session = useSessionStore();
  session.clear();
  const current = router.currentRoute.value;
  if (current.name === 'login') return;
  void router.replace({
    name: 'login',
    query: { redirect: current.fullPath, reason: code === 'session_expired' ? 'expired' : undefined },
  });
});
