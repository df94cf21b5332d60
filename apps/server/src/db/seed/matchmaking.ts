import { and, asc, count, eq, inArray, notExists, or, sql } from 'drizzle-orm';
import { INTENT_STATES, occupationByCode, recommendForEnterprise, recommendForSchool, REGIONS, scorePair, specialtyByCode, type Recommendation, type SchoolLine } from '@cjrh/domain';
import type { Db, DbOrTx } from '../client';
import {
  appMeta,
  batches,
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
} from '../schema/index';
import type { Ctx } from '../../http/access';
import { publish } from '../../modules/catalogue/publish.service';
import { loadCodeLists } from '../../modules/forms/forms.repository';
import { invalidateLines, loadLines } from '../../modules/recommendations/lines';
import { RECOMMENDATION_LIMIT, recomputeAll } from '../../modules/recommendations/recommendations.service';
import { completeRegions, dayOf, insertAll, reserveIds, type SeedUser } from './acceptance';
import { atX, CAMPAIGN_YEAR, META_KEY as CAMPAIGN_META_KEY } from './campaign';
import { declineReason, enterpriseAsks, followUp, OUTCOME_NOTES, schoolAsks, type LineGist } from './dialogue';
import type { DemoPlan } from './generate';
import { apportion, mulberry32, type Rng } from './random';

// The demo played on past the collection (campaign.ts stops on 2025-08-05):
//  · the province accepts the regions' July batches with a supplementary batch each carrying the demo accounts' late
//    forms (2025-08-11..15) and publishes the 2025 catalogue on 2025-08-20; owners withdraw a few filled lines and
//    confirm others; the slow regions send their first batch late in August, are accepted early September, and the
//    catalogue is published again on 2025-09-05 (version 1 stays as it was);
//  · 武汉 (UNDER_REVIEW_REGION) is left as the collection demo left it, so that demo keeps working;
//  · recommendations are ranked from the published lines; schools and enterprises that recommend each other start
//    talking (intents in every state, with their messages and notifications);
//  · a provincial online fair took place on 2025-09-15 (meetings with outcomes) and 襄阳 holds one two weeks from
//    the time of seeding (registrations and booked meetings).
// Publication and ranking go through the real services (publish, recomputeAll) inside the seed's transaction;
// everything else is written as the services write it, with times on the demo's clock — except pending intents and
// the coming fair, which are placed relative to now() so that they have not lapsed when somebody looks.

export const MATCHMAKING_META_KEY = 'demo-matchmaking';
/** Its own PRNG stream, like the campaign's. */
export const MATCHMAKING_SEED = 20250820;
/**
 * The region left as the collection demo left it: its demo accounts' forms stay returned, draft, submitted and
 * approved, and its first batch waits for the province — so a visitor can still review, send and accept, then
 * publish again and watch 武汉's organisations get recommendations.
 */
export const UNDER_REVIEW_REGION = '420100';
export const FIRST_PUBLICATION = { note: `${CAMPAIGN_YEAR} 年度需求信息首次发布`, date: '2025-08-20' } as const;
export const SECOND_PUBLICATION = { note: '补充发布', date: '2025-09-05' } as const;
export const XIANGYANG_EVENT_TITLE = '2025 年襄阳市校企合作洽谈会（示例）';
export const ONLINE_EVENT_TITLE = '2025 年全省产教融合线上校企洽谈会（示例）';
export const WITHDRAW_REASON = '岗位已招满';
const XIANGYANG = '420600';
const INTENT_SHARES = [45, 30, 15, 5, 5]; // pending, accepted, declined, withdrawn, expired (INTENT_STATES order)
const PENDING_MAX_DAYS = 20; // well inside the 30 days after which expireStale lapses a pending intent
const DAY_MS = 86_400_000;

type IntentState = (typeof INTENT_STATES)[number];
type NotificationInsert = typeof notifications.$inferInsert;
type Outcome = 'none' | 'intent' | 'agreement_to_sign' | 'no_deal';

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

interface Line {
  id: number;
  orgId: number;
  orgType: 'school' | 'enterprise';
  orgName: string;
  regionCode: string;
  needType: string;
  specialtyCode: string | null;
  occupationCode: string | null;
  postName: string;
  places: number;
  levels: string[];
  skillLevel: string | null;
  availableFrom: string | null;
  industryCodes: string[];
}

const gist = (l: Line): LineGist => ({
  needType: l.needType,
  subject: l.orgType === 'school' ? (specialtyByCode(l.specialtyCode ?? '')?.name ?? l.specialtyCode ?? '') : l.postName || (occupationByCode(l.occupationCode ?? '')?.name ?? ''),
  places: l.places,
});

/** The day itself, or the Monday after when it falls on a weekend (day 0, 2025-07-03, was a Thursday). */
const weekday = (day: number) => {
  const dow = (4 + day) % 7;
  return dow === 6 ? day + 2 : dow === 0 ? day + 1 : day;
};

