import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { SchoolStandard, SchoolStandardsInput, StandardItem, StandardItemInput } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { orgs, schoolStandards, standardItems } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit, diffObjects } from '../../lib/audit';
import { now } from '../../lib/clock';

const view = (r: typeof standardItems.$inferSelect): StandardItem => ({
  id: r.id,
  code: r.code,
  name: r.name,
  requirement: r.requirement,
  sortOrder: r.sortOrder,
  active: r.active,
});
const duplicate = () => new AppError(409, 'conflict', '该编码的达标项目已存在');

export async function listItems(db: Db, ctx: Ctx) {
  requireAccess(ctx, 'layout.read');
  return {
    items: (await db.select().from(standardItems).orderBy(asc(standardItems.sortOrder), asc(standardItems.id))).map(
      view,
    ),
  };
}

/** The province defines the 办学条件达标 items (layout.flagship: the province's own layout decisions). */
export async function saveItem(db: Db, ctx: Ctx, id: number | null, input: StandardItemInput) {
  requireAccess(ctx, 'layout.flagship');
  try {
    return await db.transaction(async (tx) => {
      if (id == null) {
        const [made] = await tx.insert(standardItems).values(input).returning();
        await audit(tx, ctx, {
          action: 'standard_item.create',
          entityType: 'standard_item',
          entityId: made.id,
          after: input,
        });
        return view(made);
      }
      const [before] = await tx.select().from(standardItems).where(eq(standardItems.id, id)).for('update');
      if (!before) throw new AppError(404, 'not_found');
      const [done] = await tx.update(standardItems).set(input).where(eq(standardItems.id, id)).returning();
      const d = diffObjects(view(before), view(done));
      if (!Object.keys(d.after).length) return view(done); // saved as it was: nothing to record
      await audit(tx, ctx, {
        action: 'standard_item.update',
        entityType: 'standard_item',
        entityId: id,
        before: d.before,
        after: d.after,
      });
      return view(done);
    });
  } catch (e) {
    if (pgCode(e) === '23505') throw duplicate();
    throw e;
  }
}

async function schoolIn(db: Db, ctx: Ctx, orgId: number, permission: 'layout.read' | 'layout.manage') {
  const [o] = await db
    .select({ id: orgs.id, type: orgs.type, regionCode: orgs.regionCode })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  requireAccess(ctx, permission, { regionCode: o?.regionCode ?? '\0' });
  if (!o || o.type !== 'school') throw new AppError(404, 'not_found');
  return o;
}

/** Each active item with the school's status (未评估 when none was recorded). */
export async function schoolStandardsOf(db: Db, ctx: Ctx, orgId: number): Promise<{ items: SchoolStandard[] }> {
  await schoolIn(db, ctx, orgId, 'layout.read');
  const rows = await db
    .select({ i: standardItems, s: schoolStandards })
    .from(standardItems)
    .leftJoin(schoolStandards, and(eq(schoolStandards.itemId, standardItems.id), eq(schoolStandards.orgId, orgId)))
    .where(eq(standardItems.active, true))
    .orderBy(asc(standardItems.sortOrder), asc(standardItems.id));
  return {
    items: rows.map(({ i, s }) => ({
      itemId: i.id,
      code: i.code,
      name: i.name,
      requirement: i.requirement,
      status: s?.status ?? 'unknown',
      note: s?.note ?? '',
    })),
  };
}

/** The school's bureau (or the province) records the status of each item. */
export async function saveSchoolStandards(db: Db, ctx: Ctx, orgId: number, input: SchoolStandardsInput) {
  const o = await schoolIn(db, ctx, orgId, 'layout.manage');
  const ids = [...new Set(input.items.map((i) => i.itemId))];
  if (ids.length !== input.items.length) throw new AppError(400, 'validation_failed', '同一达标项目只能填写一次');
  const known = ids.length
    ? await db
        .select({ id: standardItems.id })
        .from(standardItems)
        .where(and(inArray(standardItems.id, ids), eq(standardItems.active, true)))
    : [];
  if (known.length !== ids.length) throw new AppError(400, 'validation_failed', '达标项目不存在或已停用');
  await db.transaction(async (tx) => {
    // One save per school at a time; what equals the record already is neither written nor recorded (issue 16).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`school-standards:${orgId}`}))`);
    const before = await tx.select().from(schoolStandards).where(eq(schoolStandards.orgId, orgId));
    const same = (i: (typeof input.items)[number]) =>
      before.some((b) => b.itemId === i.itemId && b.status === i.status && b.note === i.note);
    if (input.items.every(same)) return;
    for (const i of input.items) {
      await tx
        .insert(schoolStandards)
        .values({ orgId, itemId: i.itemId, status: i.status, note: i.note })
        .onConflictDoUpdate({
          target: [schoolStandards.orgId, schoolStandards.itemId],
          set: { status: i.status, note: i.note, updatedAt: now() },
        });
    }
    await audit(tx, ctx, {
      action: 'layout.standards',
      entityType: 'org',
      entityId: orgId,
      regionCode: o.regionCode,
      before: Object.fromEntries(before.map((b) => [b.itemId, b.status])),
      after: Object.fromEntries(input.items.map((i) => [i.itemId, i.status])),
    });
  });
  return schoolStandardsOf(db, ctx, orgId);
}
