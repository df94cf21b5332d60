import type { z } from 'zod';
import type { OrgCreateBody, OrgDetail, OrgUpdateBody, orgList, orgListQuery } from '@cjrh/domain';
import { http } from './http';

export type OrgListQuery = Partial<z.infer<typeof orgListQuery>>;
export type OrgList = z.infer<typeof orgList>;

export const orgsApi = {
  list: (q: OrgListQuery) => http.get<OrgList>('/api/orgs', q),
  get: (id: number) => http.get<OrgDetail>(`/api/orgs/${id}`),
  create: (body: OrgCreateBody) => http.post<OrgDetail>('/api/orgs', body),
  update: (id: number, body: OrgUpdateBody) => http.patch<OrgDetail>(`/api/orgs/${id}`, body),
  /** Just the number of records a filter matches (asks for one row). */
  count: async (q: OrgListQuery) => (await http.get<OrgList>('/api/orgs', { ...q, page: 1, pageSize: 1 })).total,
};