/** A Beijing working-day instant `daysAgo` days before `now` (fraction of 09:00–18:00), always in the past. */
function recentWork(now: Date, daysAgo: number, frac: number): Date {
  const bj = new Date(now.getTime() + 8 * 3_600_000 - daysAgo * DAY_MS);
  const t = Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth(), bj.getUTCDate(), 1) + Math.round(frac * 9 * 3600) * 1000;
  return new Date(Math.min(t, now.getTime() - 60_000));
}

/** bookMeeting's wording gives the slot's time of day; the demo says it in Beijing time (HH:MM). */
const beijingTime = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);

/** 09:00 Beijing, `days` days after today's Beijing date. */
function beijingMorning(now: Date, days: number): Date {
  const bj = new Date(now.getTime() + 8 * 3_600_000 + days * DAY_MS);
  return new Date(Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth(), bj.getUTCDate(), 1));
}

function slotsBetween(start: Date, end: Date, minutes: number): Date[] {
  const out: Date[] = [];
  for (let t = start.getTime(); t + minutes * 60_000 <= end.getTime(); t += minutes * 60_000) out.push(new Date(t));
  return out;
}

/** Meetings without double-booking: each pair in order gets a free slot of both sides (picked at random). */
function bookMeetings(rng: Rng, pairs: { s: number; e: number }[], slots: Date[], target: number, maxPerOrg: number) {
  const busy = new Set<string>();
  const perOrg = new Map<number, number>();
  const out: { slot: Date; s: number; e: number }[] = [];
  const seen = new Set<string>();
  for (const p of pairs) {
    if (out.length >= target) break;
    if (seen.has(`${p.s}|${p.e}`) || (perOrg.get(p.s) ?? 0) >= maxPerOrg || (perOrg.get(p.e) ?? 0) >= maxPerOrg) continue;
    const free = slots.filter((sl) => !busy.has(`${sl.getTime()}|${p.s}`) && !busy.has(`${sl.getTime()}|${p.e}`));
    if (!free.length) continue;
    const slot = rng.pick(free);
    busy.add(`${slot.getTime()}|${p.s}`);
    busy.add(`${slot.getTime()}|${p.e}`);
    perOrg.set(p.s, (perOrg.get(p.s) ?? 0) + 1);
    perOrg.set(p.e, (perOrg.get(p.e) ?? 0) + 1);
    seen.add(`${p.s}|${p.e}`);
    out.push({ slot, s: p.s, e: p.e });
  }
  // Tables numbered per slot, in booking order.
  const tables = new Map<number, number>();
  return out.map((m) => {
    const k = (tables.get(m.slot.getTime()) ?? 0) + 1;
    tables.set(m.slot.getTime(), k);
    return { ...m, table: k };
  });
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
  const [{ published }] = await tx.select({ published: count() }).from(publications).where(eq(publications.campaignId, campaignId));
  if (published > 0) {
    log(`${CAMPAIGN_YEAR} 年度需求信息已发布过，未写入示例发布与对接数据`);
    return null;
  }
  // publish() and recomputeAll() take the database; given the transaction they nest (savepoints) inside it.
  const db = tx as Db;
  const rng = mulberry32((MATCHMAKING_SEED ^ input.seed) >>> 0);
  const userList = (await tx
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, regionCode: users.regionCode, orgId: users.orgId })
    .from(users)
    .where(eq(users.disabled, false))
    .orderBy(users.id)) as SeedUser[];
  const byName = new Map(userList.map((u) => [u.username, u]));
  const province = byName.get('province');
  if (!province) throw new Error('demo matchmaking: no province account');
  const ctx: Ctx = {
    actor: { id: province.id, username: province.username, displayName: province.displayName, role: 'province', regionCode: null, orgId: null, orgName: null, orgType: null, isDemo: true },
    ip: null,
    requestId: null,
  };
  const userOfOrg = new Map<number, SeedUser>();
  for (const u of userList) if (u.orgId != null && !userOfOrg.has(u.orgId)) userOfOrg.set(u.orgId, u);
  const orgUsers = (orgId: number) => userList.filter((u) => u.orgId === orgId);
  const notes: NotificationInsert[] = [];
  const push = (to: SeedUser[], at: Date, n: { kind: string; title: string; body?: string; link: string }, readAt: Date | null) => {
    for (const u of to) notes.push({ userId: u.id, kind: n.kind, title: n.title, body: n.body ?? '', link: n.link, dedupeKey: null, createdAt: at, readAt });
  };

  // 1. The province accepts the batches sent in July, with the late filers' supplementary batches (2025-08-11..15).
  const sentRows = await tx.select({ regionCode: batches.regionCode, at: batches.submittedAt }).from(batches).where(eq(batches.campaignId, campaignId));
  const firstSent = new Map<string, number>();
  for (const b of sentRows) firstSent.set(b.regionCode, Math.min(firstSent.get(b.regionCode) ?? Infinity, b.at.getTime()));
  const early = REGIONS.map((r) => r.code).filter((c) => firstSent.has(c) && c !== UNDER_REVIEW_REGION).sort((a, b) => firstSent.get(a)! - firstSent.get(b)! || a.localeCompare(b));
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
    .select({ id: publishedItems.id, orgId: publishedItems.orgId, orgType: publishedItems.orgType, needType: publishedItems.needType })
    .from(publishedItems)
    .where(eq(publishedItems.publicationId, v1.id))
    .orderBy(asc(publishedItems.orgId), asc(publishedItems.rowKey));
  const demoOrgId = (username: string) => byName.get(username)?.orgId ?? -1;
  const hiring = (l: (typeof v1Lines)[number]) => l.orgType === 'enterprise' && ['毕业生就业', '订单（定向）班', '学生实习实训基地'].includes(l.needType);
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
      .set({ status: 'withdrawn', withdrawnReason: WITHDRAW_REASON, withdrawnAt: atX(dayOf('2025-08-27') + k + 0.3 + rng.next() * 0.5) })
      .where(eq(publishedItems.id, l.id));
  }
  const confirm = [
    ...v1Lines.filter((l) => l.orgId === demoOrgId(`enterprise-${XIANGYANG}-01`) || l.orgId === demoOrgId(`school-${XIANGYANG}-01`)),
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
      .set({ lastConfirmedAt: at, expiresOn: sql`greatest(${publishedItems.expiresOn}, (${at.toISOString()}::timestamptz + interval '180 days')::date)` })
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

  // 6. Who recommends whom, from the published lines.
  invalidateLines();
  const lineSet = await loadLines(tx);

  const lines = (await tx
    .select({
      id: publishedItems.id,
      orgId: publishedItems.orgId,
      orgType: publishedItems.orgType,
      orgName: publishedItems.orgName,
      regionCode: publishedItems.regionCode,
      needType: publishedItems.needType,
      specialtyCode: publishedItems.specialtyCode,
      occupationCode: publishedItems.occupationCode,
      postName: publishedItems.postName,
      places: publishedItems.places,
      levels: publishedItems.levels,
      skillLevel: publishedItems.skillLevel,
      availableFrom: publishedItems.availableFrom,
      industryCodes: publishedItems.industryCodes,
    })
    .from(publishedItems)
    .where(and(eq(publishedItems.publicationId, v2.id), eq(publishedItems.status, 'public')))
    .orderBy(asc(publishedItems.orgId), asc(publishedItems.rowKey))) as Line[];
  const linesOf = new Map<number, Line[]>();
  for (const l of lines) (linesOf.get(l.orgId) ?? linesOf.set(l.orgId, []).get(l.orgId)!).push(l);
  // What recomputeAll will store (the same ranking over the same lines, nobody partnered or dismissed yet); it runs
  // once at the end, when the accepted intents below have made partners.
  const recsOf = new Map<number, { cp: number; score: number }[]>();
  const scoreOf = new Map<string, number>();
  const keepRanked = (orgId: number, ranked: Recommendation[]) => {
    const list = ranked.filter((r) => linesOf.has(r.orgId)).map((r) => ({ cp: r.orgId, score: r.score }));
    recsOf.set(orgId, list);
    for (const r of list) scoreOf.set(`${orgId}|${r.cp}`, r.score);
  };
  for (const [orgId, own] of lineSet.schoolByOrg) keepRanked(orgId, recommendForSchool(own, lineSet.entIndex, { limit: RECOMMENDATION_LIMIT }));
  for (const [orgId, own] of lineSet.entByOrg) if (!recsOf.has(orgId)) keepRanked(orgId, recommendForEnterprise(own, lineSet.schoolIndex, { limit: RECOMMENDATION_LIMIT }));
  const pairScore = (a: number, b: number) => Math.max(scoreOf.get(`${a}|${b}`) ?? 0, scoreOf.get(`${b}|${a}`) ?? 0);
  const info = (orgId: number) => linesOf.get(orgId)![0];
  const isSchool = (orgId: number) => info(orgId).orgType === 'school';

  // 7. The provincial online fair of 2025-09-15 (past, closed): registrations, booked meetings, outcomes.
  const [online] = await tx
    .insert(events)
    .values({
      campaignId,
      title: ONLINE_EVENT_TITLE,
      organiserRole: 'province',
      regionCode: null,
      startsAt: atX(dayOf('2025-09-15')),
      endsAt: atX(dayOf('2025-09-15') + 1 / 3),
      place: '线上洽谈平台（示例）',
      online: true,
      capacity: 200,
      slotMinutes: 30,
      description: '面向全省技工院校和重点企业的线上洽谈会：报名单位可在平台上预约 30 分钟的视频洽谈，洽谈后记录成果。',
      status: 'closed',
      createdBy: province.id,
      createdAt: atX(dayOf('2025-09-01') + 0.2),
    })
    .returning();
  const withRecs = (orgId: number) => (recsOf.get(orgId)?.length ?? 0) > 0;
  const demoSchools = [`school-${XIANGYANG}-01`, 'school-420500-01', 'school-420900-02', 'school-421000-01', 'school-420200-02'].map(demoOrgId).filter((id) => linesOf.has(id) && withRecs(id));
  const schoolsWithRecs = [...linesOf.keys()].filter((id) => isSchool(id) && withRecs(id));
  const onlineSchools = [...demoSchools, ...rng.sample(schoolsWithRecs.filter((id) => !demoSchools.includes(id)), Math.max(0, 14 - demoSchools.length))];
  const onlineEnts: number[] = [];
  for (const id of [`enterprise-${XIANGYANG}-01`, 'enterprise-420500-01', 'enterprise-421000-01'].map(demoOrgId)) if (linesOf.has(id) && withRecs(id)) onlineEnts.push(id);
  for (let round = 0; onlineEnts.length < 22 && round < 5; round++) {
    for (const s of onlineSchools) {
      const next = (recsOf.get(s) ?? []).find((r) => !onlineEnts.includes(r.cp));
      if (next && onlineEnts.length < 22) onlineEnts.push(next.cp);
    }
  }
  const onlineRegs = [...onlineSchools, ...onlineEnts]
    .map((orgId) => ({ orgId, at: atX(weekday(dayOf('2025-09-02') + rng.int(0, 8)) + rng.next() * 0.9), attendees: rng.int(1, 3) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.orgId - b.orgId);
  await tx.insert(eventRegistrations).values(onlineRegs.map((r) => ({ eventId: online.id, orgId: r.orgId, attendees: r.attendees, createdAt: r.at })));
  const onlinePairs = onlineSchools
    .flatMap((s) => onlineEnts.filter((e) => pairScore(s, e) > 0).map((e) => ({ s, e, score: pairScore(s, e) })))
    .sort((a, b) => Number(demoSchools.includes(b.s)) - Number(demoSchools.includes(a.s)) || b.score - a.score || a.s - b.s || a.e - b.e);
  const onlineMeetings = bookMeetings(rng, onlinePairs, slotsBetween(online.startsAt, online.endsAt, online.slotMinutes), 24, 3);
  const outcomePool: Outcome[] = [];
  apportion(onlineMeetings.length, [40, 20, 25, 15]).forEach((k, i) => outcomePool.push(...Array<Outcome>(k).fill((['intent', 'agreement_to_sign', 'no_deal', 'none'] as const)[i])));
  const outcomes = rng.shuffle(outcomePool);
  const onlineRows = onlineMeetings.map((m, i) => {
    const outcome = outcomes[i];
    return {
      eventId: online.id,
      slotStart: m.slot,
      schoolOrgId: m.s,
      enterpriseOrgId: m.e,
      table: `洽谈室 ${String(m.table).padStart(2, '0')}`,
      outcome,
      outcomeNote: outcome === 'none' ? '' : rng.pick(OUTCOME_NOTES[outcome]),
      createdBy: province.id,
      createdAt: atX(dayOf('2025-09-10') + (i % 3) + rng.next() * 0.9),
    };
  });
  onlineRows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.slotStart.getTime() - b.slotStart.getTime());
  if (onlineRows.length) await tx.insert(eventMeetings).values(onlineRows);
  for (const m of onlineRows) {
    const title = `${ONLINE_EVENT_TITLE}：已预约 ${beijingTime(m.slotStart)} 的洽谈`;
    for (const org of [m.schoolOrgId, m.enterpriseOrgId]) push(orgUsers(org), m.createdAt, { kind: 'meeting_booked', title, link: `/events/${online.id}` }, new Date(m.createdAt.getTime() + 3 * 3_600_000));
  }

  // 8. Intents between schools and enterprises that recommend each other.
  const target = Math.max(30, Math.round(120 * input.scale));
  interface PlannedIntent {
    from: number;
    to: number;
    state: IntentState;
    source: 'catalogue' | 'recommendation' | 'event';
    itemId: number | null;
    type: string;
    fromLine: Line;
    toLine: Line;
    /** Created after the online fair (day on the campaign clock) — or, for pending ones, days before now. */
    x: number;
  }
  const planned: PlannedIntent[] = [];
  const used = new Set<string>();
  const key = (a: number, b: number) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const plan = (from: number, to: number, state: IntentState, source: PlannedIntent['source'], x = 0) => {
    if (from === to || used.has(key(from, to)) || !linesOf.has(from) || !linesOf.has(to) || isSchool(from) === isSchool(to)) return false;
    used.add(key(from, to));
    // The two lines the intent is about: the pair of their lines that fits best.
    const { s: sLine, e: eLine } = bestLines(isSchool(from) ? from : to, isSchool(from) ? to : from);
    const [fromLine, toLine] = isSchool(from) ? [sLine, eLine] : [eLine, sLine];
    const item = source === 'catalogue' ? toLine : null;
    planned.push({ from, to, state, source, itemId: item?.id ?? null, type: item ? item.needType : fromLine.needType, fromLine, toLine, x });
    return true;
  };
  const bestLines = (s: number, e: number) => {
    let best = { s: linesOf.get(s)![0], e: linesOf.get(e)![0], score: -1 };
    for (const sl of linesOf.get(s)!) {
      for (const el of linesOf.get(e)!) {
        const m = scorePair(
          { orgId: s, regionCode: sl.regionCode, specialtyCode: sl.specialtyCode ?? '', needType: sl.needType, graduates: sl.places, levels: sl.levels as SchoolLine['levels'], availableFrom: sl.availableFrom },
          { orgId: e, regionCode: el.regionCode, occupationCode: el.occupationCode ?? '', postName: el.postName, headcount: el.places, skillLevel: el.skillLevel, needType: el.needType, availableFrom: el.availableFrom, industryCodes: el.industryCodes },
        );
        if (m && m.score > best.score) best = { s: sl, e: el, score: m.score };
      }
    }
    return best;
  };
  const topRec = (orgId: number, pred: (cp: number) => boolean = () => true) => (recsOf.get(orgId) ?? []).find((r) => pred(r.cp) && !used.has(key(orgId, r.cp)))?.cp;

  // Out of the online fair: meetings that went well turn into intents (decided long ago).
  for (const m of onlineRows.filter((r) => r.outcome === 'intent' || r.outcome === 'agreement_to_sign')) {
    if (!rng.chance(0.7)) continue;
    const [from, to] = rng.chance(0.5) ? [m.schoolOrgId, m.enterpriseOrgId] : [m.enterpriseOrgId, m.schoolOrgId];
    const state: IntentState = m.outcome === 'agreement_to_sign' ? 'accepted' : rng.pick(['accepted', 'accepted', 'accepted', 'declined', 'expired']);
    plan(from, to, state, 'event', dayOf('2025-09-15') + 0.5 + rng.next() * 3);
  }
  // The demo accounts' own examples.
  const xySchool1 = demoOrgId(`school-${XIANGYANG}-01`);
  const xyEnt1 = demoOrgId(`enterprise-${XIANGYANG}-01`);
  const xySchools = [...linesOf.keys()].filter((id) => isSchool(id) && info(id).regionCode === XIANGYANG && id !== xySchool1);
  const pendingFrom = [demoOrgId(`school-${XIANGYANG}-02`), ...xySchools].find((s) => linesOf.has(s) && !used.has(key(s, xyEnt1)) && pairScore(s, xyEnt1) > 0) ?? xySchools.find((s) => !used.has(key(s, xyEnt1)));
  if (pendingFrom != null && linesOf.has(xyEnt1)) plan(pendingFrom, xyEnt1, 'pending', 'recommendation');
  if (linesOf.has(xySchool1)) {
    const acceptedTo = topRec(xySchool1, (cp) => cp !== xyEnt1);
    if (acceptedTo != null) plan(xySchool1, acceptedTo, 'accepted', 'recommendation');
    const declinedTo = topRec(xySchool1, (cp) => cp !== xyEnt1);
    if (declinedTo != null) plan(xySchool1, declinedTo, 'declined', 'catalogue');
  }
  const demoCycle: IntentState[] = ['pending', 'accepted', 'pending', 'declined', 'accepted', 'pending', 'withdrawn', 'accepted'];
  const demoOrgs = userList.filter((u) => u.orgId != null && linesOf.has(u.orgId)).map((u) => u.orgId!);
  demoOrgs.forEach((orgId, i) => {
    const cp = topRec(orgId);
    if (cp == null) return;
    // Half of them sent the intent, half received it.
    const [from, to] = i % 2 === 0 ? [orgId, cp] : [cp, orgId];
    plan(from, to, demoCycle[i % demoCycle.length], rng.chance(0.35) ? 'catalogue' : 'recommendation');
  });
  // The rest: pairs from each other's top recommendations (mostly both ways), in the states that make up the shares.
  const counts = () => Object.fromEntries(INTENT_STATES.map((s) => [s, planned.filter((p) => p.state === s).length])) as Record<IntentState, number>;
  const have = counts();
  const want = apportion(target, INTENT_SHARES);
  const pool = rng.shuffle(INTENT_STATES.flatMap((s, i) => Array<IntentState>(Math.max(0, want[i] - have[s])).fill(s)));
  const orgsWithRecs = [...recsOf.keys()].filter((id) => linesOf.has(id)).sort((a, b) => a - b);
  for (let tries = 0; pool.length && tries < target * 30; tries++) {
    const a = rng.pick(orgsWithRecs);
    const recs = (recsOf.get(a) ?? []).slice(0, 8);
    if (!recs.length) continue;
    const b = rng.pick(recs).cp;
    if (!scoreOf.has(`${b}|${a}`) && rng.chance(0.7)) continue; // prefer pairs that recommend each other
    if (plan(a, b, pool[pool.length - 1], rng.chance(0.35) ? 'catalogue' : 'recommendation')) pool.pop();
  }

  // Times: decided ones in autumn 2025 (the campaign clock), pending ones in the last weeks before now.
  const [{ now: nowRaw }] = ((await tx.execute(sql`select now() as now`)) as unknown as { rows: { now: string | Date }[] }).rows;
  const now = new Date(nowRaw);
  const autumnFrom = dayOf('2025-09-08');
  const autumnTo = dayOf('2025-11-28');
  interface TimedIntent extends PlannedIntent {
    createdAt: Date;
    decidedAt: Date | null;
    decidedX: number | null;
    reason: string | null;
  }
  const timed: TimedIntent[] = planned.map((p) => {
    if (p.state === 'pending') {
      const createdAt = recentWork(now, rng.int(1, PENDING_MAX_DAYS), rng.next());
      return { ...p, createdAt, decidedAt: null, decidedX: null, reason: null };
    }
    const x = p.x || weekday(autumnFrom + Math.floor(rng.next() * (autumnTo - autumnFrom))) + rng.next() * 0.9;
    const after = p.state === 'expired' ? 30 + 0.2 + rng.next() * 3 : p.state === 'withdrawn' ? 1 + rng.next() * 4 : 0.3 + rng.next() * (p.state === 'declined' ? 7 : 5);
    const receiver = isSchool(p.to) ? 'school' : 'enterprise';
    return { ...p, x, createdAt: atX(x), decidedAt: atX(x + after), decidedX: x + after, reason: p.state === 'declined' ? declineReason(rng, receiver) : null };
  });
  timed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.from - b.from || a.to - b.to);
  const intentIds = await reserveIds(tx, 'intents', timed.length);
  const intentRows = timed.map((p, k) => {
    const fromLine = gist(p.fromLine);
    const toLine = gist(p.toLine);
    const message = isSchool(p.from) ? schoolAsks(rng, p.type, fromLine, toLine) : enterpriseAsks(rng, p.type, fromLine, toLine);
    return {
      id: intentIds[k],
      fromOrgId: p.from,
      toOrgId: p.to,
      fromRegionCode: info(p.from).regionCode,
      toRegionCode: info(p.to).regionCode,
      itemId: p.itemId,
      source: p.source,
      cooperationType: p.type,
      message,
      state: p.state,
      declineReason: p.reason,
      createdBy: userOfOrg.get(p.from)?.id ?? null,
      createdAt: p.createdAt,
      decidedAt: p.decidedAt,
      version: p.state === 'pending' ? 1 : 2,
    };
  });
  await insertAll(intentRows, (part) => tx.insert(intents).values(part), 500);

  // Their messages: the 'event' rows the service writes on each change, and a short exchange once accepted.
  type MessageInsert = typeof intentMessages.$inferInsert;
  const messages: MessageInsert[] = [];
  const say = (intentId: number, orgId: number, body: string, at: Date, kind: 'message' | 'event') =>
    messages.push({ intentId, authorId: userOfOrg.get(orgId)?.id ?? null, authorOrgId: orgId, authorName: info(orgId).orgName, body, kind, createdAt: at });
  const LABEL = { accepted: '接受', declined: '婉拒', withdrawn: '撤回' } as const;
  timed.forEach((p, k) => {
    const id = intentIds[k];
    const row = intentRows[k];
    const fromName = info(p.from).orgName;
    const link = `/intents/${id}`;
    say(id, p.from, `发起对接：${p.type}`, p.createdAt, 'event');
    const decidedRead = p.decidedX != null ? atX(p.decidedX + 0.2) : null;
    // intent_received for the receiver: read when answered; pending ones wait unread.
    push(orgUsers(p.to), p.createdAt, { kind: 'intent_received', title: `${fromName} 向贵单位发起合作对接（${p.type}）`, body: row.message.slice(0, 200), link }, p.state === 'pending' ? null : p.state === 'withdrawn' || p.state === 'expired' ? atX(p.x + 0.3) : p.decidedAt);
    if (p.state === 'accepted' || p.state === 'declined' || p.state === 'withdrawn') {
      const actor = p.state === 'withdrawn' ? p.from : p.to;
      const other = actor === p.from ? p.to : p.from;
      say(id, actor, `${LABEL[p.state]}${p.reason ? `：${p.reason}` : ''}`, p.decidedAt!, 'event');
      push(orgUsers(other), p.decidedAt!, { kind: `intent_${p.state}`, title: `${info(actor).orgName} ${LABEL[p.state]}了合作对接意向`, body: p.state === 'accepted' ? '双方联系方式已互相可见，请尽快联系。' : (p.reason ?? ''), link }, decidedRead);
    }
    if (p.state === 'accepted') {
      let x = p.decidedX!;
      for (const [byInitiator, text] of followUp(rng, isSchool(p.to) ? 'school' : 'enterprise')) {
        x += 0.1 + rng.next() * 1.5;
        const author = byInitiator ? p.from : p.to;
        const at = atX(x);
        say(id, author, text, at, 'message');
        push(orgUsers(author === p.from ? p.to : p.from), at, { kind: 'intent_message', title: `${info(author).orgName} 在对接中留言`, body: text.slice(0, 200), link }, atX(x + 0.1));
      }
    }
  });
  messages.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime() || a.intentId - b.intentId);
  const messageIds = await reserveIds(tx, 'intent_messages', messages.length);
  await insertAll(
    messages.map((m, k) => ({ ...m, id: messageIds[k] })),
    (part) => tx.insert(intentMessages).values(part),
    500,
  );

  // 9. 襄阳's fair, two weeks from now: registrations of 襄阳's schools and enterprises, meetings booked so far.
  const xyRegion = byName.get(`region-${XIANGYANG}`);
  const startsAt = beijingMorning(now, 14);
  const endsAt = new Date(startsAt.getTime() + 3 * 3_600_000);
  const [fair] = await tx
    .insert(events)
    .values({
      campaignId,
      title: XIANGYANG_EVENT_TITLE,
      organiserRole: 'region',
      regionCode: XIANGYANG,
      startsAt,
      endsAt,
      place: '襄阳市示例会展中心 A 馆',
      online: false,
      capacity: 60,
      slotMinutes: 20,
      description: '襄阳市人社局主办，面向市内技工院校和重点企业：现场按预约时段一对一洽谈（每段 20 分钟），请报名后在平台上预约洽谈对象。',
      status: 'open',
      createdBy: xyRegion?.id ?? null,
      createdAt: recentWork(now, 12, 0.1),
    })
    .returning();
  const xyDemo = [`school-${XIANGYANG}-01`, `school-${XIANGYANG}-02`, `enterprise-${XIANGYANG}-01`, `enterprise-${XIANGYANG}-02`].map(demoOrgId).filter((id) => linesOf.has(id));
  const xyAllSchools = [...linesOf.keys()].filter((id) => isSchool(id) && info(id).regionCode === XIANGYANG).sort((a, b) => a - b);
  const fairSchools = [...xyDemo.filter(isSchool), ...xyAllSchools.filter((id) => !xyDemo.includes(id))].slice(0, 10);
  const entScore = new Map<number, number>();
  for (const s of fairSchools) for (const r of recsOf.get(s) ?? []) if (!isSchool(r.cp) && info(r.cp).regionCode === XIANGYANG) entScore.set(r.cp, (entScore.get(r.cp) ?? 0) + r.score);
  for (const [orgId] of linesOf) if (!isSchool(orgId) && info(orgId).regionCode === XIANGYANG && !entScore.has(orgId)) entScore.set(orgId, 0);
  const fairEnts = [
    ...xyDemo.filter((id) => !isSchool(id)),
    ...[...entScore.entries()]
      .filter(([id]) => !xyDemo.includes(id))
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([id]) => id),
  ].slice(0, 30 - fairSchools.length);
  const fairRegs = [...fairSchools, ...fairEnts]
    .map((orgId) => ({ orgId, at: recentWork(now, rng.int(2, 11), rng.next()), attendees: rng.int(1, 4) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.orgId - b.orgId);
  await tx.insert(eventRegistrations).values(fairRegs.map((r) => ({ eventId: fair.id, orgId: r.orgId, attendees: r.attendees, createdAt: r.at })));
  const fairPairs = fairSchools
    .flatMap((s) => fairEnts.map((e) => ({ s, e, score: pairScore(s, e) })))
    .filter((p) => p.score > 0 || (xyDemo.includes(p.s) && xyDemo.includes(p.e)))
    .sort((a, b) => Number(xyDemo.includes(b.s) && xyDemo.includes(b.e)) - Number(xyDemo.includes(a.s) && xyDemo.includes(a.e)) || b.score - a.score || a.s - b.s || a.e - b.e);
  const fairMeetings = bookMeetings(rng, fairPairs, slotsBetween(startsAt, endsAt, 20), 20, 3);
  const fairRows = fairMeetings.map((m) => {
    // A demo account booked its own meetings; the bureau arranged the others.
    const party = userOfOrg.get(m.s) ?? userOfOrg.get(m.e);
    return {
      eventId: fair.id,
      slotStart: m.slot,
      schoolOrgId: m.s,
      enterpriseOrgId: m.e,
      table: `A${String(m.table).padStart(2, '0')}`,
      outcome: 'none' as const,
      outcomeNote: '',
      createdBy: party?.id ?? xyRegion?.id ?? null,
      createdAt: recentWork(now, rng.int(1, 2), rng.next()),
      actorOrg: party?.orgId ?? null,
    };
  });
  fairRows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.slotStart.getTime() - b.slotStart.getTime());
  if (fairRows.length) await tx.insert(eventMeetings).values(fairRows.map(({ actorOrg: _a, ...m }) => m));
  for (const m of fairRows) {
    const title = `${XIANGYANG_EVENT_TITLE}：已预约 ${beijingTime(m.slotStart)} 的洽谈`;
    for (const org of [m.schoolOrgId, m.enterpriseOrgId]) if (org !== m.actorOrg) push(orgUsers(org), m.createdAt, { kind: 'meeting_booked', title, link: `/events/${fair.id}` }, null);
  }

  // 10. The recommendations, stored by the real service: accepted intents count as partners, as the intents route
  // makes them count after each acceptance.
  const recs = await recomputeAll(db);
  invalidateLines();

  notes.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime());
  await insertAll(notes, (part) => tx.insert(notifications).values(part));
  const value = { campaignId, publicationIds: [v1.id, v2.id], eventIds: [online.id, fair.id] };
  await tx.insert(appMeta).values({ key: MATCHMAKING_META_KEY, value }).onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: new Date() } });

  const [{ publicLines }] = await tx.select({ publicLines: count() }).from(publishedItems).where(and(eq(publishedItems.publicationId, v2.id), eq(publishedItems.status, 'public')));
  const summary: MatchmakingSeedSummary = {
    accepted: roundA.accepted + roundB.accepted,
    publications: [
      { version: v1.version, items: v1.itemCount },
      { version: v2.version, items: v2.itemCount },
    ],
    publicLines,
    withdrawn: withdraw.length,
    confirmed: confirm.length,
    recommendations: recs,
    intents: Object.fromEntries(INTENT_STATES.map((s) => [s, timed.filter((p) => p.state === s).length])) as Record<IntentState, number>,
    events: 2,
    registrations: onlineRegs.length + fairRegs.length,
    meetings: onlineRows.length + fairRows.length,
    notifications: notes.length,
  };
  const st = summary.intents;
  log(
    `发布与对接：省厅接收 ${summary.accepted} 份；发布 2 个版本（${v1.itemCount} / ${v2.itemCount} 条，公开 ${publicLines} 条，撤下 ${withdraw.length} 条）；推荐 ${recs.pairs} 对（${recs.orgs} 家单位）；` +
      `对接意向 ${timed.length} 条（待回复 ${st.pending}、已接受 ${st.accepted}、已婉拒 ${st.declined}、已撤回 ${st.withdrawn}、已过期 ${st.expired}）；洽谈会 2 场，报名 ${summary.registrations} 家，预约 ${summary.meetings} 场`,
  );
  return summary;
}

