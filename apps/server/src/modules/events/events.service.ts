import { and, asc, count, desc, eq, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { regionByCode } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { campaigns, eventMeetings, eventRegistrations, events, orgs } from '../../db/schema/index';
import { requireAccess, requireActor, type Actor, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { notifyOrg } from '../notifications/notifications.service';
import { now, nowMs } from '../../lib/clock';
import { refuseDuplicate } from '../../lib/duplicates';

type EventRow = typeof events.$inferSelect;

const canManage = (actor: Actor | null, e: EventRow) =>
  !!actor &&
  (actor.role === 'province' ||
    (actor.role === 'region' && actor.regionCode != null && actor.regionCode === e.regionCode));

async function out(db: DbOrTx, actor: Actor | null, e: EventRow) {
  const [[{ n }], [{ m }], mine, [camp]] = await Promise.all([
    db.select({ n: count() }).from(eventRegistrations).where(eq(eventRegistrations.eventId, e.id)),
    db
      .select({ m: count() })
      .from(eventMeetings)
      .where(and(eq(eventMeetings.eventId, e.id), eq(eventMeetings.state, 'accepted'))),
    actor?.orgId
      ? db
          .select({ id: eventRegistrations.id })
          .from(eventRegistrations)
          .where(and(eq(eventRegistrations.eventId, e.id), eq(eventRegistrations.orgId, actor.orgId)))
      : Promise.resolve([]),
    e.campaignId
      ? db.select({ year: campaigns.year }).from(campaigns).where(eq(campaigns.id, e.campaignId))
      : Promise.resolve([]),
  ]);
  return {
    id: e.id,
    title: e.title,
    campaignYear: camp?.year ?? null,
    organiser:
      e.organiserRole === 'province'
        ? '湖北省人力资源和社会保障厅'
        : `${regionByCode(e.regionCode ?? '')?.name ?? ''}人力资源和社会保障局`,
    regionCode: e.regionCode,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    place: e.place,
    online: e.online,
    capacity: e.capacity,
    slotMinutes: e.slotMinutes,
    description: e.description,
    status: e.status,
    registered: n,
    meetings: m,
    myRegistration: mine.length > 0,
    canManage: canManage(actor, e),
  };
}

async function load(db: DbOrTx, id: number) {
  const [e] = await db.select().from(events).where(eq(events.id, id));
  if (!e) throw new AppError(404, 'not_found');
  return e;
}

/** Events are public (a fair is announced to everyone). */
export async function listEvents(db: Db, ctx: Ctx) {
  const rows = await db
    .select()
    .from(events)
    .where(sql`${events.status} <> 'cancelled'`)
    .orderBy(desc(events.startsAt));
  return { items: await Promise.all(rows.map((e) => out(db, ctx.actor, e))) };
}

export async function getEvent(db: Db, ctx: Ctx, id: number) {
  return out(db, ctx.actor, await load(db, id));
}

export async function createEvent(
  db: Db,
  ctx: Ctx,
  b: {
    title: string;
    campaignYear?: number;
    startsAt: string;
    endsAt: string;
    place: string;
    online: boolean;
    capacity: number;
    slotMinutes: number;
    description: string;
  },
) {
  const actor = requireAccess(ctx, 'event.manage');
  const [camp] = b.campaignYear ? await db.select().from(campaigns).where(eq(campaigns.year, b.campaignYear)) : [];
  if (b.campaignYear && !camp) throw new AppError(400, 'unknown_reference', `${b.campaignYear} 年度专项行动不存在`);
  return db.transaction(async (tx) => {
    const organiser = actor.role === 'region' ? actor.regionCode! : 'province';
    await refuseDuplicate(
      tx,
      `event:${organiser}:${b.title}:${b.startsAt}`,
      async () =>
        (
          await tx
            .select({ id: events.id })
            .from(events)
            .where(
              and(
                actor.role === 'region'
                  ? eq(events.regionCode, actor.regionCode!)
                  : eq(events.organiserRole, actor.role),
                eq(events.title, b.title),
                eq(events.startsAt, new Date(b.startsAt)),
                sql`${events.status} <> 'cancelled'`,
              ),
            )
        )[0],
      `「${b.title}」已在同一时间创建，请勿重复提交`,
    );
    const [e] = await tx
      .insert(events)
      .values({
        title: b.title,
        campaignId: camp?.id ?? null,
        organiserRole: actor.role,
        regionCode: actor.role === 'region' ? actor.regionCode : null,
        startsAt: new Date(b.startsAt),
        endsAt: new Date(b.endsAt),
        place: b.place,
        online: b.online,
        capacity: b.capacity,
        slotMinutes: b.slotMinutes,
        description: b.description,
        createdBy: actor.id,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'event.create',
      entityType: 'event',
      entityId: e.id,
      regionCode: e.regionCode,
      after: b,
    });
    return out(tx, actor, e);
  });
}

export async function register(db: Db, ctx: Ctx, id: number, attendees: number) {
  const actor = requireAccess(ctx, 'event.register');
  const e = await load(db, id);
  if (e.status !== 'open') throw new AppError(409, 'illegal_transition', '洽谈会已停止报名');
  if (e.endsAt.getTime() < nowMs()) throw new AppError(409, 'illegal_transition', '洽谈会已结束');
  return db
    .transaction(async (tx) => {
      // Lock the event row so two last-minute registrations cannot both take the last place.
      await tx.execute(sql`select id from events where id = ${id} for update`);
      const [{ n }] = await tx
        .select({ n: count() })
        .from(eventRegistrations)
        .where(eq(eventRegistrations.eventId, id));
      if (n >= e.capacity) throw new AppError(409, 'conflict', '报名已满');
      try {
        const [r] = await tx
          .insert(eventRegistrations)
          .values({ eventId: id, orgId: actor.orgId!, attendees })
          .returning();
        await audit(tx, ctx, {
          action: 'event.register',
          entityType: 'event',
          entityId: id,
          after: { orgId: actor.orgId },
        });
        return r;
      } catch (err) {
        if (pgCode(err) === '23505') throw new AppError(409, 'conflict', '本单位已报名');
        throw err;
      }
    })
    .then(async () => out(db, actor, e));
}

export async function registrations(db: Db, ctx: Ctx, id: number) {
  const actor = requireActor(ctx);
  const e = await load(db, id);
  const rows = await db
    .select({
      id: eventRegistrations.id,
      orgId: orgs.id,
      orgName: orgs.name,
      orgType: orgs.type,
      regionCode: orgs.regionCode,
      attendees: eventRegistrations.attendees,
      createdAt: eventRegistrations.createdAt,
    })
    .from(eventRegistrations)
    .innerJoin(orgs, eq(orgs.id, eventRegistrations.orgId))
    .where(eq(eventRegistrations.eventId, id))
    .orderBy(asc(eventRegistrations.id));
  // Registered organisations see who else comes (to book meetings); others see only the organiser's view if they manage it.
  const registered = rows.some((r) => r.orgId === actor.orgId);
  if (!canManage(actor, e) && !registered) throw new AppError(404, 'not_found');
  return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
}

function slotsOf(e: EventRow): string[] {
  const out: string[] = [];
  for (let t = e.startsAt.getTime(); t + e.slotMinutes * 60_000 <= e.endsAt.getTime(); t += e.slotMinutes * 60_000)
    out.push(new Date(t).toISOString());
  return out;
}

const school = alias(orgs, 'school');
const ent = alias(orgs, 'ent');

async function meetingRows(db: DbOrTx, id: number, orgId?: number, viewerOrgId?: number | null) {
  const rows = await db
    .select({ m: eventMeetings, schoolName: school.name, enterpriseName: ent.name })
    .from(eventMeetings)
    .innerJoin(school, eq(school.id, eventMeetings.schoolOrgId))
    .innerJoin(ent, eq(ent.id, eventMeetings.enterpriseOrgId))
    .where(
      and(
        eq(eventMeetings.eventId, id),
        orgId != null ? or(eq(eventMeetings.schoolOrgId, orgId), eq(eventMeetings.enterpriseOrgId, orgId)) : undefined,
      ),
    )
    .orderBy(asc(eventMeetings.slotStart), asc(eventMeetings.id));
  return rows.map(({ m, schoolName, enterpriseName }) => ({
    id: m.id,
    slotStart: m.slotStart.toISOString(),
    schoolOrgId: m.schoolOrgId,
    schoolName,
    enterpriseOrgId: m.enterpriseOrgId,
    enterpriseName,
    table: m.table,
    outcome: m.outcome,
    outcomeNote: m.outcomeNote,
    state: m.state,
    requestedByOrgId: m.requestedByOrgId,
    declineReason: m.declineReason,
    canRespond: m.state === 'requested' && viewerOrgId != null && viewerOrgId === askedOrg(m),
  }));
}

type MeetingRow = typeof eventMeetings.$inferSelect;
/** The side a request waits for: the pair's organisation that did not ask. */
const askedOrg = (m: Pick<MeetingRow, 'schoolOrgId' | 'enterpriseOrgId' | 'requestedByOrgId'>) =>
  m.requestedByOrgId === m.schoolOrgId ? m.enterpriseOrgId : m.schoolOrgId;
const bj = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ');

export async function meetings(db: Db, ctx: Ctx, id: number) {
  const actor = requireActor(ctx);
  const e = await load(db, id);
  return {
    items: await meetingRows(db, id, canManage(actor, e) ? undefined : (actor.orgId ?? -1), actor.orgId),
    slots: slotsOf(e),
  };
}

/**
 * One side asks the other for a meeting at a slot; it is a request until the other side accepts. Nobody fills
 * another's schedule: the organiser does not book for the pair, and only accepted meetings take a slot (the
 * partial unique indexes on (event, slot, school) and (event, slot, enterprise) refuse double-booking).
 */
export async function bookMeeting(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { slotStart: string; schoolOrgId: number; enterpriseOrgId: number; table: string },
) {
  const actor = requireActor(ctx);
  const e = await load(db, id);
  const party = actor.orgId != null && (actor.orgId === b.schoolOrgId || actor.orgId === b.enterpriseOrgId);
  if (!party)
    throw new AppError(
      403,
      'forbidden',
      canManage(actor, e) ? '洽谈须由学校或企业一方发起、另一方接受，主办方不能代为预约' : '只能为本单位发起洽谈预约',
    );
  if (e.status === 'cancelled') throw new AppError(409, 'illegal_transition', '洽谈会已取消');
  const slot = new Date(b.slotStart).toISOString();
  const slots = slotsOf(e);
  if (!slots.includes(slot)) throw new AppError(400, 'validation_failed', '所选时段不在洽谈会时段内');
  const regs = await db
    .select({ orgId: eventRegistrations.orgId, type: orgs.type })
    .from(eventRegistrations)
    .innerJoin(orgs, eq(orgs.id, eventRegistrations.orgId))
    .where(eq(eventRegistrations.eventId, id));
  const typeOf = new Map(regs.map((r) => [r.orgId, r.type]));
  if (typeOf.get(b.schoolOrgId) !== 'school' || typeOf.get(b.enterpriseOrgId) !== 'enterprise')
    throw new AppError(400, 'validation_failed', '洽谈双方须为已报名的一所学校和一家企业');
  const other = actor.orgId === b.schoolOrgId ? b.enterpriseOrgId : b.schoolOrgId;
  const taken = await db
    .select({
      slotStart: eventMeetings.slotStart,
      schoolOrgId: eventMeetings.schoolOrgId,
      enterpriseOrgId: eventMeetings.enterpriseOrgId,
    })
    .from(eventMeetings)
    .where(
      and(
        eq(eventMeetings.eventId, id),
        eq(eventMeetings.state, 'accepted'),
        or(
          eq(eventMeetings.schoolOrgId, other),
          eq(eventMeetings.enterpriseOrgId, other),
          eq(eventMeetings.schoolOrgId, actor.orgId!),
          eq(eventMeetings.enterpriseOrgId, actor.orgId!),
        ),
      ),
    );
  const busy = (org: number) =>
    new Set(
      taken.filter((m) => m.schoolOrgId === org || m.enterpriseOrgId === org).map((m) => m.slotStart.toISOString()),
    );
  if (busy(other).size >= slots.length) throw new AppError(409, 'conflict', '对方的洽谈日程已满，不能再发起预约');
  if (busy(other).has(slot)) throw new AppError(409, 'conflict', '对方在该时段已有洽谈，请选择其他时段');
  if (busy(actor.orgId!).has(slot)) throw new AppError(409, 'conflict', '本单位在该时段已有洽谈，请选择其他时段');
  try {
    return await db.transaction(async (tx) => {
      const [m] = await tx
        .insert(eventMeetings)
        .values({
          eventId: id,
          slotStart: new Date(slot),
          schoolOrgId: b.schoolOrgId,
          enterpriseOrgId: b.enterpriseOrgId,
          table: b.table,
          state: 'requested',
          requestedByOrgId: actor.orgId,
          createdBy: actor.id,
        })
        .returning();
      await audit(tx, ctx, {
        action: 'event.meeting.request',
        entityType: 'event',
        entityId: id,
        after: { meetingId: m.id, slot, schoolOrgId: b.schoolOrgId, enterpriseOrgId: b.enterpriseOrgId },
      });
      await notifyOrg(tx, other, {
        kind: 'meeting_requested',
        title: `${e.title}：${actor.orgName ?? ''}请求在 ${bj(slot)}（北京时间）洽谈，请接受或谢绝`,
        link: `/events/${id}`,
      });
      return (await meetingRows(tx, id, undefined, actor.orgId)).find((x) => x.id === m.id)!;
    });
  } catch (err) {
    if (pgCode(err) === '23505') throw new AppError(409, 'conflict', '已向对方发出该时段的洽谈请求，请等待对方答复');
    throw err;
  }
}

/** The side that was asked accepts (the slot is then taken on both schedules) or declines with an optional reason. */
export async function respondMeeting(
  db: Db,
  ctx: Ctx,
  id: number,
  meetingId: number,
  b: { action: 'accept' | 'decline'; reason: string },
) {
  const actor = requireActor(ctx);
  const e = await load(db, id);
  const [m] = await db
    .select()
    .from(eventMeetings)
    .where(and(eq(eventMeetings.id, meetingId), eq(eventMeetings.eventId, id)));
  if (!m || (!canManage(actor, e) && actor.orgId !== m.schoolOrgId && actor.orgId !== m.enterpriseOrgId))
    throw new AppError(404, 'not_found');
  if (m.state !== 'requested')
    throw new AppError(409, 'illegal_transition', m.state === 'accepted' ? '该洽谈已确认' : '该洽谈请求已谢绝');
  if (actor.orgId == null || actor.orgId !== askedOrg(m))
    throw new AppError(403, 'forbidden', '只有被邀请的一方可以接受或谢绝');
  const slot = m.slotStart.toISOString();
  try {
    return await db.transaction(async (tx) => {
      const [u] = await tx
        .update(eventMeetings)
        .set({
          state: b.action === 'accept' ? 'accepted' : 'declined',
          declineReason: b.action === 'decline' ? b.reason || null : null,
          decidedAt: now(),
        })
        .where(and(eq(eventMeetings.id, meetingId), eq(eventMeetings.state, 'requested')))
        .returning();
      if (!u) throw new AppError(409, 'version_conflict');
      await audit(tx, ctx, {
        action: `event.meeting.${b.action}`,
        entityType: 'event',
        entityId: id,
        before: { meetingId, state: m.state },
        after: { meetingId, state: u.state, reason: b.reason || undefined },
      });
      if (m.requestedByOrgId != null) {
        const title = `${e.title}：${actor.orgName ?? ''}${b.action === 'accept' ? '接受了' : '谢绝了'} ${bj(slot)}（北京时间）的洽谈`;
        await notifyOrg(tx, m.requestedByOrgId, {
          kind: b.action === 'accept' ? 'meeting_booked' : 'meeting_declined',
          title,
          body: b.reason ? `原因：${b.reason}` : '',
          link: `/events/${id}`,
        });
      }
      return (await meetingRows(tx, id, undefined, actor.orgId)).find((x) => x.id === meetingId)!;
    });
  } catch (err) {
    if (pgCode(err) === '23505')
      throw new AppError(409, 'conflict', '该时段学校或企业已有其他洽谈，不能接受；请谢绝或请对方改约其他时段');
    throw err;
  }
}

export async function recordOutcome(
  db: Db,
  ctx: Ctx,
  id: number,
  meetingId: number,
  b: { outcome: 'none' | 'intent' | 'agreement_to_sign' | 'no_deal'; outcomeNote: string },
) {
  const actor = requireActor(ctx);
  const e = await load(db, id);
  const [m] = await db
    .select()
    .from(eventMeetings)
    .where(and(eq(eventMeetings.id, meetingId), eq(eventMeetings.eventId, id)));
  if (!m) throw new AppError(404, 'not_found');
  if (!canManage(actor, e) && actor.orgId !== m.schoolOrgId && actor.orgId !== m.enterpriseOrgId)
    throw new AppError(404, 'not_found');
  if (m.state !== 'accepted') throw new AppError(409, 'illegal_transition', '洽谈尚未被双方确认，不能记录成果');
  await db.transaction(async (tx) => {
    // Compared with the row under its lock: the same outcome again (both parties, a double click) records nothing.
    const [cur] = await tx
      .select({ outcome: eventMeetings.outcome, outcomeNote: eventMeetings.outcomeNote })
      .from(eventMeetings)
      .where(eq(eventMeetings.id, meetingId))
      .for('update');
    if (cur.outcome === b.outcome && cur.outcomeNote === b.outcomeNote) return;
    await tx
      .update(eventMeetings)
      .set({ outcome: b.outcome, outcomeNote: b.outcomeNote })
      .where(eq(eventMeetings.id, meetingId));
    await audit(tx, ctx, {
      action: 'event.meeting.outcome',
      entityType: 'event',
      entityId: id,
      before: { outcome: cur.outcome, outcomeNote: cur.outcomeNote },
      after: b,
    });
  });
  return (await meetingRows(db, id, undefined, actor.orgId)).find((x) => x.id === meetingId)!;
}

const STATUS_MOVES: Record<EventRow['status'], EventRow['status'][]> = {
  open: ['closed', 'cancelled'],
  closed: ['open', 'cancelled'],
  cancelled: [],
};
const STATUS_LABEL: Record<EventRow['status'], string> = { open: '报名中', closed: '已截止报名', cancelled: '已取消' };

/**
 * The organiser closes registration, reopens it, or cancels the fair (with a reason, kept in the audit log).
 * A cancelled fair is final and disappears from the public list; everyone registered is told why.
 */
export async function changeStatus(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { status: 'open' | 'closed' | 'cancelled'; reason: string },
) {
  const actor = requireActor(ctx);
  return db.transaction(async (tx) => {
    const [e] = await tx.select().from(events).where(eq(events.id, id)).for('update');
    if (!e) throw new AppError(404, 'not_found');
    // Fairs are public, so refusing with 403 reveals nothing.
    if (!canManage(actor, e)) throw new AppError(403, 'forbidden', '只有主办方可以变更洽谈会状态');
    if (!STATUS_MOVES[e.status].includes(b.status))
      throw new AppError(
        409,
        'illegal_transition',
        `洽谈会${STATUS_LABEL[e.status]}，不能改为“${STATUS_LABEL[b.status]}”`,
      );
    if (b.status === 'cancelled' && !b.reason) throw new AppError(400, 'validation_failed', '取消洽谈会须填写原因');
    const [row] = await tx.update(events).set({ status: b.status }).where(eq(events.id, id)).returning();
    await audit(tx, ctx, {
      action: `event.${b.status === 'open' ? 'reopen' : b.status === 'closed' ? 'close' : 'cancel'}`,
      entityType: 'event',
      entityId: id,
      regionCode: e.regionCode,
      before: { status: e.status },
      after: { status: b.status, reason: b.reason },
    });
    if (b.status === 'cancelled') {
      const regs = await tx
        .select({ orgId: eventRegistrations.orgId })
        .from(eventRegistrations)
        .where(eq(eventRegistrations.eventId, id));
      for (const r of regs)
        await notifyOrg(tx, r.orgId, {
          kind: 'event_cancelled',
          title: `${e.title}已取消`,
          body: `原因：${b.reason}`,
          link: `/events/${id}`,
          dedupeKey: `event-cancel:${id}`,
        });
    }
    return out(tx, actor, row);
  });
}
