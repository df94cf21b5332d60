import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { AGREEMENT_STATE_LABELS } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { agreements, progressReports, projects, reportVersions } from '../../db/schema/index';
import type { Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { notifyOrg } from '../notifications/notifications.service';
import { liveProjects } from './agreements.repository';
import { canEditAgreement, loadAgreementForWrite } from './load';

/**
 * Deletes a draft (a draft is deleted, never terminated). Anything signed stays on record and is terminated instead.
 * A draft with live projects is refused, naming them: the projects count towards the region's quota, so deleting
 * them as a side effect would change the bureau's figures without anybody deciding it. Projects deleted earlier
 * (kept as soft-deleted rows, already out of every count) go with the draft; the audit entry lists them.
 */
export async function deleteAgreement(db: Db, ctx: Ctx, id: number, version?: number) {
  const { actor, a, parties } = await loadAgreementForWrite(db, ctx, id);
  if (!canEditAgreement(actor, a, parties)) throw new AppError(404, 'not_found');
  if (a.status !== 'draft') {
    throw new AppError(
      409,
      'illegal_transition',
      `协议${AGREEMENT_STATE_LABELS[a.status] ?? a.status}，不能删除；只有草稿可以删除，已签订的协议如需结束合作请“终止协议”`,
      { status: a.status },
    );
  }
  if (version != null && version !== a.version) throw new AppError(409, 'version_conflict');
  const live = await liveProjects(db, id);
  if (live.length) {
    const names = live
      .slice(0, 5)
      .map((p) => `“${p.title}”`)
      .join('、');
    throw new AppError(
      409,
      'illegal_transition',
      `协议下还有 ${live.length} 个项目（${names}${live.length > 5 ? ' 等' : ''}），请先删除或移到其他协议，再删除草稿`,
      { projects: live },
    );
  }
  try {
    await db.transaction(async (tx) => {
      const gone = await tx
        .select({ id: projects.id, title: projects.title })
        .from(projects)
        .where(eq(projects.agreementId, id));
      if (gone.length) {
        const ids = gone.map((p) => p.id);
        const reports = tx
          .select({ id: progressReports.id })
          .from(progressReports)
          .where(inArray(progressReports.projectId, ids));
        await tx.delete(reportVersions).where(inArray(reportVersions.reportId, reports));
        await tx.delete(progressReports).where(inArray(progressReports.projectId, ids));
        await tx.delete(projects).where(and(eq(projects.agreementId, id), isNotNull(projects.deletedAt)));
      }
      // Parties, events and the scan go by cascade; the status check here catches a signature made meanwhile.
      const [d] = await tx
        .delete(agreements)
        .where(and(eq(agreements.id, id), eq(agreements.status, 'draft'), eq(agreements.version, a.version)))
        .returning({ id: agreements.id });
      if (!d) throw new AppError(409, 'version_conflict');
      await audit(tx, ctx, {
        action: 'agreement.delete',
        entityType: 'agreement',
        entityId: id,
        regionCode: a.regionCode,
        before: {
          agreementNo: a.agreementNo,
          title: a.title,
          status: a.status,
          parties: parties.map((p) => ({ orgId: p.orgId, name: p.name, side: p.side })),
          areas: a.areas,
          termStart: a.termStart,
          termEnd: a.termEnd,
          intentId: a.intentId,
          deletedProjects: gone,
        },
      });
      for (const p of parties)
        if (p.orgId !== actor.orgId)
          await notifyOrg(tx, p.orgId, {
            kind: 'agreement',
            title: `校企合作协议草稿已删除：${a.title}`,
            link: '/agreements',
          });
    });
  } catch (e) {
    // A project registered between the check and the delete holds the agreement by its foreign key.
    if (pgCode(e) === '23503')
      throw new AppError(409, 'illegal_transition', '协议下刚登记了项目，请刷新后先处理项目，再删除草稿');
    throw e;
  }
  return { ok: true as const };
}
