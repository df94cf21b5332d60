import { campaignsApi } from '@/api/campaigns';
import { thisYear } from '@/utils/clock';

/**
 * Years a year picker offers: only campaigns that exist and have data (drafts have none yet), newest first, and the
 * year a screen opens on (the open campaign, else the last closed one). Without any campaign: this calendar year.
 */
export async function campaignYears(): Promise<{ years: number[]; current: number }> {
  const items = await campaignsApi.list().catch(() => []);
  const years = items
    .filter((c) => c.status !== 'draft')
    .map((c) => c.year)
    .sort((a, b) => b - a);
  const current = (await campaignsApi.current().catch(() => null))?.year ?? thisYear();
  return { years: years.length ? years : [current], current };
}
