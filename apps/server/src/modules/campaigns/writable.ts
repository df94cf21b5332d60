import { eq } from 'drizzle-orm';
import { campaignNotWritableMessage, type CampaignStatus } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { campaigns } from '../../db/schema/index';
import { AppError } from '../../http/errors';

type Checked = { year: number; status: CampaignStatus };

/**
 * Only an open campaign takes writes (workflows.md, Campaign): a draft is still being prepared by the province and a
 * closed year is read-only until the province reopens it. Every write that belongs to a year calls this first, so the
 * answer is the same 409 with the year named, and nothing is changed.
 * Called with a campaign row it checks synchronously; with a campaign id it reads the row.
 */
export function assertCampaignWritable(campaign: Checked): void;
export function assertCampaignWritable(db: DbOrTx, campaignId: number): Promise<void>;
export function assertCampaignWritable(a: Checked | DbOrTx, campaignId?: number): void | Promise<void> {
  if (campaignId === undefined) return check(a as Checked);
  return (async () => {
    const [c] = await (a as DbOrTx)
      .select({ year: campaigns.year, status: campaigns.status })
      .from(campaigns)
      .where(eq(campaigns.id, campaignId));
    if (c) check(c);
  })();
}

function check(c: Checked) {
  if (c.status === 'open') return;
  throw new AppError(
    409,
    c.status === 'draft' ? 'campaign_draft' : 'campaign_closed',
    campaignNotWritableMessage(c.year, c.status),
  );
}
