import { and, asc, count, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import {
  AGREEMENT_STATE_LABELS,
  isReportEditableBy,
  periodBounds,
  type AgreementState,
  periodsBetween,
  reportDisplayState,
  reportTransition,
  validateReportMetrics,
  type ProjectType,
  type ReportAction,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { agreementParties, progressReports, projects, reportVersions } from '../../db/schema/index';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { today as beijingToday } from '../../lib/clock';
import { notifyOrg, notifyRegion } from '../notifications/notifications.service';
import { loadProject, projectScope } from './queries.service';
import { refuseIfMovedAway } from './movedAway';
import { projectRefs } from './refs';
import { now } from '../../lib/clock';

type ReportRow = typeof progressReports.$inferSelect;

const out = (r: ReportRow, today = beijingToday()) => ({
  id: r.id,
  projectId: r.projectId,
  period: r.period,
  dueDate: r.dueDate,
  state: r.state,
  displayState: reportDisplayState(r.state, r.dueDate, today),
  metrics: r.metrics,
  note: r.note,
  returnReason: r.returnReason,
  version: r.version,
  submittedAt: r.submittedAt?.toISOString() ?? null,
  decidedAt: r.decidedAt?.toISOString() ?? null,
});

/** Creates the due rows of every period from the project's start up to today (idempotent). */
export async function ensureReports(db: DbOrTx, p: typeof projects.$inferSelect, today = beijingToday()) {
  if (p.status === 'stopped') return;
  const end = p.endDate && p.endDate < today ? p.endDate : today;
  const periods = periodsBetween(p.startDate, end, p.reportFrequency).filter((x) => x.dueDate <= addDays(today, 31));
  if (periods.length)
    await db
      .insert(progressReports)
      .values(periods.map((x) => ({ projectId: p.id, period: x.period, dueDate: x.dueDate, regionCode: p.regionCode })))
      .onConflictDoNothing();
}

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function projectReports(db: Db, ctx: Ctx, projectId: number) {
  const { row } = await loadProject(db, ctx, projectId);
  await ensureReports(db, row);
  const rows = await db
    .select()
    .from(progressReports)
    .where(eq(progressReports.projectId, projectId))
    .orderBy(desc(progressReports.period));
  return { items: rows.map((r) => out(r)) };
}

async function loadReport(db: DbOrTx, ctx: Ctx, id: number) {
  const [r] = await db.select().from(progressReports).where(eq(progressReports.id, id));
  if (!r) throw new AppError(404, 'not_found');
  const { actor, row, editable, a } = await loadProject(db, ctx, r.projectId);
  const party =
    actor.orgId != null &&
    (
      await db
        .select()
        .from(agreementParties)
        .where(and(eq(agreementParties.agreementId, row.agreementId), eq(agreementParties.orgId, actor.orgId)))
    ).length > 0;
  return { actor, r, project: row, party, editable, agreement: a };
}

export async function saveReport(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { version: number; metrics: Record<string, unknown>; note?: string },
) {
  const { actor, r, project, party } = await loadReport(db, ctx, id);
  if (!party || !isReportEditableBy(r.state, actor.role)) throw new AppError(409, 'form_locked', '该报告当前不能修改');
  const v = validateReportMetrics(project.type as ProjectType, b.metrics, await projectRefs(db));
  if (!v.ok) throw new AppError(400, 'validation_failed', v.issues[0].message, v.issues);
  const to = r.state === 'due' ? 'draft' : r.state;
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(progressReports)
      .set({
        metrics: v.data as Record<string, unknown>,
        note: b.note ?? r.note,
        state: to,
        version: sql`${progressReports.version} + 1`,
        updatedAt: now(),
      })
      .where(and(eq(progressReports.id, id), eq(progressReports.version, b.version)))
      .returning();
    if (!u) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: 'report.save',
      entityType: 'report',
      entityId: id,
      regionCode: r.regionCode,
      after: { period: r.period },
    });
    return out(u);
  });
}

/**
 * Progress is reported on work every party agreed to (issue 13): not under a draft or an agreement still waiting for
 * confirmations or returned. Once the agreement has ended (expired, terminated), only periods that ended by its last
 * day may still be reported: the work was done under it.
 */
export function submitRefusal(
  a: { status: AgreementState; termEnd: string; terminatedOn: string | null },
  period: string,
): string | null {
  if (a.status === 'signed' || a.status === 'active') return null;
  const last = a.status === 'expired' ? a.termEnd : a.status === 'terminated' ? a.terminatedOn : null;
  if (last && periodBounds(period).end <= last) return null;
  if (last) return `所属协议${AGREEMENT_STATE_LABELS[a.status]}（${last}），${period} 期不在协议期内，不能提交进展报告`;
  return `所属协议“${AGREEMENT_STATE_LABELS[a.status]}”，不能提交进展报告（协议须经各方确认：已签署或履行中）`;
}

