// 专项行动指标: cards with formula, target, light and forecast; the rows behind each figure; by region; trend.
import { http, toQueryString } from './http';

export type IndicatorUnit = 'ratio' | 'count' | 'person_times' | 'people';
type Light = 'green' | 'amber' | 'red' | 'none';
export type Which = 'numerator' | 'denominator';

export interface IndicatorCardData {
  id: string;
  label: string;
  group: string;
  value: number | null;
  numerator: number;
  denominator: number | null;
  target: number;
  op: string;
  unit: IndicatorUnit;
  formula: string;
  numeratorLabel: string;
  denominatorLabel: string | null;
  choice: string | null;
  deadline: string;
  expected: number;
  light: Light;
  forecast: number | null;
  paceNeeded: number | null;
  asOf: string;
  /** The deadline has passed or lies before the selected year: the value is final (shown as 已结束, no light). */
  ended?: boolean;
  /** 待审核: claimed but not yet counted (submitted reports the bureau has not accepted); only on cards where it applies. */
  pendingValue?: number;
  /** The sparkline: the last recorded value of each month, then the figure itself. */
  spark?: { date: string; value: number }[];
}

export interface RegionTargets {
  year: number;
  asOfDate: string;
  regionCode: string;
  regionName: string;
  hasQuota: boolean;
  items: {
    id: string;
    label: string;
    target: number;
    value: number;
    drill: string | null;
    ratio: number | null;
    expected: number;
    light: 'green' | 'amber' | 'red';
  }[];
}

export interface SchoolShare {
  regionName: string;
  items: { id: string; label: string; unit: IndicatorUnit; school: number; region: number; share: number | null }[];
}

export interface WeekChanges {
  asOfDate: string;
  since: string;
  items: {
    id: string;
    label: string;
    unit: IndicatorUnit;
    value: number | null;
    previous: number | null;
    delta: number | null;
    added: number;
    removed: number;
    records: { key: string; label: string }[];
  }[];
}

export interface RegionsHistory {
  indicator: { id: string; label: string; unit: IndicatorUnit; target: number };
  max: number;
  regions: { regionCode: string; regionName: string; points: { date: string; value: number | null }[] }[];
}

export interface IndicatorScopeQuery {
  year?: number;
  /** YYYY-MM-DD: the figures as they stood at the end of that day. */
  asOf?: string;
  region?: string;
  school?: number;
}

export interface IndicatorList {
  scope: { kind: 'province' | 'region' | 'school'; regionCode?: string; schoolId?: number };
  year: number;
  asOf: string;
  /** The day the figures stand at: the end of a past year, today for this year, or the date asked for. */
  asOfDate: string;
  /** Why the figures are empty (a day before the programme began), else null. */
  reason: string | null;
  items: IndicatorCardData[];
}

export interface IndicatorRow {
  key: string;
  label: string;
  regionCode: string;
  regionName: string;
  schoolId: number | null;
  detail: string;
  weight: number;
}

export interface IndicatorRows {
  indicator: { id: string; label: string; formula: string };
  which: Which;
  total: number;
  sum: number;
  items: IndicatorRow[];
}

export interface RegionValue {
  regionCode: string;
  regionName: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
  rank: number;
}

export interface RegionValues {
  indicator: { id: string; label: string; unit: IndicatorUnit; target: number };
  year: number;
  items: RegionValue[];
}

export interface Trend {
  indicator: { id: string; label: string; unit: IndicatorUnit; target: number; deadline: string };
  points: { date: string; value: number | null }[];
  current: number | null;
  forecast: number | null;
}

type RowsQuery = IndicatorScopeQuery & { which: Which; page?: number; pageSize?: number };

export const indicatorsApi = {
  list: (q: IndicatorScopeQuery = {}) => http.get<IndicatorList>('/api/indicators', { ...q }),
  rows: (id: string, q: RowsQuery) =>
    http.get<IndicatorRows>(`/api/indicators/${encodeURIComponent(id)}/rows`, { ...q }),
  rowsXlsxUrl: (id: string, q: IndicatorScopeQuery & { which: Which }) =>
    `/api/indicators/${encodeURIComponent(id)}/rows.xlsx${toQueryString({ ...q })}`,
  regions: (id: string, year?: number, asOf?: string) =>
    http.get<RegionValues>(`/api/indicators/${encodeURIComponent(id)}/regions`, { year, asOf }),
  regionTargets: (q: IndicatorScopeQuery) => http.get<RegionTargets>('/api/dashboard/region-targets', { ...q }),
  schoolShare: (q: IndicatorScopeQuery) => http.get<SchoolShare>('/api/dashboard/school-share', { ...q }),
  week: (q: { asOf?: string; region?: string }) => http.get<WeekChanges>('/api/dashboard/week', { ...q }),
  regionsHistory: (id: string, year?: number) =>
    http.get<RegionsHistory>(`/api/indicators/${encodeURIComponent(id)}/regions/history`, { year }),
  trend: (id: string, region?: string) =>
    http.get<Trend>(`/api/indicators/${encodeURIComponent(id)}/trend`, { region }),
};
