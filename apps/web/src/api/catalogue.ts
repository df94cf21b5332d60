import type { z } from 'zod';
import type {
  catalogueItem,
  catalogueQuery,
  catalogueResult,
  openDataDictionaryOut,
  orgPublicPageOut,
  publicationOut,
  unmatchedItemOut,
} from '@cjrh/domain';
import { http, toQueryString } from './http';

export type CatalogueItem = z.infer<typeof catalogueItem>;
export type CatalogueQuery = Partial<z.infer<typeof catalogueQuery>>;
export type CatalogueResult = z.infer<typeof catalogueResult>;
export type Facets = CatalogueResult['facets'];
export type FacetName = keyof Facets;
export type Publication = z.infer<typeof publicationOut>;
export type OpenDataDictionary = z.infer<typeof openDataDictionaryOut>;
/** GET /api/catalogue/items/:id adds `current`: false when a later publication replaced this version. */
export type CatalogueItemDetail = CatalogueItem & { current: boolean };
/** GET /api/catalogue/orgs/:id: the organisation's public profile and what it published. */
export type OrgPublicPage = z.output<typeof orgPublicPageOut>;
/** GET /api/recommendations/unmatched rows. */
export type UnmatchedItem = z.output<typeof unmatchedItemOut>;

export const catalogueApi = {
  search: (q: CatalogueQuery) => http.get<CatalogueResult>('/api/catalogue', q),
  item: (id: number) => http.get<CatalogueItemDetail>(`/api/catalogue/items/${id}`),
  org: (id: number) => http.get<OrgPublicPage>(`/api/catalogue/orgs/${id}`),
  /** Plain links: the browser downloads them (the server sets content-disposition). */
  openDataUrl: (format: 'csv' | 'json' | 'xlsx', year?: number) =>
    `/api/catalogue/open-data.${format}${toQueryString({ year })}`,
  /** The open data's dictionary: every field, its Chinese label, type, code list and an example. */
  dictionary: (year?: number) => http.get<OpenDataDictionary>('/api/catalogue/open-data-dictionary.json', { year }),
  dictionaryUrl: (format: 'csv' | 'json', year?: number) =>
    `/api/catalogue/open-data-dictionary.${format}${toQueryString({ year })}`,
  /** 需求信息汇编 workbook; without year/version the server picks the latest published version. */
  compiledUrl: (year?: number, version?: number) => `/api/catalogue/compiled.xlsx${toQueryString({ year, version })}`,
  publications: async () => (await http.get<{ items: Publication[] }>('/api/publications')).items,
  publish: (year: number, note?: string) =>
    http.post<Publication>(`/api/campaigns/${year}/publications`, { note: note || undefined }),
  withdraw: (id: number, reason: string) => http.post<{ ok: true }>(`/api/catalogue/items/${id}/withdraw`, { reason }),
  confirm: (id: number) => http.post<{ ok: true }>(`/api/catalogue/items/${id}/confirm`),
  unmatched: async (region?: string) =>
    (await http.get<{ items: UnmatchedItem[] }>('/api/recommendations/unmatched', { region })).items,
};
