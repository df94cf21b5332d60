import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { isRegionCode } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { cases, commendations, orgs, projects } from '../../db/schema/index';
import { requireActor, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit, diffObjects } from '../../lib/audit';
import { caseViews, commendationView } from './results.service';
import { now } from '../../lib/clock';
import { refuseDuplicate } from '../../lib/duplicates';

/** Typical cases and commendations are written and published by the province only. */
function requireProvince(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (actor.role !== 'province') throw new AppError(403, 'forbidden', '只有省人社厅可以编辑典型案例和通报表扬');
  return actor;
}

interface CaseInput {
  year?: number;
  title?: string;
  regionCode?: string | null;
  orgIds?: number[];
  projectId?: number | null;
  summary?: string;
  body?: string;
}

async function checkCaseRefs(db: Db, b: CaseInput) {
  if (b.regionCode && !isRegionCode(b.regionCode))
    throw new AppError(400, 'unknown_reference', `地区代码“${b.regionCode}”不存在`);
  const ids = [...new Set(b.orgIds ?? [])];
  if (ids.length) {
    const found = (await db.select({ id: orgs.id }).from(orgs).where(inArray(orgs.id, ids))).map((o) => o.id);
    const missing = ids.filter((id) => !found.includes(id));
    if (missing.length) throw new AppError(400, 'unknown_reference', `单位不存在：${missing.join('、')}`);
  }
  if (b.projectId != null) {
    const [p] = await db
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, b.projectId), isNull(projects.deletedAt)));
    if (!p) throw new AppError(400, 'unknown_reference', `项目不存在：${b.projectId}`);
  }
  return b.orgIds ? ids : undefined;
}

async function loadCase(db: Db, id: number) {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  if (!row) throw new AppError(404, 'not_found', '案例不存在');
  return row;
}

export async function listCases(db: Db, ctx: Ctx, q: { year?: number; page: number; pageSize: number }) {
  requireProvince(ctx);
  const w = q.year ? eq(cases.year, q.year) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(cases)
      .where(w)
      .orderBy(desc(cases.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(cases).where(w),
  ]);
  return { items: await caseViews(db, rows), total };
}

export async function createCase(db: Db, ctx: Ctx, b: Required<CaseInput>) {
  const actor = requireProvince(ctx);
  const orgIds = (await checkCaseRefs(db, b)) ?? [];
  return db.transaction(async (tx) => {
    await refuseDuplicate(
      tx,
      `case:${b.year}:${b.title}`,
      async () =>
        (
          await tx
            .select({ id: cases.id })
            .from(cases)
            .where(and(eq(cases.year, b.year), eq(cases.title, b.title)))
        )[0],
      `${b.year} 年已有典型案例「${b.title}」，请勿重复提交`,
    );
    const [row] = await tx
      .insert(cases)
      .values({ ...b, orgIds, createdBy: actor.id })
      .returning();
    await audit(tx, ctx, {
      action: 'case.create',
      entityType: 'case',
      entityId: row.id,
      regionCode: row.regionCode,
      after: { ...b, body: undefined },
    });
    return (await caseViews(tx, [row]))[0];
  });
}

/** A published case may still be corrected; the audit log keeps what changed. */
export async function updateCase(db: Db, ctx: Ctx, id: number, b: CaseInput) {
  requireProvince(ctx);
  const cur = await loadCase(db, id);
  const orgIds = await checkCaseRefs(db, b);
  const set = { ...b, ...(orgIds ? { orgIds } : {}) };
  return db.transaction(async (tx) => {
    // Compared under the row lock: the same correction again (or ten at once) changes and records nothing.
    const [locked] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
    const d = diffObjects((locked ?? cur) as unknown as Record<string, unknown>, set);
    if (!Object.keys(d.after).length) return (await caseViews(tx, [locked ?? cur]))[0];
    const [row] = await tx.update(cases).set(set).where(eq(cases.id, id)).returning();
    await audit(tx, ctx, { action: 'case.update', entityType: 'case', entityId: id, regionCode: row.regionCode, ...d });
    return (await caseViews(tx, [row]))[0];
  });
}

