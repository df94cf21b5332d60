import { and, asc, eq, sql } from 'drizzle-orm';
import { type MentorInput, type MentorUpdate, type SchoolMentor } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { dictEntries, orgs, schoolMentors } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit, diffObjects } from '../../lib/audit';
import { now } from '../../lib/clock';
import { requireSpecialty } from '../trainings/trainings.service';
import { ownSchool, personKeyOf, personOnRoster, rosterWhere, specialtyJoin } from '../teachers/roster';

type Row = typeof schoolMentors.$inferSelect;
// The audit shows who and when, never the key (it identifies a person across schools).
const auditView = (r: Row) => ({
  name: r.name,
  enterprise: r.enterprise,
  specialtyCode: r.specialtyCode,
  termStart: r.termStart,
  termEnd: r.termEnd,
});
const duplicate = () => personOnRoster('导师');
const keyOf = personKeyOf;

export async function listMentors(db: Db, ctx: Ctx, q: { page: number; pageSize: number }) {
  const where = rosterWhere(ctx, 'mentor.read', schoolMentors);
  if (!where) return { items: [], total: 0 };
  const cond = where.length ? and(...where) : undefined;
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(schoolMentors)
    .where(cond);
  const rows = await db
    .select({ m: schoolMentors, schoolName: orgs.name, specialtyName: dictEntries.name })
    .from(schoolMentors)
    .innerJoin(orgs, eq(orgs.id, schoolMentors.schoolOrgId))
    .leftJoin(dictEntries, specialtyJoin(schoolMentors.specialtyCode))
    .where(cond)
    .orderBy(asc(orgs.name), asc(schoolMentors.name), asc(schoolMentors.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map((r) => view(r.m, r.schoolName, r.specialtyName)), total };
}

const view = (m: Row, schoolName: string, specialtyName: string | null): SchoolMentor => ({
  id: m.id,
  schoolOrgId: m.schoolOrgId,
  schoolName,
  regionCode: m.regionCode,
  name: m.name,
  enterprise: m.enterprise,
  specialtyCode: m.specialtyCode,
  specialtyName: specialtyName ?? m.specialtyCode,
  termStart: m.termStart,
  termEnd: m.termEnd,
  version: m.version,
});

async function one(db: DbOrTx, id: number) {
  const [r] = await db
    .select({ m: schoolMentors, schoolName: orgs.name, specialtyName: dictEntries.name })
    .from(schoolMentors)
    .innerJoin(orgs, eq(orgs.id, schoolMentors.schoolOrgId))
    .leftJoin(dictEntries, specialtyJoin(schoolMentors.specialtyCode))
    .where(eq(schoolMentors.id, id));
  return view(r.m, r.schoolName, r.specialtyName);
}

export async function createMentor(db: Db, ctx: Ctx, input: MentorInput): Promise<SchoolMentor> {
  const actor = requireAccess(ctx, 'mentor.manage');
  const school = await ownSchool(db, actor, '登记导师名册');
  await requireSpecialty(db, input.specialtyCode);
  const { idNumber, ...values } = input;
  const idKey = await keyOf(db, idNumber);
  try {
    const id = await db.transaction(async (tx) => {
      const [made] = await tx
        .insert(schoolMentors)
        .values({ ...values, idKey, schoolOrgId: school.id, regionCode: school.regionCode, createdBy: actor.id })
        .returning();
      await audit(tx, ctx, {
        action: 'mentor.create',
        entityType: 'school_mentor',
        entityId: made.id,
        regionCode: made.regionCode,
        after: auditView(made),
      });
      return made.id;
    });
    return one(db, id);
  } catch (e) {
    if (pgCode(e) === '23505') throw duplicate();
    throw e;
  }
}

async function own(db: DbOrTx, ctx: Ctx, id: number) {
  const [r] = await db.select().from(schoolMentors).where(eq(schoolMentors.id, id));
  requireAccess(ctx, 'mentor.manage', { regionCode: r?.regionCode ?? '\0', orgId: r?.schoolOrgId ?? -1 });
  if (!r) throw new AppError(404, 'not_found');
  return r;
}

export async function updateMentor(db: Db, ctx: Ctx, id: number, input: MentorUpdate): Promise<SchoolMentor> {
  const before = await own(db, ctx, id);
  await requireSpecialty(db, input.specialtyCode);
  const { idNumber, version, ...values } = input;
  const idKey = idNumber ? await keyOf(db, idNumber) : before.idKey;
  try {
    await db.transaction(async (tx) => {
      const [done] = await tx
        .update(schoolMentors)
        .set({ ...values, idKey, version: sql`${schoolMentors.version} + 1`, updatedAt: now() })
        .where(and(eq(schoolMentors.id, id), eq(schoolMentors.version, version)))
        .returning();
      if (!done) throw new AppError(409, 'version_conflict');
      const d = diffObjects(auditView(before), auditView(done));
      await audit(tx, ctx, {
        action: 'mentor.update',
        entityType: 'school_mentor',
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
  return one(db, id);
}

export async function deleteMentor(db: Db, ctx: Ctx, id: number, version: number) {
  const before = await own(db, ctx, id);
  await db.transaction(async (tx) => {
    const [done] = await tx
      .delete(schoolMentors)
      .where(and(eq(schoolMentors.id, id), eq(schoolMentors.version, version)))
      .returning({ id: schoolMentors.id });
    if (!done) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: 'mentor.delete',
      entityType: 'school_mentor',
      entityId: id,
      regionCode: before.regionCode,
      before: auditView(before),
    });
  });
  return { ok: true as const };
}
