import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { roundTransition, type NominationState, type Role, type RoundAction, type RoundState } from '@cjrh/domain';
import type { DbOrTx, Tx } from '../../db/client';
import {
  selectionExperts,
  selectionNominations,
  selectionRounds,
  notifications,
  projects,
} from '../../db/schema/index';
import { requireActor, type Actor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { now } from '../../lib/clock';

export type RoundRow = typeof selectionRounds.$inferSelect;
export type NominationRow = typeof selectionNominations.$inferSelect;

/**
 * The role gate of this module. roles.ts has no selection permissions yet, and each move here belongs to exactly one
 * role (province runs the round, a region nominates, an expert scores), so the role is the permission.
 */
export function requireRole(ctx: Ctx, role: Role, message?: string): Actor {
  const actor = requireActor(ctx);
  if (actor.role !== role) throw new AppError(403, 'forbidden', message);
  return actor;
}

export async function findRound(db: DbOrTx, id: number): Promise<RoundRow> {
  const [r] = await db.select().from(selectionRounds).where(eq(selectionRounds.id, id));
  if (!r) throw new AppError(404, 'not_found', '遴选不存在');
  return r;
}

/**
 * The round read for update inside the writing transaction: every move of a round, and every nomination into it,
 * waits for the one before and then decides on the state that one left (issue 16: ten clicks, one effect).
 */
export async function lockRound(tx: Tx, id: number): Promise<RoundRow> {
  const [r] = await tx.select().from(selectionRounds).where(eq(selectionRounds.id, id)).for('update');
  if (!r) throw new AppError(404, 'not_found', '遴选不存在');
  return r;
}

/** The round's nominations in a state, locked: a score, a declaration or an objection on one of them waits, and so
 *  does the move that changes their state (shortlist, notice, publish) — neither decides on what the other changes. */
export async function lockNominations(tx: Tx, roundId: number, status?: NominationState) {
  return tx
    .select()
    .from(selectionNominations)
    .where(and(eq(selectionNominations.roundId, roundId), status ? eq(selectionNominations.status, status) : undefined))
    .orderBy(selectionNominations.id)
    .for('update');
}

export async function isAppointed(db: DbOrTx, roundId: number, userId: number) {
  const rows = await db
    .select({ u: selectionExperts.userId })
    .from(selectionExperts)
    .where(and(eq(selectionExperts.roundId, roundId), eq(selectionExperts.userId, userId)));
  return rows.length > 0;
}

/** The round's move by the machine: 409 when the state does not allow it, 403 when the role may not make it. */
export function roundMove(round: RoundRow, action: RoundAction, actor: Actor): RoundState {
  const t = roundTransition(round.status, action, actor.role);
  if (!t.ok) throw new AppError(t.code === 'forbidden_transition' ? 403 : 409, t.code, t.message);
  return t.to;
}

/** Writes the round's new state under its version, so two clicks (or two people) cannot both move it. */
export async function saveRound(tx: DbOrTx, round: RoundRow, set: Partial<typeof selectionRounds.$inferInsert>) {
  const [u] = await tx
    .update(selectionRounds)
    .set({ ...set, version: sql`${selectionRounds.version} + 1` })
    .where(and(eq(selectionRounds.id, round.id), eq(selectionRounds.version, round.version)))
    .returning();
  if (!u) throw new AppError(409, 'version_conflict', '遴选状态已被他人更新，请刷新后重试');
  return u;
}

/** A nomination's state and its project's selection_status move together, always through here. */
export async function setNominationStatus(
  tx: DbOrTx,
  rows: Pick<NominationRow, 'id' | 'projectId'>[],
  status: NominationState,
  extra: Partial<typeof selectionNominations.$inferInsert> = {},
) {
  if (!rows.length) return;
  await tx
    .update(selectionNominations)
    .set({ status, ...extra })
    .where(
      inArray(
        selectionNominations.id,
        rows.map((r) => r.id),
      ),
    );
  await tx
    .update(projects)
    .set({ selectionStatus: status, updatedAt: now() })
    .where(
      inArray(
        projects.id,
        rows.map((r) => r.projectId),
      ),
    );
}

export async function nominationsIn(db: DbOrTx, roundId: number, status?: NominationState) {
  return db
    .select()
    .from(selectionNominations)
    .where(and(eq(selectionNominations.roundId, roundId), status ? eq(selectionNominations.status, status) : undefined))
    .orderBy(selectionNominations.id);
}

/**
 * Which nominations a caller sees: the province all; a bureau its region's; an expert those of rounds it is appointed
 * to; a school or enterprise the nominations of projects it is a party of. Anybody else none.
 */
export function visibleNominations(actor: Actor): SQL | undefined {
  switch (actor.role) {
    case 'province':
      return undefined;
    case 'region':
      return eq(selectionNominations.regionCode, actor.regionCode ?? '\0');
    case 'expert':
      return sql`exists (select 1 from selection_experts e where e.round_id = ${selectionNominations.roundId} and e.user_id = ${actor.id})`;
    default:
      return sql`exists (select 1 from projects p join agreement_parties ap on ap.agreement_id = p.agreement_id where p.id = ${selectionNominations.projectId} and ap.org_id = ${actor.orgId ?? -1})`;
  }
}

/** The notifications service writes to organisations and bureaus; experts are people, so they are written here. */
export async function notifyUsers(tx: DbOrTx, userIds: number[], n: { kind: string; title: string; link: string }) {
  if (!userIds.length) return;
  await tx
    .insert(notifications)
    .values(userIds.map((userId) => ({ userId, kind: n.kind, title: n.title, body: '', link: n.link })));
}
