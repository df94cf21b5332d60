import type { Permission, Role } from '@cjrh/domain';
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';

/** A breadcrumb: a label, or a label with the page it opens (a step back on a drill-down path). */
export type Crumb = string | { label: string; to?: RouteLocationRaw };
type Crumbs = Crumb[] | ((route: RouteLocationNormalized) => Crumb[]);

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without logging in. */
    public?: boolean;
    /** The permission the route needs (same codes as the server's requireAccess). */
    permission?: Permission;
    /** Further limits a route to some roles (e.g. lists are for bureaus, not for a school looking at itself). */
    roles?: readonly Role[];
    /** Browser tab title; a function when it depends on the query. */
    title?: string | ((route: RouteLocationNormalized) => string);
    /** Breadcrumb labels after 工作台; the last one is the current page. */
    crumbs?: Crumbs;
  }
}
