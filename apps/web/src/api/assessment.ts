// 年度考核: the province's weighted scheme per year, scores per region (live while draft, stored once frozen),
// manual items with reasons, freezing, and the Excel / Word downloads of a frozen year.
import type { z } from 'zod';
import type {
  assessmentManualBody,
  assessmentManualOut,
  assessmentOut,
  assessmentRegionResultOut,
  assessmentResultItemOut,
  assessmentYearOut,
  assessmentYearsOut,
  SchemeItem,
} from '@cjrh/domain';
import { http } from './http';

export type Assessment = z.output<typeof assessmentOut>;
export type AssessmentStatus = Assessment['status'];
export type RegionResult = z.output<typeof assessmentRegionResultOut>;
export type ResultItem = z.output<typeof assessmentResultItemOut>;
export type AssessmentYear = z.output<typeof assessmentYearOut>;
export type ManualEntry = z.input<typeof assessmentManualBody>;

export const assessmentApi = {
  years: () => http.get<z.output<typeof assessmentYearsOut>>('/api/assessment'),
  get: (year: number) => http.get<Assessment>(`/api/assessment/${year}`),
  saveScheme: (year: number, body: { title?: string; items: SchemeItem[]; version?: number }) =>
    http.put<Assessment>(`/api/assessment/${year}/scheme`, body),
  saveManual: (year: number, body: ManualEntry) =>
    http.put<z.output<typeof assessmentManualOut>>(`/api/assessment/${year}/manual`, body),
  freeze: (year: number) => http.post<Assessment>(`/api/assessment/${year}/freeze`),
  xlsxUrl: (year: number) => `/api/assessment/${year}/result.xlsx`,
  docxUrl: (year: number) => `/api/assessment/${year}/report.docx`,
};
