// 专项行动指标: cards with formula, target, light and forecast; the rows behind each figure; by region; trend.
import type { z } from 'zod';
import type {
  indicatorCardOut,
  indicatorListOut,
  indicatorRowOut,
  indicatorRowsOut,
  indicatorScopeQuery,
  indicatorTrendOut,
  regionsHistoryOut,
  regionTargetsOut,
  regionValueOut,
  regionValuesOut,
  schoolShareOut,
  weekChangesOut,
} from '@cjrh/domain';
import { http, toQueryString } from './http';

export type { IndicatorUnit } from '@cjrh/domain';
export type Which = 'numerator' | 'denominator';

export type IndicatorCardData = z.output<typeof indicatorCardOut>;
export type RegionTargets = z.output<typeof regionTargetsOut>;
export type SchoolShare = z.output<typeof schoolShareOut>;
export type WeekChanges = z.output<typeof weekChangesOut>;
export type RegionsHistory = z.output<typeof regionsHistoryOut>;
/** YYYY-MM-DD in `asOf`: the figures as they stood at the end of that day. */
export type IndicatorScopeQuery = z.output<typeof indicatorScopeQuery>;
export type IndicatorList = z.output<typeof indicatorListOut>;
export type IndicatorRow = z.output<typeof indicatorRowOut>;
type IndicatorRows = z.output<typeof indicatorRowsOut>;
export type RegionValue = z.output<typeof regionValueOut>;
export type RegionValues = z.output<typeof regionValuesOut>;
export type Trend = z.output<typeof indicatorTrendOut>;

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
