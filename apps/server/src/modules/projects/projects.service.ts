import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  canAddProjects,
  DEFAULT_REPORT_FREQUENCY,
  isProjectType,
  projectTransition,
  validateProjectData,
  type ProjectType,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { projects, projectTypeSettings } from '../../db/schema/index';
import type { Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { loadAgreementForWrite } from '../agreements/load';
import { isGovernment, NO_PROJECTS_UNDER_GOVERNMENT } from '../agreements/government';
import { hashIdNumbers, projectRefs } from './refs';
import { now, today } from '../../lib/clock';
import { refuseDuplicate } from '../../lib/duplicates';
import { loadProjectForWrite, projectOut } from './queries.service';

async function frequencyOf(db: DbOrTx, type: ProjectType) {
  const [s] = await db.select().from(projectTypeSettings).where(eq(projectTypeSettings.type, type));
  return s?.frequency ?? DEFAULT_REPORT_FREQUENCY[type];
}

/** Person keys the caller sent without an ID number: only keys this project already holds (an unchanged row sent back). */
function typedKeys(data: Record<string, unknown>, stored: Record<string, unknown>) {
  const known = new Set<string>();
  for (const k of ['mentors', 'teachers'])
    for (const r of Array.isArray(stored[k]) ? (stored[k] as { idKey?: unknown }[]) : [])
      if (typeof r?.idKey === 'string') known.add(r.idKey);
  const bad: string[] = [];
  for (const k of ['mentors', 'teachers']) {
    const rows = data[k];
    if (!Array.isArray(rows)) continue;
    rows.forEach((r, i) => {
      if (
        r &&
        typeof r === 'object' &&
        !('idNumber' in r) &&
        'idKey' in r &&
        !known.has(String((r as { idKey: unknown }).idKey))
      )
        bad.push(`${k}.${i}.idKey`);
    });
  }
  return bad;
}

async function checkedData(
  db: DbOrTx,
  type: string,
  data: Record<string, unknown>,
  stored: Record<string, unknown> = {},
) {
  if (!isProjectType(type)) throw new AppError(400, 'validation_failed', `项目类型“${type}”不存在`);
  // A person counts once by the key the server makes from the ID number; a key typed in by hand could count one
  // person twice (issue 13), so a new person must come with the ID number.
  const typed = typedKeys(data, stored);
  if (typed.length)
    throw new AppError(
      400,
      'validation_failed',
      '人员须填写身份证号，人员标识由系统生成，不能直接填写',
      typed.map((path) => ({ path, message: '请填写身份证号' })),
    );
  const v = validateProjectData(type, await hashIdNumbers(db, data), await projectRefs(db));
  if (!v.ok) throw new AppError(400, 'validation_failed', v.issues[0].message, v.issues);
  return v.data as Record<string, unknown>;
}

/** The reason a correction of an ended agreement's project must carry, or 409/400 when it cannot be made. */
function correctionReason(
  editable: boolean,
  correctable: boolean,
  reason: string | undefined,
  what: string,
): string | undefined {
  if (editable) return undefined;
  if (!correctable)
    throw new AppError(
      409,
      'form_locked',
      `协议已终止或到期：项目只能由所属地区人社部门或省人社厅在项目中止或完成后${what}`,
    );
  if (!reason?.trim()) throw new AppError(400, 'reasons_required', `协议已终止或到期，${what}项目须填写原因`);
  return reason.trim();
}

export async function createProject(
  db: Db,
  ctx: Ctx,
  agreementId: number,
  b: { type: string; title: string; startDate: string; endDate?: string | null; data: Record<string, unknown> },
) {
  const { actor, a, parties } = await loadAgreementForWrite(db, ctx, agreementId);
  const mayEdit =
    actor.role === 'province' ||
    (actor.role === 'region' && actor.regionCode === a.regionCode) ||
    parties.some((x) => x.orgId === actor.orgId);
  if (!mayEdit) throw new AppError(404, 'not_found');
  if (isGovernment(a)) throw new AppError(400, 'validation_failed', NO_PROJECTS_UNDER_GOVERNMENT);
  if (!canAddProjects(a.status))
    throw new AppError(
      409,
      'illegal_transition',
      a.status === 'terminated' ? '协议已终止，不能再登记项目' : '协议已到期，不能再登记项目',
    );
  if (b.endDate && b.endDate < b.startDate)
    throw new AppError(400, 'validation_failed', '项目结束日期不能早于开始日期');
  const data = await checkedData(db, b.type, b.data);
  const school =
    parties.find((p) => p.side === 'school' && p.regionCode === a.regionCode) ??
    parties.find((p) => p.side === 'school')!;
  return db.transaction(async (tx) => {
    await refuseDuplicate(
      tx,
      `project:${agreementId}:${b.type}:${b.title}`,
      async () =>
        (
          await tx
            .select({ id: projects.id })
            .from(projects)
            .where(
              and(
                eq(projects.agreementId, agreementId),
                eq(projects.type, b.type),
                eq(projects.title, b.title),
                isNull(projects.deletedAt),
              ),
            )
        )[0],
      `本协议下已有项目「${b.title}」，请勿重复提交`,
    );
    const [p] = await tx
      .insert(projects)
      .values({
        agreementId,
        type: b.type,
        title: b.title,
        campaignYear: Number(b.startDate.slice(0, 4)),
        regionCode: a.regionCode,
        schoolOrgId: school.orgId,
        startDate: b.startDate,
        endDate: b.endDate ?? null,
        data,
        reportFrequency: await frequencyOf(tx, b.type as ProjectType),
        createdBy: actor.id,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'project.create',
      entityType: 'project',
      entityId: p.id,
      regionCode: p.regionCode,
      after: { agreementId, type: p.type, title: p.title, year: p.campaignYear },
    });
    return projectOut({ ...p, agreementNo: a.agreementNo, schoolName: school.name }, true);
  });
}

/**
 * The year whose quota a project counts for follows its start date only while that year runs: once the year is past
 * its figures are settled (docs/indicators.md), so an edited start date neither takes a project out of a past year nor
 * brings one into it — it then counts for this year at the earliest.
 */
function yearCounted(current: number, start: string) {
  const thisYear = Number(today().slice(0, 4));
  if (current < thisYear) return current;
  return Math.max(Number(start.slice(0, 4)), thisYear);
}

export async function updateProject(
  db: Db,
  ctx: Ctx,
  id: number,
  b: {
    version: number;
    title?: string;
    startDate?: string;
    endDate?: string | null;
    data?: Record<string, unknown>;
    reason?: string;
  },
) {
  const { row, editable, correctable } = await loadProjectForWrite(db, ctx, id);
  const reason = correctionReason(editable, correctable, b.reason, '修改');
  const start = b.startDate ?? row.startDate;
  const end = b.endDate === undefined ? row.endDate : b.endDate;
  if (end && end < start) throw new AppError(400, 'validation_failed', '项目结束日期不能早于开始日期');
  const data = b.data ? await checkedData(db, row.type, b.data, row.data) : undefined;
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(projects)
      .set({
        ...(b.title ? { title: b.title } : {}),
        startDate: start,
        endDate: end,
        ...(data ? { data } : {}),
        campaignYear: yearCounted(row.campaignYear, start),
        version: sql`${projects.version} + 1`,
        updatedAt: now(),
      })
      .where(and(eq(projects.id, id), eq(projects.version, b.version)))
      .returning();
    if (!u) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: reason ? 'project.correct' : 'project.update',
      entityType: 'project',
      entityId: id,
      regionCode: row.regionCode,
      before: { title: row.title, startDate: row.startDate, endDate: row.endDate, data: row.data },
      after: {
        title: u.title,
        startDate: u.startDate,
        endDate: u.endDate,
        data: u.data,
        ...(reason ? { reason } : {}),
      },
    });
    return {
      ...projectOut({ ...u, agreementNo: row.agreementNo, schoolName: row.schoolName }, editable),
      canCorrect: correctable,
    };
  });
}

