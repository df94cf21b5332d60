import type { z } from 'zod';
import type {
  CampaignOut,
  FieldDef,
  FormKind,
  campaignCreateBody,
  campaignUpdateBody,
  formDesignOut,
  programmeOut,
  quotaCellError,
  quotaImportOut,
  quotasBody,
  quotasOut,
} from '@cjrh/domain';
import { currentCampaignOf } from '@cjrh/domain';
import { apiErrorFrom, http, toQueryString } from './http';
import { datedBody, type Dated } from './inputs';

export type Campaign = CampaignOut;
/** The three-year view: each target, its final deadline, each year's target and year-end value. */
export type Programme = z.output<typeof programmeOut>;
/** The form designer's view of a year's form: editable only while the year is a draft. */
export type FormDesign = z.output<typeof formDesignOut>;
export type CampaignCreateBody = z.input<typeof campaignCreateBody>;
export type CampaignUpdateBody = z.input<typeof campaignUpdateBody>;
export type Quotas = z.infer<typeof quotasOut>;
export type QuotaRow = z.input<typeof quotasBody>['quotas'][number];
/** One refused cell of a 附件3 import (details.errors of the 400); row null = the whole table (a missing region). */
export type QuotaCellError = z.output<typeof quotaCellError>;
export type QuotaImportResult = z.output<typeof quotaImportOut>;

export const campaignsApi = {
  list: async () => (await http.get<{ items: Campaign[] }>('/api/campaigns')).items,
  get: (year: number) => http.get<Campaign>(`/api/campaigns/${year}`),
  create: async (body: CampaignCreateBody) => {
    const c = await http.post<Campaign>('/api/campaigns', body);
    current = null;
    return c;
  },
  update: (year: number, body: CampaignUpdateBody) => http.patch<Campaign>(`/api/campaigns/${year}`, body),
  quotas: (year: number) => http.get<Quotas>(`/api/campaigns/${year}/quotas`),
  saveQuotas: (
    year: number,
    body: {
      quotas: QuotaRow[];
      version: number;
      provinceProjectTotal?: number;
      provinceKeyEnterpriseTotal?: number;
      effectiveFrom?: string;
      changeReason?: string;
    },
  ) => http.put<Quotas>(`/api/campaigns/${year}/quotas`, body),
  quotaTemplateUrl: (year: number) => `/api/campaigns/${year}/quotas/template.xlsx`,
  /** The workbook as the raw request body, as the form import sends it; a refusal carries details.errors. */
  importQuotas: async (year: number, file: File, dated: Dated): Promise<QuotaImportResult> => {
    const url = `/api/campaigns/${year}/quotas/import${toQueryString(datedBody(dated))}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: file,
      });
    } catch {
      throw apiErrorFrom(0, '', url);
    }
    const text = await res.text();
    if (!res.ok) throw apiErrorFrom(res.status, text, url);
    return JSON.parse(text) as QuotaImportResult;
  },
  design: (year: number, kind: FormKind) => http.get<FormDesign>(`/api/campaigns/${year}/forms/${kind}/design`),
  saveDesign: (
    year: number,
    kind: FormKind,
    body: { rev: number; fields: FieldDef[]; title?: string; sheetName?: string },
  ) => http.put<FormDesign>(`/api/campaigns/${year}/forms/${kind}/design`, body),
  programme: (region?: string) => http.get<Programme>(`/api/campaigns/programme${region ? `?region=${region}` : ''}`),
  runReminders: (year: number) => http.post<{ sent: number }>(`/api/campaigns/${year}/reminders/run`),
  /** The campaign people are working on now: the latest open one, else the last closed one (never a draft); null when there is none. */
  current: (): Promise<Campaign | null> => {
    if (!current) {
      current = campaignsApi.list().then((items) => currentCampaignOf(items));
      current.catch(() => (current = null));
    }
    return current;
  },
};

// Fetched once per page load: the year-less menu links (/my-form, /review …) resolve through it.
let current: Promise<Campaign | null> | null = null;
