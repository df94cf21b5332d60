// Writing recommendation lists in few statements: rows travel as one JSON document per chunk (jsonb_to_recordset),
// which PostgreSQL and PGlite parse far faster than thousands of bound parameters (the ORM's multi-row insert spent
// more CPU building statements than ranking took).
import { sql } from 'drizzle-orm';
import type { Recommendation } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { rowJson } from './ranking';
import { now } from '../../lib/clock';
import { sqlRows } from '../../db/rows';

const COLS = sql`x(o int, c int, s real, l int, r jsonb)`;

/** A JSON chunk of rows in the ChunkWriter layout (ranking.ts). */
function rowsJson(rows: { orgId: number; recs: Recommendation[] }[]): string {
  const parts: string[] = [];
  for (const { orgId, recs } of rows) for (const r of recs) parts.push(rowJson(orgId, r));
  return `[${parts.join(',')}]`;
}

/**
 * Full recompute: the new lists go into a fresh table without indexes, the indexes are built once at the end, and the
 * table replaces `recommendations` at the end of the caller's transaction. Readers keep seeing the old lists until
 * then (no 2,000,000-row delete, no index maintenance row by row).
 */
export async function beginStaging(tx: DbOrTx) {
  await tx.execute(sql`drop table if exists recommendations_next`);
  await tx.execute(sql`create table recommendations_next (like recommendations including defaults)`);
}

export async function insertStaged(tx: DbOrTx, json: string) {
  await tx.execute(
    sql`insert into recommendations_next (org_id, counterpart_org_id, score, lines, reasons, computed_at) select o, c, s, l, r, ${now().toISOString()}::timestamptz from jsonb_to_recordset(${json}::jsonb) as ${COLS}`,
  );
}

/** The index names are the ones of the migrations (0004, 0009), so later migrations find them. */
export async function swapStaged(tx: DbOrTx) {
  await tx.execute(
    sql`create unique index recommendations_next_pair on recommendations_next (org_id, counterpart_org_id)`,
  );
  await tx.execute(sql`create index recommendations_next_org_score on recommendations_next (org_id, score)`);
  await tx.execute(sql`create index recommendations_next_counterpart on recommendations_next (counterpart_org_id)`);
  // A new table has no statistics: without them the planner read all 2,000,000 rows to fetch the lists of 1,000
  // organisations (recomputeOrg) instead of using the index.
  await tx.execute(sql`analyze recommendations_next`);
  await tx.execute(sql`drop table recommendations`);
  await tx.execute(sql`alter table recommendations_next rename to recommendations`);
  await tx.execute(sql`alter index recommendations_next_pair rename to recommendations_pair_key`);
  await tx.execute(sql`alter index recommendations_next_org_score rename to recommendations_org_score_idx`);
  await tx.execute(sql`alter index recommendations_next_counterpart rename to recommendations_counterpart_idx`);
}

/**
 * One organisation's change (recomputeOrg): whole lists replaced (`lists`), single entries removed (`drop`: list
 * owner, counterpart) and entries inserted or updated in place (`upsert`), in three statements.
 */
export async function writeChanges(
  tx: DbOrTx,
  ch: {
    lists: { orgId: number; recs: Recommendation[] }[];
    drop: [number, number][];
    upsert: { orgId: number; recs: Recommendation[] }[];
  },
) {
  const ids = ch.lists.map((l) => l.orgId);
  if (ids.length) await tx.execute(sql`delete from recommendations where org_id = any(${`{${ids.join(',')}}`}::int[])`);
  if (ch.drop.length) {
    await tx.execute(
      sql`delete from recommendations r using jsonb_to_recordset(${JSON.stringify(ch.drop.map(([o, c]) => ({ o, c })))}::jsonb) as d(o int, c int) where r.org_id = d.o and r.counterpart_org_id = d.c`,
    );
  }
  const rows = [...ch.lists, ...ch.upsert];
  if (rows.some((r) => r.recs.length)) {
    // computed_at from the platform's clock, not the database's, like every other stamp (decision 0007).
    const at = now().toISOString();
    await tx.execute(sql`insert into recommendations (org_id, counterpart_org_id, score, lines, reasons, computed_at) select o, c, s, l, r, ${at}::timestamptz from jsonb_to_recordset(${rowsJson(rows)}::jsonb) as ${COLS}
      on conflict (org_id, counterpart_org_id) do update set score = excluded.score, lines = excluded.lines, reasons = excluded.reasons, computed_at = excluded.computed_at`);
  }
}

/** jsonb's text form of a string array (what `reasons::text` returns), to compare stored reasons without parsing them. */
const jsonbText = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;

/**
 * Replaces whole lists, writing only the rows that differ: re-ranking the ≈ 1,000 lists that hold a school mostly
 * moves that school's entry, so rewriting 20,000 rows (and their index entries) would cost more than the ranking.
 */
export async function replaceLists(tx: DbOrTx, lists: { orgId: number; recs: Recommendation[] }[]) {
  if (!lists.length) return { written: 0, dropped: 0 };
  type Old = { org_id: number; counterpart_org_id: number; score: number; lines: number; r: string };
  const old = await sqlRows<Old>(
    tx,
    sql`select org_id, counterpart_org_id, score, lines, reasons::text as r from recommendations where org_id = any(${`{${lists.map((l) => l.orgId).join(',')}}`}::int[])`,
  );
  const byKey = new Map(old.map((o) => [`${o.org_id}|${o.counterpart_org_id}`, o]));
  const upsert: { orgId: number; recs: Recommendation[] }[] = [];
  for (const { orgId, recs } of lists) {
    const changed = recs.filter((r) => {
      const key = `${orgId}|${r.orgId}`;
      const o = byKey.get(key);
      byKey.delete(key);
      return !o || o.score !== r.score || o.lines !== r.lines || o.r !== jsonbText(r.reasons);
    });
    if (changed.length) upsert.push({ orgId, recs: changed });
  }
  const drop = [...byKey.values()].map((o) => [o.org_id, o.counterpart_org_id] as [number, number]);
  await writeChanges(tx, { lists: [], drop, upsert });
  return { written: upsert.reduce((a, u) => a + u.recs.length, 0), dropped: drop.length };
}
