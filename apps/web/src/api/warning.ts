// 专业预警: supply (graduates) against demand (places) per region × specialty, employment after internships, flags
// by the province's thresholds; the thresholds themselves; the Excel export.
import type { z } from 'zod';
import type { WarningThresholds, warningOut, warningRowOut, warningSettingsOut } from '@cjrh/domain';
import { http, toQueryString } from './http';

export type WarningRow = z.output<typeof warningRowOut>;
export type WarningData = z.output<typeof warningOut>;
export type WarningSettings = z.output<typeof warningSettingsOut>;

export interface WarningQuery {
  year?: number;
  region?: string;
}

export const warningApi = {
  // The page shapes its own heatmap from the rows (by specialty or category), so it asks for the smallest server one.
  table: (q: WarningQuery) => http.get<WarningData>('/api/warning', { ...q, top: 1 }),
  settings: () => http.get<WarningSettings>('/api/warning/settings'),
  saveSettings: (t: WarningThresholds) => http.put<WarningSettings>('/api/warning/settings', t),
  exportUrl: (q: WarningQuery) => `/api/warning/export.xlsx${toQueryString({ ...q })}`,
};
