import { and, count, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { INTENT_EXPIRY_DAYS, maskName, maskPhone } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { intentMessages, intents, orgs, publishedItems } from '../../db/schema/index';
import { requireAccess, type Actor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { notifyOrg } from '../notifications/notifications.service';
import { now, nowMs, today } from '../../lib/clock';

type IntentRow = typeof intents.$inferSelect;
type OrgRow = typeof orgs.$inferSelect;

/** Parties, their bureaus and the province may see an intent; nobody else learns it exists. */
function canSee(actor: Actor, i: IntentRow) {
  if (actor.role === 'province') return true;
  if (actor.role === 'region') return actor.regionCode === i.fromRegionCode || actor.regionCode === i.toRegionCode;
  return actor.orgId === i.fromOrgId || actor.orgId === i.toOrgId;
}

function allowed(actor: Actor, i: IntentRow): ('accept' | 'decline' | 'withdraw')[] {
  if (i.state !== 'pending') return [];
  if (actor.orgId === i.toOrgId) return ['accept', 'decline'];
  if (actor.orgId === i.fromOrgId) return ['withdraw'];
  return [];
}

const lapseBefore = () => new Date(nowMs() - INTENT_EXPIRY_DAYS * 86_400_000);

/** A pending intent older than 30 days has lapsed, whether or not the hourly job has recorded it yet: reads show it
 *  expired and writes refuse it, without writing (reads never write; issue #16). */
const asOfNow = (i: IntentRow): IntentRow =>
  i.state === 'pending' && i.createdAt < lapseBefore() ? { ...i, state: 'expired' } : i;

/** The hourly job (jobs/jobs.ts): pending intents past 30 days lapse, one audit entry each. */
export async function expireStale(db: Db) {
  return db.transaction(async (tx) => {
    const lapsed = await tx
      .update(intents)
      .set({ state: 'expired', decidedAt: now(), version: sql`${intents.version} + 1` })
      .where(and(eq(intents.state, 'pending'), lt(intents.createdAt, lapseBefore())))
      .returning({ id: intents.id, regionCode: intents.fromRegionCode });
    for (const i of lapsed) {
      await audit(
        tx,
        { actor: null, ip: null, requestId: null },
        {
          action: 'intent.expire',
          actorName: '系统（按日期）',
          entityType: 'intent',
          entityId: i.id,
          regionCode: i.regionCode,
          before: { state: 'pending' },
          after: { state: 'expired' },
        },
      );
    }
    return lapsed.length;
  });
}

function party(o: OrgRow, show: boolean) {
  return {
    orgId: o.id,
    name: o.name,
    type: o.type,
    regionCode: o.regionCode,
    contactName: show ? o.contactName : maskName(o.contactName),
    contactPhone: show ? o.contactPhone : maskPhone(o.contactPhone),
    contactTitle: o.contactTitle,
    masked: !show,
  };
}

async function out(db: DbOrTx, actor: Actor, i: IntentRow) {
  const [from] = await db.select().from(orgs).where(eq(orgs.id, i.fromOrgId));
  const [to] = await db.select().from(orgs).where(eq(orgs.id, i.toOrgId));
  const [item] = i.itemId
    ? await db.select({ title: publishedItems.title }).from(publishedItems).where(eq(publishedItems.id, i.itemId))
    : [];
  // Contacts open to both parties once accepted; officials always see them; one's own contact is never masked.
  const official = actor.role === 'province' || actor.role === 'region';
  const open = official || i.state === 'accepted';
  return {
    id: i.id,
    state: i.state,
    source: i.source,
    cooperationType: i.cooperationType,
    message: i.message,
    declineReason: i.declineReason,
    itemId: i.itemId,
    itemTitle: item?.title ?? null,
    from: party(from, open || actor.orgId === from.id),
    to: party(to, open || actor.orgId === to.id),
    createdAt: i.createdAt.toISOString(),
    decidedAt: i.decidedAt?.toISOString() ?? null,
    version: i.version,
    allowedActions: allowed(actor, i),
  };
}

async function load(db: DbOrTx, ctx: Ctx, id: number) {
  const actor = requireAccess(ctx, 'intent.read');
  const [i] = await db.select().from(intents).where(eq(intents.id, id));
  if (!i || !canSee(actor, i)) throw new AppError(404, 'not_found');
  return { actor, i: asOfNow(i) };
}

export async function createIntent(
  db: Db,
  ctx: Ctx,
  b: { toOrgId?: number; itemId?: number; source: IntentRow['source']; cooperationType: string; message: string },
) {
  const actor = requireAccess(ctx, 'intent.send');
  let toOrgId = b.toOrgId;
  if (b.itemId) {
    const [item] = await db.select().from(publishedItems).where(eq(publishedItems.id, b.itemId));
    if (!item) throw new AppError(404, 'not_found', '需求信息不存在');
    if (item.status === 'withdrawn') throw new AppError(409, 'illegal_transition', '该需求信息已撤下，不能再发起对接');
    if (item.expiresOn < today()) throw new AppError(409, 'illegal_transition', '该需求信息已过期');
    if (toOrgId && toOrgId !== item.orgId) throw new AppError(400, 'validation_failed', '对接单位与需求信息不一致');
    toOrgId = item.orgId;
  }
  if (!toOrgId) throw new AppError(400, 'validation_failed', '请选择对接单位或需求信息');
  if (toOrgId === actor.orgId) throw new AppError(400, 'validation_failed', '不能向本单位发起对接');
  const [from] = await db.select().from(orgs).where(eq(orgs.id, actor.orgId!));
  const [to] = await db.select().from(orgs).where(eq(orgs.id, toOrgId));
  if (!to) throw new AppError(404, 'not_found', '对接单位不存在');
  if (to.type === from.type) throw new AppError(400, 'validation_failed', '校企对接须在学校与企业之间发起');
  return db.transaction(async (tx) => {
    // Checked inside the transaction under a lock on the pair (either direction): ten sends at once make one intent.
    const [lo, hi] = [from.id, to.id].sort((x, y) => x - y);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`intent:${lo}:${hi}`}))`);
    const [dup] = await tx
      .select({ id: intents.id })
      .from(intents)
      .where(
        and(
          eq(intents.state, 'pending'),
          or(
            and(eq(intents.fromOrgId, from.id), eq(intents.toOrgId, to.id)),
            and(eq(intents.fromOrgId, to.id), eq(intents.toOrgId, from.id)),
          ),
        ),
      );
    if (dup) throw new AppError(409, 'conflict', '与该单位已有待回复的对接意向', { intentId: dup.id });
    const [i] = await tx
      .insert(intents)
      .values({
        fromOrgId: from.id,
        toOrgId: to.id,
        fromRegionCode: from.regionCode,
        toRegionCode: to.regionCode,
        itemId: b.itemId ?? null,
        source: b.source,
        cooperationType: b.cooperationType,
        message: b.message,
        createdBy: actor.id,
      })
      .returning();
    await tx.insert(intentMessages).values({
      intentId: i.id,
      authorId: actor.id,
      authorOrgId: from.id,
      authorName: from.name,
      body: `发起对接：${b.cooperationType}`,
      kind: 'event',
    });
    await audit(tx, ctx, {
      action: 'intent.create',
      entityType: 'intent',
      entityId: i.id,
      regionCode: from.regionCode,
      after: { toOrgId: to.id, itemId: b.itemId, cooperationType: b.cooperationType },
    });
    await notifyOrg(tx, to.id, {
      kind: 'intent_received',
      title: `${from.name} 向贵单位发起合作对接（${b.cooperationType}）`,
      body: b.message.slice(0, 200),
      link: `/intents/${i.id}`,
    });
    return out(tx, actor, i);
  });
}

const LABEL = { accept: '接受', decline: '婉拒', withdraw: '撤回' } as const;
const TO_STATE = { accept: 'accepted', decline: 'declined', withdraw: 'withdrawn' } as const;

export async function actOnIntent(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { action: 'accept' | 'decline' | 'withdraw'; version: number; reason?: string },
) {
  const { actor, i } = await load(db, ctx, id);
  if (!allowed(actor, i).includes(b.action)) {
    throw new AppError(
      409,
      i.state === 'pending' ? 'forbidden_transition' : 'illegal_transition',
      i.state === 'pending' ? '无权执行此操作' : '该对接意向已处理，不能再操作',
    );
  }
  if (b.action === 'decline' && !b.reason) throw new AppError(400, 'reasons_required', '婉拒时请说明原因');
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(intents)
      .set({
        state: TO_STATE[b.action],
        declineReason: b.action === 'decline' ? b.reason! : null,
        decidedAt: now(),
        version: sql`${intents.version} + 1`,
      })
      .where(and(eq(intents.id, id), eq(intents.version, b.version), eq(intents.state, 'pending')))
      .returning();
    if (!u) throw new AppError(409, 'version_conflict', '对接意向已被处理，请刷新');
    const [me] = await tx.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, actor.orgId!));
    await tx.insert(intentMessages).values({
      intentId: id,
      authorId: actor.id,
      authorOrgId: actor.orgId,
      authorName: me.name,
      body: `${LABEL[b.action]}${b.reason ? `：${b.reason}` : ''}`,
      kind: 'event',
    });
    await audit(tx, ctx, {
      action: `intent.${b.action}`,
      entityType: 'intent',
      entityId: id,
      before: { state: i.state },
      after: { state: u.state, reason: b.reason },
    });
    const other = actor.orgId === i.fromOrgId ? i.toOrgId : i.fromOrgId;
    await notifyOrg(tx, other, {
      kind: `intent_${u.state}`,
      title: `${me.name} ${LABEL[b.action]}了合作对接意向`,
      body: b.action === 'accept' ? '双方联系方式已互相可见，请尽快联系。' : (b.reason ?? ''),
      link: `/intents/${id}`,
    });
    return out(tx, actor, u);
  });
}

export async function getIntent(db: Db, ctx: Ctx, id: number) {
  const { actor, i } = await load(db, ctx, id);
  return out(db, actor, i);
}

export async function listIntents(
  db: Db,
  ctx: Ctx,
  q: {
    box: 'all' | 'sent' | 'received';
    state?: IntentRow['state'];
    region?: string;
    q?: string;
    page: number;
    pageSize: number;
  },
) {
  const actor = requireAccess(ctx, 'intent.read');
  const parts: SQL[] = [];
  if (actor.role === 'region')
    parts.push(or(eq(intents.fromRegionCode, actor.regionCode!), eq(intents.toRegionCode, actor.regionCode!))!);
  else if (actor.role !== 'province') {
    const me = actor.orgId ?? -1;
    parts.push(
      q.box === 'sent'
        ? eq(intents.fromOrgId, me)
        : q.box === 'received'
          ? eq(intents.toOrgId, me)
          : or(eq(intents.fromOrgId, me), eq(intents.toOrgId, me))!,
    );
  }
  if (q.state) parts.push(eq(intents.state, q.state));
  if (q.region) parts.push(or(eq(intents.fromRegionCode, q.region), eq(intents.toRegionCode, q.region))!);
  if (q.q) {
    // LIKE metacharacters in the user's words are matched literally.
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const named = sql`select ${orgs.id} from ${orgs} where ${orgs.name} ilike ${like}`;
    parts.push(or(sql`${intents.fromOrgId} in (${named})`, sql`${intents.toOrgId} in (${named})`)!);
  }
  const w = parts.length ? and(...parts) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(intents)
      .where(w)
      .orderBy(desc(intents.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(intents).where(w),
  ]);
  return { items: await Promise.all(rows.map((r) => out(db, actor, asOfNow(r)))), total };
}

export async function listMessages(db: Db, ctx: Ctx, id: number) {
  await load(db, ctx, id);
  const rows = await db.select().from(intentMessages).where(eq(intentMessages.intentId, id)).orderBy(intentMessages.id);
  return {
    items: rows.map((m) => ({
      id: m.id,
      authorName: m.authorName,
      authorOrgId: m.authorOrgId,
      body: m.body,
      kind: m.kind,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}

export async function postMessage(db: Db, ctx: Ctx, id: number, body: string) {
  const { actor, i } = await load(db, ctx, id);
  if (actor.orgId !== i.fromOrgId && actor.orgId !== i.toOrgId)
    throw new AppError(403, 'forbidden', '只有对接双方可以留言');
  if (i.state === 'withdrawn' || i.state === 'expired')
    throw new AppError(409, 'illegal_transition', '该对接意向已结束，不能再留言');
  const [me] = await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, actor.orgId!));
  const [m] = await db
    .insert(intentMessages)
    .values({ intentId: id, authorId: actor.id, authorOrgId: actor.orgId, authorName: me.name, body })
    .returning();
  await notifyOrg(db, actor.orgId === i.fromOrgId ? i.toOrgId : i.fromOrgId, {
    kind: 'intent_message',
    title: `${me.name} 在对接中留言`,
    body: body.slice(0, 200),
    link: `/intents/${id}`,
  });
  return {
    id: m.id,
    authorName: m.authorName,
    authorOrgId: m.authorOrgId,
    body: m.body,
    kind: m.kind,
    createdAt: m.createdAt.toISOString(),
  };
}
