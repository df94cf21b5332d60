import { and, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { internshipWarnings, validateInternshipCohort } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { internships, orgs } from '../../db/schema/index';
import { requireActor, type Actor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { today as beijingToday } from '../../lib/clock';
import { projectRefs } from './refs';
import { now } from '../../lib/clock';

type Row = typeof internships.$inferSelect;

const out = (r: Row & { schoolName?: string; enterpriseName?: string }, actor: Actor) => ({
  id: r.id,
  schoolOrgId: r.schoolOrgId,
  schoolName: r.schoolName ?? '',
  enterpriseOrgId: r.enterpriseOrgId,
  enterpriseName: r.enterpriseName ?? '',
  agreementId: r.agreementId,
  regionCode: r.regionCode,
  specialtyCode: r.specialtyCode,
  students: r.students,
  startDate: r.startDate,
  endDate: r.endDate,
  paid: r.paid,
  payPerMonth: r.payPerMonth,
  insured: r.insured,
  safetyTrained: r.safetyTrained,
  employedAfter: r.employedAfter,
  version: r.version,
  warnings: internshipWarnings(r, beijingToday()),
  canEdit: canEdit(actor, r),
});

// The school and the host enterprise record their cohorts; the school's bureau and the province oversee them.
const canSee = (a: Actor, r: Pick<Row, 'schoolOrgId' | 'enterpriseOrgId' | 'regionCode'>) =>
  a.role === 'province' || (a.role === 'region' && a.regionCode === r.regionCode) || a.orgId === r.schoolOrgId || a.orgId === r.enterpriseOrgId;
const canEdit = (a: Actor, r: Pick<Row, 'schoolOrgId' | 'enterpriseOrgId' | 'regionCode'>) => a.role !== 'expert' && canSee(a, r);

const scope = (a: Actor): SQL | undefined =>
  a.role === 'province' ? undefined : a.role === 'region' ? eq(internships.regionCode, a.regionCode ?? '\0') : or(eq(internships.schoolOrgId, a.orgId ?? -1), eq(internships.enterpriseOrgId, a.orgId ?? -1));

type Input = { schoolOrgId: number; enterpriseOrgId: number; agreementId?: number | null; specialtyCode: string; students: number; startDate: string; endDate: string; paid: boolean; payPerMonth: number; insured: boolean; safetyTrained: boolean; employedAfter?: number | null };

const COHORT_KEYS = ['schoolOrgId', 'enterpriseOrgId', 'specialtyCode', 'students', 'startDate', 'endDate', 'paid', 'payPerMonth', 'insured', 'safetyTrained', 'employedAfter'] as const;

async function validate(db: Db, b: Input) {
  // Only the cohort's own fields go to the domain check (the stored row also has ids, versions and timestamps).
  const cohort = Object.fromEntries(COHORT_KEYS.filter((k) => b[k] !== undefined && b[k] !== null).map((k) => [k, b[k]]));
  const v = validateInternshipCohort(cohort, await projectRefs(db));
  if (!v.ok) throw new AppError(400, 'validation_failed', v.issues[0].message, v.issues);
  const pair = await db.select().from(orgs).where(or(eq(orgs.id, b.schoolOrgId), eq(orgs.id, b.enterpriseOrgId)));
  const school = pair.find((o) => o.id === b.schoolOrgId && o.type === 'school');
  const ent = pair.find((o) => o.id === b.enterpriseOrgId && o.type === 'enterprise');
  if (!school || !ent) throw new AppError(400, 'unknown_reference', '请选择正确的学校和实习企业');
  return school;
}

export async function createInternship(db: Db, ctx: Ctx, b: Input) {
  const actor = requireActor(ctx);
  const school = await validate(db, b);
  if (!canEdit(actor, { ...b, regionCode: school.regionCode })) throw new AppError(403, 'forbidden', '只能登记本单位或本地区的实习');
  return db.transaction(async (tx) => {
    const [r] = await tx.insert(internships).values({ ...b, agreementId: b.agreementId ?? null, employedAfter: b.employedAfter ?? null, regionCode: school.regionCode, createdBy: actor.id }).returning();
    await audit(tx, ctx, { action: 'internship.create', entityType: 'internship', entityId: r.id, regionCode: r.regionCode, after: b });
    return out(r, actor);
  });
}

export async function updateInternship(db: Db, ctx: Ctx, id: number, b: Partial<Input> & { version: number }) {
  const actor = requireActor(ctx);
  const [cur] = await db.select().from(internships).where(eq(internships.id, id));
  if (!cur || !canSee(actor, cur)) throw new AppError(404, 'not_found');
  const { version, ...rest } = b;
  const merged = { ...cur, ...rest } as Input;
  await validate(db, merged);
  return db.transaction(async (tx) => {
    const [u] = await tx.update(internships).set({ ...rest, version: sql`${internships.version} + 1`, updatedAt: now() }).where(and(eq(internships.id, id), eq(internships.version, version))).returning();
    if (!u) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, { action: 'internship.update', entityType: 'internship', entityId: id, regionCode: cur.regionCode, before: cur, after: rest });
    return out(u, actor);
  });
}

export async function listInternships(db: Db, ctx: Ctx, q: { page: number; pageSize: number }) {
  const actor = requireActor(ctx);
  const w = scope(actor);
  const ent = sql<string>`(select name from orgs e where e.id = ${internships.enterpriseOrgId})`;
  const [rows, [{ total }]] = await Promise.all([
    db.select({ i: internships, schoolName: orgs.name, enterpriseName: ent }).from(internships).innerJoin(orgs, eq(orgs.id, internships.schoolOrgId)).where(w).orderBy(desc(internships.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(internships).where(w),
  ]);
  return { items: rows.map((r) => out({ ...r.i, schoolName: r.schoolName, enterpriseName: r.enterpriseName }, actor)), total };
}
