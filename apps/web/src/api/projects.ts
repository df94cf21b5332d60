import type { z } from 'zod';
import type {
  internshipOut,
  projectCreateBody,
  projectListQuery,
  projectOut,
  projectUpdateBody,
  ProjectAction,
  ProjectType,
  quotaTableOut,
  ReportFrequency,
  reportListItemOut,
  reportOut,
  reportVersionOut,
} from '@cjrh/domain';
import { http } from './http';

export type Project = z.infer<typeof projectOut>;
export type ProjectListQuery = Partial<z.infer<typeof projectListQuery>>;
export type ProjectCreateBody = z.input<typeof projectCreateBody>;
export type ProjectUpdateBody = z.input<typeof projectUpdateBody>;

export type Report = z.output<typeof reportOut>;
/** GET /api/reports rows also name their project. */
export type ReportListItem = z.output<typeof reportListItemOut>;
export type ReportVersion = z.output<typeof reportVersionOut>;
export type Internship = z.output<typeof internshipOut>;
export type InternshipBody = Omit<
  Internship,
  | 'id'
  | 'schoolName'
  | 'enterpriseName'
  | 'regionCode'
  | 'agreementId'
  | 'employedAfter'
  | 'version'
  | 'warnings'
  | 'canEdit'
  | 'state'
  | 'awaitingSide'
  | 'declineReason'
  | 'canDecide'
> & { agreementId?: number | null; employedAfter?: number };

export type QuotaTable = z.output<typeof quotaTableOut>;

type Page<T> = { items: T[]; total: number };

export const projectsApi = {
  list: (q: ProjectListQuery) => http.get<Page<Project>>('/api/projects', q),
  get: (id: number) => http.get<Project>(`/api/projects/${id}`),
  create: (agreementId: number, body: ProjectCreateBody) =>
    http.post<Project>(`/api/agreements/${agreementId}/projects`, body),
  update: (id: number, body: ProjectUpdateBody) => http.patch<Project>(`/api/projects/${id}`, body),
  act: (id: number, body: { action: ProjectAction; version: number; reason?: string }) =>
    http.post<Project>(`/api/projects/${id}/actions`, body),
  move: (id: number, body: { agreementId: number; version: number }) =>
    http.post<Project>(`/api/projects/${id}/move`, body),
  /** A reason is required when the bureau deletes a project whose agreement has ended. */
  remove: (id: number, reason?: string) =>
    http.del<{ ok: true }>(`/api/projects/${id}${reason ? `?reason=${encodeURIComponent(reason)}` : ''}`),
  reports: async (id: number) => (await http.get<{ items: Report[] }>(`/api/projects/${id}/reports`)).items,
  settings: async () =>
    (await http.get<{ items: { type: ProjectType; frequency: ReportFrequency }[] }>('/api/project-settings')).items,
  saveSettings: (items: { type: ProjectType; frequency: ReportFrequency }[]) =>
    http.put<{ ok: true }>('/api/project-settings', { items }),
  quota: (year: number) => http.get<QuotaTable>(`/api/campaigns/${year}/quota`),
};

export const reportsApi = {
  list: (q: { state?: string; overdue?: 'true'; page?: number; pageSize?: number }) =>
    http.get<Page<ReportListItem>>('/api/reports', q),
  save: (id: number, body: { version: number; metrics: Record<string, unknown>; note?: string }) =>
    http.put<Report>(`/api/reports/${id}`, body),
  act: (id: number, body: { action: 'submit' | 'accept' | 'return'; version: number; reason?: string }) =>
    http.post<Report>(`/api/reports/${id}/actions`, body),
  history: async (id: number) => (await http.get<{ items: ReportVersion[] }>(`/api/reports/${id}/history`)).items,
};

export const internshipsApi = {
  list: (q: { page?: number; pageSize?: number }) => http.get<Page<Internship>>('/api/internships', q),
  create: (body: InternshipBody) => http.post<Internship>('/api/internships', body),
  update: (id: number, body: Partial<InternshipBody> & { version: number }) =>
    http.patch<Internship>(`/api/internships/${id}`, body),
  decide: (id: number, body: { action: 'confirm' | 'decline'; version: number; reason?: string }) =>
    http.post<Internship>(`/api/internships/${id}/actions`, body),
};
