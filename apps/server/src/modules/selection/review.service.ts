import { and, eq, isNull } from 'drizzle-orm';
import {
  agreementStateOn,
  AUTO_CONFLICT_REASON,
  canNominateIn,
  canScoreIn,
  isAutomaticConflict,
  nominationTransition,
  PROJECT_TYPE_LABELS,
  validateScoreSheet,
  type ProjectType,
} from '@cjrh/domain';
import type { Db, DbOrTx, Tx } from '../../db/client';
import {
  agreementParties,
  agreements,
  selectionDeclarations,
  selectionNominations,
  selectionScores,
  projects,
} from '../../db/schema/index';
import type { Actor, Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { notifyProvince } from '../notifications/notifications.service';
import { findRound, isAppointed, lockRound, requireRole, type NominationRow } from './selection.repository';
import { collectEvidence } from './evidence';
import { nominationViews } from './view';
import { now, today } from '../../lib/clock';

const label = (t: string) => PROJECT_TYPE_LABELS[t as ProjectType] ?? t;

/** A region bureau nominates a project of its own region, of a type the round selects, not already on the track. */
export async function nominate(db: Db, ctx: Ctx, roundId: number, b: { projectId: number; statement: string }) {
  const actor = requireRole(ctx, 'region', '只有市州人社局可以推荐示范项目');
  const round = await findRound(db, roundId);
  if (!canNominateIn(round.status)) throw new AppError(409, 'illegal_transition', '本轮遴选已截止推荐');
  const [p] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.id, b.projectId), isNull(projects.deletedAt)));
  // Unknown and another region's project answer alike, so a bureau learns nothing about other regions.
  if (!p || p.regionCode !== actor.regionCode)
    throw new AppError(404, 'not_found', '项目不存在或不属于本地区，只能推荐本地区的项目');
  if (!round.projectTypes.includes(p.type))
    throw new AppError(
      400,
      'validation_failed',
      `本轮遴选只接受${round.projectTypes.map(label).join('、')}，该项目为${label(p.type)}`,
    );
  if (p.status === 'stopped') throw new AppError(409, 'illegal_transition', '项目已中止，不能推荐');
  const [a] = await db.select().from(agreements).where(eq(agreements.id, p.agreementId));
  const agreementState = agreementStateOn(today(), { state: a.status, termStart: a.termStart, termEnd: a.termEnd });
  if (agreementState === 'draft' || agreementState === 'terminated')
    throw new AppError(409, 'illegal_transition', '项目所属协议尚未签订或已终止，不能推荐');
  const t = nominationTransition(p.selectionStatus as never, 'nominate', actor.role);
  if (!t.ok) throw new AppError(409, 'already_nominated', t.message);
  const n = await db
    .transaction(async (tx) => {
      // The round locked: a nomination racing the experts' appointment lands before it (and goes under review) or is
      // refused, never left 「已推荐」 in a round under review.
      if (!canNominateIn((await lockRound(tx, roundId)).status))
        throw new AppError(409, 'illegal_transition', '本轮遴选已截止推荐');
      const evidence = await collectEvidence(tx, p, today());
      const [row] = await tx
        .insert(selectionNominations)
        .values({
          roundId,
          projectId: p.id,
          regionCode: p.regionCode,
          statement: b.statement,
          evidence,
          nominatedBy: actor.id,
        })
        .returning();
      // Guarded by the status read above: a second bureau click racing this one finds the project already nominated.
      const moved = await tx
        .update(projects)
        .set({ selectionStatus: t.to })
        .where(and(eq(projects.id, p.id), eq(projects.selectionStatus, p.selectionStatus)))
        .returning({ id: projects.id });
      if (!moved.length) throw new AppError(409, 'already_nominated');
      await audit(tx, ctx, {
        action: 'selection.nominate',
        entityType: 'selection_nomination',
        entityId: row.id,
        regionCode: p.regionCode,
        after: { roundId, projectId: p.id, statement: b.statement },
      });
      await notifyProvince(tx, {
        kind: 'selection_nominated',
        title: `${p.title} 被推荐参加“${round.title}”`,
        link: `/selection/rounds/${roundId}`,
      });
      return row;
    })
    .catch((e) => {
      if (pgCode(e) === '23505') throw new AppError(409, 'already_nominated', '该项目已在本轮被推荐');
      throw e;
    });
  const [view] = await nominationViews(db, actor, round, [n.id]);
  return view;
}

/** The nomination, its round and its project's agreement parties, for an appointed expert (404 to anybody else). */
async function forExpert(db: DbOrTx, actor: Actor, nominationId: number) {
  const [row] = await db
    .select({ n: selectionNominations, agreementId: projects.agreementId })
    .from(selectionNominations)
    .innerJoin(projects, eq(projects.id, selectionNominations.projectId))
    .where(eq(selectionNominations.id, nominationId));
  if (!row || !(await isAppointed(db, row.n.roundId, actor.id)))
    throw new AppError(404, 'not_found', '推荐项目不存在或未分配给您评审');
  const round = await findRound(db, row.n.roundId);
  const parties = (
    await db
      .select({ orgId: agreementParties.orgId })
      .from(agreementParties)
      .where(eq(agreementParties.agreementId, row.agreementId))
  ).map((x) => x.orgId);
  return { n: row.n as NominationRow, round, parties };
}

