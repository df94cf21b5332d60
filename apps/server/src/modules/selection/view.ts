import { and, count, eq, inArray } from 'drizzle-orm';
import {
  AUTO_CONFLICT_REASON,
  allowedRoundActions,
  maskFreeText,
  canNominateIn,
  canScoreIn,
  type SelectionEvidence,
  type nominationOut,
  type roundDetail,
  type roundOut,
} from '@cjrh/domain';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import {
  selectionDeclarations,
  selectionExperts,
  selectionNominations,
  selectionObjections,
  selectionScores,
  orgs,
  projects,
  users,
} from '../../db/schema/index';
import type { Actor } from '../../http/access';
import { visibleNominations, type RoundRow } from './selection.repository';

type NominationOut = z.infer<typeof nominationOut>;
type ObjectionRow = typeof selectionObjections.$inferSelect;
const OBJECTOR_HIDDEN = '（异议人信息仅省厅可见）';

/** The objector's identity is for the province only: a bureau reading objections to its region's projects (whose
 * schools it may well know the objector at) sees neither name nor contact, nor a phone or e-mail typed into the text. */
export function objectionView(o: ObjectionRow, withContact: boolean) {
  return {
    id: o.id,
    nominationId: o.nominationId,
    submitterName: withContact ? o.submitterName : OBJECTOR_HIDDEN,
    ...(withContact ? { submitterContact: o.submitterContact } : {}),
    content: withContact ? o.content : maskFreeText(o.content),
    status: o.status,
    resolution: o.resolution,
    submittedAt: o.submittedAt.toISOString(),
    resolvedAt: o.resolvedAt?.toISOString() ?? null,
  };
}

const sheet = (s: typeof selectionScores.$inferSelect) => ({
  scores: s.scores,
  total: s.total,
  comment: s.comment,
  scoredAt: s.scoredAt.toISOString(),
});
const decl = (d: typeof selectionDeclarations.$inferSelect) => ({
  conflict: d.conflict,
  reason: d.reason,
  automatic: d.reason === AUTO_CONFLICT_REASON,
  declaredAt: d.declaredAt.toISOString(),
});

export function roundView(r: RoundRow, actor: Actor, nominationCount: number): z.infer<typeof roundOut> {
  const actions: string[] = allowedRoundActions(r.status, actor.role);
  if (actor.role === 'region' && canNominateIn(r.status)) actions.push('nominate');
  return {
    id: r.id,
    year: r.year,
    title: r.title,
    projectTypes: r.projectTypes,
    rubric: r.rubric,
    quota: r.quota,
    status: r.status,
    noticeFrom: r.noticeFrom,
    noticeTo: r.noticeTo,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    nominationCount,
    allowedActions: actions,
  };
}

export async function visibleCount(db: DbOrTx, actor: Actor, roundId: number) {
  const [{ n }] = await db
    .select({ n: count() })
    .from(selectionNominations)
    .where(and(eq(selectionNominations.roundId, roundId), visibleNominations(actor)));
  return n;
}

/**
 * The nominations of a round as the caller may see them. The province gets every expert's sheet and declaration and
 * the objections with the objector's contact; an expert only its own declaration and sheet, never a final score; a
 * bureau its region's nominations with objections (no contact); a party its own projects.
 */