export async function actOnProject(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { action: 'start' | 'complete' | 'stop'; version: number; reason?: string },
) {
  const { actor, row, editable, a } = await loadProjectForWrite(db, ctx, id);
  if (!editable) throw new AppError(409, 'form_locked', '协议已终止或到期，项目状态不能再变更');
  const t = projectTransition(row.status, b.action, actor.role, { reason: b.reason, agreementState: a.status });
  if (!t.ok)
    throw new AppError(
      t.code === 'illegal_transition' || t.code === 'forbidden_transition' ? 409 : 400,
      t.code,
      t.message,
    );
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(projects)
      .set({
        status: t.to,
        ...(b.action === 'stop' ? { stopReason: b.reason ?? null, stoppedOn: today() } : {}),
        ...(b.action === 'start' ? { startedOn: today() } : {}),
        ...(b.action === 'complete' ? { completedOn: today() } : {}),
        version: sql`${projects.version} + 1`,
        updatedAt: now(),
      })
      .where(and(eq(projects.id, id), eq(projects.version, b.version)))
      .returning();
    if (!u) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: `project.${b.action}`,
      entityType: 'project',
      entityId: id,
      regionCode: row.regionCode,
      before: { status: row.status },
      after: { status: t.to, reason: b.reason },
    });
    return projectOut({ ...u, agreementNo: row.agreementNo, schoolName: row.schoolName }, true);
  });
}

export async function deleteProject(db: Db, ctx: Ctx, id: number, q: { reason?: string } = {}) {
  const { row, editable, correctable } = await loadProjectForWrite(db, ctx, id);
  const reason = correctionReason(editable, correctable, q.reason, '删除');
  await db.transaction(async (tx) => {
    // Only a project not deleted yet: of ten deletions at once one removes it, the others are told it is gone.
    const gone = await tx
      .update(projects)
      .set({ deletedAt: now(), version: sql`${projects.version} + 1` })
      .where(and(eq(projects.id, id), isNull(projects.deletedAt)))
      .returning({ id: projects.id });
    if (!gone.length) throw new AppError(404, 'not_found', '项目不存在或已删除');
    await audit(tx, ctx, {
      action: 'project.delete',
      entityType: 'project',
      entityId: id,
      regionCode: row.regionCode,
      before: {
        agreementId: row.agreementId,
        type: row.type,
        title: row.title,
        regionCode: row.regionCode,
        year: row.campaignYear,
      },
      ...(reason ? { after: { reason } } : {}),
    });
  });
}
