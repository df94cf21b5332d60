import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { regionByCode, type TeacherTraining, type TeacherTrainingInput, type TeacherTrainingList } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { dictEntries, orgs, teacherTrainings } from '../../db/schema/index';
import { listScope, requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit, diffObjects } from '../../lib/audit';
import { now } from '../../lib/clock';
import { refuseDuplicate } from '../../lib/duplicates';

type Row = typeof teacherTrainings.$inferSelect;

/** Fields of a record as the audit log shows them (no ids of other tables but the school). */
const auditView = (r: Row) => ({
  schoolOrgId: r.schoolOrgId,
  teacherName: r.teacherName,
  specialtyCode: r.specialtyCode,
  startDate: r.startDate,
  endDate: r.endDate,
  hours: r.hours,
  provider: r.provider,
});

/** An unknown or retired specialty code is refused with the field named, like any other bad field. */
export async function requireSpecialty(db: DbOrTx, code: string) {
  const [d] = await db
    .select({ code: dictEntries.code })
    .from(dictEntries)
    .where(and(eq(dictEntries.kind, 'specialty'), eq(dictEntries.code, code), eq(dictEntries.active, true)));
  if (!d)
    throw new AppError(400, 'validation_failed', `专业：代码 ${code} 不在专业目录中`, [
      { path: 'body.specialtyCode', label: '专业', message: `代码 ${code} 不在专业目录中` },
    ]);
}

export interface TrainingQuery {
  year?: number;
  region?: string;
  school?: number;
  page: number;
  pageSize: number;
}

/**
 * The records the caller may see (province: all, bureau: its region, school: its own), newest end date first.
 * `teachers` is what integrated_teachers_year counts for the same filter: people, a school's teacher once a year.
 */
export async function listTrainings(db: Db, ctx: Ctx, q: TrainingQuery): Promise<TeacherTrainingList> {
  const actor = requireAccess(ctx, 'training.read');
  const scope = listScope(actor);
  if (scope.none) return { items: [], total: 0, teachers: 0 };
  const where: SQL[] = [];
  if (scope.regionCode) where.push(eq(teacherTrainings.regionCode, scope.regionCode));
  if (scope.orgId) where.push(eq(teacherTrainings.schoolOrgId, scope.orgId));
  if (q.region) where.push(eq(teacherTrainings.regionCode, q.region));
  if (q.school) where.push(eq(teacherTrainings.schoolOrgId, q.school));
  if (q.year) where.push(sql`${teacherTrainings.endDate} between ${`${q.year}-01-01`} and ${`${q.year}-12-31`}`);
  const cond = where.length ? and(...where) : undefined;
  const [{ total, teachers }] = await db
    .select({
      total: sql<number>`count(*)::int`,
      teachers: sql<number>`count(distinct (${teacherTrainings.schoolOrgId}, ${teacherTrainings.teacherName}, extract(year from ${teacherTrainings.endDate})))::int`,
    })
    .from(teacherTrainings)
    .where(cond);
  const rows = await db
    .select({ t: teacherTrainings, schoolName: orgs.name, specialtyName: dictEntries.name })
    .from(teacherTrainings)
    .innerJoin(orgs, eq(orgs.id, teacherTrainings.schoolOrgId))
    .leftJoin(dictEntries, and(eq(dictEntries.kind, 'specialty'), eq(dictEntries.code, teacherTrainings.specialtyCode)))
    .where(cond)
    .orderBy(
      desc(teacherTrainings.endDate),
      asc(orgs.name),
      asc(teacherTrainings.teacherName),
      asc(teacherTrainings.id),
    )
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map((r) => view(r.t, r.schoolName, r.specialtyName)), total, teachers };
}

function view(t: Row, schoolName: string, specialtyName: string | null): TeacherTraining {
  return {
    id: t.id,
    schoolOrgId: t.schoolOrgId,
    schoolName,
    regionCode: t.regionCode,
    regionName: regionByCode(t.regionCode)?.name ?? t.regionCode,
    teacherName: t.teacherName,
    specialtyCode: t.specialtyCode,
    specialtyName: specialtyName ?? t.specialtyCode,
    startDate: t.startDate,
    endDate: t.endDate,
    hours: t.hours,
    provider: t.provider,
    version: t.version,
  };
}

