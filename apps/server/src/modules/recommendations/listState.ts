// The length and last entry of every stored list, kept in memory: recomputeOrg compares a changed organisation's
// new entry with the last entry of each counterpart's list to decide, without reading 100,000 lists, which lists it
// enters, leaves or moves in. Filled by recomputeAll, kept up to date by every write of this module, and read back
// from the table once after a restart (one pass over the table, like the line cache's first load).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { onCacheEvent } from '../../lib/cacheEvents';
import { sqlRows } from '../../db/rows';

/** n entries; the last one (lowest score, then highest counterpart id) is (score, org). */
interface ListFloor {
  n: number;
  score: number;
  org: number;
}
export type ListState = Map<number, ListFloor>;

let states = new WeakMap<object, ListState>();

/** Forget every kept state (tests that write the table behind this module's back). */
export function invalidateListState() {
  states = new WeakMap();
}

// Another process rewrote lists: the floors kept here are read back from the table on next use.
onCacheEvent((db, e) => {
  if (e.t === 'org' || e.t === 'all') states.delete(db);
});

/** Replaces the state from the four-number records of ChunkWriter (org, length, last score, last counterpart). */
export function setListState(db: DbOrTx, floors: Iterable<number[]>) {
  const m: ListState = new Map();
  for (const f of floors)
    for (let i = 0; i < f.length; i += 4)
      if (f[i + 1] > 0) m.set(f[i], { n: f[i + 1], score: f[i + 2], org: f[i + 3] });
  states.set(db, m);
}

async function floorsOf(db: DbOrTx): Promise<[number, ListFloor][]> {
  const rows = await sqlRows<{ org_id: number; score: number; counterpart_org_id: number; n: number }>(
    db,
    sql`
    select distinct on (org_id) org_id, score, counterpart_org_id, count(*) over (partition by org_id)::int as n
    from recommendations order by org_id, score, counterpart_org_id desc`,
  );
  return rows.map((r) => [r.org_id, { n: r.n, score: r.score, org: r.counterpart_org_id }]);
}

export async function listState(db: DbOrTx): Promise<ListState> {
  let m = states.get(db);
  if (!m) states.set(db, (m = new Map(await floorsOf(db))));
  return m;
}

/** The state of a list just written whole (recs in list order). */
export function setFloor(db: DbOrTx, orgId: number, recs: { orgId: number; score: number }[]) {
  const m = states.get(db);
  if (!m) return;
  const last = recs[recs.length - 1];
  if (last) m.set(orgId, { n: recs.length, score: last.score, org: last.orgId });
  else m.delete(orgId);
}
