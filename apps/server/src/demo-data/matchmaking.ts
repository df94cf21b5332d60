import { now } from '../lib/clock';
import { and, count, eq, inArray, notExists, or } from 'drizzle-orm';
import { INTENT_STATES } from '@cjrh/domain';
import type { Db, DbOrTx } from '../db/client';
import {
  appMeta,
  dismissals,
  eventMeetings,
  eventRegistrations,
  events,
  intentMessages,
  intents,
  notifications,
  orgs,
  publications,
  publishedItems,
  recommendations,
  users,
} from '../db/schema/index';
import type { Ctx } from '../http/access';
import { invalidateLines } from '../modules/recommendations/lines';
import { recomputeAll } from '../modules/recommendations/recommendations.service';
import { insertAll, type SeedUser } from './stageCommon';
import { CAMPAIGN_YEAR, META_KEY as CAMPAIGN_META_KEY } from './campaign';
import type { DemoPlan } from './generate';
import { seedOnlineFair, seedXiangyangFair } from './matchmakingFairs';
import { seedIntents } from './matchmakingIntents';
import { rankPublished } from './matchmakingLines';
import { seedPublications } from './matchmakingPublication';
import {
  MATCHMAKING_META_KEY,
  MATCHMAKING_SEED,
  type IntentState,
  type NotificationInsert,
  type Stage,
} from './matchmakingStage';
import { mulberry32 } from './random';

export { ONLINE_EVENT_TITLE, UNDER_REVIEW_REGION, WITHDRAW_REASON, XIANGYANG_EVENT_TITLE } from './matchmakingStage';

// The demo played on past the collection (campaign.ts stops on 2025-08-05):
//  · the province accepts the regions' July batches with a supplementary batch each carrying the demo accounts' late
//    forms (2025-08-11..15) and publishes the 2025 catalogue on 2025-08-20; owners withdraw a few filled lines and
//    confirm others; the slow regions send their first batch late in August, are accepted early September, and the
//    catalogue is published again on 2025-09-05 (version 1 stays as it was)          — matchmakingPublication.ts;
//  · 武汉 (UNDER_REVIEW_REGION) is left as the collection demo left it, so that demo keeps working; its organisations
//    are recommended from their organisation records until their lines are published;
//  · recommendations are ranked from the published lines                             — matchmakingLines.ts;
//  · a provincial online fair took place on 2025-09-15 (meetings with outcomes) and 襄阳 holds one two weeks from
//    the time of seeding (registrations and booked meetings)                          — matchmakingFairs.ts;
//  · schools and enterprises that recommend each other start talking (intents in every state, with their messages
//    and notifications)                                                               — matchmakingIntents.ts.
// Publication and ranking go through the real services (publish, recomputeAll) inside the seed's transaction;
// everything else is written as the services write it, with times on the demo's clock — except pending intents and
// the coming fair, which are placed relative to now() so that they have not lapsed when somebody looks.
// The stages share one PRNG stream: their order below is part of the demo's (deterministic) output.

export interface MatchmakingSeedSummary {
  accepted: number;
  publications: { version: number; items: number }[];
  publicLines: number;
  withdrawn: number;
  confirmed: number;
  recommendations: { orgs: number; pairs: number };
  intents: Record<IntentState, number>;
  events: number;
  registrations: number;
  meetings: number;
  notifications: number;
}

/**
 * Plays the demo on from the collection to matchmaking, in the seed's transaction. Does nothing (returns null) when
 * the demo campaign was not created by this seed or has been published already.
 */
