import type { z } from 'zod';
import type {
  batchOut,
  blockingItem,
  completenessCounts,
  completenessOut,
  completenessRegion,
  FormAction,
  FormDefinition,
  FormDetailOut,
  FormKind,
  ReturnReason,
  formDiffOut,
  formHistoryOut,
  formList,
  formListQuery,
  formSummary,
  FormData as DemandData,
} from '@cjrh/domain';
import { http } from './http';

export type FormDetail = FormDetailOut;
export type FormSummary = z.infer<typeof formSummary>;
export type FormList = z.infer<typeof formList>;
export type FormListQuery = Partial<z.infer<typeof formListQuery>>;
export type FormDiff = z.infer<typeof formDiffOut>;
export type FormTransition = z.infer<typeof formHistoryOut>['transitions'][number];
export type Batch = z.infer<typeof batchOut>;

/** Counts of one region (or the total) in GET /completeness. */
export type CompletenessCounts = z.output<typeof completenessCounts>;
export type CompletenessRegion = z.output<typeof completenessRegion>;
export type BlockingItem = z.output<typeof blockingItem>;
export type Completeness = z.output<typeof completenessOut>;

// Definitions never change while a page is open; one request per year and kind.
const definitions = new Map<string, Promise<FormDefinition>>();

export const formsApi = {
  definition: (year: number, kind: FormKind) => {
    const k = `${year}:${kind}`;
    let p = definitions.get(k);
    if (!p) {
      p = http.get<FormDefinition>(`/api/campaigns/${year}/forms/${kind}/definition`);
      p.catch(() => definitions.delete(k));
      definitions.set(k, p);
    }
    return p;
  },
  /** Opens the form of the year: the server makes and prefills it the first time (POST; the GET only reads). */
  myForm: (year: number) => http.post<FormDetail>(`/api/campaigns/${year}/my-form`),
  list: (year: number, q: FormListQuery) => http.get<FormList>(`/api/campaigns/${year}/forms`, q),
  count: async (year: number, q: FormListQuery) =>
    (await http.get<FormList>(`/api/campaigns/${year}/forms`, { ...q, page: 1, pageSize: 1 })).total,
  get: (id: number) => http.get<FormDetail>(`/api/forms/${id}`),
  save: (id: number, version: number, data: DemandData) => http.put<FormDetail>(`/api/forms/${id}`, { version, data }),
  act: (id: number, body: { action: FormAction; version: number; reasons?: ReturnReason[]; comment?: string }) =>
    http.post<FormDetail>(`/api/forms/${id}/actions`, body),
  diff: (id: number) => http.get<FormDiff>(`/api/forms/${id}/diff`),
  history: async (id: number) =>
    (await http.get<z.infer<typeof formHistoryOut>>(`/api/forms/${id}/history`)).transitions,
  batches: async (year: number) => (await http.get<{ items: Batch[] }>(`/api/campaigns/${year}/batches`)).items,
  submitBatch: (year: number, body: { formIds?: number[]; note?: string }) =>
    http.post<Batch>(`/api/campaigns/${year}/batches`, body),
  acceptBatch: (id: number) => http.post<Batch>(`/api/batches/${id}/accept`),
  completeness: (year: number, region?: string) =>
    http.get<Completeness>(`/api/campaigns/${year}/completeness`, { region }),
  /** Every form of a list filter, page by page (the server caps a page at 200). */
  listAll: async (year: number, q: FormListQuery, limit = 2000): Promise<FormSummary[]> => {
    const out: FormSummary[] = [];
    for (let page = 1; out.length < limit; page++) {
      const res = await http.get<FormList>(`/api/campaigns/${year}/forms`, { ...q, page, pageSize: 200 });
      out.push(...res.items);
      if (out.length >= res.total || res.items.length === 0) break;
    }
    return out;
  },
};
