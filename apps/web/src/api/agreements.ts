import type { z } from 'zod';
import type {
  agreementCreateBody,
  agreementEventOut,
  agreementFilingQuery,
  agreementListQuery,
  agreementOut,
  agreementTemplateOut,
  agreementUpdateBody,
  agreementVerifyOut,
  AgreementTemplate,
  partnerOut,
} from '@cjrh/domain';
import { apiErrorFrom, http } from './http';

export type Agreement = z.infer<typeof agreementOut>;
export type AgreementListQuery = Partial<z.infer<typeof agreementListQuery>>;
export type AgreementFilingQuery = Partial<z.infer<typeof agreementFilingQuery>>;
export type AgreementVerification = z.infer<typeof agreementVerifyOut>;
export type AgreementCreateBody = z.input<typeof agreementCreateBody>;
export type AgreementUpdateBody = z.input<typeof agreementUpdateBody>;

export type AgreementEvent = z.output<typeof agreementEventOut>;
/** One row of GET /api/agreements/partners: what a business licence shows, never contacts. */
export type Partner = z.output<typeof partnerOut>;
type AgreementTemplateAnswer = z.output<typeof agreementTemplateOut>;
export interface PartnerQuery {
  q?: string;
  kind?: 'school' | 'enterprise';
  region?: string;
  page?: number;
  pageSize?: number;
}

const base = (id: number) => `/api/agreements/${id}`;

export const agreementsApi = {
  list: (q: AgreementListQuery) => http.get<{ items: Agreement[]; total: number }>('/api/agreements', q),
  get: (id: number) => http.get<Agreement>(base(id)),
  create: (body: AgreementCreateBody) => http.post<Agreement>('/api/agreements', body),
  update: (id: number, body: AgreementUpdateBody) => http.patch<Agreement>(base(id), body),
  /** Drafts only; the version guards against deleting a draft someone changed meanwhile. */
  remove: (id: number, version: number) => http.del<{ ok: true }>(`${base(id)}?version=${version}`),
  /** Any registered school or enterprise by name, USCC or region (at most 20 a page). */
  partners: (q: PartnerQuery) => http.get<{ items: Partner[]; total: number }>('/api/agreements/partners', { ...q }),
  filing: (q: AgreementFilingQuery) => http.get<{ items: Agreement[]; total: number }>('/api/agreements/filing', q),
  /** Public: no login needed. */
  verify: (agreementNo: string) => http.get<AgreementVerification>(`/api/verify/${encodeURIComponent(agreementNo)}`),
  act: (
    id: number,
    body: {
      action: 'sign' | 'confirm' | 'decline' | 'return' | 'terminate';
      version: number;
      signingDate?: string;
      reason?: string;
    },
  ) => http.post<Agreement>(`${base(id)}/actions`, body),
  flagKey: (id: number, keyProject: boolean) => http.post<Agreement>(`${base(id)}/key`, { keyProject }),
  history: async (id: number) => (await http.get<{ items: AgreementEvent[] }>(`${base(id)}/history`)).items,
  /** Plain links: the browser downloads (Word) or opens (scan) them; the server sets the file name. */
  documentUrl: (id: number) => `${base(id)}/document.docx`,
  scanUrl: (id: number) => `${base(id)}/scan`,
  /** The scan goes up as the raw file (the server judges its type from the bytes); fetch, since http sends JSON. */
  async uploadScan(id: number, file: File): Promise<Agreement> {
    const url = `${base(id)}/scan`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          'Content-Type': file.type || 'application/octet-stream',
          'x-file-name': encodeURIComponent(file.name),
        },
        body: file,
      });
    } catch {
      throw apiErrorFrom(0, '', url);
    }
    const text = await res.text();
    if (!res.ok) throw apiErrorFrom(res.status, text, url);
    return JSON.parse(text) as Agreement;
  },
  template: () => http.get<AgreementTemplateAnswer>('/api/agreement-template'),
  saveTemplate: (template: AgreementTemplate) => http.put<{ ok: true }>('/api/agreement-template', { template }),
};