/** The nomination locked for the expert's write, so a shortlist being drawn waits for it or refuses it. */
async function lockNomination(tx: Tx, id: number) {
  const [n] = await tx.select().from(selectionNominations).where(eq(selectionNominations.id, id)).for('update');
  return n as NominationRow;
}

function requireReview(round: { status: string }, n: NominationRow) {
  if (!canScoreIn(round.status as never) || n.status !== 'under_review') {
    throw new AppError(
      409,
      'illegal_transition',
      round.status === 'nomination' ? '评审尚未开始' : '评审已结束，不能再声明或修改评分',
    );
  }
}

/** Once per nomination; the platform's own finding (the expert's organisation is a party) cannot be declared away. */
export async function declare(db: Db, ctx: Ctx, nominationId: number, b: { conflict: boolean; reason: string }) {
  const actor = requireRole(ctx, 'expert', '只有评审专家需要声明利益冲突');
  const { n, round, parties } = await forExpert(db, actor, nominationId);
  requireReview(round, n);
  const [prior] = await db
    .select()
    .from(selectionDeclarations)
    .where(and(eq(selectionDeclarations.nominationId, n.id), eq(selectionDeclarations.expertUserId, actor.id)));
  if (prior)
    throw new AppError(
      409,
      'already_declared',
      prior.reason === AUTO_CONFLICT_REASON
        ? '您所在单位是该项目合作协议的一方，系统已认定存在利益冲突，您不参与该项目评分'
        : undefined,
    );
  const auto = isAutomaticConflict(actor.orgId, parties);
  const row = {
    nominationId: n.id,
    expertUserId: actor.id,
    conflict: b.conflict || auto,
    reason: auto ? AUTO_CONFLICT_REASON : b.reason,
  };
  return db.transaction(async (tx) => {
    requireReview(round, await lockNomination(tx, n.id));
    const [d] = await tx.insert(selectionDeclarations).values(row).onConflictDoNothing().returning();
    if (!d) throw new AppError(409, 'already_declared');
    await audit(tx, ctx, {
      action: 'selection.declare',
      entityType: 'selection_nomination',
      entityId: n.id,
      regionCode: n.regionCode,
      after: { conflict: d.conflict, reason: d.reason },
    });
    return {
      nominationId: n.id,
      conflict: d.conflict,
      reason: d.reason,
      automatic: auto,
      declaredAt: d.declaredAt.toISOString(),
    };
  });
}

/** An appointed expert who declared no conflict scores against the rubric, and may revise until the shortlist is drawn. */
export async function score(
  db: Db,
  ctx: Ctx,
  nominationId: number,
  b: { scores: Record<string, number>; comment: string },
) {
  const actor = requireRole(ctx, 'expert', '只有评审专家可以评分');
  const { n, round, parties } = await forExpert(db, actor, nominationId);
  requireReview(round, n);
  const [d] = await db
    .select()
    .from(selectionDeclarations)
    .where(and(eq(selectionDeclarations.nominationId, n.id), eq(selectionDeclarations.expertUserId, actor.id)));
  if (d?.conflict || isAutomaticConflict(actor.orgId, parties)) throw new AppError(409, 'conflict_of_interest');
  if (!d) throw new AppError(409, 'declaration_required');
  const v = validateScoreSheet(round.rubric, b.scores);
  if (!v.ok) throw new AppError(400, 'validation_failed', v.issues[0].message, v.issues);
  return db.transaction(async (tx) => {
    requireReview(round, await lockNomination(tx, n.id));
    const [before] = await tx
      .select()
      .from(selectionScores)
      .where(and(eq(selectionScores.nominationId, n.id), eq(selectionScores.expertUserId, actor.id)));
    const out = (s: typeof before) => ({
      nominationId: n.id,
      scores: s.scores,
      total: s.total,
      comment: s.comment,
      scoredAt: s.scoredAt.toISOString(),
    });
    // The same sheet again (a double click, ten at once) is no revision: answered as saved, nothing recorded.
    if (before && sameSheet(before.scores, v.data.scores) && before.comment === b.comment) return out(before);
    const set = { scores: v.data.scores, total: v.data.total, comment: b.comment, scoredAt: now() };
    const [s] = await tx
      .insert(selectionScores)
      .values({ nominationId: n.id, expertUserId: actor.id, ...set })
      .onConflictDoUpdate({ target: [selectionScores.nominationId, selectionScores.expertUserId], set })
      .returning();
    await audit(tx, ctx, {
      action: before ? 'selection.score.revise' : 'selection.score',
      entityType: 'selection_nomination',
      entityId: n.id,
      regionCode: n.regionCode,
      before: before ? { scores: before.scores, total: before.total } : undefined,
      after: { scores: s.scores, total: s.total },
    });
    return out(s);
  });
}

const sameSheet = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, x]) => a[k] === x);