export async function actOnReport(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { action: Exclude<ReportAction, 'start'>; version: number; reason?: string },
) {
  // The old bureau of a moved project learns where the report went before anything else (issue 13).
  const [mine] = await db
    .select({ id: projects.id, schoolOrgId: projects.schoolOrgId, regionCode: progressReports.regionCode })
    .from(progressReports)
    .innerJoin(projects, eq(projects.id, progressReports.projectId))
    .where(eq(progressReports.id, id));
  if (mine) await refuseIfMovedAway(db, requireActor(ctx), mine);
  const { actor, r, project, party, agreement } = await loadReport(db, ctx, id);
  if (
    (b.action === 'submit' && !party) ||
    (b.action !== 'submit' &&
      actor.role !== 'province' &&
      !(actor.role === 'region' && actor.regionCode === r.regionCode))
  )
    throw new AppError(404, 'not_found');
  const t = reportTransition(r.state === 'due' ? 'draft' : r.state, b.action, actor.role, b.reason);
  if (!t.ok)
    throw new AppError(
      t.code === 'illegal_transition' || t.code === 'forbidden_transition' ? 409 : 400,
      t.code,
      t.message,
    );
  if (b.action === 'submit') {
    const refusal = submitRefusal(agreement, r.period);
    if (refusal) throw new AppError(409, 'illegal_transition', refusal);
    const v = validateReportMetrics(project.type as ProjectType, r.metrics, await projectRefs(db));
    if (!v.ok) throw new AppError(400, 'validation_failed', `请先填写完整的进展数据：${v.issues[0].message}`, v.issues);
  }
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(progressReports)
      .set({
        state: t.to,
        returnReason: b.action === 'return' ? b.reason! : r.returnReason,
        ...(b.action === 'submit' ? { submittedAt: now() } : { decidedAt: now() }),
        version: sql`${progressReports.version} + 1`,
        updatedAt: now(),
      })
      .where(and(eq(progressReports.id, id), eq(progressReports.version, b.version)))
      .returning();
    if (!u) throw new AppError(409, 'version_conflict', '报告已被他人处理，请刷新');
    await tx.insert(reportVersions).values({
      reportId: id,
      version: r.version,
      action: b.action,
      state: t.to,
      metrics: r.metrics,
      note: r.note,
      reason: b.reason ?? '',
      actorId: actor.id,
      actorName: actor.displayName || actor.username,
    });
    await audit(tx, ctx, {
      action: `report.${b.action}`,
      entityType: 'report',
      entityId: id,
      regionCode: r.regionCode,
      before: { state: r.state },
      after: { state: t.to, reason: b.reason },
    });
    const link = `/projects/${project.id}`;
    if (b.action === 'submit')
      await notifyRegion(tx, r.regionCode, {
        kind: 'report_submitted',
        title: `${project.title} 提交了 ${r.period} 进展报告`,
        link,
      });
    else
      await notifyOrg(tx, project.schoolOrgId, {
        kind: `report_${t.to}`,
        title: `${project.title} ${r.period} 进展报告${b.action === 'accept' ? '已通过' : '被退回'}`,
        body: b.reason ?? '',
        link,
      });
    return out(u);
  });
}

export async function reportHistory(db: Db, ctx: Ctx, id: number) {
  await loadReport(db, ctx, id);
  const rows = await db
    .select()
    .from(reportVersions)
    .where(eq(reportVersions.reportId, id))
    .orderBy(asc(reportVersions.id));
  // A version keeps the report's metrics as they were (an object: a report's metrics column is one).
  return { items: rows.map((v) => ({ ...v, metrics: v.metrics as Record<string, unknown>, at: v.at.toISOString() })) };
}

/** Reports in scope, for the bureau's review list: submitted ones to review, overdue ones to chase. */
export async function listReports(
  db: Db,
  ctx: Ctx,
  q: { state?: string; overdue?: boolean; page: number; pageSize: number },
) {
  const actor = requireActor(ctx);
  const today = beijingToday();
  const parts: (SQL | undefined)[] = [isNull(projects.deletedAt), projectScope(actor)];
  if (q.state) parts.push(eq(progressReports.state, q.state as ReportRow['state']));
  if (q.overdue) parts.push(and(inArray(progressReports.state, ['due', 'draft']), lt(progressReports.dueDate, today)));
  const w = and(...parts);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ r: progressReports, title: projects.title, type: projects.type })
      .from(progressReports)
      .innerJoin(projects, eq(projects.id, progressReports.projectId))
      .where(w)
      .orderBy(asc(progressReports.dueDate), asc(progressReports.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ total: count() })
      .from(progressReports)
      .innerJoin(projects, eq(projects.id, progressReports.projectId))
      .where(w),
  ]);
  return {
    items: rows.map(({ r, title, type }) => ({
      ...out(r, today),
      projectTitle: title,
      projectType: type as ProjectType,
    })),
    total,
  };
}

/** Report deadlines: the school party 3 days before and once overdue; overdue reports escalate to the bureau. */
export async function runReportReminders(db: Db, day = beijingToday()) {
  const soon = await db
    .select({ r: progressReports, p: projects })
    .from(progressReports)
    .innerJoin(projects, eq(projects.id, progressReports.projectId))
    .where(
      and(
        isNull(projects.deletedAt),
        inArray(progressReports.state, ['due', 'draft', 'returned']),
        sql`${progressReports.dueDate} <= (${day}::date + 3)`,
      ),
    );
  let sent = 0;
  for (const { r, p } of soon) {
    const overdue = r.dueDate < day;
    sent += await notifyOrg(db, p.schoolOrgId, {
      kind: overdue ? 'report_overdue' : 'report_due',
      title: overdue
        ? `${p.title} ${r.period} 进展报告已逾期`
        : `${p.title} ${r.period} 进展报告将于 ${r.dueDate} 截止`,
      link: `/projects/${p.id}`,
      dedupeKey: `report:${r.id}:${overdue ? 'overdue' : 'soon'}`,
    });
    if (overdue)
      sent += await notifyRegion(db, r.regionCode, {
        kind: 'escalation',
        title: `${p.title} ${r.period} 进展报告逾期未报`,
        link: `/projects/${p.id}`,
        dedupeKey: `report-escalate:${r.id}`,
      });
  }
  return sent;
}