export async function publishCase(db: Db, ctx: Ctx, id: number) {
  requireProvince(ctx);
  const cur = await loadCase(db, id);
  if (cur.status === 'published') throw new AppError(409, 'illegal_transition', '案例已发布');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(cases)
      .set({ status: 'published', publishedAt: now() })
      .where(and(eq(cases.id, id), eq(cases.status, 'draft')))
      .returning();
    if (!row) throw new AppError(409, 'illegal_transition', '案例已发布');
    await audit(tx, ctx, {
      action: 'case.publish',
      entityType: 'case',
      entityId: id,
      regionCode: row.regionCode,
      before: { status: 'draft' },
      after: { status: 'published' },
    });
    return (await caseViews(tx, [row]))[0];
  });
}

export async function getCase(db: Db, ctx: Ctx, id: number) {
  requireProvince(ctx);
  return (await caseViews(db, [await loadCase(db, id)]))[0];
}

/** Takes a published case off the public pages (back to draft), with the reason kept in the audit log. */
export async function unpublishCase(db: Db, ctx: Ctx, id: number, reason: string) {
  requireProvince(ctx);
  const cur = await loadCase(db, id);
  if (cur.status !== 'published') throw new AppError(409, 'illegal_transition', '案例尚未发布，无需撤回');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(cases)
      .set({ status: 'draft', publishedAt: null })
      .where(and(eq(cases.id, id), eq(cases.status, 'published')))
      .returning();
    if (!row) throw new AppError(409, 'illegal_transition', '案例尚未发布，无需撤回');
    await audit(tx, ctx, {
      action: 'case.unpublish',
      entityType: 'case',
      entityId: id,
      regionCode: row.regionCode,
      before: { status: 'published', publishedAt: cur.publishedAt },
      after: { status: 'draft', reason },
    });
    return (await caseViews(tx, [row]))[0];
  });
}

async function commendationOut(db: DbOrTx, c: typeof commendations.$inferSelect) {
  const [o] = await db
    .select({ name: orgs.name, type: orgs.type, regionCode: orgs.regionCode })
    .from(orgs)
    .where(eq(orgs.id, c.orgId));
  return commendationView(c, o);
}

export async function listCommendations(db: Db, ctx: Ctx, q: { year?: number }) {
  requireProvince(ctx);
  const rows = await db
    .select({ c: commendations, name: orgs.name, type: orgs.type, regionCode: orgs.regionCode })
    .from(commendations)
    .innerJoin(orgs, eq(orgs.id, commendations.orgId))
    .where(q.year ? eq(commendations.year, q.year) : undefined)
    .orderBy(desc(commendations.year), commendations.id);
  return { items: rows.map((r) => commendationView(r.c, r)) };
}

export async function createCommendation(db: Db, ctx: Ctx, b: { year: number; orgId: number; citation: string }) {
  const actor = requireProvince(ctx);
  const [o] = await db.select({ id: orgs.id, regionCode: orgs.regionCode }).from(orgs).where(eq(orgs.id, b.orgId));
  if (!o) throw new AppError(400, 'unknown_reference', `单位不存在：${b.orgId}`);
  const row = await db
    .transaction(async (tx) => {
      const [c] = await tx
        .insert(commendations)
        .values({ ...b, createdBy: actor.id })
        .returning();
      await audit(tx, ctx, {
        action: 'commendation.create',
        entityType: 'commendation',
        entityId: c.id,
        regionCode: o.regionCode,
        after: b,
      });
      return c;
    })
    .catch((e) => {
      if (pgCode(e) === '23505') throw new AppError(409, 'conflict', `该单位 ${b.year} 年度已有通报表扬记录`);
      throw e;
    });
  return commendationOut(db, row);
}

export async function publishCommendation(db: Db, ctx: Ctx, id: number) {
  requireProvince(ctx);
  const [cur] = await db.select().from(commendations).where(eq(commendations.id, id));
  if (!cur) throw new AppError(404, 'not_found', '通报表扬记录不存在');
  if (cur.status === 'published') throw new AppError(409, 'illegal_transition', '通报表扬已发布');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(commendations)
      .set({ status: 'published', publishedAt: now() })
      .where(and(eq(commendations.id, id), eq(commendations.status, 'draft')))
      .returning();
    if (!row) throw new AppError(409, 'illegal_transition', '通报表扬已发布');
    await audit(tx, ctx, {
      action: 'commendation.publish',
      entityType: 'commendation',
      entityId: id,
      before: { status: 'draft' },
      after: { status: 'published' },
    });
    return commendationOut(tx, row);
  });
}
