import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  PRIORITY_APPLICANTS,
  PRIORITY_APPLICATION_LABELS,
  regionByCode,
  type PriorityApplicationType,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { orgs, priorityEntries, priorityLists } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now } from '../../lib/clock';
import { evidenceLines, evidenceOf } from './evidence';

// 三(四): the province compiles, for each named application (产教融合型企业, 高技能人才培养基地, 技能大师工作室,
// 中职基础能力建设), a list of outstanding schools and enterprises to be given priority, each with the evidence
// from the records; drafts are the province's, published lists are read by the bureaus too, and exported as Excel.

type ListRow = typeof priorityLists.$inferSelect;
const PUBLISHED = '名单已发布，不能再修改';

async function entriesOf(db: DbOrTx, listIds: number[]) {
  if (!listIds.length) return [];
  return db
    .select({
      id: priorityEntries.id,
      listId: priorityEntries.listId,
      orgId: priorityEntries.orgId,
      name: orgs.name,
      type: orgs.type,
      regionCode: orgs.regionCode,
      reason: priorityEntries.reason,
      evidence: priorityEntries.evidence,
      sortOrder: priorityEntries.sortOrder,
    })
    .from(priorityEntries)
    .innerJoin(orgs, eq(orgs.id, priorityEntries.orgId))
    .where(inArray(priorityEntries.listId, listIds))
    .orderBy(asc(priorityEntries.sortOrder), asc(priorityEntries.id));
}

function listOut(l: ListRow, entries: Awaited<ReturnType<typeof entriesOf>>) {
  return {
    id: l.id,
    year: l.year,
    applicationType: l.applicationType,
    applicationLabel: PRIORITY_APPLICATION_LABELS[l.applicationType as PriorityApplicationType] ?? l.applicationType,
    title: l.title,
    status: l.status,
    publishedAt: l.publishedAt?.toISOString() ?? null,
    version: l.version,
    entries: entries
      .filter((e) => e.listId === l.id)
      .map((e) => ({
        orgId: e.orgId,
        name: e.name,
        type: e.type,
        regionCode: e.regionCode,
        regionName: regionByCode(e.regionCode)?.name ?? e.regionCode,
        reason: e.reason,
        evidence: e.evidence,
      })),
  };
}

export async function listPriorityLists(db: Db, ctx: Ctx, year?: number) {
  const actor = requireAccess(ctx, 'priority.read');
  const rows = await db
    .select()
    .from(priorityLists)
    .where(
      and(
        year ? eq(priorityLists.year, year) : undefined,
        actor.role === 'province' ? undefined : eq(priorityLists.status, 'published'),
      ),
    )
    .orderBy(desc(priorityLists.year), asc(priorityLists.id));
  const entries = await entriesOf(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => listOut(r, entries)) };
}

async function loadList(db: DbOrTx, ctx: Ctx, id: number, write: boolean) {
  const actor = requireAccess(ctx, write ? 'priority.manage' : 'priority.read');
  const [l] = await (write
    ? db.select().from(priorityLists).where(eq(priorityLists.id, id)).for('update')
    : db.select().from(priorityLists).where(eq(priorityLists.id, id)));
  if (!l || (actor.role !== 'province' && l.status !== 'published')) throw new AppError(404, 'not_found');
  if (write && l.status === 'published') throw new AppError(409, 'illegal_transition', PUBLISHED);
  return l;
}

export async function getPriorityList(db: Db, ctx: Ctx, id: number) {
  const l = await loadList(db, ctx, id, false);
  return listOut(l, await entriesOf(db, [l.id]));
}

export async function createPriorityList(
  db: Db,
  ctx: Ctx,
  b: { year: number; applicationType: PriorityApplicationType; title?: string },
) {
  requireAccess(ctx, 'priority.manage');
  const title = b.title?.trim() || `${b.year} 年度${PRIORITY_APPLICATION_LABELS[b.applicationType]}申报倾斜名单`;
  try {
    const l = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(priorityLists)
        .values({ year: b.year, applicationType: b.applicationType, title, createdBy: ctx.actor!.id })
        .returning();
      await audit(tx, ctx, {
        action: 'priority_list.create',
        entityType: 'priority_list',
        entityId: row.id,
        after: { year: b.year, applicationType: b.applicationType, title },
      });
      return row;
    });
    return listOut(l, []);
  } catch (e) {
    if (pgCode(e) === '23505')
      throw new AppError(
        409,
        'conflict',
        `${b.year} 年度“${PRIORITY_APPLICATION_LABELS[b.applicationType]}”的倾斜名单已存在`,
      );
    throw e;
  }
}

