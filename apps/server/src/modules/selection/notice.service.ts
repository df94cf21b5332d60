import { and, count, eq, inArray } from 'drizzle-orm';
import {
  checkNoticePeriod,
  checkObjectionWindow,
  checkPublish,
  checkResolution,
  nominationTransition,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { selectionNominations, selectionObjections, selectionRounds, projects } from '../../db/schema/index';
import type { Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { notifyOrg, notifyProvince, notifyRegion } from '../notifications/notifications.service';
import {
  findRound,
  lockNominations,
  lockRound,
  requireRole,
  roundMove,
  saveRound,
  setNominationStatus,
} from './selection.repository';
import { objectionView, roundDetailView } from './view';
import { now, today } from '../../lib/clock';

/** The province opens the public notice of the shortlist for [from, to] (Beijing dates, both included). */
export async function openNotice(db: Db, ctx: Ctx, id: number, b: { from: string; to: string }) {
  const actor = requireRole(ctx, 'province');
  roundMove(await findRound(db, id), 'open_notice', actor);
  const period = checkNoticePeriod(today(), b.from, b.to);
  if (!period.ok) throw new AppError(400, 'validation_failed', period.message);
  return db.transaction(async (tx) => {
    // Decided on the locked round: a second click finds the notice open (409), never a second notice.
    const round = await lockRound(tx, id);
    const to = roundMove(round, 'open_notice', actor);
    const listed = await lockNominations(tx, id, 'shortlisted');
    const u = await saveRound(tx, round, { status: to, noticeFrom: b.from, noticeTo: b.to });
    await setNominationStatus(tx, listed, 'public_notice');
    await audit(tx, ctx, {
      action: 'selection.notice',
      entityType: 'selection_round',
      entityId: id,
      before: { status: round.status },
      after: { status: to, from: b.from, to: b.to, nominations: listed.map((n) => n.id) },
    });
    return roundDetailView(tx, actor, u);
  });
}

/**
 * Anyone, without an account, may object to a project on the notice while the notice runs. The contact is kept for
 * the province's reply only: it is never shown publicly nor written to the audit log.
 */
export async function submitObjection(
  db: Db,
  ctx: Ctx,
  nominationId: number,
  b: { name: string; contact: string; content: string },
) {
  const [n] = await db.select().from(selectionNominations).where(eq(selectionNominations.id, nominationId));
  if (!n) throw new AppError(404, 'not_found', '公示项目不存在');
  const [round] = await db.select().from(selectionRounds).where(eq(selectionRounds.id, n.roundId));
  const window = checkObjectionWindow(today(), {
    from: round.status === 'public_notice' ? round.noticeFrom : null,
    to: round.noticeTo,
  });
  if (!window.ok) throw new AppError(409, window.code, window.message);
  if (n.status !== 'public_notice') throw new AppError(409, 'illegal_transition', '该项目不在公示名单中，不受理异议');
  return db.transaction(async (tx) => {
    // The nomination locked and read again: publication and resolutions take the same lock, so an objection is either
    // on the list before the result is drawn or refused. The same objection sent twice (a double click, ten at once)
    // is recorded once.
    const [locked] = await tx
      .select({ status: selectionNominations.status })
      .from(selectionNominations)
      .where(eq(selectionNominations.id, nominationId))
      .for('update');
    if (locked.status !== 'public_notice')
      throw new AppError(409, 'illegal_transition', '该项目不在公示名单中，不受理异议');
    const same = and(
      eq(selectionObjections.nominationId, nominationId),
      eq(selectionObjections.submitterName, b.name),
      eq(selectionObjections.submitterContact, b.contact),
      eq(selectionObjections.content, b.content),
    );
    if ((await tx.select({ id: selectionObjections.id }).from(selectionObjections).where(same))[0])
      throw new AppError(409, 'duplicate', '该异议已提交，请勿重复提交');
    const [o] = await tx
      .insert(selectionObjections)
      .values({ nominationId, submitterName: b.name, submitterContact: b.contact, content: b.content })
      .returning();
    await audit(tx, ctx, {
      action: 'selection.objection',
      entityType: 'selection_objection',
      entityId: o.id,
      regionCode: n.regionCode,
      actorName: '公众（未登录）',
      after: { nominationId, length: b.content.length },
    });
    await notifyProvince(tx, {
      kind: 'selection_objection',
      title: `公示项目收到异议（推荐编号 ${nominationId}）`,
      link: `/selection/rounds/${n.roundId}`,
    });
    return {
      id: o.id,
      status: 'open' as const,
      submittedAt: o.submittedAt.toISOString(),
      message: '异议已受理，省人社厅将在公示结束前核实处理',
    };
  });
}

/** Each objection is resolved with a reason before the result is published; an upheld one takes the project off the list. */
export async function resolveObjection(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { status: 'upheld' | 'dismissed'; resolution: string },
) {
  const actor = requireRole(ctx, 'province');
  const [o] = await db.select().from(selectionObjections).where(eq(selectionObjections.id, id));
  if (!o) throw new AppError(404, 'not_found', '异议不存在');
  const c = checkResolution(o.status, b.status, b.resolution);
  if (!c.ok) throw new AppError(c.code === 'illegal_transition' ? 409 : 400, c.code, c.message);
  return db.transaction(async (tx) => {
    // The nomination locked (publication locks it too) and the round read after: never a resolution after the result.
    const [n] = await tx
      .select()
      .from(selectionNominations)
      .where(eq(selectionNominations.id, o.nominationId))
      .for('update');
    const round = await findRound(tx, n.roundId);
    if (round.status !== 'public_notice')
      throw new AppError(409, 'illegal_transition', '遴选结果已发布，异议不能再处理');
    const [u] = await tx
      .update(selectionObjections)
      .set({ status: b.status, resolution: b.resolution, resolvedBy: actor.id, resolvedAt: now() })
      .where(and(eq(selectionObjections.id, id), eq(selectionObjections.status, 'open')))
      .returning();
    if (!u) throw new AppError(409, 'illegal_transition', '该异议已被处理');
    // A second upheld objection finds the project already off the list; nothing more to move.
    if (b.status === 'upheld' && nominationTransition(n.status, 'uphold_objection', actor.role).ok)
      await setNominationStatus(tx, [n], 'not_selected');
    await audit(tx, ctx, {
      action: 'selection.objection.resolve',
      entityType: 'selection_objection',
      entityId: id,
      regionCode: n.regionCode,
      before: { status: o.status },
      after: { status: b.status, resolution: b.resolution, nominationId: n.id },
    });
    return objectionView(u, true);
  });
}

/** After the notice has ended and every objection is resolved: the projects still on the list are selected. */
export async function publishRound(db: Db, ctx: Ctx, id: number) {
  const actor = requireRole(ctx, 'province');
  roundMove(await findRound(db, id), 'publish', actor);
  return db.transaction(async (tx) => {
    // The round and every nomination locked: a second click finds it published (409), and no objection or
    // resolution slips in between the count below and the result.
    const round = await lockRound(tx, id);
    const to = roundMove(round, 'publish', actor);
    const all = await lockNominations(tx, id);
    const [{ open }] = all.length
      ? await tx
          .select({ open: count() })
          .from(selectionObjections)
          .where(
            and(
              inArray(
                selectionObjections.nominationId,
                all.map((n) => n.id),
              ),
              eq(selectionObjections.status, 'open'),
            ),
          )
      : [{ open: 0 }];
    const c = checkPublish(today(), round.noticeTo, open);
    if (!c.ok) throw new AppError(409, c.code, c.message);
    const listed = all.filter((n) => n.status === 'public_notice');
    const u = await saveRound(tx, round, { status: to, publishedAt: now() });
    await setNominationStatus(tx, listed, 'selected');
    const selected = listed.length
      ? await tx
          .select({
            id: projects.id,
            title: projects.title,
            schoolOrgId: projects.schoolOrgId,
            regionCode: projects.regionCode,
          })
          .from(projects)
          .where(
            inArray(
              projects.id,
              listed.map((n) => n.projectId),
            ),
          )
      : [];
    for (const p of selected) {
      const msg = {
        kind: 'selection_selected',
        title: `${p.title} 入选“${round.title}”示范项目`,
        link: '/results/demonstrations',
        dedupeKey: `selection-selected:${id}:${p.id}`,
      };
      await notifyOrg(tx, p.schoolOrgId, msg);
      await notifyRegion(tx, p.regionCode, msg);
    }
    await audit(tx, ctx, {
      action: 'selection.publish',
      entityType: 'selection_round',
      entityId: id,
      before: { status: round.status },
      after: { status: to, selected: selected.map((p) => p.id) },
    });
    return roundDetailView(tx, actor, u);
  });
}
