import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import * as schema from './schema/index';
import { migrationsFolder } from '../paths';
import { migratePostgres, withStartupLock } from './startup';

type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Repository functions take either the database or an open transaction. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** The raw PGlite client, when embedded (tests dump it as a template). */
  pglite?: PGlite;
  /** The pool and its address, on PostgreSQL (the start-up lock, the job queue, cache notifications, metrics). */
  pool?: pg.Pool;
  url?: string;
}

export { migrationsFolder };

export async function openPostgres(
  url: string,
  opts: { migrate?: boolean; max?: number; onConnectionError?: (e: Error) => void } = {},
): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 10_000 });
  const onError = opts.onConnectionError ?? (() => {});
  // A client whose connection is cut (pg_terminate_backend, a restart, a failover) emits 'error'. The pool listens
  // on idle clients only; a checked-out client (inside a transaction) without a listener would crash the process.
  // With one on every client, the query in flight rejects instead, its request answers 503 and the pool drops the
  // broken client when it is released.
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  const db = drizzlePg(pool, { schema, casing: 'snake_case' });
  // Migrating under the start-up lock: the seed and admin commands may run beside a starting server.
  if (opts.migrate !== false) await withStartupLock(pool, () => migratePostgres(db as unknown as Db));
  return { db: db as unknown as Db, kind: 'postgres', close: () => pool.end(), pool, url };
}

/** dataDir undefined → in memory. loadDataDir: a dumped template (tests). */
export async function openPglite(
  dataDir?: string,
  opts: { migrate?: boolean; loadDataDir?: Blob } = {},
): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({
    dataDir,
    extensions: { pg_trgm },
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  const db = drizzlePglite(client, { schema, casing: 'snake_case' });
  if (opts.migrate !== false) await migratePglite(db, { migrationsFolder });
  return { db: db as unknown as Db, kind: 'pglite', close: () => client.close(), pglite: client };
}
