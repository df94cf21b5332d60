// 成果展示: the public results (/api/results/…, no login) and the province's editing of cases and commendations.
import type { z } from 'zod';
import type {
  caseAdminOut,
  caseCreateBody,
  caseUpdateBody,
  commendationAdminOut,
  commendationsOut,
  demonstrationsOut,
  publicCase,
  publicCaseDetail,
  signingCeremonyOut,
} from '@cjrh/domain';
import { http } from './http';

export type Demonstrations = z.infer<typeof demonstrationsOut>;
export type CeremonyItem = z.infer<typeof signingCeremonyOut>['items'][number];
export type PublicCommendation = z.infer<typeof commendationsOut>['items'][number];
export type PublicCase = z.infer<typeof publicCase>;
export type PublicCaseDetail = z.infer<typeof publicCaseDetail>;
export type AdminCase = z.infer<typeof caseAdminOut>;
export type CaseCreateBody = z.input<typeof caseCreateBody>;
export type CaseUpdateBody = z.input<typeof caseUpdateBody>;
export type AdminCommendation = z.infer<typeof commendationAdminOut>;

export const resultsApi = {
  demonstrations: (year?: number) => http.get<Demonstrations>('/api/results/demonstrations', { year }),
  ceremony: async (year?: number) =>
    (await http.get<{ items: CeremonyItem[] }>('/api/results/signing-ceremony', { year })).items,
  commendations: async (year?: number) =>
    (await http.get<{ items: PublicCommendation[] }>('/api/results/commendations', { year })).items,
  cases: (q: { year?: number; page?: number; pageSize?: number }) =>
    http.get<{ items: PublicCase[]; total: number }>('/api/results/cases', q),
  case: (id: number) => http.get<PublicCaseDetail>(`/api/results/cases/${id}`),
};

export const casesApi = {
  list: (q: { year?: number; page?: number; pageSize?: number }) =>
    http.get<{ items: AdminCase[]; total: number }>('/api/cases', q),
  create: (body: CaseCreateBody) => http.post<AdminCase>('/api/cases', body),
  update: (id: number, body: CaseUpdateBody) => http.patch<AdminCase>(`/api/cases/${id}`, body),
  publish: (id: number) => http.post<AdminCase>(`/api/cases/${id}/publish`),
  get: (id: number) => http.get<AdminCase>(`/api/cases/${id}`),
  unpublish: (id: number, reason: string) => http.post<AdminCase>(`/api/cases/${id}/unpublish`, { reason }),
};

export const commendationsApi = {
  list: async (year?: number) => (await http.get<{ items: AdminCommendation[] }>('/api/commendations', { year })).items,
  create: (body: { year: number; orgId: number; citation: string }) =>
    http.post<AdminCommendation>('/api/commendations', body),
  publish: (id: number) => http.post<AdminCommendation>(`/api/commendations/${id}/publish`),
};
