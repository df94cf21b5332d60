import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  buildEnterpriseIndex,
  buildSchoolIndex,
  dismissPenalty,
  recommendForEnterprise,
  recommendForSchool,
  type Dismissal,
  type DismissReason,
  type PairContext,
  type Recommendation,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { dismissals, intents, orgs, recommendations } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { loadLines, type LineSet } from './lines';
import { loadProfileLines, profileReasons, type ProfileLines } from './profiles';

export const RECOMMENDATION_LIMIT = 20;

/** Partners (accepted intents, later agreements) and dismissals: what the ranking knows beyond the lines. */
async function contextOf(db: DbOrTx, orgIds?: number[]) {
  const partnerRows = await db.select({ a: intents.fromOrgId, b: intents.toOrgId }).from(intents).where(eq(intents.state, 'accepted'));
  const partners = new Set(partnerRows.flatMap((r) => [`${r.a}|${r.b}`, `${r.b}|${r.a}`]));
  const dis = await db.select().from(dismissals).where(orgIds ? inArray(dismissals.orgId, orgIds) : undefined);
  const byOrg = new Map<number, typeof dis>();
  for (const d of dis) (byOrg.get(d.orgId) ?? byOrg.set(d.orgId, []).get(d.orgId)!).push(d);
  return { partners, byOrg };
}

function ctxFor(orgId: number, lines: LineSet, c: Awaited<ReturnType<typeof contextOf>>) {
  const mine: Dismissal[] = (c.byOrg.get(orgId) ?? []).map((d) => ({ counterpartOrgId: d.counterpartOrgId, counterpartIndustryCodes: lines.orgIndustries.get(d.counterpartOrgId) ?? [], reason: d.reason as DismissReason }));
  return (counterpart: number): PairContext => ({
    partners: c.partners.has(`${orgId}|${counterpart}`),
    dismissPenalty: mine.length ? dismissPenalty(mine, { orgId: counterpart, industryCodes: lines.orgIndustries.get(counterpart) ?? [] }) : 0,
  });
}

function rankFor(orgId: number, lines: LineSet, c: Awaited<ReturnType<typeof contextOf>>, profile?: ProfileLines): Recommendation[] {
  const ctx = ctxFor(orgId, lines, c);
  const own = lines.schoolByOrg.get(orgId);
  if (own) return recommendForSchool(own, lines.entIndex, { limit: RECOMMENDATION_LIMIT, ctx });
  const ent = lines.entByOrg.get(orgId);
  if (ent) return recommendForEnterprise(ent, lines.schoolIndex, { limit: RECOMMENDATION_LIMIT, ctx });
  if (!profile) return [];
  // No published demand yet: the published lines of the other side against the organisation record (profiles.ts).
  const recs =
    profile.kind === 'school'
      ? recommendForSchool(profile.lines, lines.entIndex, { limit: RECOMMENDATION_LIMIT, ctx })
      : recommendForEnterprise(profile.lines, lines.schoolIndex, { limit: RECOMMENDATION_LIMIT, ctx });
  return recs.map((r) => ({ ...r, reasons: profileReasons(profile.kind, r.reasons) }));
}

async function store(tx: DbOrTx, orgId: number, recs: Recommendation[]) {
  await tx.delete(recommendations).where(eq(recommendations.orgId, orgId));
  if (recs.length) await tx.insert(recommendations).values(recs.map((r) => ({ orgId, counterpartOrgId: r.orgId, score: r.score, reasons: r.reasons, lines: r.lines })));
}

