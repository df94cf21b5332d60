import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  KEY_TEACHER_PRACTICE_DAYS,
  practiceDaysInYear,
  type KeyTeacherFigure,
  type Teacher,
  type TeacherInput,
  type TeacherUpdate,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { dictEntries, orgs, schoolTeachers, teacherPractices } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit, diffObjects } from '../../lib/audit';
import { now, thisYear } from '../../lib/clock';
import { requireSpecialty } from '../trainings/trainings.service';
import { ownSchool, personKeyOf, personOnRoster, rosterWhere, specialtyJoin } from './roster';

type Row = typeof schoolTeachers.$inferSelect;
// The audit names the teacher, never the key (it identifies a person across schools).
const auditView = (r: Row) => ({
  name: r.name,
  specialtyCode: r.specialtyCode,
  isKey: r.isKey,
  fromEnterprise: r.fromEnterprise,
  title: r.title,
});
const duplicate = () => personOnRoster('教师');
const keyOf = personKeyOf;
const scopeWhere = (ctx: Ctx) => rosterWhere(ctx, 'teacher.read', schoolTeachers);

/** Days each teacher spent in enterprises in the year (a stint over New Year shares its days by calendar days). */
async function daysIn(db: DbOrTx, teacherIds: number[], year: number) {
  const out = new Map<number, number>();
  if (!teacherIds.length) return out;
  const rows = await db
    .select({
      teacherId: teacherPractices.teacherId,
      startOn: teacherPractices.startOn,
      endOn: teacherPractices.endOn,
      days: teacherPractices.days,
    })
    .from(teacherPractices)
    .where(
      and(
        inArray(teacherPractices.teacherId, teacherIds),
        sql`${teacherPractices.startOn} <= ${`${year}-12-31`} and ${teacherPractices.endOn} >= ${`${year}-01-01`}`,
      ),
    );
  for (const r of rows) out.set(r.teacherId, (out.get(r.teacherId) ?? 0) + practiceDaysInYear(r, year));
  return out;
}

/**
 * 骨干教师 ≥ 1 month a year in enterprises (notice 二(三)): of the key teachers on the rosters in scope, how many
 * practised at least 30 days in the year. One grouped pass over the roster's practice rows.
 */
async function keyTeacherFigure(db: DbOrTx, where: SQL[], year: number): Promise<KeyTeacherFigure> {
  const keys = await db
    .select({ id: schoolTeachers.id })
    .from(schoolTeachers)
    .where(and(...where, eq(schoolTeachers.isKey, true)));
  const days = await daysIn(
    db,
    keys.map((k) => k.id),
    year,
  );
  const meeting = keys.filter((k) => (days.get(k.id) ?? 0) >= KEY_TEACHER_PRACTICE_DAYS).length;
  return {
    year,
    keyTeachers: keys.length,
    meeting,
    ratio: keys.length ? meeting / keys.length : null,
    requiredDays: KEY_TEACHER_PRACTICE_DAYS,
  };
}

