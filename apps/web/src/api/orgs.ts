import type { z } from 'zod';
import type { OrgChangeOut, OrgCreateBody, OrgDetail, OrgUpdateBody, orgList, orgListQuery } from '@cjrh/domain';
import { http } from './http';

export type OrgListQuery = Partial<z.infer<typeof orgListQuery>>;
export type OrgList = z.infer<typeof orgList>;

export const orgsApi = {
  list: (q: OrgListQuery) => http.get<OrgList>('/api/orgs', q),
  get: (id: number) => http.get<OrgDetail>(`/api/orgs/${id}`),
  create: (body: OrgCreateBody) => http.post<OrgDetail>('/api/orgs', body),
  update: (id: number, body: OrgUpdateBody) => http.patch<OrgDetail>(`/api/orgs/${id}`, body),
  /** Name and USCC change requests (the caller's scope): filed by the organisation, decided by its bureau. */
  changeRequests: async (q: { state?: OrgChangeOut['state']; orgId?: number } = {}) =>
    (await http.get<{ items: OrgChangeOut[] }>('/api/org-change-requests', q)).items,
  requestChange: (orgId: number, body: { field: OrgChangeOut['field']; newValue: string; reason: string }) =>
    http.post<OrgChangeOut>(`/api/orgs/${orgId}/change-requests`, body),
  decideChange: (id: number, body: { action: 'approve' | 'reject'; note?: string }) =>
    http.post<OrgChangeOut>(`/api/org-change-requests/${id}/decision`, body),
  /** Just the number of records a filter matches (asks for one row). */
  count: async (q: OrgListQuery) => (await http.get<OrgList>('/api/orgs', { ...q, page: 1, pageSize: 1 })).total,
};
