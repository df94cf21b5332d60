// Re-ranking what one organisation's change touches (a withdrawn or confirmed line, a new partner): its own list in
// full, and in every counterpart's list only its own entry — computed for all counterparts at once by
// entriesInCounterpartLists — compared with the last entry of that list (listState.ts). A counterpart list is
// re-ranked in full only when the change can pull in an organisation it does not hold (the changed organisation
// leaves a full list or sinks to its bottom), when the pair has a context of its own (partners, a dismissal penalty)
// or when it is a record-based list (profiles.ts). See docs/decisions/0005-recommendation-recompute.md.
import { sql } from 'drizzle-orm';
import { entriesInCounterpartLists, scorePair, type CounterpartEntry, type Recommendation } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { loadLines, refreshOrg } from './lines';
import { listState, refreshListState, setFloor } from './listState';
import { loadProfileLines } from './profiles';
import { ctxFor, RECOMMENDATION_LIMIT, rankFor } from './ranking';
import { contextOf } from './context';
import { writeChanges } from './store';

type Before = { org_id: number; score: number; lines: number; reasons: string[] };
/** Is (score s, org o) ahead of (fs, fo) in a list (score desc, then org id asc)? */
const ahead = (s: number, o: number, fs: number, fo: number) => s > fs || (s === fs && o < fo);
const same = (a: Recommendation, b: Before) => a.score === b.score && a.lines === b.lines && JSON.stringify(a.reasons) === JSON.stringify(b.reasons);

export async function recomputeOrg(db: Db, orgId: number) {
  const { lines } = await refreshOrg(db, await loadLines(db), orgId);
  const state = await listState(db);
  const c = await contextOf(db, lines);
  const ownProfile = lines.publishedOrgs.has(orgId) ? undefined : (await loadProfileLines(db, lines, [orgId])).get(orgId);
  const own = rankFor(orgId, lines, c, ownProfile);
  const before = ((await db.execute(sql`select org_id, score, lines, reasons from recommendations where counterpart_org_id = ${orgId}`)) as unknown as { rows: Before[] }).rows;
  const had = new Map(before.map((r) => [r.org_id, r]));

  // This organisation's entry in every counterpart list it now belongs to by its lines (no context applied).
  const school = lines.schoolByOrg.get(orgId);
  const ent = lines.entByOrg.get(orgId);
  const entries = new Map((school ? entriesInCounterpartLists(school, lines.entIndex) : ent ? entriesInCounterpartLists(ent, lines.schoolIndex) : []).map((e) => [e.orgId, e]));
  const pairReasons = (j: number, o: number) => (school ? scorePair(school[o], lines.entIndex.lines[j]) : scorePair(lines.schoolIndex.lines[j], ent![o]))?.reasons ?? [];
  const asRec = (e: CounterpartEntry): Recommendation => ({
    orgId,
    score: e.score,
    lines: e.lines,
    reasons: [...new Set([...pairReasons(e.best.j, e.best.own), ...(e.second ? pairReasons(e.second.j, e.second.own) : [])])],
  });

  const full = new Set<number>();
  const drop: [number, number][] = [];
  const upsert: { orgId: number; recs: Recommendation[] }[] = [];
  const reread: number[] = [];
  const partners = c.partners.get(orgId) ?? new Set<number>();
  for (const y of new Set([...had.keys(), ...entries.keys(), ...partners])) {
    if (y === orgId) continue;
    const old = had.get(y);
    // Record-based lists (no published lines of their own) are not in the index: re-rank them when concerned.
    if (!lines.lineNos.has(y)) {
      if (old || partners.has(y)) full.add(y);
      continue;
    }
    const ctx = ctxFor(y, c)?.(orgId);
    if (ctx && (ctx.partners || (ctx.dismissPenalty ?? 0) > 0)) {
      full.add(y);
      continue;
    }
    const e = entries.get(y);
    const st = state.get(y) ?? { n: 0, score: -1, org: 0 };
    const isFull = st.n >= RECOMMENDATION_LIMIT;
    if (!old) {
      if (!e) continue;
      // Not in the list: it enters a list with room, or one whose last entry it beats (which then drops out).
      if (!isFull || ahead(e.score, orgId, st.score, st.org)) {
        upsert.push({ orgId: y, recs: [asRec(e)] });
        if (isFull) drop.push([y, st.org]);
        reread.push(y);
      }
      continue;
    }
    if (!e) {
      // Gone from a list with room: nothing else moves. Gone from a full list: the 21st comes in, found by a re-rank.
      if (isFull) full.add(y);
      else drop.push([y, orgId]), reread.push(y);
      continue;
    }
    const rec = asRec(e);
    if (same(rec, old)) continue;
    const wasLast = st.org === orgId;
    // In place when it provably stays ahead of every organisation outside the list: the list has room, or it is
    // still ahead of the last entry, or it was the last entry and did not sink.
    if (!isFull || (!wasLast && ahead(rec.score, orgId, st.score, st.org)) || (wasLast && rec.score >= old.score)) {
      upsert.push({ orgId: y, recs: [rec] });
      reread.push(y);
    } else full.add(y);
  }

  const profiles = await loadProfileLines(db, lines, [...full].filter((y) => !lines.publishedOrgs.has(y)));
  const lists = [{ orgId, recs: own }, ...[...full].map((y) => ({ orgId: y, recs: rankFor(y, lines, c, profiles.get(y)) }))];
  await db.transaction((tx) => writeChanges(tx, { lists, drop, upsert }));
  for (const l of lists) setFloor(db, l.orgId, l.recs);
  await refreshListState(db, reread);
  return { own: own.length, touched: new Set([...full, ...upsert.map((u) => u.orgId), ...drop.map(([y]) => y)]).size, reranked: full.size };
}