async function oneView(db: DbOrTx, id: number) {
  const [r] = await db
    .select({ t: teacherTrainings, schoolName: orgs.name, specialtyName: dictEntries.name })
    .from(teacherTrainings)
    .innerJoin(orgs, eq(orgs.id, teacherTrainings.schoolOrgId))
    .leftJoin(dictEntries, and(eq(dictEntries.kind, 'specialty'), eq(dictEntries.code, teacherTrainings.specialtyCode)))
    .where(eq(teacherTrainings.id, id));
  return view(r.t, r.schoolName, r.specialtyName);
}

/** A school records one teacher's training; the region is the school's own. */
export async function createTraining(db: Db, ctx: Ctx, input: TeacherTrainingInput): Promise<TeacherTraining> {
  const actor = requireAccess(ctx, 'training.manage');
  const [school] = await db
    .select({ id: orgs.id, regionCode: orgs.regionCode, type: orgs.type })
    .from(orgs)
    .where(eq(orgs.id, actor.orgId ?? -1));
  if (!school || school.type !== 'school') throw new AppError(403, 'forbidden', '只有技工院校可以登记师资培训');
  await requireSpecialty(db, input.specialtyCode);
  const id = await db.transaction(async (tx) => {
    const same = and(
      eq(teacherTrainings.schoolOrgId, school.id),
      eq(teacherTrainings.teacherName, input.teacherName),
      eq(teacherTrainings.specialtyCode, input.specialtyCode),
      eq(teacherTrainings.startDate, input.startDate),
      eq(teacherTrainings.provider, input.provider),
    );
    await refuseDuplicate(
      tx,
      `teacher-training:${school.id}:${input.teacherName}:${input.startDate}`,
      async () => (await tx.select({ id: teacherTrainings.id }).from(teacherTrainings).where(same))[0],
      `${input.teacherName} ${input.startDate} 起的这次培训已经登记过，请勿重复提交`,
    );
    const [made] = await tx
      .insert(teacherTrainings)
      .values({ ...input, schoolOrgId: school.id, regionCode: school.regionCode, createdBy: actor.id })
      .returning();
    await audit(tx, ctx, {
      action: 'training.create',
      entityType: 'teacher_training',
      entityId: made.id,
      regionCode: made.regionCode,
      after: auditView(made),
    });
    return made.id;
  });
  return oneView(db, id);
}

async function ownRecord(db: DbOrTx, ctx: Ctx, id: number) {
  const [r] = await db.select().from(teacherTrainings).where(eq(teacherTrainings.id, id));
  // A record of another school answers 404, the same as none (requireAccess with the record as target).
  requireAccess(ctx, 'training.manage', { regionCode: r?.regionCode ?? '\0', orgId: r?.schoolOrgId ?? -1 });
  if (!r) throw new AppError(404, 'not_found');
  return r;
}

export async function updateTraining(
  db: Db,
  ctx: Ctx,
  id: number,
  input: TeacherTrainingInput & { version: number },
): Promise<TeacherTraining> {
  const before = await ownRecord(db, ctx, id);
  await requireSpecialty(db, input.specialtyCode);
  const { version, ...values } = input;
  await db.transaction(async (tx) => {
    const [done] = await tx
      .update(teacherTrainings)
      .set({ ...values, version: sql`${teacherTrainings.version} + 1`, updatedAt: now() })
      .where(and(eq(teacherTrainings.id, id), eq(teacherTrainings.version, version)))
      .returning();
    if (!done) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: 'training.update',
      entityType: 'teacher_training',
      entityId: id,
      regionCode: done.regionCode,
      ...diffObjects(auditView(before), auditView(done)),
    });
  });
  return oneView(db, id);
}

export async function deleteTraining(db: Db, ctx: Ctx, id: number, version: number) {
  const before = await ownRecord(db, ctx, id);
  await db.transaction(async (tx) => {
    const [done] = await tx
      .delete(teacherTrainings)
      .where(and(eq(teacherTrainings.id, id), eq(teacherTrainings.version, version)))
      .returning({ id: teacherTrainings.id });
    if (!done) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: 'training.delete',
      entityType: 'teacher_training',
      entityId: id,
      regionCode: before.regionCode,
      before: auditView(before),
    });
  });
  return { ok: true as const };
}
