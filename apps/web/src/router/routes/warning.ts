// 专业预警 (specialty early warning) and 年度考核 (annual assessment of regions).
import type { RouteRecordRaw } from 'vue-router';

export const warningRoutes: RouteRecordRaw[] = [];
