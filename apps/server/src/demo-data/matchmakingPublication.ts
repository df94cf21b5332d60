import { asc, eq, sql } from 'drizzle-orm';
import { REGIONS } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import { batches, publications, publishedItems } from '../db/schema/index';
import { publish } from '../modules/catalogue/publish.service';
import { loadCodeLists } from '../modules/forms/forms.repository';
import { completeRegions } from './acceptance';
import { dayOf } from './stageCommon';
import { atX, CAMPAIGN_YEAR } from './campaign';
import type { DemoPlan } from './generate';
import {
  FIRST_PUBLICATION,
  MATCHMAKING_SEED,
  SECOND_PUBLICATION,
  UNDER_REVIEW_REGION,
  WITHDRAW_REASON,
  XIANGYANG,
  type Stage,
} from './matchmakingStage';

// Stage 1 of the matchmaking demo (steps 1–5): the province accepts the remaining batches, the 2025 catalogue is
// published twice, and owners withdraw or confirm lines of the first version in between.

export interface PublicationResult {
  accepted: number;
  v1: Awaited<ReturnType<typeof publish>>;
  v2: Awaited<ReturnType<typeof publish>>;
  withdrawn: number;
  confirmed: number;
}

export async function seedPublications(
  s: Stage,
  input: { plan: DemoPlan; idByUscc: Map<string, number>; seed: number },
): Promise<PublicationResult> {
  const { tx, db, rng, ctx, campaignId, userList, userOfOrg, demoOrgId, notes } = s;

  // 1. The province accepts the batches sent in July, with the late filers' supplementary batches (2025-08-11..15).
  const sentRows = await tx
    .select({ regionCode: batches.regionCode, at: batches.submittedAt })
    .from(batches)
    .where(eq(batches.campaignId, campaignId));
  const firstSent = new Map<string, number>();
  for (const b of sentRows)
    firstSent.set(b.regionCode, Math.min(firstSent.get(b.regionCode) ?? Infinity, b.at.getTime()));
  const early = REGIONS.map((r) => r.code)
    .filter((c) => firstSent.has(c) && c !== UNDER_REVIEW_REGION)
    .sort((a, b) => firstSent.get(a)! - firstSent.get(b)! || a.localeCompare(b));
  const slow = REGIONS.map((r) => r.code).filter((c) => !firstSent.has(c) && c !== UNDER_REVIEW_REGION);
  const base = {
    campaignId,
    users: userList,
    plan: input.plan,
    idByUscc: input.idByUscc,
    lists: await loadCodeLists(tx),
    rng,
    contentSeed: (MATCHMAKING_SEED ^ input.seed) >>> 0,
    extraShare: 0.1,
  };
  const acceptStart = dayOf('2025-08-11');
  const roundA = await completeRegions(tx, base, early, {
    fill: dayOf('2025-08-06'),
    approve: dayOf('2025-08-07'),
    batch: early.map(() => dayOf('2025-08-08')),
    accept: early.map((_, i) => acceptStart + Math.floor((i * 5) / early.length)),
  });
  notes.push(...roundA.notifications);

  // 2. First publication, as published on 2025-08-20.
  const v1 = await publish(db, ctx, CAMPAIGN_YEAR, FIRST_PUBLICATION.note, FIRST_PUBLICATION.date);
  await backdate(tx, v1.id, atX(dayOf(FIRST_PUBLICATION.date) + 0.12));

  // 3. Owners withdraw lines whose places are filled and confirm others (on the published version).
  // In the order of the organisations and their rows: publish() inserts lines in whatever order the database
  // returns the forms, and that differs after a reset.
  const v1Lines = await tx
    .select({
      id: publishedItems.id,
      orgId: publishedItems.orgId,
      orgType: publishedItems.orgType,
      needType: publishedItems.needType,
    })
    .from(publishedItems)
    .where(eq(publishedItems.publicationId, v1.id))
    .orderBy(asc(publishedItems.orgId), asc(publishedItems.rowKey));
  const hiring = (l: (typeof v1Lines)[number]) =>
    l.orgType === 'enterprise' && ['毕业生就业', '订单（定向）班', '学生实习实训基地'].includes(l.needType);
  const ownDemo = v1Lines.filter((l) => l.orgId === demoOrgId(`enterprise-${XIANGYANG}-02`));
  const withdraw = [
    ...(ownDemo.length >= 2 ? [ownDemo.find(hiring) ?? ownDemo[ownDemo.length - 1]] : []),
    ...rng.sample(
      v1Lines.filter((l) => hiring(l) && !userOfOrg.has(l.orgId)),
      2,
    ),
  ];
  for (const [k, l] of withdraw.entries()) {
    await tx
      .update(publishedItems)
      .set({
        status: 'withdrawn',
        withdrawnReason: WITHDRAW_REASON,
        withdrawnAt: atX(dayOf('2025-08-27') + k + 0.3 + rng.next() * 0.5),
      })
      .where(eq(publishedItems.id, l.id));
  }
  const confirm = [
    ...v1Lines.filter(
      (l) => l.orgId === demoOrgId(`enterprise-${XIANGYANG}-01`) || l.orgId === demoOrgId(`school-${XIANGYANG}-01`),
    ),
    ...rng.sample(
      v1Lines.filter((l) => !withdraw.includes(l)),
      3,
    ),
  ];
  for (const l of confirm) {
    const at = atX(dayOf('2025-09-01') + rng.int(0, 2) + 0.1 + rng.next() * 0.7);
    // As confirmItem: the line stays at least 180 more days.
    await tx
      .update(publishedItems)
      .set({
        lastConfirmedAt: at,
        expiresOn: sql`greatest(${publishedItems.expiresOn}, (${at.toISOString()}::timestamptz + interval '180 days')::date)`,
      })
      .where(eq(publishedItems.id, l.id));
  }

  // 4. The slow regions send their first batch at the end of August; the province accepts it early September.
  const roundB = await completeRegions(tx, base, slow, {
    fill: dayOf('2025-08-25'),
    approve: dayOf('2025-08-26'),
    batch: slow.map((_, i) => dayOf('2025-08-27') + (i % 3)),
    accept: slow.map((_, i) => dayOf('2025-09-02') + (i % 3)),
  });
  notes.push(...roundB.notifications);

  // 5. Second publication (2025-09-05): the withdrawals and confirmations carry over; version 1 stays as it was.
  const v2 = await publish(db, ctx, CAMPAIGN_YEAR, SECOND_PUBLICATION.note, SECOND_PUBLICATION.date);
  await backdate(tx, v2.id, atX(dayOf(SECOND_PUBLICATION.date) + 0.12));

  return { accepted: roundA.accepted + roundB.accepted, v1, v2, withdrawn: withdraw.length, confirmed: confirm.length };
}

/** The publication and its lines as published on that day (publish() stamps the time of the seed). */
async function backdate(tx: DbOrTx, publicationId: number, at: Date) {
  await tx.update(publications).set({ publishedAt: at }).where(eq(publications.id, publicationId));
  await tx.update(publishedItems).set({ publishedAt: at }).where(eq(publishedItems.publicationId, publicationId));
}