export async function seedDemoMatchmaking(
  tx: DbOrTx,
  input: { plan: DemoPlan; idByUscc: Map<string, number>; scale: number; seed: number; log?: (m: string) => void },
): Promise<MatchmakingSeedSummary | null> {
  const log = input.log ?? (() => {});
  const [meta] = await tx.select().from(appMeta).where(eq(appMeta.key, CAMPAIGN_META_KEY));
  const campaignId = (meta?.value as { campaignId?: number } | undefined)?.campaignId;
  if (campaignId == null) return null;
  const [{ published }] = await tx
    .select({ published: count() })
    .from(publications)
    .where(eq(publications.campaignId, campaignId));
  if (published > 0) {
    log(`${CAMPAIGN_YEAR} 年度需求信息已发布过，未写入示例发布与对接数据`);
    return null;
  }
  const db = tx as Db;
  const rng = mulberry32((MATCHMAKING_SEED ^ input.seed) >>> 0);
  const userList = (await tx
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      regionCode: users.regionCode,
      orgId: users.orgId,
    })
    .from(users)
    .where(eq(users.disabled, false))
    .orderBy(users.id)) as SeedUser[];
  const byName = new Map(userList.map((u) => [u.username, u]));
  const province = byName.get('province');
  if (!province) throw new Error('demo matchmaking: no province account');
  const ctx: Ctx = {
    actor: {
      id: province.id,
      username: province.username,
      displayName: province.displayName,
      role: 'province',
      regionCode: null,
      orgId: null,
      orgName: null,
      orgType: null,
      isDemo: true,
    },
    ip: null,
    requestId: null,
  };
  const userOfOrg = new Map<number, SeedUser>();
  for (const u of userList) if (u.orgId != null && !userOfOrg.has(u.orgId)) userOfOrg.set(u.orgId, u);
  const orgUsers = (orgId: number) => userList.filter((u) => u.orgId === orgId);
  const notes: NotificationInsert[] = [];
  const push = (
    to: SeedUser[],
    at: Date,
    n: { kind: string; title: string; body?: string; link: string },
    readAt: Date | null,
  ) => {
    for (const u of to)
      notes.push({
        userId: u.id,
        kind: n.kind,
        title: n.title,
        body: n.body ?? '',
        link: n.link,
        dedupeKey: null,
        createdAt: at,
        readAt,
      });
  };
  const demoOrgId = (username: string) => byName.get(username)?.orgId ?? -1;
  const stage: Stage = {
    tx,
    db,
    rng,
    campaignId,
    scale: input.scale,
    ctx,
    province,
    userList,
    byName,
    userOfOrg,
    orgUsers,
    demoOrgId,
    notes,
    push,
  };

  // 1–5. Acceptance, two publications, withdrawals and confirmations in between.
  const { accepted, v1, v2, withdrawn, confirmed } = await seedPublications(stage, input);
  // 6. Who recommends whom, from the published lines.
  const ranking = await rankPublished(tx, v2.id);
  // 7. The provincial online fair of 2025-09-15 (past, closed).
  const { online, onlineRegs, onlineRows } = await seedOnlineFair(stage, ranking);
  // 8. Intents: decided ones in autumn 2025 (the campaign clock), pending ones in the last weeks before now.
  const at = now();
  const timed = await seedIntents(stage, ranking, onlineRows, at);
  // 9. 襄阳's fair, two weeks from now.
  const { fair, fairRegs, fairRows } = await seedXiangyangFair(stage, ranking, at);

  // 10. The recommendations, stored by the real service: accepted intents count as partners, as the intents route
  // makes them count after each acceptance.
  const recs = await recomputeAll(db);
  invalidateLines();

  notes.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime());
  await insertAll(notes, (part) => tx.insert(notifications).values(part));
  const value = { campaignId, publicationIds: [v1.id, v2.id], eventIds: [online.id, fair.id] };
  await tx
    .insert(appMeta)
    .values({ key: MATCHMAKING_META_KEY, value })
    .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: at } });

  const [{ publicLines }] = await tx
    .select({ publicLines: count() })
    .from(publishedItems)
    .where(and(eq(publishedItems.publicationId, v2.id), eq(publishedItems.status, 'public')));
  const summary: MatchmakingSeedSummary = {
    accepted,
    publications: [
      { version: v1.version, items: v1.itemCount },
      { version: v2.version, items: v2.itemCount },
    ],
    publicLines,
    withdrawn,
    confirmed,
    recommendations: recs,
    intents: Object.fromEntries(INTENT_STATES.map((s) => [s, timed.filter((p) => p.state === s).length])) as Record<
      IntentState,
      number
    >,
    events: 2,
    registrations: onlineRegs.length + fairRegs.length,
    meetings: onlineRows.length + fairRows.length,
    notifications: notes.length,
  };
  const st = summary.intents;
  log(
    `发布与对接：省厅接收 ${summary.accepted} 份；发布 2 个版本（${v1.itemCount} / ${v2.itemCount} 条，公开 ${publicLines} 条，撤下 ${withdrawn} 条）；推荐 ${recs.pairs} 对（${recs.orgs} 家单位）；` +
      `对接意向 ${timed.length} 条（待回复 ${st.pending}、已接受 ${st.accepted}、已婉拒 ${st.declined}、已撤回 ${st.withdrawn}、已过期 ${st.expired}）；洽谈会 2 场，报名 ${summary.registrations} 家，预约 ${summary.meetings} 场`,
  );
  return summary;
}

