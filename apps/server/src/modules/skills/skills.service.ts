import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import {
  occupationByCode,
  regionByCode,
  skillLevelByCode,
  type SkillContestInput,
  type SkillTrainingInput,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { orgs, skillContests, skillTrainings } from '../../db/schema/index';
import { listScope, requireAccess, type Actor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now, today } from '../../lib/clock';
import { refuseDuplicate } from '../../lib/duplicates';

// 三(四): subsidised training and evaluation, skill contests. A school or enterprise records its own, a bureau records
// for its region (and its entry is its review); the bureau of the region approves or returns what others recorded.
// Only approved records count (figures.ts): nothing counts that the bureau has not seen.

type Training = typeof skillTrainings.$inferSelect;
type Contest = typeof skillContests.$inferSelect;
type Kind = 'training' | 'contest';
const TABLE = { training: skillTrainings, contest: skillContests } as const;
const ENTITY = { training: 'skill_training', contest: 'skill_contest' } as const;

export interface SkillQuery {
  year?: number;
  region?: string;
  state?: 'submitted' | 'approved' | 'returned';
  page: number;
  pageSize: number;
}

/** Who records for which organisation and region: itself for a school or enterprise, an organisation of its region for a bureau. */
async function owner(
  db: DbOrTx,
  actor: Actor,
  kind: Kind,
  orgId: number | undefined,
): Promise<{ orgId: number | null; regionCode: string; orgName: string | null }> {
  if (actor.role === 'school' || actor.role === 'enterprise') {
    if (orgId && orgId !== actor.orgId) throw new AppError(403, 'forbidden', '只能登记本单位的记录');
    return { orgId: actor.orgId!, regionCode: actor.regionCode!, orgName: actor.orgName };
  }
  if (actor.role !== 'region') throw new AppError(403, 'forbidden', '培训评价和竞赛记录由院校、企业或市州人社局登记');
  if (!orgId) {
    if (kind === 'training') throw new AppError(400, 'validation_failed', '请选择开展培训评价的院校或企业');
    return { orgId: null, regionCode: actor.regionCode!, orgName: null };
  }
  const [o] = await db
    .select({ id: orgs.id, regionCode: orgs.regionCode, name: orgs.name })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  if (!o || o.regionCode !== actor.regionCode)
    throw new AppError(400, 'validation_failed', '所选单位不在本地区，不能为其登记');
  return { orgId: o.id, regionCode: o.regionCode, orgName: o.name };
}

const canEditRow = (actor: Actor, r: { orgId: number | null; regionCode: string; state: string }) =>
  r.state !== 'approved' &&
  ((actor.orgId != null && r.orgId === actor.orgId) || (actor.role === 'region' && actor.regionCode === r.regionCode));
const canReviewRow = (actor: Actor, r: { regionCode: string; state: string }) =>
  r.state === 'submitted' &&
  (actor.role === 'province' || (actor.role === 'region' && actor.regionCode === r.regionCode));

function common(actor: Actor, r: Training | Contest, orgName: string | null) {
  return {
    id: r.id,
    regionCode: r.regionCode,
    regionName: regionByCode(r.regionCode)?.name ?? r.regionCode,
    orgId: r.orgId,
    orgName,
    occupationCode: r.occupationCode,
    occupationName: occupationByCode(r.occupationCode)?.name ?? r.occupationCode,
    note: r.note,
    state: r.state,
    reviewReason: r.reviewReason,
    version: r.version,
    canEdit: canEditRow(actor, r),
    canReview: canReviewRow(actor, r),
  };
}
const trainingOut = (actor: Actor, r: Training, orgName: string | null) => ({
  ...common(actor, r, orgName),
  kind: r.kind,
  level: r.level,
  levelName: skillLevelByCode(r.level)?.name ?? r.level,
  startDate: r.startDate,
  endDate: r.endDate,
  people: r.people,
  certificates: r.certificates,
});
const contestOut = (actor: Actor, r: Contest, orgName: string | null) => ({
  ...common(actor, r, orgName),
  name: r.name,
  organiser: r.organiser,
  heldOn: r.heldOn,
  participants: r.participants,
  winners: r.winners,
});

function where(actor: Actor, kind: Kind, q: SkillQuery): SQL | undefined {
  const t = TABLE[kind];
  const scope = listScope(actor);
  const parts: SQL[] = [];
  if (scope.none) parts.push(sql`false`);
  if (scope.regionCode) parts.push(eq(t.regionCode, scope.regionCode));
  if (scope.orgId) parts.push(eq(t.orgId, scope.orgId));
  if (q.region) parts.push(eq(t.regionCode, q.region));
  if (q.state) parts.push(eq(t.state, q.state));
  const day = kind === 'training' ? skillTrainings.endDate : skillContests.heldOn;
  if (q.year) parts.push(sql`${day} between ${`${q.year}-01-01`} and ${`${q.year}-12-31`}`);
  return parts.length ? and(...parts) : undefined;
}

export async function listSkillTrainings(db: Db, ctx: Ctx, q: SkillQuery) {
  const actor = requireAccess(ctx, 'skill.read');
  const w = where(actor, 'training', q);
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(skillTrainings)
    .where(w);
  const rows = await db
    .select({ r: skillTrainings, orgName: orgs.name })
    .from(skillTrainings)
    .innerJoin(orgs, eq(orgs.id, skillTrainings.orgId))
    .where(w)
    .orderBy(desc(skillTrainings.endDate), desc(skillTrainings.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map((x) => trainingOut(actor, x.r, x.orgName)), total };
}

export async function listSkillContests(db: Db, ctx: Ctx, q: SkillQuery) {
  const actor = requireAccess(ctx, 'skill.read');
  const w = where(actor, 'contest', q);
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(skillContests)
    .where(w);
  const rows = await db
    .select({ r: skillContests, orgName: orgs.name })
    .from(skillContests)
    .leftJoin(orgs, eq(orgs.id, skillContests.orgId))
    .where(w)
    .orderBy(desc(skillContests.heldOn), desc(skillContests.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map((x) => contestOut(actor, x.r, x.orgName)), total };
}

/** A record is of training or a contest that took place: a day after today is refused, as a typo or a plan. */
function notFuture(day: string, what: string) {
  if (day > today())
    throw new AppError(
      400,
      'validation_failed',
      `${what}不能晚于今天（${today()}）：请登记已结束的培训评价或已举办的竞赛`,
    );
}

/** A bureau's own entry is its review: approved at once. Anyone else's waits for the bureau. */
const entryState = (actor: Actor) =>
  actor.role === 'region'
    ? { state: 'approved' as const, reviewedBy: actor.id, reviewedAt: now() }
    : { state: 'submitted' as const };

export async function createSkillTraining(db: Db, ctx: Ctx, b: SkillTrainingInput) {
  const actor = requireAccess(ctx, 'skill.record');
  notFuture(b.endDate, '结束日期');
  const o = await owner(db, actor, 'training', b.orgId);
  return db.transaction(async (tx) => {
    const { orgId: _ignored, ...fields } = b;
    const same = and(
      eq(skillTrainings.orgId, o.orgId!),
      eq(skillTrainings.kind, b.kind),
      eq(skillTrainings.occupationCode, b.occupationCode),
      eq(skillTrainings.level, b.level),
      eq(skillTrainings.startDate, b.startDate),
      eq(skillTrainings.endDate, b.endDate),
      eq(skillTrainings.people, b.people),
    );
    await refuseDuplicate(
      tx,
      `skill-training:${o.orgId}:${b.kind}:${b.occupationCode}:${b.startDate}`,
      async () => (await tx.select({ id: skillTrainings.id }).from(skillTrainings).where(same))[0],
      '相同的培训（评价）记录已经登记过，请勿重复提交',
    );
    const [r] = await tx
      .insert(skillTrainings)
      .values({ ...fields, orgId: o.orgId!, regionCode: o.regionCode, createdBy: actor.id, ...entryState(actor) })
      .returning();
    await audit(tx, ctx, {
      action: 'skill_training.create',
      entityType: 'skill_training',
      entityId: r.id,
      regionCode: r.regionCode,
      after: { ...fields, orgId: r.orgId, state: r.state },
    });
    return trainingOut(actor, r, o.orgName);
  });
}

export async function createSkillContest(db: Db, ctx: Ctx, b: SkillContestInput) {
  const actor = requireAccess(ctx, 'skill.record');
  notFuture(b.heldOn, '举办日期');
  const o = await owner(db, actor, 'contest', b.orgId);
  return db.transaction(async (tx) => {
    const { orgId: _ignored, ...fields } = b;
    const same = and(
      o.orgId == null ? sql`${skillContests.orgId} is null` : eq(skillContests.orgId, o.orgId),
      eq(skillContests.regionCode, o.regionCode),
      eq(skillContests.name, b.name),
      eq(skillContests.occupationCode, b.occupationCode),
      eq(skillContests.heldOn, b.heldOn),
    );
    await refuseDuplicate(
      tx,
      `skill-contest:${o.regionCode}:${b.name}:${b.heldOn}`,
      async () => (await tx.select({ id: skillContests.id }).from(skillContests).where(same))[0],
      `竞赛「${b.name}」（${b.heldOn}）已经登记过，请勿重复提交`,
    );
    const [r] = await tx
      .insert(skillContests)
      .values({ ...fields, orgId: o.orgId, regionCode: o.regionCode, createdBy: actor.id, ...entryState(actor) })
      .returning();
    await audit(tx, ctx, {
      action: 'skill_contest.create',
      entityType: 'skill_contest',
      entityId: r.id,
      regionCode: r.regionCode,
      after: { ...fields, orgId: r.orgId, state: r.state },
    });
    return contestOut(actor, r, o.orgName);
  });
}

/** The record, or 404 when it is unknown or outside the caller's scope (a bureau: its region; others: their own). */
async function load(db: DbOrTx, actor: Actor, kind: Kind, id: number) {
  const t = TABLE[kind];
  const [r] = (await db.select().from(t).where(eq(t.id, id))) as (Training | Contest)[];
  const visible =
    r &&
    (actor.role === 'province' ||
      (actor.role === 'region' && r.regionCode === actor.regionCode) ||
      (actor.orgId != null && r.orgId === actor.orgId));
  if (!visible) throw new AppError(404, 'not_found');
  return r;
}

async function orgName(db: DbOrTx, id: number | null) {
  if (id == null) return null;
  const [o] = await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, id));
  return o?.name ?? null;
}

/** Edits go back to the bureau (a bureau's own edit stays approved only if it was its own entry: it is again its review). */
export async function updateSkillRecord(
  db: Db,
  ctx: Ctx,
  kind: Kind,
  id: number,
  b: (SkillTrainingInput | SkillContestInput) & { version: number },
) {
  const actor = requireAccess(ctx, 'skill.record');
  const r = await load(db, actor, kind, id);
  if (!canEditRow(actor, r))
    throw new AppError(
      409,
      'illegal_transition',
      r.state === 'approved' ? '记录已审核通过，不能再修改' : '无权修改该记录',
    );
  if ('endDate' in b) notFuture(b.endDate, '结束日期');
  if ('heldOn' in b) notFuture(b.heldOn, '举办日期');
  const { orgId: _ignored, version, ...fields } = b;
  const t = TABLE[kind];
  return db.transaction(async (tx) => {
    const [u] = (await tx
      .update(t)
      .set({ ...fields, ...entryState(actor), reviewReason: null, version: sql`${t.version} + 1` } as never)
      .where(and(eq(t.id, id), eq(t.version, version)))
      .returning()) as (Training | Contest)[];
    if (!u) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: `${ENTITY[kind]}.update`,
      entityType: ENTITY[kind],
      entityId: id,
      regionCode: r.regionCode,
      before: { ...r, createdAt: undefined, reviewedAt: undefined },
      after: { ...fields, state: u.state },
    });
    const name = await orgName(tx, u.orgId);
    return kind === 'training' ? trainingOut(actor, u as Training, name) : contestOut(actor, u as Contest, name);
  });
}

