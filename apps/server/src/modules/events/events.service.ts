import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { regionByCode } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { campaigns, eventMeetings, eventRegistrations, events, orgs } from '../../db/schema/index';
import { requireAccess, requireActor, type Actor, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { notifyOrg } from '../notifications/notifications.service';
import { nowMs } from '../../lib/clock';
import { refuseDuplicate } from '../../lib/duplicates';

export type EventRow = typeof events.$inferSelect;

export const canManage = (actor: Actor | null, e: EventRow) =>
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

export async function load(db: DbOrTx, id: number) {
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
