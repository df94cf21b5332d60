import type { z } from 'zod';
import type { crosswalkRowOut, DictEntry, DictKind, dictCreateBody, dictUpsertBody, regionOut } from '@cjrh/domain';
import { http } from './http';

export type Region = z.infer<typeof regionOut>;
export type DictCreateBody = z.input<typeof dictCreateBody>;
export type DictUpsertBody = z.input<typeof dictUpsertBody>;

export type CrosswalkRow = z.output<typeof crosswalkRowOut>;

export const referenceApi = {
  regions: async () => (await http.get<{ items: Region[] }>('/api/reference/regions')).items,
  dict: async (kind: DictKind, q: { q?: string; parent?: string; includeInactive?: 'true' | 'false' } = {}) =>
    (await http.get<{ items: DictEntry[] }>(`/api/reference/dicts/${kind}`, q)).items,
  createDict: (kind: DictKind, body: DictCreateBody) => http.post<DictEntry>(`/api/reference/dicts/${kind}`, body),
  updateDict: (kind: DictKind, code: string, body: DictUpsertBody) =>
    http.patch<DictEntry>(`/api/reference/dicts/${kind}/${encodeURIComponent(code)}`, body),
  crosswalk: async () => (await http.get<{ items: CrosswalkRow[] }>('/api/reference/crosswalk')).items,
};
