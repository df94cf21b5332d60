// 年度考核: the province's weighted scheme per year, scores per region (live while draft, stored once frozen),
// manual items with reasons, freezing, and the Excel / Word downloads of a frozen year.
import type { IndicatorUnit, SchemeItem, SchemeItemKind } from '@cjrh/domain';
import { http } from './http';

export type AssessmentStatus = 'none' | 'draft' | 'frozen';

export interface ResultItem {
  key: string;
  label: string;
  kind: SchemeItemKind;
  indicatorId: string | null;
  unit: IndicatorUnit | null;
  target: number | null;
  value: number | null;
  /** 0–100; null for a manual item not scored yet. */
  score: number | null;
  weight: number;
  weighted: number;
  /** Indicator items: the drill-down page path that shows the figure row by row. */
  evidence: string | null;
  /** Manual items: why the province gave the score. */
  reason: string | null;
}

export interface RegionResult {
  regionCode: string;
  regionName: string;
  items: ResultItem[];
  total: number;
  rank: number;
  complete: boolean;
}

interface MissingScore {
  regionCode: string;
  regionName: string;
  itemKey: string;
  itemLabel: string;
}

export interface Assessment {
  year: number;
  title: string;
  status: AssessmentStatus;
  version: number | null;
  frozenAt: string | null;
  live: boolean;
  asOf: string;
  /** The day the indicator figures stand at: 31 December of a past year, today while the year runs. */
  asOfDate?: string;
  scheme: SchemeItem[];
  rows: RegionResult[];
  missing: MissingScore[];
}

export interface AssessmentYear {
  year: number;
  title: string;
  status: 'draft' | 'frozen';
  version: number;
  itemCount: number;
  frozenAt: string | null;
}

export interface ManualEntry {
  regionCode: string;
  itemKey: string;
  score: number;
  reason: string;
}

export const assessmentApi = {
  years: () => http.get<{ items: AssessmentYear[] }>('/api/assessment'),
  get: (year: number) => http.get<Assessment>(`/api/assessment/${year}`),
  saveScheme: (year: number, body: { title?: string; items: SchemeItem[]; version?: number }) =>
    http.put<Assessment>(`/api/assessment/${year}/scheme`, body),
  saveManual: (year: number, body: ManualEntry) =>
    http.put<ManualEntry & { enteredAt: string }>(`/api/assessment/${year}/manual`, body),
  freeze: (year: number) => http.post<Assessment>(`/api/assessment/${year}/freeze`),
  xlsxUrl: (year: number) => `/api/assessment/${year}/result.xlsx`,
  docxUrl: (year: number) => `/api/assessment/${year}/report.docx`,
};
