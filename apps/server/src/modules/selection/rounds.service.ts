import { and, desc, eq, inArray } from 'drizzle-orm';
import { aggregateScores, AUTO_CONFLICT_REASON, MIN_SCORES, shortlist, type RubricCriterion } from '@cjrh/domain';
import type { Db } from '../../db/client';
import {
  agreementParties,
  selectionDeclarations,
  selectionExperts,
  selectionRounds,
  selectionScores,
  projects,
  users,
} from '../../db/schema/index';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import {
  findRound,
  isAppointed,
  lockNominations,
  lockRound,
  nominationsIn,
  notifyUsers,
  requireRole,
  roundMove,
  saveRound,
  setNominationStatus,
} from './selection.repository';
import { roundDetailView, roundView, visibleCount } from './view';
import { refuseDuplicate } from '../../lib/duplicates';

export async function createRound(
  db: Db,
  ctx: Ctx,
  b: { year: number; title: string; projectTypes: string[]; rubric: RubricCriterion[]; quota: Record<string, number> },
) {
  const actor = requireRole(ctx, 'province', '只有省人社厅可以发起示范项目遴选');
  return db.transaction(async (tx) => {
    await refuseDuplicate(
      tx,
      `selection-round:${b.year}:${b.title}`,
      async () =>
        (
          await tx
            .select({ id: selectionRounds.id })
            .from(selectionRounds)
            .where(and(eq(selectionRounds.year, b.year), eq(selectionRounds.title, b.title)))
        )[0],
      `${b.year} 年已发起遴选「${b.title}」，请勿重复提交`,
    );
    const [r] = await tx
      .insert(selectionRounds)
      .values({
        year: b.year,
        title: b.title,
        projectTypes: b.projectTypes,
        rubric: b.rubric,
        quota: b.quota,
        createdBy: actor.id,
      })
      .returning();
    await audit(tx, ctx, { action: 'selection.round.create', entityType: 'selection_round', entityId: r.id, after: b });
    return roundView(r, actor, 0);
  });
}

/** Every signed-in role sees the rounds (bureaus to nominate, parties to follow); an expert only the rounds it reviews. */
export async function listRounds(db: Db, ctx: Ctx, q: { year?: number }) {
  const actor = requireActor(ctx);
  const appointed =
    actor.role === 'expert'
      ? (
          await db
            .select({ r: selectionExperts.roundId })
            .from(selectionExperts)
            .where(eq(selectionExperts.userId, actor.id))
        ).map((x) => x.r)
      : null;
  if (appointed && !appointed.length) return { items: [] };
  const rows = await db
    .select()
    .from(selectionRounds)
    .where(
      and(
        q.year ? eq(selectionRounds.year, q.year) : undefined,
        appointed ? inArray(selectionRounds.id, appointed) : undefined,
      ),
    )
    .orderBy(desc(selectionRounds.year), desc(selectionRounds.id));
  return { items: await Promise.all(rows.map(async (r) => roundView(r, actor, await visibleCount(db, actor, r.id)))) };
}

export async function getRound(db: Db, ctx: Ctx, id: number) {
  const actor = requireActor(ctx);
  const round = await findRound(db, id);
  if (actor.role === 'expert' && !(await isAppointed(db, id, actor.id)))
    throw new AppError(404, 'not_found', '遴选不存在');
  return roundDetailView(db, actor, round);
}

/**
 * Appointing experts closes nominations and starts the review (more may be appointed while it runs). An expert whose
 * organisation is a party of a nominated project's agreement is recorded as conflicted for that project at once.
 */
