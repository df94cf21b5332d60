import { and, asc, eq, isNull, notExists } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { campaigns, forms, orgs, publications, publishedItems, users } from '../db/schema/index';
import type { Actor, Ctx } from '../http/access';
import { withClockStopped } from '../lib/clock';
import { acceptBatch, submitBatch } from '../modules/forms/review.service';
import { publish } from '../modules/catalogue/publish.service';
import { invalidateLines } from '../modules/recommendations/lines';
import { recomputeAll } from '../modules/recommendations/recommendations.service';
import { UNDER_REVIEW_REGION } from './matchmakingStage';

// The last state of a form — accepted by the province — and the first 2026 catalogue, played through the services the
// bureau and the province use (clock standing still): 武汉 sends a small second batch of approved forms, the province
// accepts it and publishes 2026 version 1 from it. 武汉's first batch stays with the province (the teaching state
// 「已报送待接收」), and forms of organisations with a demo account keep their teaching states (draft, returned,
// submitted, approved), so only organisations without a demo login are in the accepted batch.

export const YEAR_TWO_SECOND_BATCH = {
  schools: 3,
  enterprises: 5,
  note: '武汉市经审核报送的第二批需求信息（示例）',
} as const;
export const YEAR_TWO_PUBLICATION = {
  note: '2026 年度需求信息首次发布（武汉市第二批，示例）',
  date: '2026-08-18',
} as const;
const SENT_AT = '2026-08-03T10:00:00+08:00';
const ACCEPTED_AT = '2026-08-10T15:00:00+08:00';
const PUBLISHED_AT = `${YEAR_TWO_PUBLICATION.date}T10:00:00+08:00`;

async function ctxOf(tx: DbOrTx, username: string): Promise<Ctx> {
  const [u] = await tx.select().from(users).where(eq(users.username, username));
  if (!u) throw new Error(`demo year two: no account ${username}`);
  const actor: Actor = {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    regionCode: u.regionCode,
    orgId: null,
    orgName: null,
    orgType: null,
    isDemo: true,
  };
  return { actor, ip: null, requestId: null };
}

export interface YearTwoPublication {
  accepted: number;
  lines: number;
  version: number;
}

export async function seedYearTwoPublication(tx: DbOrTx, year: number): Promise<YearTwoPublication | null> {
  const db = tx as Db;
  const [campaign] = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, year));
  // Approved 武汉 forms of organisations nobody logs in as, lowest ids first: the same forms on every seed.
  const approved = await tx
    .select({ id: forms.id, kind: forms.kind })
    .from(forms)
    .innerJoin(orgs, eq(orgs.id, forms.orgId))
    .leftJoin(users, eq(users.orgId, forms.orgId))
    .where(
      and(
        eq(forms.campaignId, campaign.id),
        eq(forms.regionCode, UNDER_REVIEW_REGION),
        eq(forms.state, 'region_approved'),
        eq(orgs.isDemo, true),
        isNull(users.id),
      ),
    )
    .orderBy(asc(forms.id));
  const pick = [
    ...approved.filter((f) => f.kind === 'school').slice(0, YEAR_TWO_SECOND_BATCH.schools),
    ...approved.filter((f) => f.kind === 'enterprise').slice(0, YEAR_TWO_SECOND_BATCH.enterprises),
  ].map((f) => f.id);
  // A very small demo (--scale 0.1) may have none to send: then 2026 has no catalogue yet.
  if (!pick.length) return null;
  const bureau = await ctxOf(tx, `region-${UNDER_REVIEW_REGION}`);
  const province = await ctxOf(tx, 'province');
  const batch = await withClockStopped(new Date(SENT_AT), () =>
    submitBatch(db, bureau, year, { formIds: pick, note: YEAR_TWO_SECOND_BATCH.note }),
  );
  const accepted = await withClockStopped(new Date(ACCEPTED_AT), () => acceptBatch(db, province, batch.id));
  const pub = await withClockStopped(new Date(PUBLISHED_AT), () =>
    publish(db, province, year, YEAR_TWO_PUBLICATION.note, YEAR_TWO_PUBLICATION.date),
  );
  // As the publication route does: the new lines change every candidate set.
  invalidateLines();
  await withClockStopped(new Date(PUBLISHED_AT), () => recomputeAll(db));
  return { accepted: accepted.counts.accepted, lines: pub.itemCount, version: pub.version };
}

/** For the reset: the 2026 publications, once deleteDemoMatchmaking has removed their (demo) lines. */
export async function deleteYearTwoPublications(tx: DbOrTx, campaignId: number) {
  const left = tx
    .select({ id: publishedItems.id })
    .from(publishedItems)
    .where(eq(publishedItems.publicationId, publications.id));
  await tx.delete(publications).where(and(eq(publications.campaignId, campaignId), notExists(left)));
}
