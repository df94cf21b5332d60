import { and, eq, ne, sql } from 'drizzle-orm';
import { canAddProjects } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { progressReports, projects } from '../../db/schema/index';
import type { Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now } from '../../lib/clock';
import { loadAgreementForWrite } from '../agreements/load';
import { isGovernment, NO_PROJECTS_UNDER_GOVERNMENT } from '../agreements/government';
import { notifyRegion } from '../notifications/notifications.service';
import { loadProjectForWrite, projectOut } from './queries.service';

/**
 * Moves a project to another agreement; its count moves with it (region and year follow the new agreement).
 * Seeing the target is not enough: the caller must be allowed to register projects under it, and its parties must
 * include the project's school (otherwise the move would hand the project to a school that never agreed). A move
 * between regions shifts one bureau's count to another's, so only the province does it; both bureaus are told.
 */
export async function moveProject(db: Db, ctx: Ctx, id: number, b: { agreementId: number; version: number }) {
  const { actor, row, editable } = await loadProjectForWrite(db, ctx, id);
  if (!editable) throw new AppError(409, 'form_locked');
  // A stale version first: the same move sent twice finds the project moved, which is a conflict, not bad input.
  if (row.version !== b.version) throw new AppError(409, 'version_conflict');
  if (b.agreementId === row.agreementId) throw new AppError(400, 'validation_failed', '项目已在该协议下');
  const target = await loadAgreementForWrite(db, ctx, b.agreementId);
  const mayEdit =
    actor.role === 'province' ||
    (actor.role === 'region' && actor.regionCode === target.a.regionCode) ||
    target.parties.some((x) => x.orgId === actor.orgId);
  if (!mayEdit) throw new AppError(403, 'forbidden', '只能把项目移到本单位有权登记项目的协议下');
  if (target.a.regionCode !== row.regionCode && actor.role !== 'province')
    throw new AppError(403, 'forbidden', '目标协议属于其他地区：跨地区移动项目须由省人社厅办理');
  const school = target.parties.find((p) => p.orgId === row.schoolOrgId);
  if (!school)
    throw new AppError(400, 'validation_failed', `目标协议的合作方不包括本项目的学校（${row.schoolName}），不能移入`);
  if (isGovernment(target.a)) throw new AppError(400, 'validation_failed', NO_PROJECTS_UNDER_GOVERNMENT);
  if (!canAddProjects(target.a.status)) throw new AppError(409, 'illegal_transition', '目标协议已终止或到期');
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(projects)
      .set({
        agreementId: b.agreementId,
        regionCode: target.a.regionCode,
        version: sql`${projects.version} + 1`,
        updatedAt: now(),
      })
      .where(and(eq(projects.id, id), eq(projects.version, b.version)))
      .returning();
    if (!u) throw new AppError(409, 'version_conflict');
    // Open reports (not yet accepted) go to the new region's bureau to check; accepted ones keep the bureau that
    // accepted them.
    const moved = await tx
      .update(progressReports)
      .set({ regionCode: target.a.regionCode, updatedAt: now() })
      .where(
        and(
          eq(progressReports.projectId, id),
          ne(progressReports.state, 'accepted'),
          ne(progressReports.regionCode, target.a.regionCode),
        ),
      )
      .returning({ id: progressReports.id });
    await audit(tx, ctx, {
      action: 'project.move',
      entityType: 'project',
      entityId: id,
      regionCode: target.a.regionCode,
      before: { agreementId: row.agreementId, regionCode: row.regionCode },
      after: { agreementId: b.agreementId, regionCode: target.a.regionCode, reportsMoved: moved.map((x) => x.id) },
    });
    const note = {
      kind: 'project_moved',
      title: `项目“${row.title}”已从协议 ${row.agreementNo} 移到 ${target.a.agreementNo}`,
      body: target.a.regionCode === row.regionCode ? '' : '跨地区移动：项目计入目标协议所在地区的征集任务',
      link: `/projects/${id}`,
    };
    for (const region of new Set([row.regionCode, target.a.regionCode])) await notifyRegion(tx, region, note);
    return projectOut({ ...u, agreementNo: target.a.agreementNo, schoolName: row.schoolName }, true);
  });
}
