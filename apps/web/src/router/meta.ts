import type { Permission, Role } from '@cjrh/domain';
import type { RouteLocationNormalized } from 'vue-router';

export type Crumbs = string[] | ((route: RouteLocationNormalized) => string[]);

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
