import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type {
  IntegratedBase,
  IntegratedBaseInput,
  Recruit,
  RecruitInput,
  RecruitUpdate,
  TeamFigure,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { dictEntries, integratedTrainingBases, orgs, teacherRecruits } from '../../db/schema/index';
import { requireAccess, type Actor, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now, thisYear, today } from '../../lib/clock';
import { requireSpecialty } from '../trainings/trainings.service';
import { ownSchool, personKeyOf, personOnRoster, rosterWhere, specialtyJoin } from './roster';

// Notice 二(三): enterprise talent recruited into teaching posts and 工学一体化 teacher-training bases. The school
// records; the bureau of its 市州 (or the province) approves or returns with a reason; an edit by the school goes back
// to review; an approved record is final. Only approved records count (teamFigure).

type RecruitRow = typeof teacherRecruits.$inferSelect;
type BaseRow = typeof integratedTrainingBases.$inferSelect;
type Kind = 'recruit' | 'base';
const TABLE = { recruit: teacherRecruits, base: integratedTrainingBases } as const;
const ENTITY: Record<Kind, string> = { recruit: 'teacher_recruit', base: 'integrated_training_base' };

const canEdit = (actor: Actor, r: { schoolOrgId: number; state: string }) =>
  actor.role === 'school' && actor.orgId === r.schoolOrgId && r.state !== 'approved';
const canReview = (actor: Actor, r: { regionCode: string; state: string }) =>
  r.state === 'submitted' &&
  (actor.role === 'province' || (actor.role === 'region' && actor.regionCode === r.regionCode));
const reviewed = (actor: Actor, r: RecruitRow | BaseRow, schoolName: string) => ({
  id: r.id,
  schoolOrgId: r.schoolOrgId,
  schoolName,
  regionCode: r.regionCode,
  state: r.state,
  reviewReason: r.reviewReason,
  canEdit: canEdit(actor, r),
  canReview: canReview(actor, r),
  version: r.version,
});
const recruitOut = (actor: Actor, r: RecruitRow, schoolName: string, specialtyName: string | null): Recruit => ({
  ...reviewed(actor, r, schoolName),
  name: r.name,
  category: r.category,
  fromEnterprise: r.fromEnterprise,
  specialtyCode: r.specialtyCode,
  specialtyName: specialtyName ?? r.specialtyCode,
  post: r.post,
  startOn: r.startOn,
  evidence: r.evidence,
});
const baseOut = (actor: Actor, r: BaseRow, schoolName: string): IntegratedBase => ({
  ...reviewed(actor, r, schoolName),
  name: r.name,
  partnerEnterprise: r.partnerEnterprise,
  specialtyArea: r.specialtyArea,
  capacity: r.capacity,
  establishedOn: r.establishedOn,
});
// The audit names the person, never the key (it identifies a person across schools).
const auditView = (r: RecruitRow | BaseRow) => {
  const { idKey: _key, createdAt: _c, reviewedAt: _r, ...rest } = r as RecruitRow;
  return rest;
};

function notFuture(day: string, what: string) {
  if (day > today())
    throw new AppError(400, 'validation_failed', `${what}不能晚于今天`, [
      { path: what === '到岗日期' ? 'body.startOn' : 'body.establishedOn', label: what, message: '不能晚于今天' },
    ]);
}

export async function listRecruits(db: Db, ctx: Ctx): Promise<{ items: Recruit[] }> {
  const actor = requireAccess(ctx, 'teacher.read');
  const where = rosterWhere(ctx, 'teacher.read', teacherRecruits);
  if (!where) return { items: [] };
  const rows = await db
    .select({ r: teacherRecruits, schoolName: orgs.name, specialtyName: dictEntries.name })
    .from(teacherRecruits)
    .innerJoin(orgs, eq(orgs.id, teacherRecruits.schoolOrgId))
    .leftJoin(dictEntries, specialtyJoin(teacherRecruits.specialtyCode))
    .where(and(...where))
    .orderBy(asc(orgs.name), desc(teacherRecruits.startOn), asc(teacherRecruits.id))
    .limit(500);
  return { items: rows.map((x) => recruitOut(actor, x.r, x.schoolName, x.specialtyName)) };
}

export async function listBases(db: Db, ctx: Ctx): Promise<{ items: IntegratedBase[] }> {
  const actor = requireAccess(ctx, 'teacher.read');
  const where = rosterWhere(ctx, 'teacher.read', integratedTrainingBases);
  if (!where) return { items: [] };
  const rows = await db
    .select({ r: integratedTrainingBases, schoolName: orgs.name })
    .from(integratedTrainingBases)
    .innerJoin(orgs, eq(orgs.id, integratedTrainingBases.schoolOrgId))
    .where(and(...where))
    .orderBy(asc(integratedTrainingBases.regionCode), asc(orgs.name), asc(integratedTrainingBases.id))
    .limit(500);
  return { items: rows.map((x) => baseOut(actor, x.r, x.schoolName)) };
}

/** The 教师队伍 figures beside the roster: approved recruits (all; arrived this year) and approved bases with capacity. */
async function teamFigure(
  db: DbOrTx,
  where: { recruits: SQL[]; bases: SQL[] },
  year = thisYear(),
): Promise<TeamFigure> {
  const [r] = await db
    .select({
      recruits: sql<number>`count(*) filter (where ${teacherRecruits.state} = 'approved')::int`,
      thisYear: sql<number>`count(*) filter (where ${teacherRecruits.state} = 'approved' and ${teacherRecruits.startOn} between ${`${year}-01-01`} and ${`${year}-12-31`})::int`,
      pending: sql<number>`count(*) filter (where ${teacherRecruits.state} = 'submitted')::int`,
    })
    .from(teacherRecruits)
    .where(and(...where.recruits));
  const [b] = await db
    .select({
      bases: sql<number>`count(*) filter (where ${integratedTrainingBases.state} = 'approved')::int`,
      capacity: sql<number>`coalesce(sum(${integratedTrainingBases.capacity}) filter (where ${integratedTrainingBases.state} = 'approved'), 0)::int`,
      pending: sql<number>`count(*) filter (where ${integratedTrainingBases.state} = 'submitted')::int`,
    })
    .from(integratedTrainingBases)
    .where(and(...where.bases));
  return {
    year,
    recruits: r.recruits,
    recruitsThisYear: r.thisYear,
    recruitsPending: r.pending,
    bases: b.bases,
    baseCapacity: b.capacity,
    basesPending: b.pending,
  };
}

export async function teamFigureFor(db: Db, ctx: Ctx, year?: number): Promise<TeamFigure> {
  const recruits = rosterWhere(ctx, 'teacher.read', teacherRecruits);
  const bases = rosterWhere(ctx, 'teacher.read', integratedTrainingBases);
  if (!recruits || !bases)
    return {
      year: year ?? thisYear(),
      recruits: 0,
      recruitsThisYear: 0,
      recruitsPending: 0,
      bases: 0,
      baseCapacity: 0,
      basesPending: 0,
    };
  return teamFigure(db, { recruits, bases }, year);
}

async function load(
  db: DbOrTx,
  ctx: Ctx,
  kind: Kind,
  id: number,
  permission: 'teacher.read' | 'teacher.manage' | 'teacher.review',
) {
  const t = TABLE[kind];
  const [r] = (await db.select().from(t).where(eq(t.id, id))) as (RecruitRow | BaseRow)[];
  const actor = requireAccess(ctx, permission, { regionCode: r?.regionCode ?? '\0', orgId: r?.schoolOrgId ?? -1 });
  if (!r) throw new AppError(404, 'not_found');
  return { actor, r };
}
const schoolName = async (db: DbOrTx, id: number) =>
  (await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, id)))[0]?.name ?? '';