/**
 * Removes what seedDemoMatchmaking wrote, for `npm run seed -- --reset`: run it in the reset's transaction before
 * deleteDemoCampaign (publications refer to the campaign, lines and intents to the demo organisations). The forms,
 * batches and notifications it changed or added belong to demo organisations and accounts and go with the campaign's.
 */
export async function deleteDemoMatchmaking(tx: DbOrTx) {
  const demoOrgs = tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true));
  const [meta] = await tx.select().from(appMeta).where(eq(appMeta.key, MATCHMAKING_META_KEY));
  const value = (meta?.value ?? {}) as { campaignId?: number; eventIds?: number[] };
  const eventIds = value.eventIds?.length ? value.eventIds : [-1];
  const demoIntents = tx
    .select({ id: intents.id })
    .from(intents)
    .where(or(inArray(intents.fromOrgId, demoOrgs), inArray(intents.toOrgId, demoOrgs)));
  await tx.delete(intentMessages).where(inArray(intentMessages.intentId, demoIntents));
  const gone = await tx
    .delete(intents)
    .where(or(inArray(intents.fromOrgId, demoOrgs), inArray(intents.toOrgId, demoOrgs)))
    .returning({ id: intents.id });
  await tx
    .delete(recommendations)
    .where(or(inArray(recommendations.orgId, demoOrgs), inArray(recommendations.counterpartOrgId, demoOrgs)));
  await tx
    .delete(dismissals)
    .where(or(inArray(dismissals.orgId, demoOrgs), inArray(dismissals.counterpartOrgId, demoOrgs)));
  await tx
    .delete(eventMeetings)
    .where(
      or(
        inArray(eventMeetings.eventId, eventIds),
        inArray(eventMeetings.schoolOrgId, demoOrgs),
        inArray(eventMeetings.enterpriseOrgId, demoOrgs),
      ),
    );
  await tx
    .delete(eventRegistrations)
    .where(or(inArray(eventRegistrations.eventId, eventIds), inArray(eventRegistrations.orgId, demoOrgs)));
  const ev = await tx
    .delete(events)
    .where(
      and(
        inArray(events.id, eventIds),
        notExists(
          tx
            .select({ id: eventRegistrations.id })
            .from(eventRegistrations)
            .where(eq(eventRegistrations.eventId, events.id)),
        ),
      ),
    )
    .returning({ id: events.id });
  const items = await tx
    .delete(publishedItems)
    .where(inArray(publishedItems.orgId, demoOrgs))
    .returning({ id: publishedItems.id });
  if (value.campaignId != null) {
    await tx
      .delete(publications)
      .where(
        and(
          eq(publications.campaignId, value.campaignId),
          notExists(
            tx
              .select({ id: publishedItems.id })
              .from(publishedItems)
              .where(eq(publishedItems.publicationId, publications.id)),
          ),
        ),
      );
  }
  await tx.delete(appMeta).where(eq(appMeta.key, MATCHMAKING_META_KEY));
  invalidateLines();
  return { intents: gone.length, events: ev.length, items: items.length };
}