export async function listTeachers(db: Db, ctx: Ctx, q: { year?: number; page: number; pageSize: number }) {
  const where = scopeWhere(ctx);
  const year = q.year ?? thisYear();
  if (!where)
    return {
      items: [],
      total: 0,
      figure: { year, keyTeachers: 0, meeting: 0, ratio: null, requiredDays: KEY_TEACHER_PRACTICE_DAYS },
    };
  const cond = where.length ? and(...where) : undefined;
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(schoolTeachers)
    .where(cond);
  const rows = await db
    .select({ t: schoolTeachers, schoolName: orgs.name, specialtyName: dictEntries.name })
    .from(schoolTeachers)
    .innerJoin(orgs, eq(orgs.id, schoolTeachers.schoolOrgId))
    .leftJoin(dictEntries, specialtyJoin(schoolTeachers.specialtyCode))
    .where(cond)
    .orderBy(asc(orgs.name), asc(schoolTeachers.name), asc(schoolTeachers.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const days = await daysIn(
    db,
    rows.map((r) => r.t.id),
    year,
  );
  return {
    items: rows.map((r) => view(r.t, r.schoolName, r.specialtyName, days.get(r.t.id) ?? 0)),
    total,
    figure: await keyTeacherFigure(db, where, year),
  };
}

const view = (t: Row, schoolName: string, specialtyName: string | null, practiceDays: number): Teacher => ({
  id: t.id,
  schoolOrgId: t.schoolOrgId,
  schoolName,
  regionCode: t.regionCode,
  name: t.name,
  specialtyCode: t.specialtyCode,
  specialtyName: specialtyName ?? t.specialtyCode,
  isKey: t.isKey,
  fromEnterprise: t.fromEnterprise,
  title: t.title,
  practiceDays,
  version: t.version,
});

export async function oneTeacher(db: DbOrTx, id: number, year = thisYear()) {
  const [r] = await db
    .select({ t: schoolTeachers, schoolName: orgs.name, specialtyName: dictEntries.name })
    .from(schoolTeachers)
    .innerJoin(orgs, eq(orgs.id, schoolTeachers.schoolOrgId))
    .leftJoin(dictEntries, specialtyJoin(schoolTeachers.specialtyCode))
    .where(eq(schoolTeachers.id, id));
  return view(r.t, r.schoolName, r.specialtyName, (await daysIn(db, [id], year)).get(id) ?? 0);
}

/** A teacher record the caller may see (read) or change (manage: the school itself); 404 otherwise. */
export async function teacherFor(db: DbOrTx, ctx: Ctx, id: number, permission: 'teacher.read' | 'teacher.manage') {
  const [r] = await db.select().from(schoolTeachers).where(eq(schoolTeachers.id, id));
  requireAccess(ctx, permission, { regionCode: r?.regionCode ?? '\0', orgId: r?.schoolOrgId ?? -1 });
  if (!r) throw new AppError(404, 'not_found');
  return r;
}

export async function createTeacher(db: Db, ctx: Ctx, input: TeacherInput): Promise<Teacher> {
  const actor = requireAccess(ctx, 'teacher.manage');
  const school = await ownSchool(db, actor, '登记教师名册');
  await requireSpecialty(db, input.specialtyCode);
  const { idNumber, ...values } = input;
  const idKey = await keyOf(db, idNumber);
  try {
    const id = await db.transaction(async (tx) => {
      const [made] = await tx
        .insert(schoolTeachers)
        .values({ ...values, idKey, schoolOrgId: school.id, regionCode: school.regionCode })
        .returning();
      await audit(tx, ctx, {
        action: 'teacher.create',
        entityType: 'school_teacher',
        entityId: made.id,
        regionCode: made.regionCode,
        after: auditView(made),
      });
      return made.id;
    });
    return oneTeacher(db, id);
  } catch (e) {
    if (pgCode(e) === '23505') throw duplicate();
    throw e;
  }
}

export async function updateTeacher(db: Db, ctx: Ctx, id: number, input: TeacherUpdate): Promise<Teacher> {
  const before = await teacherFor(db, ctx, id, 'teacher.manage');
  await requireSpecialty(db, input.specialtyCode);
  const { idNumber, version, ...values } = input;
  const idKey = idNumber ? await keyOf(db, idNumber) : before.idKey;
  try {
    await db.transaction(async (tx) => {
      const [done] = await tx
        .update(schoolTeachers)
        .set({ ...values, idKey, version: sql`${schoolTeachers.version} + 1`, updatedAt: now() })
        .where(and(eq(schoolTeachers.id, id), eq(schoolTeachers.version, version)))
        .returning();
      if (!done) throw new AppError(409, 'version_conflict');
      const d = diffObjects(auditView(before), auditView(done));
      await audit(tx, ctx, {
        action: 'teacher.update',
        entityType: 'school_teacher',
        entityId: id,
        regionCode: done.regionCode,
        before: d.before,
        after: { ...d.after, ...(idKey !== before.idKey ? { idNumber: '已更换' } : {}) },
      });
    });
  } catch (e) {
    if (pgCode(e) === '23505') throw duplicate();
    throw e;
  }
  return oneTeacher(db, id);
}

export async function deleteTeacher(db: Db, ctx: Ctx, id: number, version: number) {
  const before = await teacherFor(db, ctx, id, 'teacher.manage');
  await db.transaction(async (tx) => {
    const [done] = await tx
      .delete(schoolTeachers)
      .where(and(eq(schoolTeachers.id, id), eq(schoolTeachers.version, version)))
      .returning({ id: schoolTeachers.id });
    if (!done) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: 'teacher.delete',
      entityType: 'school_teacher',
      entityId: id,
      regionCode: before.regionCode,
      before: auditView(before),
    });
  });
  return { ok: true as const };
}
