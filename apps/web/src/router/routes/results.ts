// 示范项目遴选 (demonstration selection), and the results published to everyone (示范名单, 签约仪式, 表扬, 典型案例).
import type { RouteRecordRaw } from 'vue-router';

/** Inside the workbench. */
export const resultsRoutes: RouteRecordRaw[] = [];
/** Public pages (no login), in the light public frame. */
export const publicResultsRoutes: RouteRecordRaw[] = [];