const specialtyName = async (db: DbOrTx, code: string) =>
  (
    await db
      .select({ name: dictEntries.name })
      .from(dictEntries)
      .where(and(eq(dictEntries.kind, 'specialty'), eq(dictEntries.code, code)))
  )[0]?.name ?? null;

export async function createRecruit(db: Db, ctx: Ctx, input: RecruitInput): Promise<Recruit> {
  const actor = requireAccess(ctx, 'teacher.manage');
  const school = await ownSchool(db, actor, '登记引进的企业人才');
  await requireSpecialty(db, input.specialtyCode);
  notFuture(input.startOn, '到岗日期');
  const { idNumber, ...values } = input;
  const idKey = await personKeyOf(db, idNumber);
  try {
    const made = await db.transaction(async (tx) => {
      const [m] = await tx
        .insert(teacherRecruits)
        .values({ ...values, idKey, schoolOrgId: school.id, regionCode: school.regionCode })
        .returning();
      await audit(tx, ctx, {
        action: 'teacher_recruit.create',
        entityType: ENTITY.recruit,
        entityId: m.id,
        regionCode: m.regionCode,
        after: auditView(m),
      });
      return m;
    });
    return recruitOut(actor, made, await schoolName(db, school.id), await specialtyName(db, made.specialtyCode));
  } catch (e) {
    if (pgCode(e) === '23505') throw personOnRoster('引进人才');
    throw e;
  }
}

export async function createBase(db: Db, ctx: Ctx, input: IntegratedBaseInput): Promise<IntegratedBase> {
  const actor = requireAccess(ctx, 'teacher.manage');
  const school = await ownSchool(db, actor, '登记工学一体化教师培养培训基地');
  notFuture(input.establishedOn, '建立日期');
  try {
    const made = await db.transaction(async (tx) => {
      const [m] = await tx
        .insert(integratedTrainingBases)
        .values({ ...input, schoolOrgId: school.id, regionCode: school.regionCode })
        .returning();
      await audit(tx, ctx, {
        action: 'integrated_training_base.create',
        entityType: ENTITY.base,
        entityId: m.id,
        regionCode: m.regionCode,
        after: auditView(m),
      });
      return m;
    });
    return baseOut(actor, made, await schoolName(db, school.id));
  } catch (e) {
    if (pgCode(e) === '23505')
      throw new AppError(409, 'conflict', `本校已登记名为「${input.name}」的基地，请修改原记录`);
    throw e;
  }
}