/** The publication and its lines as published on that day (publish() stamps the time of the seed). */
async function backdate(tx: DbOrTx, publicationId: number, at: Date) {
  await tx.update(publications).set({ publishedAt: at }).where(eq(publications.id, publicationId));
  await tx.update(publishedItems).set({ publishedAt: at }).where(eq(publishedItems.publicationId, publicationId));
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
  const demoIntents = tx.select({ id: intents.id }).from(intents).where(or(inArray(intents.fromOrgId, demoOrgs), inArray(intents.toOrgId, demoOrgs)));
  await tx.delete(intentMessages).where(inArray(intentMessages.intentId, demoIntents));
  const gone = await tx.delete(intents).where(or(inArray(intents.fromOrgId, demoOrgs), inArray(intents.toOrgId, demoOrgs))).returning({ id: intents.id });
  await tx.delete(recommendations).where(or(inArray(recommendations.orgId, demoOrgs), inArray(recommendations.counterpartOrgId, demoOrgs)));
  await tx.delete(dismissals).where(or(inArray(dismissals.orgId, demoOrgs), inArray(dismissals.counterpartOrgId, demoOrgs)));
  await tx.delete(eventMeetings).where(or(inArray(eventMeetings.eventId, eventIds), inArray(eventMeetings.schoolOrgId, demoOrgs), inArray(eventMeetings.enterpriseOrgId, demoOrgs)));
  await tx.delete(eventRegistrations).where(or(inArray(eventRegistrations.eventId, eventIds), inArray(eventRegistrations.orgId, demoOrgs)));
  const ev = await tx
    .delete(events)
    .where(and(inArray(events.id, eventIds), notExists(tx.select({ id: eventRegistrations.id }).from(eventRegistrations).where(eq(eventRegistrations.eventId, events.id)))))
    .returning({ id: events.id });
  const items = await tx.delete(publishedItems).where(inArray(publishedItems.orgId, demoOrgs)).returning({ id: publishedItems.id });
  if (value.campaignId != null) {
    await tx
      .delete(publications)
      .where(and(eq(publications.campaignId, value.campaignId), notExists(tx.select({ id: publishedItems.id }).from(publishedItems).where(eq(publishedItems.publicationId, publications.id)))));
  }
  await tx.delete(appMeta).where(eq(appMeta.key, MATCHMAKING_META_KEY));
  invalidateLines();
  return { intents: gone.length, events: ev.length, items: items.length };
}
