import { today as clockToday } from '../../lib/clock';
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import {
  agreementStateOn,
  inNoticePeriod,
  maskFreeText,
  PROJECT_TYPE_LABELS,
  regionByCode,
  type ProjectType,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import {
  agreements,
  cases,
  commendations,
  selectionNominations,
  selectionRounds,
  orgs,
  projects,
} from '../../db/schema/index';
import { AppError } from '../../http/errors';
import { partiesOf } from '../agreements/agreements.repository';

/**
 * The public results pages (成果展示), readable without an account. Every answer names organisations and projects
 * only: contact names and phones of the orgs table are never selected into an output, and the route schemas are the
 * field whitelist on top.
 */
const regionName = (code: string) => regionByCode(code)?.name ?? code;
const typeLabel = (t: string) => PROJECT_TYPE_LABELS[t as ProjectType] ?? t;

/** Projects of some nominations with their school and partners (the other parties of the agreement). */
async function demoProjects(db: Db, nominationIds: number[]) {
  if (!nominationIds.length) return [];
  const rows = await db
    .select({
      nominationId: selectionNominations.id,
      roundId: selectionNominations.roundId,
      p: {
        id: projects.id,
        title: projects.title,
        type: projects.type,
        regionCode: projects.regionCode,
        agreementId: projects.agreementId,
        schoolOrgId: projects.schoolOrgId,
      },
      schoolName: orgs.name,
    })
    .from(selectionNominations)
    .innerJoin(projects, eq(projects.id, selectionNominations.projectId))
    .innerJoin(orgs, eq(orgs.id, projects.schoolOrgId))
    .where(and(inArray(selectionNominations.id, nominationIds), isNull(projects.deletedAt)))
    .orderBy(projects.type, selectionNominations.id);
  const parties = await partiesOf(db, [...new Set(rows.map((r) => r.p.agreementId))]);
  return rows.map((r) => ({
    roundId: r.roundId,
    nominationId: r.nominationId,
    projectId: r.p.id,
    title: r.p.title,
    type: r.p.type,
    typeLabel: typeLabel(r.p.type),
    regionCode: r.p.regionCode,
    regionName: regionName(r.p.regionCode),
    school: { orgId: r.p.schoolOrgId, name: r.schoolName },
    partners: parties
      .filter((x) => x.agreementId === r.p.agreementId && x.orgId !== r.p.schoolOrgId)
      .map((x) => ({ orgId: x.orgId, name: x.name, side: x.side })),
  }));
}

/**
 * Published rounds with their selected projects, and shortlists under public notice (from the notice's first day)
 * with the path anyone may post an objection to.
 */
export async function demonstrations(db: Db, q: { year?: number }) {
  const day = clockToday();
  const rounds = await db
    .select()
    .from(selectionRounds)
    .where(
      and(
        q.year ? eq(selectionRounds.year, q.year) : undefined,
        inArray(selectionRounds.status, ['published', 'public_notice']),
      ),
    )
    .orderBy(desc(selectionRounds.year), desc(selectionRounds.id));
  const shown = rounds.filter((r) => r.status === 'published' || (r.noticeFrom != null && r.noticeFrom <= day));
  const noms = shown.length
    ? await db
        .select({
          id: selectionNominations.id,
          roundId: selectionNominations.roundId,
          status: selectionNominations.status,
        })
        .from(selectionNominations)
        .where(
          and(
            inArray(
              selectionNominations.roundId,
              shown.map((r) => r.id),
            ),
            inArray(selectionNominations.status, ['selected', 'public_notice']),
          ),
        )
    : [];
  const items = await demoProjects(
    db,
    noms.map((n) => n.id),
  );
  const of = (roundId: number) => items.filter((i) => i.roundId === roundId).map(({ roundId: _r, ...rest }) => rest);
  return {
    published: shown
      .filter((r) => r.status === 'published')
      .map((r) => ({
        roundId: r.id,
        year: r.year,
        title: r.title,
        publishedAt: r.publishedAt!.toISOString(),
        items: of(r.id),
      })),
    inNotice: shown
      .filter((r) => r.status === 'public_notice')
      .map((r) => ({
        roundId: r.id,
        year: r.year,
        title: r.title,
        noticeFrom: r.noticeFrom!,
        noticeTo: r.noticeTo!,
        acceptingObjections: inNoticePeriod(day, r.noticeFrom, r.noticeTo),
        items: of(r.id).map((i) => ({
          ...i,
          objectionPath: `/api/selection/nominations/${i.nominationId}/objections`,
        })),
      })),
  };
}

/** Key-project agreements (重点项目) for the year-end signing ceremony: flagged, and signed or in force today. */
export async function signingCeremony(db: Db, q: { year?: number }) {
  const day = clockToday();
  const rows = await db
    .select()
    .from(agreements)
    .where(
      and(
        eq(agreements.keyProject, true),
        inArray(agreements.status, ['signed', 'active']),
        q.year ? eq(agreements.campaignYear, q.year) : undefined,
      ),
    )
    .orderBy(agreements.regionCode, agreements.agreementNo);
  const current = rows
    .map((a) => ({ a, state: agreementStateOn(day, { state: a.status, termStart: a.termStart, termEnd: a.termEnd }) }))
    .filter((x) => x.state === 'signed' || x.state === 'active');
  const ids = current.map((x) => x.a.id);
  const parties = await partiesOf(db, ids);
  const projs = ids.length
    ? await db
        .select({ id: projects.id, title: projects.title, type: projects.type, agreementId: projects.agreementId })
        .from(projects)
        .where(and(inArray(projects.agreementId, ids), isNull(projects.deletedAt)))
        .orderBy(projects.id)
    : [];
  return {
    items: current.map(({ a, state }) => ({
      agreementId: a.id,
      agreementNo: a.agreementNo,
      title: a.title,
      campaignYear: a.campaignYear,
      regionCode: a.regionCode,
      regionName: regionName(a.regionCode),
      status: state as 'signed' | 'active',
      signingDate: a.signingDate,
      termStart: a.termStart,
      termEnd: a.termEnd,
      parties: parties
        .filter((p) => p.agreementId === a.id)
        .map((p) => ({ orgId: p.orgId, name: p.name, side: p.side, isLead: a.leadOrgId === p.orgId })),
      projects: projs
        .filter((p) => p.agreementId === a.id)
        .map((p) => ({ id: p.id, title: p.title, type: p.type, typeLabel: typeLabel(p.type) })),
    })),
  };
}

export type CommendationRow = typeof commendations.$inferSelect;
export const commendationView = (
  c: CommendationRow,
  o: { name: string; type: 'school' | 'enterprise'; regionCode: string },
) => ({
  id: c.id,
  year: c.year,
  orgId: c.orgId,
  orgName: o.name,
  orgType: o.type,
  regionCode: o.regionCode,
  regionName: regionName(o.regionCode),
  citation: c.citation,
  publishedAt: c.publishedAt?.toISOString() ?? null,
  status: c.status,
});

export async function publicCommendations(db: Db, q: { year?: number }) {
  const rows = await db
    .select({ c: commendations, name: orgs.name, type: orgs.type, regionCode: orgs.regionCode })
    .from(commendations)
    .innerJoin(orgs, eq(orgs.id, commendations.orgId))
    .where(and(eq(commendations.status, 'published'), q.year ? eq(commendations.year, q.year) : undefined))
    .orderBy(desc(commendations.year), orgs.regionCode, commendations.id);
  return { items: rows.map((r) => ({ ...commendationView(r.c, r), publishedAt: r.c.publishedAt!.toISOString() })) };
}

export type CaseRow = typeof cases.$inferSelect;

/** A case with the names of its organisations and project (names only). */
export async function caseViews(db: DbOrTx, rows: CaseRow[]) {
  const orgIds = [...new Set(rows.flatMap((r) => r.orgIds))];
  const projIds = [...new Set(rows.map((r) => r.projectId).filter((x): x is number => x != null))];
  const names = orgIds.length
    ? await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, orgIds))
    : [];
  const projs = projIds.length
    ? await db.select({ id: projects.id, title: projects.title }).from(projects).where(inArray(projects.id, projIds))
    : [];
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    title: r.title,
    regionCode: r.regionCode,
    regionName: r.regionCode ? regionName(r.regionCode) : null,
    summary: r.summary,
    body: r.body,
    orgs: r.orgIds
      .map((id) => names.find((n) => n.id === id))
      .filter((n) => !!n)
      .map((n) => ({ orgId: n.id, name: n.name })),
    project: projs.find((p) => p.id === r.projectId) ?? null,
    status: r.status,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function publicCases(db: Db, q: { year?: number; page: number; pageSize: number }) {
  const w = and(eq(cases.status, 'published'), q.year ? eq(cases.year, q.year) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(cases)
      .where(w)
      .orderBy(desc(cases.publishedAt), desc(cases.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(cases).where(w),
  ]);
  return {
    items: (await caseViews(db, rows)).map(({ body: _b, ...c }) => ({
      ...c,
      summary: maskFreeText(c.summary),
      publishedAt: c.publishedAt!,
    })),
    total,
  };
}

/** A draft answers exactly as a missing case does. */
export async function publicCase(db: Db, id: number) {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.id, id), eq(cases.status, 'published')));
  if (!row) throw new AppError(404, 'not_found', '案例不存在或尚未发布');
  const [c] = await caseViews(db, [row]);
  // The public page: a phone number, e-mail or ID number written into the case is masked (the editors see it whole).
  return { ...c, summary: maskFreeText(c.summary), body: maskFreeText(c.body), publishedAt: c.publishedAt! };
}