/** Recomputes every organisation's list (after a publication). */
export async function recomputeAll(db: Db) {
  const lines = await loadLines(db);
  const c = await contextOf(db);
  const profiles = await loadProfileLines(db, lines);
  const orgIds = [...lines.schoolByOrg.keys(), ...lines.entByOrg.keys(), ...profiles.keys()];
  const all = orgIds.map((id) => ({ id, recs: rankFor(id, lines, c, profiles.get(id)) }));
  await db.transaction(async (tx) => {
    await tx.delete(recommendations);
    const values = all.flatMap(({ id, recs }) => recs.map((r) => ({ orgId: id, counterpartOrgId: r.orgId, score: r.score, reasons: r.reasons, lines: r.lines })));
    for (let i = 0; i < values.length; i += 1000) await tx.insert(recommendations).values(values.slice(i, i + 1000));
  });
  return { orgs: orgIds.length, pairs: all.reduce((s, x) => s + x.recs.length, 0) };
}

/**
 * Re-ranks what one organisation's change touches: its own list, and for every counterpart that had it or now
 * matches it, only the pair with this organisation (then that list is cut back to its top 20). An organisation
 * without published demand is ranked from its record and touches nobody: it is not recommended to anyone.
 */
export async function recomputeOrg(db: Db, orgId: number) {
  const lines = await loadLines(db);
  const isSchool = lines.schoolByOrg.has(orgId);
  const ownLines = isSchool ? lines.schoolByOrg.get(orgId)! : (lines.entByOrg.get(orgId) ?? []);
  const c = await contextOf(db);
  const own = rankFor(orgId, lines, c, (await loadProfileLines(db, lines, [orgId])).get(orgId));
  const before = await db.select({ orgId: recommendations.orgId }).from(recommendations).where(eq(recommendations.counterpartOrgId, orgId));
  // Those who had it (their pair may be gone now) and, if it has published lines, those it now matches.
  const touched = new Set([...(ownLines.length ? own.map((r) => r.orgId) : []), ...before.map((r) => r.orgId)]);
  // Counterparts without published lines of their own that had this organisation in their record-based list.
  const profiles = await loadProfileLines(db, lines, [...touched]);
  // A one-organisation index: each counterpart's score for this organisation is computed against it alone.
  const mini = isSchool ? buildSchoolIndex(ownLines as never) : buildEnterpriseIndex(ownLines as never);
  const pairs: (typeof recommendations.$inferInsert)[] = [];
  for (const other of touched) {
    const ctx = ctxFor(other, lines, c);
    const profile = profiles.get(other);
    const otherLines = (isSchool ? lines.entByOrg.get(other) : lines.schoolByOrg.get(other)) ?? (profile && (profile.kind === 'school') !== isSchool ? profile.lines : undefined);
    const [pair] = otherLines
      ? isSchool
        ? recommendForEnterprise(otherLines as never, mini as never, { limit: 1, ctx })
        : recommendForSchool(otherLines as never, mini as never, { limit: 1, ctx })
      : [];
    if (pair) pairs.push({ orgId: other, counterpartOrgId: orgId, score: pair.score, reasons: profile ? profileReasons(profile.kind, pair.reasons) : pair.reasons, lines: pair.lines });
  }
  // In a few statements whatever the number of touched lists (a school is in ~800 enterprise lists at national scale).
  const ids = [...touched];
  await db.transaction(async (tx) => {
    await store(tx, orgId, own);
    for (let i = 0; i < ids.length; i += 1000) await tx.delete(recommendations).where(and(inArray(recommendations.orgId, ids.slice(i, i + 1000)), eq(recommendations.counterpartOrgId, orgId)));
    for (let i = 0; i < pairs.length; i += 1000) await tx.insert(recommendations).values(pairs.slice(i, i + 1000));
    for (let i = 0; i < ids.length; i += 1000) {
      await tx.execute(sql`delete from recommendations r using (
        select org_id, counterpart_org_id, row_number() over (partition by org_id order by score desc, counterpart_org_id) as pos
        from recommendations where org_id in (${sql.join(ids.slice(i, i + 1000).map((x) => sql`${x}`), sql`, `)})) x
        where r.org_id = x.org_id and r.counterpart_org_id = x.counterpart_org_id and x.pos > ${RECOMMENDATION_LIMIT}`);
    }
  });
  return { own: own.length, touched: touched.size };
}

