import { and, asc, eq, sql } from 'drizzle-orm';
import type { Practice, PracticeInput } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { schoolTeachers, teacherPractices } from '../../db/schema/index';
import type { Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { teacherFor } from './teachers.service';

const view = (p: typeof teacherPractices.$inferSelect): Practice => ({
  id: p.id,
  teacherId: p.teacherId,
  enterprise: p.enterprise,
  startOn: p.startOn,
  endOn: p.endOn,
  days: p.days,
  content: p.content,
  evidence: p.evidence,
});

export async function listPractices(db: Db, ctx: Ctx, teacherId: number) {
  await teacherFor(db, ctx, teacherId, 'teacher.read');
  return { items: (await practicesOf(db, teacherId)).map(view) };
}

export const practicesOf = (db: DbOrTx, teacherId: number) =>
  db
    .select()
    .from(teacherPractices)
    .where(eq(teacherPractices.teacherId, teacherId))
    .orderBy(asc(teacherPractices.startOn), asc(teacherPractices.id));

/**
 * One teacher cannot be in two enterprises on the same day: a record overlapping another of the same teacher is
 * refused. The teacher's row is locked first, so two records sent at once are checked one after the other.
 */
async function refuseOverlap(tx: DbOrTx, teacherId: number, input: PracticeInput, exceptId?: number) {
  await tx.select({ id: schoolTeachers.id }).from(schoolTeachers).where(eq(schoolTeachers.id, teacherId)).for('update');
  const [clash] = await tx
    .select({
      enterprise: teacherPractices.enterprise,
      startOn: teacherPractices.startOn,
      endOn: teacherPractices.endOn,
    })
    .from(teacherPractices)
    .where(
      and(
        eq(teacherPractices.teacherId, teacherId),
        sql`${teacherPractices.startOn} <= ${input.endOn} and ${teacherPractices.endOn} >= ${input.startOn}`,
        exceptId ? sql`${teacherPractices.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(1);
  if (clash)
    throw new AppError(
      409,
      'practice_overlap',
      `与该教师已有的企业实践记录（${clash.enterprise}，${clash.startOn} 至 ${clash.endOn}）时间重叠，请核对日期`,
    );
}

export async function createPractice(db: Db, ctx: Ctx, teacherId: number, input: PracticeInput) {
  const t = await teacherFor(db, ctx, teacherId, 'teacher.manage');
  const made = await db.transaction(async (tx) => {
    await refuseOverlap(tx, teacherId, input);
    const [p] = await tx
      .insert(teacherPractices)
      .values({ ...input, teacherId })
      .returning();
    await audit(tx, ctx, {
      action: 'teacher_practice.create',
      entityType: 'teacher_practice',
      entityId: p.id,
      regionCode: t.regionCode,
      after: { teacher: t.name, ...input },
    });
    return p;
  });
  return view(made);
}

export async function updatePractice(db: Db, ctx: Ctx, teacherId: number, id: number, input: PracticeInput) {
  const t = await teacherFor(db, ctx, teacherId, 'teacher.manage');
  const done = await db.transaction(async (tx) => {
    await refuseOverlap(tx, teacherId, input, id);
    const [before] = await tx
      .select()
      .from(teacherPractices)
      .where(and(eq(teacherPractices.id, id), eq(teacherPractices.teacherId, teacherId)));
    if (!before) throw new AppError(404, 'not_found');
    const [p] = await tx.update(teacherPractices).set(input).where(eq(teacherPractices.id, id)).returning();
    // Saved as it was (the teacher row is locked by refuseOverlap): nothing to record.
    if (JSON.stringify(view(before)) === JSON.stringify(view(p))) return p;
    await audit(tx, ctx, {
      action: 'teacher_practice.update',
      entityType: 'teacher_practice',
      entityId: id,
      regionCode: t.regionCode,
      before: view(before),
      after: view(p),
    });
    return p;
  });
  return view(done);
}

export async function deletePractice(db: Db, ctx: Ctx, teacherId: number, id: number) {
  const t = await teacherFor(db, ctx, teacherId, 'teacher.manage');
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(teacherPractices)
      .where(and(eq(teacherPractices.id, id), eq(teacherPractices.teacherId, teacherId)))
      .returning();
    if (!gone) throw new AppError(404, 'not_found');
    await audit(tx, ctx, {
      action: 'teacher_practice.delete',
      entityType: 'teacher_practice',
      entityId: id,
      regionCode: t.regionCode,
      before: view(gone),
    });
  });
  return { ok: true as const };
}
