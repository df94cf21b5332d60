import { and, desc, eq, sql } from 'drizzle-orm';
import { announce } from '../../lib/cacheEvents';
import { today } from '../../lib/clock';
import type { DismissReason } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { dismissals, orgs, recommendations } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { contextOf } from './context';
import { loadLines } from './lines';
import { setFloor, setListState } from './listState';
import { loadProfileLines } from './profiles';
import { ChunkQueue, defaultWorkers, rankAll } from './rankAll';
import { rankFor } from './ranking';
import { recomputeOrg } from './recomputeOrg';
import { changesSoFar, markSettled, needsSettling } from './settle';
import { beginStaging, insertStaged, swapStaged, writeChanges } from './store';
import { sqlRows } from '../../db/rows';

export { RECOMMENDATION_LIMIT } from './ranking';
export { recomputeOrg } from './recomputeOrg';

/**
 * Recomputes every organisation's list (after a publication). Ranking runs in worker threads on large sets
 * (rankAll.ts; `workers` overrides the choice, 0 = main thread only) while the lists stream into a staging table
 * that replaces the old one at commit (store.ts).
 */
const RECOMPUTE_LOCK = 0x72616e6b; // 'rank'

export async function recomputeAll(db: Db, opts: { workers?: number } = {}) {
  const changesAtStart = await changesSoFar(db);
  const lines = await loadLines(db);
  const c = await contextOf(db, lines);
  const profiles = await loadProfileLines(db, lines);
  const orgIds = [...lines.schoolByOrg.keys(), ...lines.entByOrg.keys(), ...profiles.keys()];
  const q = new ChunkQueue();
  const producing = rankAll(lines, c, profiles, orgIds, opts.workers ?? defaultWorkers(lines), q);
  // Awaited inside the transaction; a failure also ends the queue, which throws there.
  producing.catch(() => {});
  const floors: number[][] = [];
  let pairs = 0;
  await db.transaction(async (tx) => {
    // Full recomputes on two processes at once (a publication on each, or one beside the hourly settling) both built
    // the same staging table and deadlocked or failed: the second waits here for the first to commit.
    await tx.execute(sql`select pg_advisory_xact_lock(${RECOMPUTE_LOCK})`);
    await beginStaging(tx);
    for await (const ch of q) {
      if (ch.rows) await insertStaged(tx, ch.json);
      pairs += ch.rows;
      floors.push(ch.floors);
    }
    await producing;
    await swapStaged(tx);
  });
  setListState(db, floors);
  announce(db, { t: 'all' }); // other processes: a new publication's index and new list floors
  await markSettled(db, changesAtStart);
  return { orgs: orgIds.length, pairs };
}

/** The hourly job: a full recompute when the stored lists may differ from one (settle.ts). */
export async function settleRecommendations(db: Db) {
  if (!(await needsSettling(db))) return null;
  return recomputeAll(db);
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
    .select({
      orgId: recommendations.counterpartOrgId,
      score: recommendations.score,
      reasons: recommendations.reasons,
      lines: recommendations.lines,
      orgName: orgs.name,
      orgType: orgs.type,
      regionCode: orgs.regionCode,
    })
    .from(recommendations)
    .innerJoin(orgs, eq(orgs.id, recommendations.counterpartOrgId))
    .where(
      and(
        eq(recommendations.orgId, orgId),
        sql`not exists (select 1 from dismissals d where d.org_id = ${orgId} and d.counterpart_org_id = ${recommendations.counterpartOrgId})`,
      ),
    )
    .orderBy(desc(recommendations.score), recommendations.counterpartOrgId);
  return rows.map((r) => ({ ...r, score: Math.round(r.score) }));
}

export async function dismiss(db: Db, ctx: Ctx, b: { counterpartOrgId: number; reason: DismissReason; note?: string }) {
  const actor = requireAccess(ctx, 'recommendation.read');
  if (actor.orgId == null) throw new AppError(403, 'forbidden');
  try {
    await db.transaction(async (tx) => {
      await tx.insert(dismissals).values({
        orgId: actor.orgId!,
        counterpartOrgId: b.counterpartOrgId,
        reason: b.reason,
        note: b.note ?? '',
        createdBy: actor.id,
      });
      await audit(tx, ctx, {
        action: 'recommendation.dismiss',
        entityType: 'org',
        entityId: b.counterpartOrgId,
        after: b,
      });
    });
  } catch (e) {
    if (pgCode(e) === '23505') throw new AppError(409, 'conflict', '已忽略该推荐');
    if (pgCode(e) === '23503') throw new AppError(404, 'not_found');
    throw e;
  }
  // The dismissal lowers similar candidates too, so the list is re-ranked.
  const lines = await loadLines(db);
  const c = await contextOf(db, lines, [actor.orgId]);
  const profile = (await loadProfileLines(db, lines, [actor.orgId])).get(actor.orgId);
  const recs = rankFor(actor.orgId, lines, c, profile);
  await db.transaction((tx) => writeChanges(tx, { lists: [{ orgId: actor.orgId!, recs }], drop: [], upsert: [] }));
  setFloor(db, actor.orgId, recs);
  return myRecommendations(db, ctx);
}

/** For a bureau: its region's published lines whose organisation has no recommendation and no intent yet. */
export async function unmatched(db: Db, ctx: Ctx, region?: string) {
  const actor = requireAccess(ctx, 'intent.read');
  // A bureau's working list, not something for schools and enterprises.
  if (actor.role !== 'province' && actor.role !== 'region') throw new AppError(403, 'forbidden');
  const regionCode = actor.role === 'region' ? actor.regionCode! : region;
  const items = await sqlRows<{
    id: number;
    orgId: number;
    orgName: string;
    orgType: string;
    regionCode: string;
    title: string;
    places: number;
  }>(
    db,
    sql`
    select i.id, i.org_id as "orgId", i.org_name as "orgName", i.org_type as "orgType", i.region_code as "regionCode", i.title, i.places
    from published_items i
    where i.publication_id in (select max(id) from publications group by campaign_id) and i.status = 'public' and i.expires_on >= ${today()}
      ${regionCode ? sql`and i.region_code = ${regionCode}` : sql``}
      and not exists (select 1 from recommendations r where r.org_id = i.org_id)
      and not exists (select 1 from intents x where x.from_org_id = i.org_id or x.to_org_id = i.org_id)
    order by i.region_code, i.org_id, i.id limit 500`,
  );
  return { items };
}
