import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { notifications, users } from '../../db/schema/index';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { now } from '../../lib/clock';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string;
  link?: string;
  /** Same key → created once (per recipient: the user id is appended). */
  dedupeKey?: string;
}

async function insertFor(tx: DbOrTx, userIds: number[], n: NewNotification) {
  if (!userIds.length) return 0;
  const rows = await tx
    .insert(notifications)
    .values(
      userIds.map((userId) => ({
        userId,
        kind: n.kind,
        title: n.title,
        body: n.body ?? '',
        link: n.link ?? null,
        dedupeKey: n.dedupeKey ? `${n.dedupeKey}:u${userId}` : null,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.length;
}

/** To every active account of an organisation (its fillers). */
export async function notifyOrg(tx: DbOrTx, orgId: number, n: NewNotification) {
  const ids = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.disabled, false)));
  return insertFor(
    tx,
    ids.map((r) => r.id),
    n,
  );
}

/** To the region bureau's accounts. */
export async function notifyRegion(tx: DbOrTx, regionCode: string, n: NewNotification) {
  const ids = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'region'), eq(users.regionCode, regionCode), eq(users.disabled, false)));
  return insertFor(
    tx,
    ids.map((r) => r.id),
    n,
  );
}

export async function notifyProvince(tx: DbOrTx, n: NewNotification) {
  const ids = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'province'), eq(users.disabled, false)));
  return insertFor(
    tx,
    ids.map((r) => r.id),
    n,
  );
}

export async function listNotifications(db: Db, ctx: Ctx, q: { unread?: boolean; page: number; pageSize: number }) {
  const actor = requireActor(ctx);
  const w = and(eq(notifications.userId, actor.id), q.unread ? isNull(notifications.readAt) : undefined);
  const [items, [{ total }], [{ unread }]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(w)
      .orderBy(desc(notifications.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(notifications).where(w),
    db
      .select({ unread: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt))),
  ]);
  return {
    items: items.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      createdAt: n.createdAt.toISOString(),
      read: n.readAt != null,
    })),
    total,
    unread,
  };
}

export async function unreadCount(db: Db, ctx: Ctx) {
  const actor = requireActor(ctx);
  const [{ unread }] = await db
    .select({ unread: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)));
  return { unread };
}

/** Marks the given notifications (or all, when ids is omitted) of the caller as read. */
export async function markRead(db: Db, ctx: Ctx, ids?: number[]) {
  const actor = requireActor(ctx);
  if (ids && !ids.length) throw new AppError(400, 'validation_failed', '请选择要标记的通知');
  await db
    .update(notifications)
    .set({ readAt: now() })
    .where(
      and(
        eq(notifications.userId, actor.id),
        isNull(notifications.readAt),
        ids ? inArray(notifications.id, ids) : undefined,
      ),
    );
  return unreadCount(db, ctx);
}
