import type { z } from 'zod';
import type { CampaignOut, campaignCreateBody, campaignUpdateBody, quotasBody, quotasOut } from '@cjrh/domain';
import { http } from './http';

export type Campaign = CampaignOut;
export type CampaignCreateBody = z.input<typeof campaignCreateBody>;
export type CampaignUpdateBody = z.input<typeof campaignUpdateBody>;
export type Quotas = z.infer<typeof quotasOut>;
export type QuotaRow = z.input<typeof quotasBody>['quotas'][number];

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
  saveQuotas: (year: number, body: { quotas: QuotaRow[]; provinceProjectTotal?: number; provinceKeyEnterpriseTotal?: number }) =>
    http.put<Quotas>(`/api/campaigns/${year}/quotas`, body),
  runReminders: (year: number) => http.post<{ sent: number }>(`/api/campaigns/${year}/reminders/run`),
  /** The campaign people are working on now: the latest open one, else the latest; null when there is none. */
  current: (): Promise<Campaign | null> => {
    if (!current) {
      current = campaignsApi.list().then((items) => items.find((c) => c.status === 'open') ?? items[0] ?? null);
      current.catch(() => (current = null));
    }
    return current;
  },
};

// Fetched once per page load: the year-less menu links (/my-form, /review …) resolve through it.
let current: Promise<Campaign | null> | null = null;
