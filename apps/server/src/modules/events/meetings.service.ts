import { and, asc, eq, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../db/client';
import { eventMeetings, eventRegistrations, orgs } from '../../db/schema/index';
import { requireActor, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { notifyOrg } from '../notifications/notifications.service';
import { now } from '../../lib/clock';
import { canManage, load, type EventRow } from './events.service';

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