export async function nominationViews(
  db: DbOrTx,
  actor: Actor,
  round: RoundRow,
  onlyIds?: number[],
): Promise<NominationOut[]> {
  const rows = await db
    .select({
      n: selectionNominations,
      title: projects.title,
      type: projects.type,
      schoolOrgId: projects.schoolOrgId,
      schoolName: orgs.name,
    })
    .from(selectionNominations)
    .innerJoin(projects, eq(projects.id, selectionNominations.projectId))
    .innerJoin(orgs, eq(orgs.id, projects.schoolOrgId))
    .where(
      and(
        eq(selectionNominations.roundId, round.id),
        visibleNominations(actor),
        onlyIds ? inArray(selectionNominations.id, onlyIds) : undefined,
      ),
    )
    .orderBy(selectionNominations.id);
  if (!rows.length) return [];
  const ids = rows.map((r) => r.n.id);
  const isProvince = actor.role === 'province';
  const isExpert = actor.role === 'expert';
  const scores =
    isProvince || isExpert
      ? await db
          .select({ s: selectionScores, name: users.displayName })
          .from(selectionScores)
          .innerJoin(users, eq(users.id, selectionScores.expertUserId))
          .where(
            and(
              inArray(selectionScores.nominationId, ids),
              isExpert ? eq(selectionScores.expertUserId, actor.id) : undefined,
            ),
          )
      : [];
  const decls =
    isProvince || isExpert
      ? await db
          .select({ d: selectionDeclarations, name: users.displayName })
          .from(selectionDeclarations)
          .innerJoin(users, eq(users.id, selectionDeclarations.expertUserId))
          .where(
            and(
              inArray(selectionDeclarations.nominationId, ids),
              isExpert ? eq(selectionDeclarations.expertUserId, actor.id) : undefined,
            ),
          )
      : [];
  const objections =
    isProvince || actor.role === 'region'
      ? await db
          .select()
          .from(selectionObjections)
          .where(inArray(selectionObjections.nominationId, ids))
          .orderBy(selectionObjections.id)
      : [];
  const appointed = isProvince
    ? new Set(
        (
          await db
            .select({ u: selectionExperts.userId })
            .from(selectionExperts)
            .where(eq(selectionExperts.roundId, round.id))
        ).map((e) => e.u),
      )
    : new Set<number>();

  return rows.map(({ n, title, type, schoolOrgId, schoolName }) => {
    const myDecl = decls.find((d) => d.d.nominationId === n.id && d.d.expertUserId === actor.id);
    const myScore = scores.find((s) => s.s.nominationId === n.id && s.s.expertUserId === actor.id);
    const open = objections.filter((o) => o.nominationId === n.id && o.status === 'open').length;
    const actions: string[] = [];
    if (isExpert && canScoreIn(round.status) && n.status === 'under_review') {
      if (!myDecl) actions.push('declare');
      else if (!myDecl.d.conflict) actions.push('score');
    }
    if (isProvince && round.status === 'public_notice' && open > 0) actions.push('resolve_objections');
    const base: NominationOut = {
      id: n.id,
      roundId: n.roundId,
      projectId: n.projectId,
      projectTitle: title,
      projectType: type,
      regionCode: n.regionCode,
      schoolOrgId,
      schoolName,
      statement: n.statement,
      evidence: n.evidence as SelectionEvidence,
      status: n.status,
      finalScore: isExpert ? null : n.finalScore,
      nominatedAt: n.createdAt.toISOString(),
      allowedActions: actions,
    };
    if (isProvince) {
      const valid = new Set(
        decls
          .filter((d) => d.d.nominationId === n.id && !d.d.conflict && appointed.has(d.d.expertUserId))
          .map((d) => d.d.expertUserId),
      );
      const own = scores.filter((s) => s.s.nominationId === n.id);
      base.scores = own.map((s) => ({ ...sheet(s.s), expertUserId: s.s.expertUserId, expertName: s.name }));
      base.declarations = decls
        .filter((d) => d.d.nominationId === n.id)
        .map((d) => ({ ...decl(d.d), expertUserId: d.d.expertUserId, expertName: d.name }));
      base.validScoreCount = own.filter((s) => valid.has(s.s.expertUserId)).length;
    }
    if (isExpert) {
      base.myDeclaration = myDecl ? decl(myDecl.d) : null;
      base.myScore = myScore ? sheet(myScore.s) : null;
    }
    if (isProvince || actor.role === 'region')
      base.objections = objections.filter((o) => o.nominationId === n.id).map((o) => objectionView(o, isProvince));
    return base;
  });
}

export async function roundDetailView(db: DbOrTx, actor: Actor, round: RoundRow): Promise<z.infer<typeof roundDetail>> {
  const nominations = await nominationViews(db, actor, round);
  const out: z.infer<typeof roundDetail> = { ...roundView(round, actor, nominations.length), nominations };
  if (actor.role === 'province') {
    out.experts = await db
      .select({ userId: users.id, name: users.displayName, orgName: orgs.name })
      .from(selectionExperts)
      .innerJoin(users, eq(users.id, selectionExperts.userId))
      .leftJoin(orgs, eq(orgs.id, users.orgId))
      .where(eq(selectionExperts.roundId, round.id))
      .orderBy(users.id);
  }
  return out;
}