/** Schools and/or enterprises this application is for, best evidence first, with what is on file for each. */
export async function priorityCandidates(db: Db, ctx: Ctx, id: number, q: { q?: string }) {
  const l = await loadList(db, ctx, id, false);
  requireAccess(ctx, 'priority.manage');
  const list = await evidenceOf(db, {
    types: PRIORITY_APPLICANTS[l.applicationType as PriorityApplicationType],
    search: q.q,
    limit: 50,
  });
  const taken = new Set((await entriesOf(db, [l.id])).map((e) => e.orgId));
  return {
    items: list.map((e) => ({
      orgId: e.orgId,
      name: e.name,
      type: e.type,
      regionCode: e.regionCode,
      regionName: regionByCode(e.regionCode)?.name ?? e.regionCode,
      listed: taken.has(e.orgId),
      evidence: evidenceLines(e),
    })),
  };
}

export async function addPriorityEntry(db: Db, ctx: Ctx, id: number, b: { orgId: number; reason: string }) {
  return db.transaction(async (tx) => {
    const l = await loadList(tx, ctx, id, true);
    const types = PRIORITY_APPLICANTS[l.applicationType as PriorityApplicationType];
    const [o] = await tx
      .select({ id: orgs.id, type: orgs.type, name: orgs.name })
      .from(orgs)
      .where(eq(orgs.id, b.orgId));
    if (!o) throw new AppError(400, 'unknown_reference', '单位不存在');
    if (!types.includes(o.type as 'school'))
      throw new AppError(
        400,
        'validation_failed',
        `“${PRIORITY_APPLICATION_LABELS[l.applicationType as PriorityApplicationType]}”只面向${types.map((t) => (t === 'school' ? '技工院校' : '企业')).join('和')}，${o.name}不能列入`,
      );
    const [e] = await evidenceOf(tx, { types, orgIds: [o.id], limit: 1 });
    const evidence = evidenceLines(e);
    const [{ n }] = await tx
      .select({ n: sql<number>`coalesce(max(${priorityEntries.sortOrder}), 0)::int` })
      .from(priorityEntries)
      .where(eq(priorityEntries.listId, l.id));
    const [row] = await tx
      .insert(priorityEntries)
      .values({ listId: l.id, orgId: o.id, reason: b.reason, evidence, sortOrder: n + 1 })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError(409, 'conflict', `${o.name}已在名单中`);
    await tx
      .update(priorityLists)
      .set({ version: sql`${priorityLists.version} + 1` })
      .where(eq(priorityLists.id, l.id));
    await audit(tx, ctx, {
      action: 'priority_list.add',
      entityType: 'priority_list',
      entityId: l.id,
      after: { orgId: o.id, name: o.name, reason: b.reason, evidence },
    });
    return listOut(
      (await tx.select().from(priorityLists).where(eq(priorityLists.id, l.id)))[0],
      await entriesOf(tx, [l.id]),
    );
  });
}

export async function removePriorityEntry(db: Db, ctx: Ctx, id: number, orgId: number) {
  return db.transaction(async (tx) => {
    const l = await loadList(tx, ctx, id, true);
    const [d] = await tx
      .delete(priorityEntries)
      .where(and(eq(priorityEntries.listId, l.id), eq(priorityEntries.orgId, orgId)))
      .returning();
    if (!d) throw new AppError(404, 'not_found', '该单位不在名单中');
    await audit(tx, ctx, {
      action: 'priority_list.remove',
      entityType: 'priority_list',
      entityId: l.id,
      before: { orgId, reason: d.reason },
    });
    return listOut(l, await entriesOf(tx, [l.id]));
  });
}

export async function publishPriorityList(db: Db, ctx: Ctx, id: number) {
  return db.transaction(async (tx) => {
    const l = await loadList(tx, ctx, id, true);
    const entries = await entriesOf(tx, [l.id]);
    if (!entries.length) throw new AppError(409, 'illegal_transition', '名单中还没有单位，不能发布');
    const [u] = await tx
      .update(priorityLists)
      .set({ status: 'published', publishedAt: now(), version: l.version + 1 })
      .where(eq(priorityLists.id, l.id))
      .returning();
    await audit(tx, ctx, {
      action: 'priority_list.publish',
      entityType: 'priority_list',
      entityId: l.id,
      after: { entries: entries.map((e) => e.orgId) },
    });
    return listOut(u, entries);
  });
}
