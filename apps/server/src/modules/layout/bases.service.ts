import { and, eq, sql } from 'drizzle-orm';
import { countyByCode, type TrainingBase, type TrainingBaseInput } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { orgs, trainingBases } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit, diffObjects } from '../../lib/audit';
import { now } from '../../lib/clock';
import { listBases } from './layout.service';
import { refuseDuplicate } from '../../lib/duplicates';

type Row = typeof trainingBases.$inferSelect;
const auditView = (r: Row) => ({
  name: r.name,
  countyCode: r.countyCode,
  ownerOrgId: r.ownerOrgId,
  capacity: r.capacity,
  status: r.status,
});

/** The county decides the 市州 a base belongs to; the owner, when named, is a school of that 市州. */
async function placed(db: DbOrTx, input: TrainingBaseInput) {
  const county = countyByCode(input.countyCode);
  if (!county)
    throw new AppError(400, 'validation_failed', '县（市、区）代码不存在', [
      { path: 'body.countyCode', label: '县（市、区）', message: '代码不存在' },
    ]);
  if (input.ownerOrgId != null) {
    const [o] = await db
      .select({ type: orgs.type, regionCode: orgs.regionCode })
      .from(orgs)
      .where(eq(orgs.id, input.ownerOrgId));
    if (!o || o.type !== 'school' || o.regionCode !== county.regionCode)
      throw new AppError(400, 'validation_failed', '承建院校须为该县所在市州的技工院校', [
        { path: 'body.ownerOrgId', label: '承建院校', message: '须为本市州的技工院校' },
      ]);
  }
  return county.regionCode;
}

const one = async (db: DbOrTx, id: number): Promise<TrainingBase> => (await listBases(db)).find((b) => b.id === id)!;

export async function createBase(db: Db, ctx: Ctx, input: TrainingBaseInput) {
  const regionCode = await placed(db, input);
  requireAccess(ctx, 'layout.manage', { regionCode });
  const id = await db.transaction(async (tx) => {
    await refuseDuplicate(
      tx,
      `training-base:${input.countyCode}:${input.name}`,
      async () =>
        (
          await tx
            .select({ id: trainingBases.id })
            .from(trainingBases)
            .where(and(eq(trainingBases.countyCode, input.countyCode), eq(trainingBases.name, input.name)))
        )[0],
      `本县市区已登记实训基地「${input.name}」，请勿重复提交`,
    );
    const [made] = await tx
      .insert(trainingBases)
      .values({ ...input, regionCode })
      .returning();
    await audit(tx, ctx, {
      action: 'training_base.create',
      entityType: 'training_base',
      entityId: made.id,
      regionCode,
      after: auditView(made),
    });
    return made.id;
  });
  return one(db, id);
}

async function own(db: DbOrTx, ctx: Ctx, id: number) {
  const [r] = await db.select().from(trainingBases).where(eq(trainingBases.id, id));
  requireAccess(ctx, 'layout.manage', { regionCode: r?.regionCode ?? '\0' });
  if (!r) throw new AppError(404, 'not_found');
  return r;
}

export async function updateBase(db: Db, ctx: Ctx, id: number, input: TrainingBaseInput & { version: number }) {
  const before = await own(db, ctx, id);
  const { version, ...values } = input;
  const regionCode = await placed(db, values);
  // Moving a base to another 市州 needs that 市州 in scope too.
  requireAccess(ctx, 'layout.manage', { regionCode });
  await db.transaction(async (tx) => {
    const [done] = await tx
      .update(trainingBases)
      .set({ ...values, regionCode, version: sql`${trainingBases.version} + 1`, updatedAt: now() })
      .where(and(eq(trainingBases.id, id), eq(trainingBases.version, version)))
      .returning();
    if (!done) throw new AppError(409, 'version_conflict');
    const d = diffObjects(auditView(before), auditView(done));
    await audit(tx, ctx, {
      action: 'training_base.update',
      entityType: 'training_base',
      entityId: id,
      regionCode,
      before: d.before,
      after: d.after,
    });
  });
  return one(db, id);
}

export async function deleteBase(db: Db, ctx: Ctx, id: number, version: number) {
  const before = await own(db, ctx, id);
  await db.transaction(async (tx) => {
    const [done] = await tx
      .delete(trainingBases)
      .where(and(eq(trainingBases.id, id), eq(trainingBases.version, version)))
      .returning({ id: trainingBases.id });
    if (!done) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: 'training_base.delete',
      entityType: 'training_base',
      entityId: id,
      regionCode: before.regionCode,
      before: auditView(before),
    });
  });
  return { ok: true as const };
}