export async function myRecommendations(db: Db, ctx: Ctx) {
  const actor = requireAccess(ctx, 'recommendation.read');
  if (actor.orgId == null) throw new AppError(403, 'forbidden', '推荐仅面向学校和企业');
  let rows = await query(db, actor.orgId);
  if (!rows.length) {
    // Nothing stored yet for this organisation (e.g. published after the last full run): rank it now.
    await recomputeOrg(db, actor.orgId);
    rows = await query(db, actor.orgId);
  }
  return { items: rows };
}

async function query(db: Db, orgId: number) {
  const rows = await db
    .select({ orgId: recommendations.counterpartOrgId, score: recommendations.score, reasons: recommendations.reasons, lines: recommendations.lines, orgName: orgs.name, orgType: orgs.type, regionCode: orgs.regionCode })
    .from(recommendations)
    .innerJoin(orgs, eq(orgs.id, recommendations.counterpartOrgId))
    .where(and(eq(recommendations.orgId, orgId), sql`not exists (select 1 from dismissals d where d.org_id = ${orgId} and d.counterpart_org_id = ${recommendations.counterpartOrgId})`))
    .orderBy(desc(recommendations.score), recommendations.counterpartOrgId);
  return rows.map((r) => ({ ...r, score: Math.round(r.score) }));
}

export async function dismiss(db: Db, ctx: Ctx, b: { counterpartOrgId: number; reason: DismissReason; note?: string }) {
  const actor = requireAccess(ctx, 'recommendation.read');
  if (actor.orgId == null) throw new AppError(403, 'forbidden');
  try {
    await db.transaction(async (tx) => {
      await tx.insert(dismissals).values({ orgId: actor.orgId!, counterpartOrgId: b.counterpartOrgId, reason: b.reason, note: b.note ?? '', createdBy: actor.id });
      await audit(tx, ctx, { action: 'recommendation.dismiss', entityType: 'org', entityId: b.counterpartOrgId, after: b });
    });
  } catch (e) {
    if (pgCode(e) === '23505') throw new AppError(409, 'conflict', '已忽略该推荐');
    if (pgCode(e) === '23503') throw new AppError(404, 'not_found');
    throw e;
  }
  // The dismissal lowers similar candidates too, so the list is re-ranked.
  const lines = await loadLines(db);
  const c = await contextOf(db, [actor.orgId]);
  const profile = (await loadProfileLines(db, lines, [actor.orgId])).get(actor.orgId);
  await db.transaction((tx) => store(tx, actor.orgId!, rankFor(actor.orgId!, lines, c, profile)));
  return myRecommendations(db, ctx);
}

/** For a bureau: its region's published lines whose organisation has no recommendation and no intent yet. */
export async function unmatched(db: Db, ctx: Ctx, region?: string) {
  const actor = requireAccess(ctx, 'intent.read');
  // A bureau's working list, not something for schools and enterprises.
  if (actor.role !== 'province' && actor.role !== 'region') throw new AppError(403, 'forbidden');
  const regionCode = actor.role === 'region' ? actor.regionCode! : region;
  const res = (await db.execute(sql`
    select i.id, i.org_id as "orgId", i.org_name as "orgName", i.org_type as "orgType", i.region_code as "regionCode", i.title, i.places
    from published_items i
    where i.publication_id in (select max(id) from publications group by campaign_id) and i.status = 'public' and i.expires_on >= current_date
      ${regionCode ? sql`and i.region_code = ${regionCode}` : sql``}
      and not exists (select 1 from recommendations r where r.org_id = i.org_id)
      and not exists (select 1 from intents x where x.from_org_id = i.org_id or x.to_org_id = i.org_id)
    order by i.region_code, i.org_id, i.id limit 500`)) as unknown as { rows: { id: number; orgId: number; orgName: string; orgType: string; regionCode: string; title: string; places: number }[] };
  return { items: res.rows };
}