/** The school edits a record not yet approved; it goes back to the bureau. */
export async function updateRecord(
  db: Db,
  ctx: Ctx,
  kind: Kind,
  id: number,
  input: (RecruitUpdate | (IntegratedBaseInput & { version: number })) & { version: number },
) {
  const { actor, r } = await load(db, ctx, kind, id, 'teacher.manage');
  if (!canEdit(actor, r)) throw new AppError(409, 'illegal_transition', '记录已审核通过，不能再修改');
  const { version, ...fields } = input as Record<string, unknown> & { version: number };
  if (kind === 'recruit') {
    await requireSpecialty(db, String(fields.specialtyCode));
    notFuture(String(fields.startOn), '到岗日期');
    const idNumber = fields.idNumber as string | undefined;
    delete fields.idNumber;
    if (idNumber) fields.idKey = await personKeyOf(db, idNumber);
  } else notFuture(String(fields.establishedOn), '建立日期');
  const t = TABLE[kind];
  try {
    const u = await db.transaction(async (tx) => {
      const [done] = (await tx
        .update(t)
        .set({
          ...fields,
          state: 'submitted',
          reviewReason: null,
          reviewedBy: null,
          reviewedAt: null,
          version: sql`${t.version} + 1`,
        } as never)
        .where(and(eq(t.id, id), eq(t.version, version)))
        .returning()) as (RecruitRow | BaseRow)[];
      if (!done) throw new AppError(409, 'version_conflict');
      await audit(tx, ctx, {
        action: `${ENTITY[kind]}.update`,
        entityType: ENTITY[kind],
        entityId: id,
        regionCode: r.regionCode,
        before: auditView(r),
        after: auditView(done),
      });
      return done;
    });
    const name = await schoolName(db, u.schoolOrgId);
    return kind === 'recruit'
      ? recruitOut(actor, u as RecruitRow, name, await specialtyName(db, (u as RecruitRow).specialtyCode))
      : baseOut(actor, u as BaseRow, name);
  } catch (e) {
    if (pgCode(e) === '23505')
      throw kind === 'recruit' ? personOnRoster('引进人才') : new AppError(409, 'conflict', '本校已登记同名的基地');
    throw e;
  }
}

export async function deleteRecord(db: Db, ctx: Ctx, kind: Kind, id: number, version: number) {
  const { actor, r } = await load(db, ctx, kind, id, 'teacher.manage');
  if (!canEdit(actor, r)) throw new AppError(409, 'illegal_transition', '记录已审核通过，不能删除');
  const t = TABLE[kind];
  await db.transaction(async (tx) => {
    const [d] = await tx
      .delete(t)
      .where(and(eq(t.id, id), eq(t.version, version)))
      .returning({ id: t.id });
    if (!d) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: `${ENTITY[kind]}.delete`,
      entityType: ENTITY[kind],
      entityId: id,
      regionCode: r.regionCode,
      before: auditView(r),
    });
  });
  return { ok: true as const };
}

/** The bureau of the school's 市州 (or the province) approves, or returns with a reason. */
export async function reviewRecord(
  db: Db,
  ctx: Ctx,
  kind: Kind,
  id: number,
  b: { decision: 'approve' | 'return'; reason: string; version: number },
) {
  const { actor, r } = await load(db, ctx, kind, id, 'teacher.review');
  if (r.state !== 'submitted')
    throw new AppError(
      409,
      'illegal_transition',
      r.state === 'approved' ? '记录已审核通过' : '记录已退回，待学校修改后重新提交',
    );
  const reason = b.reason.trim();
  if (b.decision === 'return' && reason.length < 2)
    throw new AppError(400, 'reasons_required', '退回须填写原因', [
      { path: 'body.reason', label: '退回原因', message: '请填写退回原因' },
    ]);
  const t = TABLE[kind];
  const u = await db.transaction(async (tx) => {
    const [done] = (await tx
      .update(t)
      .set({
        state: b.decision === 'approve' ? 'approved' : 'returned',
        reviewReason: reason || null,
        reviewedBy: actor.id,
        reviewedAt: now(),
        version: sql`${t.version} + 1`,
      } as never)
      .where(and(eq(t.id, id), eq(t.version, b.version)))
      .returning()) as (RecruitRow | BaseRow)[];
    if (!done) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: `${ENTITY[kind]}.${b.decision}`,
      entityType: ENTITY[kind],
      entityId: id,
      regionCode: r.regionCode,
      before: { state: r.state },
      after: { state: done.state, reason: reason || undefined },
    });
    return done;
  });
  const name = await schoolName(db, u.schoolOrgId);
  return kind === 'recruit'
    ? recruitOut(actor, u as RecruitRow, name, await specialtyName(db, (u as RecruitRow).specialtyCode))
    : baseOut(actor, u as BaseRow, name);
}
