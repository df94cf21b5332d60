import { and, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { internshipWarnings, validateInternshipCohort } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { internships, orgs } from '../../db/schema/index';
import { requireActor, type Actor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { today as beijingToday } from '../../lib/clock';
import { notifyOrg } from '../notifications/notifications.service';
import { projectRefs } from './refs';
import { now } from '../../lib/clock';
import { refuseDuplicate } from '../../lib/duplicates';

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
  state: r.state,
  awaitingSide: r.awaitingSide,
  declineReason: r.declineReason,
  version: r.version,
  // A pending or declined cohort raises no follow-up warning for the bureaus; its two parties still see what is
  // missing (the side asked to confirm should know the students are uninsured before it confirms).
  warnings: r.state === 'confirmed' || isParty(actor, r) ? internshipWarnings(r, beijingToday()) : [],
  canEdit: canEdit(actor, r),
  canDecide: r.state === 'pending' && actor.orgId != null && actor.orgId === awaitedOrg(r),
});

const isParty = (a: Actor, r: Pick<Row, 'schoolOrgId' | 'enterpriseOrgId'>) =>
  a.orgId != null && (a.orgId === r.schoolOrgId || a.orgId === r.enterpriseOrgId);
const awaitedOrg = (r: Pick<Row, 'schoolOrgId' | 'enterpriseOrgId' | 'awaitingSide'>) =>
  r.awaitingSide === 'school' ? r.schoolOrgId : r.awaitingSide === 'enterprise' ? r.enterpriseOrgId : null;
/**
 * Who must confirm what the actor records: the other party. A bureau or the province records on the school's
 * behalf (the school's bureau oversees it), so the host enterprise confirms.
 */
const otherSide = (a: Actor, r: Pick<Row, 'enterpriseOrgId'>): 'school' | 'enterprise' =>
  a.orgId != null && a.orgId === r.enterpriseOrgId ? 'school' : 'enterprise';
const SIDE_LABEL = { school: '实习学校', enterprise: '实习企业' } as const;

async function askOtherSide(tx: Parameters<typeof notifyOrg>[0], r: Row, recorder: string) {
  const org = awaitedOrg(r);
  if (org == null) return;
  await notifyOrg(tx, org, {
    kind: 'internship_pending',
    title: `${recorder}登记了实习批次（${r.students} 人，${r.startDate} 至 ${r.endDate}），请确认或退回`,
    link: '/internships',
  });
}

// The school and the host enterprise record their cohorts; the school's bureau and the province oversee them.
const canSee = (a: Actor, r: Pick<Row, 'schoolOrgId' | 'enterpriseOrgId' | 'regionCode'>) =>
  a.role === 'province' ||
  (a.role === 'region' && a.regionCode === r.regionCode) ||
  a.orgId === r.schoolOrgId ||
  a.orgId === r.enterpriseOrgId;
const canEdit = (a: Actor, r: Pick<Row, 'schoolOrgId' | 'enterpriseOrgId' | 'regionCode'>) =>
  a.role !== 'expert' && canSee(a, r);

const scope = (a: Actor): SQL | undefined =>
  a.role === 'province'
    ? undefined
    : a.role === 'region'
      ? eq(internships.regionCode, a.regionCode ?? '\0')
      : or(eq(internships.schoolOrgId, a.orgId ?? -1), eq(internships.enterpriseOrgId, a.orgId ?? -1));

type Input = {
  schoolOrgId: number;
  enterpriseOrgId: number;
  agreementId?: number | null;
  specialtyCode: string;
  students: number;
  startDate: string;
  endDate: string;
  paid: boolean;
  payPerMonth: number;
  insured: boolean;
  safetyTrained: boolean;
  employedAfter?: number | null;
};

const COHORT_KEYS = [
  'schoolOrgId',
  'enterpriseOrgId',
  'specialtyCode',
  'students',
  'startDate',
  'endDate',
  'paid',
  'payPerMonth',
  'insured',
  'safetyTrained',
  'employedAfter',
] as const;

async function validate(db: Db, b: Input) {
  // Only the cohort's own fields go to the domain check (the stored row also has ids, versions and timestamps).
  const cohort = Object.fromEntries(
    COHORT_KEYS.filter((k) => b[k] !== undefined && b[k] !== null).map((k) => [k, b[k]]),
  );
  const v = validateInternshipCohort(cohort, await projectRefs(db));
  if (!v.ok) throw new AppError(400, 'validation_failed', v.issues[0].message, v.issues);
  const pair = await db
    .select()
    .from(orgs)
    .where(or(eq(orgs.id, b.schoolOrgId), eq(orgs.id, b.enterpriseOrgId)));
  const school = pair.find((o) => o.id === b.schoolOrgId && o.type === 'school');
  const ent = pair.find((o) => o.id === b.enterpriseOrgId && o.type === 'enterprise');
  if (!school || !ent) throw new AppError(400, 'unknown_reference', '请选择正确的学校和实习企业');
  return school;
}