export async function deleteSkillRecord(db: Db, ctx: Ctx, kind: Kind, id: number, version: number) {
  const actor = requireAccess(ctx, 'skill.record');
  const r = await load(db, actor, kind, id);
  if (!canEditRow(actor, r)) throw new AppError(409, 'illegal_transition', '记录已审核通过，不能删除');
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
      before: { ...r, createdAt: undefined, reviewedAt: undefined },
    });
  });
  return { ok: true as const };
}

/** The bureau of the record's region (or the province) approves it, or returns it with a reason. */
export async function reviewSkillRecord(
  db: Db,
  ctx: Ctx,
  kind: Kind,
  id: number,
  b: { decision: 'approve' | 'return'; reason: string; version: number },
) {
  const actor = requireAccess(ctx, 'skill.review');
  const r = await load(db, actor, kind, id);
  if (r.state !== 'submitted')
    throw new AppError(
      409,
      'illegal_transition',
      r.state === 'approved' ? '记录已审核通过' : '记录已退回，待登记单位修改后重新提交',
    );
  const reason = b.reason.trim();
  if (b.decision === 'return' && reason.length < 2) throw new AppError(400, 'reasons_required', '退回须填写原因');
  const t = TABLE[kind];
  return db.transaction(async (tx) => {
    const [u] = (await tx
      .update(t)
      .set({
        state: b.decision === 'approve' ? 'approved' : 'returned',
        reviewReason: reason || null,
        reviewedBy: actor.id,
        reviewedAt: now(),
        version: sql`${t.version} + 1`,
      } as never)
      .where(and(eq(t.id, id), eq(t.version, b.version)))
      .returning()) as (Training | Contest)[];
    if (!u) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: `${ENTITY[kind]}.${b.decision}`,
      entityType: ENTITY[kind],
      entityId: id,
      regionCode: r.regionCode,
      before: { state: r.state },
      after: { state: u.state, reason: reason || undefined },
    });
    const name = await orgName(tx, u.orgId);
    return kind === 'training' ? trainingOut(actor, u as Training, name) : contestOut(actor, u as Contest, name);
  });
}
