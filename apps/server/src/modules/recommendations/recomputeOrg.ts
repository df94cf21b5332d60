// Re-ranking what one organisation's change touches (a withdrawn or confirmed line, a new partner): its own list, the
// lists that hold it, the lists its best case could enter (its entry from all pairs, entriesAgainst, beats the
// list's last entry, kept in memory by listState.ts: only the counterparts of its own top 20 are examined) and its
// partners' lists — each re-ranked in full against the cached indexes; only the rows that differ are written. Lists that do
// not hold it are otherwise left alone, although its lines may sit in (or leave) the per-line top K of their lines:
// the bench measures how many lists that leaves different from a full recompute. See
// docs/decisions/0005-recommendation-recompute.md.
import { sql } from 'drizzle-orm';
import { announce } from '../../lib/cacheEvents';
import { entriesAgainst, type EnterpriseLine, type SchoolLine } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { loadLines, refreshOrg } from './lines';
import { listState, setFloor } from './listState';
import { loadProfileLines } from './profiles';
import { RECOMMENDATION_LIMIT, rankFor } from './ranking';
import { contextOf } from './context';
import { markChanged } from './settle';
import { replaceLists } from './store';
import { sqlRows } from '../../db/rows';

type Before = { org_id: number; score: number };
/** Is (score s, org o) ahead of (fs, fo) in a list (score desc, then org id asc)? */
const ahead = (s: number, o: number, fs: number, fo: number) => s > fs || (s === fs && o < fo);

export async function recomputeOrg(db: Db, orgId: number) {
  const { lines, removed, added } = await refreshOrg(db, await loadLines(db), orgId);
  const state = await listState(db);
  const c = await contextOf(db, lines);
  const ownProfile = lines.publishedOrgs.has(orgId)
    ? undefined
    : (await loadProfileLines(db, lines, [orgId])).get(orgId);
  const own = rankFor(orgId, lines, c, ownProfile);
  const before = await sqlRows<Before>(
    db,
    sql`select org_id, score from recommendations where counterpart_org_id = ${orgId}`,
  );
  const had = new Map(before.map((r) => [r.org_id, r]));

  // The lists concerned: those that hold it, those of its own top 20 (the counterparts it fits best, whose lists it
  // may enter) and its partners'. Its entry in each (no context applied) from the pairs of its lines with theirs.
  const school = lines.schoolByOrg.get(orgId);
  const ent = lines.entByOrg.get(orgId);
  const partners = c.partners.get(orgId) ?? new Set<number>();
  const concerned = new Set([...had.keys(), ...(school || ent ? own.map((r) => r.orgId) : []), ...partners]);
  concerned.delete(orgId);
  const theirLines = [...concerned].flatMap((y) => lines.lineNos.get(y)?.nos ?? []);
  const entries = new Map(
    (school
      ? entriesAgainst(school, lines.entIndex, theirLines)
      : ent
        ? entriesAgainst(ent, lines.schoolIndex, theirLines)
        : []
    ).map((e) => [e.orgId, e]),
  );
  // The counterparts one of its changed lines (withdrawn, expired, confirmed again) pairs with: the per-line top K of
  // any other list is as before, so nothing moves there (its unchanged lines score the same).
  const changed = [...removed, ...added];
  const changedSchool = changed.filter((l): l is SchoolLine => 'specialtyCode' in l);
  const changedEnt = changed.filter((l): l is EnterpriseLine => !('specialtyCode' in l));
  const reached = new Set(
    [
      ...entriesAgainst(changedSchool, lines.entIndex, theirLines),
      ...entriesAgainst(changedEnt, lines.schoolIndex, theirLines),
    ].map((e) => e.orgId),
  );
  const full = new Set<number>();
  for (const y of concerned) {
    const old = had.get(y);
    // Partners: the pair's bonus may be new (an accepted intent), which the lines do not tell.
    if (partners.has(y)) {
      full.add(y);
      continue;
    }
    // Record-based lists (no published lines of their own) are not in the index: re-rank them when concerned.
    if (!lines.lineNos.has(y)) {
      if (old && changed.length) full.add(y);
      continue;
    }
    if (!reached.has(y)) continue;
    const e = entries.get(y);
    if (!old) {
      // Not in the list: it may enter a list with room, or one whose last entry its best case beats.
      const st = state.get(y);
      if (e && (!st || st.n < RECOMMENDATION_LIMIT || ahead(e.score, orgId, st.score, st.org))) full.add(y);
      continue;
    }
    // In the list: re-ranked in full, because its entry there depends on the per-line top K of that list's lines
    // (an entry computed from all pairs would count pairs the full ranking cuts), and leaving a full list lets the
    // next organisation in.
    full.add(y);
  }

  const profiles = await loadProfileLines(
    db,
    lines,
    [...full].filter((y) => !lines.publishedOrgs.has(y)),
  );
  const lists = [
    { orgId, recs: own },
    ...[...full].map((y) => ({ orgId: y, recs: rankFor(y, lines, c, profiles.get(y)) })),
  ];
  const written = await db.transaction((tx) => replaceLists(tx, lists));
  for (const l of lists) setFloor(db, l.orgId, l.recs);
  // A change of lines may leave lists it did not reach differing from a full ranking: the hourly job settles them.
  if (changed.length) await markChanged(db);
  announce(db, { t: 'org', orgId }); // other processes refresh this organisation's lines and re-read list floors
  return { own: own.length, touched: full.size, reranked: full.size, ...written };
}