export async function assignExperts(db: Db, ctx: Ctx, id: number, userIds: number[]) {
  const actor = requireRole(ctx, 'province');
  roundMove(await findRound(db, id), 'assign_experts', actor);
  const ids = [...new Set(userIds)];
  const found = await db
    .select({ id: users.id, role: users.role, disabled: users.disabled, orgId: users.orgId, name: users.displayName })
    .from(users)
    .where(inArray(users.id, ids));
  const bad = ids.filter((u) => !found.some((f) => f.id === u && f.role === 'expert' && !f.disabled));
  if (bad.length)
    throw new AppError(400, 'not_experts', `以下用户不是有效的评审专家账号：${bad.join('、')}`, { userIds: bad });
  return db.transaction(async (tx) => {
    // Decided on the round as the previous appointment left it: the same experts again change nothing (200, no entry).
    const round = await lockRound(tx, id);
    const to = roundMove(round, 'assign_experts', actor);
    const nominated = await lockNominations(tx, id, 'nominated');
    if (round.status === 'nomination' && !nominated.length)
      throw new AppError(409, 'illegal_transition', '本轮尚无推荐项目，不能开始评审');
    const appointed = new Set(
      (
        await tx.select({ u: selectionExperts.userId }).from(selectionExperts).where(eq(selectionExperts.roundId, id))
      ).map((r) => r.u),
    );
    const fresh = ids.filter((u) => !appointed.has(u));
    if (!fresh.length && round.status === to) return roundDetailView(tx, actor, round);
    const u = await saveRound(tx, round, { status: to });
    if (fresh.length) await tx.insert(selectionExperts).values(fresh.map((userId) => ({ roundId: id, userId })));
    await setNominationStatus(tx, nominated, 'under_review');
    const all = await nominationsIn(tx, id, 'under_review');
    const withOrg = found.filter((f) => f.orgId != null && fresh.includes(f.id));
    if (all.length && withOrg.length) {
      const parties = await tx
        .select({ nominationProject: projects.id, orgId: agreementParties.orgId })
        .from(projects)
        .innerJoin(agreementParties, eq(agreementParties.agreementId, projects.agreementId))
        .where(
          and(
            inArray(
              projects.id,
              all.map((n) => n.projectId),
            ),
            inArray(
              agreementParties.orgId,
              withOrg.map((f) => f.orgId!),
            ),
          ),
        );
      const auto = all.flatMap((n) =>
        withOrg
          .filter((f) => parties.some((p) => p.nominationProject === n.projectId && p.orgId === f.orgId))
          .map((f) => ({ nominationId: n.id, expertUserId: f.id, conflict: true, reason: AUTO_CONFLICT_REASON })),
      );
      if (auto.length) await tx.insert(selectionDeclarations).values(auto).onConflictDoNothing();
    }
    await notifyUsers(tx, fresh, {
      kind: 'selection_review',
      title: `您已受邀担任“${round.title}”评审专家`,
      link: `/selection/rounds/${id}`,
    });
    await audit(tx, ctx, {
      action: 'selection.experts',
      entityType: 'selection_round',
      entityId: id,
      before: { status: round.status },
      after: { status: to, userIds: fresh },
    });
    return roundDetailView(tx, actor, u);
  });
}

/**
 * Draws the shortlist: each nomination's final score is aggregateScores over the totals of the appointed experts who
 * declared no conflict; at least MIN_SCORES of them are required for every nomination; the best per type up to the
 * round's quota are shortlisted and the rest are not selected.
 */
export async function shortlistRound(db: Db, ctx: Ctx, id: number) {
  const actor = requireRole(ctx, 'province');
  roundMove(await findRound(db, id), 'shortlist', actor);
  return db.transaction(async (tx) => {
    // The round and its nominations locked before the scores are read: a score being revised now is either in or
    // refused (the nomination is no longer under review), never lost; a second click finds the round moved (409).
    const round = await lockRound(tx, id);
    const to = roundMove(round, 'shortlist', actor);
    const noms = await lockNominations(tx, id, 'under_review');
    const valid = noms.length
      ? await tx
          .select({ nominationId: selectionScores.nominationId, total: selectionScores.total })
          .from(selectionScores)
          .innerJoin(
            selectionDeclarations,
            and(
              eq(selectionDeclarations.nominationId, selectionScores.nominationId),
              eq(selectionDeclarations.expertUserId, selectionScores.expertUserId),
              eq(selectionDeclarations.conflict, false),
            ),
          )
          .innerJoin(
            selectionExperts,
            and(eq(selectionExperts.roundId, id), eq(selectionExperts.userId, selectionScores.expertUserId)),
          )
          .where(
            inArray(
              selectionScores.nominationId,
              noms.map((n) => n.id),
            ),
          )
      : [];
    const types = new Map(
      (noms.length
        ? await tx
            .select({ id: projects.id, type: projects.type, title: projects.title })
            .from(projects)
            .where(
              inArray(
                projects.id,
                noms.map((n) => n.projectId),
              ),
            )
        : []
      ).map((p) => [p.id, p]),
    );
    const scored = noms.map((n) => {
      const totals = valid.filter((v) => v.nominationId === n.id).map((v) => v.total);
      return { n, totals, finalScore: aggregateScores(totals), project: types.get(n.projectId)! };
    });
    const short = scored.filter((s) => s.totals.length < MIN_SCORES);
    if (short.length) {
      const list = short.map((s) => `“${s.project.title}”（${s.totals.length} 份）`).join('、');
      throw new AppError(
        409,
        'not_enough_scores',
        `每个项目至少需要 ${MIN_SCORES} 份无利益冲突专家的有效评分：${list}`,
        short.map((s) => ({ nominationId: s.n.id, validScores: s.totals.length })),
      );
    }
    const places = shortlist(
      scored.map((s) => ({ id: s.n.id, type: s.project.type, finalScore: s.finalScore })),
      round.quota,
    );
    const u = await saveRound(tx, round, { status: to });
    for (const s of scored) {
      const place = places.find((p) => p.id === s.n.id)!;
      await setNominationStatus(tx, [s.n], place.outcome, { finalScore: s.finalScore });
    }
    await audit(tx, ctx, {
      action: 'selection.shortlist',
      entityType: 'selection_round',
      entityId: id,
      before: { status: round.status },
      after: { status: to, places },
    });
    return roundDetailView(tx, actor, u);
  });
}
