import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, notExists, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { mailDigests, notifications, users } from '../../db/schema/index';
import { addDaysIso, now, nowMs, today } from '../../lib/clock';
import { absoluteLink, isPermanentMailError, type Mailer } from './mailer';

// The e-mail copy of notifications. Writers only insert notification rows (inside their own transaction); this loop,
// run by main.ts every minute, mails them afterwards, so a slow or broken SMTP server never delays or fails a request.
// Several server processes may share one PostgreSQL: every mail is claimed by an atomic write first (a stamped
// notification, or a mail_digests row), so each is sent by exactly one of them.

/** Notifications older than this are never mailed (a backlog from before SMTP was configured, or a long outage). */
const MAIL_FRESH_HOURS = 24;
const BATCH = 50;
const SIGN =
  '——湖北省“产教融合·技能助跑”专项行动平台\n（本邮件由系统自动发送，请勿回复。邮件提醒方式可在平台「个人信息」中修改。）';

type Log = { warn(o: object, m: string): void };

const subjectOf = (title: string) => `【产教融合·技能助跑】${title}`;

function itemText(n: { title: string; body: string; link: string | null }, publicUrl: string) {
  const link = absoluteLink(publicUrl, n.link);
  return [n.title, n.body, link ? `查看详情：${link}` : ''].filter(Boolean).join('\n');
}

/** Stamps what will never be mailed one by one: too old, or its account is daily/off, has no address, or is disabled. */
async function stampUnmailable(db: Db) {
  const cutoff = new Date(nowMs() - MAIL_FRESH_HOURS * 3_600_000);
  const instantWithAddress = db
    .select({ one: sql`1` })
    .from(users)
    .where(
      and(
        eq(users.id, notifications.userId),
        eq(users.emailNotify, 'instant'),
        isNotNull(users.email),
        eq(users.disabled, false),
      ),
    );
  await db
    .update(notifications)
    .set({ emailedAt: now() })
    .where(
      and(isNull(notifications.emailedAt), or(lt(notifications.createdAt, cutoff), notExists(instantWithAddress))),
    );
}

/** Mails each pending notification of an 'instant' account once; answers how many mails went out. */
async function deliverInstant(db: Db, mailer: Mailer, log: Log): Promise<number> {
  await stampUnmailable(db);
  let sent = 0;
  for (;;) {
    const pending = db
      .select({ id: notifications.id })
      .from(notifications)
      .where(isNull(notifications.emailedAt))
      .orderBy(asc(notifications.id))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    const claimed = await db
      .update(notifications)
      .set({ emailedAt: now() })
      .where(and(isNull(notifications.emailedAt), inArray(notifications.id, pending)))
      .returning({
        id: notifications.id,
        userId: notifications.userId,
        title: notifications.title,
        body: notifications.body,
        link: notifications.link,
      });
    if (!claimed.length) return sent;
    const people = await db
      .select({ id: users.id, email: users.email, displayName: users.displayName })
      .from(users)
      .where(inArray(users.id, [...new Set(claimed.map((c) => c.userId))]));
    const byId = new Map(people.map((p) => [p.id, p]));
    claimed.sort((a, b) => a.id - b.id);
    for (let i = 0; i < claimed.length; i++) {
      const n = claimed[i];
      const to = byId.get(n.userId);
      if (!to?.email) continue; // the address was removed after the sweep: nothing to send
      try {
        await mailer.send({
          to: to.email,
          subject: subjectOf(n.title),
          text: `${to.displayName}，您好：\n\n${itemText(n, mailer.publicUrl)}\n\n${SIGN}\n`,
        });
        sent++;
      } catch (e) {
        if (isPermanentMailError(e)) {
          log.warn({ err: e, notification: n.id }, 'notification mail refused; not retried');
          continue;
        }
        // The server is unreachable or busy: hand this and the rest of the batch back for the next run.
        const back = claimed.slice(i).map((c) => c.id);
        await db.update(notifications).set({ emailedAt: null }).where(inArray(notifications.id, back));
        log.warn({ err: e, pending: back.length }, 'notification mail failed; will retry');
        return sent;
      }
    }
  }
}

/** Beijing calendar day [start, end) as instants. */
function dayBounds(day: string) {
  const start = new Date(`${day}T00:00:00+08:00`);
  return { start, end: new Date(start.getTime() + 86_400_000) };
}

/** One mail per 'daily' account listing yesterday's (Beijing) notifications; answers how many digests went out. */
async function deliverDigests(db: Db, mailer: Mailer, log: Log): Promise<number> {
  const day = addDaysIso(today(), -1);
  const { start, end } = dayBounds(day);
  const ofDay = (userId: typeof users.id | number) =>
    and(eq(notifications.userId, userId), gte(notifications.createdAt, start), lt(notifications.createdAt, end));
  const hadSome = db
    .select({ one: sql`1` })
    .from(notifications)
    .where(ofDay(users.id));
  // The inserted marker is the claim: another process inserting the same (user, day) gets nothing back.
  const claimed = await db
    .insert(mailDigests)
    .select(
      db
        .select({
          userId: users.id,
          day: sql<string>`${day}::date`.as('day'),
          sentAt: sql<Date>`${now().toISOString()}::timestamptz`.as('sent_at'),
        })
        .from(users)
        .where(
          and(
            eq(users.emailNotify, 'daily'),
            isNotNull(users.email),
            eq(users.disabled, false),
            sql`exists (${hadSome})`,
          ),
        ),
    )
    .onConflictDoNothing()
    .returning({ userId: mailDigests.userId });
  let sent = 0;
  for (const { userId } of claimed) {
    const [to] = await db
      .select({ email: users.email, displayName: users.displayName })
      .from(users)
      .where(eq(users.id, userId));
    const items = await db.select().from(notifications).where(ofDay(userId)).orderBy(asc(notifications.id));
    if (!to?.email || !items.length) continue;
    const list = items.map((n, i) => `${i + 1}. ${itemText(n, mailer.publicUrl).replace(/\n/g, '\n   ')}`).join('\n\n');
    try {
      await mailer.send({
        to: to.email,
        subject: subjectOf(`${day} 通知汇总（共 ${items.length} 条）`),
        text: `${to.displayName}，您好：\n\n${day} 平台给您的通知共 ${items.length} 条：\n\n${list}\n\n${SIGN}\n`,
      });
      sent++;
    } catch (e) {
      if (isPermanentMailError(e)) {
        log.warn({ err: e, userId, day }, 'digest mail refused; not retried');
        continue;
      }
      // Give the claim back so the next run (of any process) tries again.
      await db.delete(mailDigests).where(and(eq(mailDigests.userId, userId), eq(mailDigests.day, day)));
      log.warn({ err: e, userId, day }, 'digest mail failed; will retry');
    }
  }
  return sent;
}

/** One run of the mail loop: instant mails, then yesterday's digests. */
export async function runMailOutbox(db: Db, mailer: Mailer, log: Log) {
  const instant = await deliverInstant(db, mailer, log);
  const digests = await deliverDigests(db, mailer, log);
  return { instant, digests };
}
