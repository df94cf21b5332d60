import { and, count, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { canAddProjects } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { agreementParties, agreements, orgs, projects } from '../../db/schema/index';
import { requireActor, type Actor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { loadAgreement } from '../agreements/load';
import { refuseIfMovedAway } from './movedAway';

export type ProjectRow = typeof projects.$inferSelect;

export function projectOut(p: ProjectRow & { agreementNo: string; schoolName: string }, canEdit: boolean) {
  const { deletedAt: _d, createdBy: _c, createdAt: _ca, updatedAt: _u, ...rest } = p;
  return { ...rest, canEdit };
}

const SELECT = { p: projects, agreementNo: agreements.agreementNo, schoolName: orgs.name };

/** A project is seen and edited through its agreement: its parties, their bureaus and the province. */
export async function loadProject(db: DbOrTx, ctx: Ctx, id: number) {
  const [row] = await db
    .select(SELECT)
    .from(projects)
    .innerJoin(agreements, eq(agreements.id, projects.agreementId))
    .innerJoin(orgs, eq(orgs.id, projects.schoolOrgId))
    .where(and(eq(projects.id, id), isNull(projects.deletedAt)));
  if (!row) throw new AppError(404, 'not_found');
  const { actor, a, parties } = await loadAgreement(db, ctx, row.p.agreementId);
  const bureau = actor.role === 'province' || (actor.role === 'region' && actor.regionCode === row.p.regionCode);
  const editable = bureau || parties.some((x) => x.orgId === actor.orgId);
  // An ended agreement (terminated, expired) freezes its projects for the parties, but what was recorded may still be
  // wrong: the project's bureau or the province corrects or deletes a stopped or completed one, with a reason.
  const correctable =
    bureau &&
    (a.status === 'terminated' || a.status === 'expired') &&
    (row.p.status === 'stopped' || row.p.status === 'completed');
  return {
    actor,
    a,
    row: { ...row.p, agreementNo: row.agreementNo, schoolName: row.schoolName },
    editable: editable && canAddProjects(a.status),
    correctable,
  };
}

/**
 * For a write: a bureau whose project has gone to another region (school's region corrected, project moved) is told
 * so first, whatever state the agreement is in and whether or not it can still read the agreement.
 */
export async function loadProjectForWrite(db: DbOrTx, ctx: Ctx, id: number) {
  const actor = requireActor(ctx);
  const [p] = await db
    .select({ id: projects.id, schoolOrgId: projects.schoolOrgId, regionCode: projects.regionCode })
    .from(projects)
    .where(and(eq(projects.id, id), isNull(projects.deletedAt)));
  if (p) await refuseIfMovedAway(db, actor, p);
  return loadProject(db, ctx, id);
}

export async function getProject(db: Db, ctx: Ctx, id: number) {
  const { row, editable, correctable } = await loadProject(db, ctx, id);
  return { ...projectOut(row, editable), canCorrect: correctable };
}

export function projectScope(actor: Actor): SQL | undefined {
  if (actor.role === 'province') return undefined;
  if (actor.role === 'region') return eq(projects.regionCode, actor.regionCode ?? '\0');
  return sql`exists (select 1 from agreement_parties ap where ap.agreement_id = ${projects.agreementId} and ap.org_id = ${actor.orgId ?? -1})`;
}

export async function listProjects(
  db: Db,
  ctx: Ctx,
  q: {
    type?: string;
    status?: string;
    year?: number;
    region?: string;
    agreementId?: number;
    q?: string;
    page: number;
    pageSize: number;
  },
) {
  const actor = requireActor(ctx);
  const parts: (SQL | undefined)[] = [isNull(projects.deletedAt), projectScope(actor)];
  if (q.type) parts.push(eq(projects.type, q.type));
  if (q.status) parts.push(eq(projects.status, q.status as ProjectRow['status']));
  if (q.year) parts.push(eq(projects.campaignYear, q.year));
  if (q.region) parts.push(eq(projects.regionCode, q.region));
  if (q.agreementId) parts.push(eq(projects.agreementId, q.agreementId));
  if (q.q) parts.push(or(ilike(projects.title, `%${q.q}%`), ilike(orgs.name, `%${q.q}%`)));
  const w = and(...parts);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(SELECT)
      .from(projects)
      .innerJoin(agreements, eq(agreements.id, projects.agreementId))
      .innerJoin(orgs, eq(orgs.id, projects.schoolOrgId))
      .where(w)
      .orderBy(desc(projects.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(projects).innerJoin(orgs, eq(orgs.id, projects.schoolOrgId)).where(w),
  ]);
  const isParty = async (agreementId: number) =>
    actor.orgId != null &&
    (
      await db
        .select()
        .from(agreementParties)
        .where(and(eq(agreementParties.agreementId, agreementId), eq(agreementParties.orgId, actor.orgId)))
    ).length > 0;
  return {
    items: await Promise.all(
      rows.map(async (r) =>
        projectOut(
          { ...r.p, agreementNo: r.agreementNo, schoolName: r.schoolName },
          actor.role === 'province' ||
            (actor.role === 'region' && actor.regionCode === r.p.regionCode) ||
            (await isParty(r.p.agreementId)),
        ),
      ),
    ),
    total,
  };
}