export async function createInternship(db: Db, ctx: Ctx, b: Input) {
  const actor = requireActor(ctx);
  const school = await validate(db, b);
  if (!canEdit(actor, { ...b, regionCode: school.regionCode }))
    throw new AppError(403, 'forbidden', '只能登记本单位或本地区的实习');
  return db.transaction(async (tx) => {
    const same = and(
      eq(internships.schoolOrgId, b.schoolOrgId),
      eq(internships.enterpriseOrgId, b.enterpriseOrgId),
      eq(internships.specialtyCode, b.specialtyCode),
      eq(internships.startDate, b.startDate),
      eq(internships.endDate, b.endDate),
      eq(internships.students, b.students),
    );
    await refuseDuplicate(
      tx,
      `internship:${b.schoolOrgId}:${b.enterpriseOrgId}:${b.specialtyCode}:${b.startDate}`,
      async () => (await tx.select({ id: internships.id }).from(internships).where(same))[0],
      '同一学校、企业、专业和起止日期的实习批次已经登记过，请勿重复提交',
    );
    const [r] = await tx
      .insert(internships)
      .values({
        ...b,
        agreementId: b.agreementId ?? null,
        employedAfter: b.employedAfter ?? null,
        regionCode: school.regionCode,
        state: 'pending',
        awaitingSide: otherSide(actor, b),
        createdBy: actor.id,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'internship.create',
      entityType: 'internship',
      entityId: r.id,
      regionCode: r.regionCode,
      after: { ...b, state: r.state, awaitingSide: r.awaitingSide },
    });
    await askOtherSide(tx, r, actor.orgName ?? actor.displayName);
    return out(r, actor);
  });
}

export async function updateInternship(db: Db, ctx: Ctx, id: number, b: Partial<Input> & { version: number }) {
  const actor = requireActor(ctx);
  const [cur] = await db.select().from(internships).where(eq(internships.id, id));
  if (!cur || !canSee(actor, cur)) throw new AppError(404, 'not_found');
  const { version, ...rest } = b;
  if (!canEdit(actor, cur)) throw new AppError(403, 'forbidden', '无权修改该实习批次');
  const merged = { ...cur, ...rest } as Input;
  await validate(db, merged);
  // A party's change needs the other party's consent again (a declined cohort, corrected, is asked again);
  // the bureaus' corrections keep the state.
  const reask =
    isParty(actor, cur) &&
    Object.entries(rest).some(([k, v]) => JSON.stringify(v) !== JSON.stringify(cur[k as keyof Row]));
  const consent = reask
    ? {
        state: 'pending' as const,
        awaitingSide: otherSide(actor, merged),
        declineReason: null,
        decidedBy: null,
        decidedAt: null,
      }
    : {};
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(internships)
      .set({ ...rest, ...consent, version: sql`${internships.version} + 1`, updatedAt: now() })
      .where(and(eq(internships.id, id), eq(internships.version, version)))
      .returning();
    if (!u) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: 'internship.update',
      entityType: 'internship',
      entityId: id,
      regionCode: cur.regionCode,
      before: cur,
      after: { ...rest, ...(reask ? { state: u.state, awaitingSide: u.awaitingSide } : {}) },
    });
    if (reask) await askOtherSide(tx, u, actor.orgName ?? actor.displayName);
    return out(u, actor);
  });
}

/** The side that was asked confirms or returns (with a reason) a pending cohort; the recorder is told. */
export async function decideInternship(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { action: 'confirm' | 'decline'; version: number; reason?: string },
) {
  const actor = requireActor(ctx);
  const [cur] = await db.select().from(internships).where(eq(internships.id, id));
  if (!cur || !canSee(actor, cur)) throw new AppError(404, 'not_found');
  if (cur.state !== 'pending')
    throw new AppError(
      409,
      'illegal_transition',
      cur.state === 'confirmed' ? '该实习批次已确认' : '该实习批次已退回，待登记方修改后再确认',
    );
  const awaited = awaitedOrg(cur);
  if (actor.orgId == null || actor.orgId !== awaited)
    throw new AppError(403, 'forbidden', `只有${SIDE_LABEL[cur.awaitingSide ?? 'school']}可以确认或退回该实习批次`);
  const reason = b.reason?.trim() ?? '';
  if (b.action === 'decline' && !reason) throw new AppError(400, 'validation_failed', '退回时请填写原因');
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(internships)
      .set({
        state: b.action === 'confirm' ? 'confirmed' : 'declined',
        declineReason: b.action === 'decline' ? reason : null,
        decidedBy: actor.id,
        decidedAt: now(),
        version: sql`${internships.version} + 1`,
        updatedAt: now(),
      })
      .where(and(eq(internships.id, id), eq(internships.version, b.version), eq(internships.state, 'pending')))
      .returning();
    if (!u) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: `internship.${b.action}`,
      entityType: 'internship',
      entityId: id,
      regionCode: cur.regionCode,
      before: { state: cur.state },
      after: { state: u.state, reason: reason || undefined },
    });
    const other = awaited === cur.schoolOrgId ? cur.enterpriseOrgId : cur.schoolOrgId;
    const what = `实习批次（${cur.students} 人，${cur.startDate} 至 ${cur.endDate}）`;
    await notifyOrg(tx, other, {
      kind: `internship_${b.action}ed`,
      title: b.action === 'confirm' ? `${actor.orgName ?? ''}已确认${what}` : `${actor.orgName ?? ''}退回了${what}`,
      body: reason ? `原因：${reason}` : '',
      link: '/internships',
    });
    return out(u, actor);
  });
}

export async function listInternships(db: Db, ctx: Ctx, q: { page: number; pageSize: number; state?: Row['state'] }) {
  const actor = requireActor(ctx);
  const w = and(scope(actor), q.state ? eq(internships.state, q.state) : undefined);
  const ent = sql<string>`(select name from orgs e where e.id = ${internships.enterpriseOrgId})`;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ i: internships, schoolName: orgs.name, enterpriseName: ent })
      .from(internships)
      .innerJoin(orgs, eq(orgs.id, internships.schoolOrgId))
      .where(w)
      .orderBy(desc(internships.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(internships).where(w),
  ]);
  return {
    items: rows.map((r) => out({ ...r.i, schoolName: r.schoolName, enterpriseName: r.enterpriseName }, actor)),
    total,
  };
}
