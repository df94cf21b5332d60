import { toQueryString } from './http';

/** 上报 and the list exports (server: modules/reports). Each takes the filters the page shows. */
export const reportsApi = {
  progressXlsx: (q: { year?: number; asOf?: string }) => `/api/reports/progress.xlsx${toQueryString(q)}`,
  progressDocx: (q: { year?: number; asOf?: string }) => `/api/reports/progress.docx${toQueryString(q)}`,
  agreements: (q: { q?: string; status?: string; year?: number; keyProject?: string; region?: string }) =>
    `/api/agreements/export.xlsx${toQueryString(q)}`,
  projects: (q: { q?: string; type?: string; status?: string; year?: number; region?: string; agreementId?: number }) =>
    `/api/projects/export.xlsx${toQueryString(q)}`,
  internships: (q: { state?: string }) => `/api/internships/export.xlsx${toQueryString(q)}`,
  quota: (year: number) => `/api/campaigns/${year}/quota/export.xlsx`,
};
