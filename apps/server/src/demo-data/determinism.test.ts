import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { sqlRows } from '../db/rows';
import { freshDatabase } from '../../test/db';
import { now, withClockStopped } from '../lib/clock';
import { ensureDemoData } from './demo';

// The demo is proven deterministic once, here, for every table: two empty databases seeded the way `npm start`
// seeds them give the same rows. The stage tests then read copies of one seed per run (test/seededDemo.ts).
// Both seeds run with the clock standing at the same instant, as if started at the same moment. The only columns
// left out are those that must differ by design, each with why.
const NOT_REPRODUCIBLE: Record<string, string[]> = {
  // argon2 draws a fresh salt for every hash.
  users: ['password_hash'],
  // The Word package records the moment it was written in its own metadata (docx's core properties).
  agreement_records: ['docx', 'docx_sha256'],
  // Teachers' (and recruited talents') ID numbers are kept only as a hash keyed by the deployment's own random salt
  // (app_meta id_key_salt).
  school_teachers: ['id_key'],
  teacher_recruits: ['id_key'],
};
/** Columns compared without a part that must differ: the freezing audit entry names the Word file's fingerprint. */
const REDACTED: Record<string, Record<string, string>> = {
  audit_log: { after: `"after" #- '{record,docxSha256}'` },
  // The salt of the ID-number hashes is a secret drawn at random for each deployment.
  app_meta: { value: `case when "key" = 'id_key_salt' then null else "value" end` },
};

let a: Database;
let b: Database;

beforeAll(async () => {
  [a, b] = await Promise.all([freshDatabase(), freshDatabase()]);
  const at = now();
  expect(await withClockStopped(at, () => ensureDemoData(a.db))).toBe(true);
  expect(await withClockStopped(at, () => ensureDemoData(b.db))).toBe(true);
}, 600_000);
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

async function tableHashes(d: Database): Promise<Map<string, { rows: number; hash: string }>> {
  const tables = await sqlRows<{ table_name: string }>(
    d.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const out = new Map<string, { rows: number; hash: string }>();
  for (const { table_name: name } of tables) {
    const skip = new Set(NOT_REPRODUCIBLE[name] ?? []);
    const cols = (
      await sqlRows<{ column_name: string }>(
        d.db,
        sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = ${name} order by ordinal_position`,
      )
    )
      .map((c) => c.column_name)
      .filter((c) => !skip.has(c));
    if (cols.length === 0) continue;
    const list = sql.join(
      cols.map((c) => (REDACTED[name]?.[c] ? sql.raw(`${REDACTED[name][c]} as "${c}"`) : sql.identifier(c))),
      sql`, `,
    );
    // Row text ordered by itself: a stable order whatever the table's keys are.
    const rows = await sqlRows<{ r: string }>(
      d.db,
      sql`select t::text as r from (select ${list} from ${sql.identifier(name)}) t order by 1`,
    );
    const h = createHash('sha256');
    for (const r of rows) h.update(r.r).update('\n');
    out.set(name, { rows: rows.length, hash: h.digest('hex') });
  }
  return out;
}

async function differingColumns(table: string): Promise<string[]> {
  const cols = (
    await sqlRows<{ column_name: string }>(
      a.db,
      sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = ${table} order by ordinal_position`,
    )
  ).map((c) => c.column_name);
  const one = async (d: Database, c: string) =>
    (
      await sqlRows<{ h: string }>(
        d.db,
        sql`select coalesce(string_agg(v, '|' order by v), '') as h from (select ${sql.identifier(c)}::text as v from ${sql.identifier(table)}) t`,
      )
    )[0].h;
  const out: string[] = [];
  for (const c of cols) if ((await one(a, c)) !== (await one(b, c))) out.push(c);
  return out;
}

describe('the demo generator', () => {
  it('gives the same rows in every table on two empty databases', async () => {
    const [x, y] = await Promise.all([tableHashes(a), tableHashes(b)]);
    expect([...y.keys()]).toEqual([...x.keys()]);
    const differing = [...x].filter(([name, v]) => y.get(name)!.hash !== v.hash).map(([name]) => name);
    // Name the columns that differ, so a failure says where the seed stopped being deterministic.
    const where = await Promise.all(differing.map(async (t) => `${t}(${(await differingColumns(t)).join(', ')})`));
    expect(where).toEqual([]);
    // The demo fills the tables it is about (a sanity floor, so an empty seed cannot pass as deterministic).
    for (const t of ['orgs', 'users', 'forms', 'published_items', 'agreements', 'projects', 'progress_reports'])
      expect(x.get(t)?.rows ?? 0, t).toBeGreaterThan(10);
  });
});
