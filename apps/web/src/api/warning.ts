// 专业预警: supply (graduates) against demand (places) per region × specialty, employment after internships, flags
// by the province's thresholds; the thresholds themselves; the Excel export.
import type { WarningFlag, WarningThresholds } from '@cjrh/domain';
import { http, toQueryString } from './http';

export interface WarningRow {
  regionCode: string;
  regionName: string;
  specialtyCode: string;
  specialtyName: string;
  /** Graduates a year. */
  supply: number;
  /** Places published for the occupations the specialty leads to. */
  demand: number;
  /** demand ÷ supply; null without supply. */
  ratio: number | null;
  employment: number | null;
  students: number;
  flags: WarningFlag[];
}

export interface WarningData {
  year: number;
  asOf: string;
  thresholds: WarningThresholds;
  rows: WarningRow[];
}

export interface WarningSettings extends WarningThresholds {
  updatedAt: string | null;
  isDefault: boolean;
}

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
