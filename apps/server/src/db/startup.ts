import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { migrationsFolder } from '../paths';
import { sqlRows } from './rows';

// Everything a start does to the database before serving — migrations, reference data, demo data, the cookie secret —
// runs under one session-level advisory lock on PostgreSQL. drizzle's migrator takes no lock, so two processes
// started together on an empty database raced in migration 0000 and in the demo seeding. With the lock the second
// process waits, then finds everything done and skips it.

/** An arbitrary constant shared by every version of the platform ('cjrh' as bytes). */
const STARTUP_LOCK_KEY = 0x636a7268;
/** Setting up the job queue's queues and schedules (pg-boss's create_queue deadlocks when two processes race). */
export const JOBS_LOCK_KEY = STARTUP_LOCK_KEY + 1;

export interface StartLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** What an operator needs from a database error: its own message and code, never the statement's parameters
 *  (drizzle's wrapper puts every parameter into its message: 446 KB of demo names and phone numbers once). */
export function describeError(e: unknown): Record<string, unknown> {
  const err = e as {
    message?: string;
    code?: string;
    table?: string;
    constraint?: string;
    routine?: string;
    cause?: unknown;
    query?: string;
  };
  if (err?.cause && typeof err.query === 'string') {
    return { ...describeError(err.cause), query: err.query.slice(0, 200) };
  }
  const out: Record<string, unknown> = { message: String(err?.message ?? e).slice(0, 500) };
  // Not detail or where: they quote the offending values (a phone number in a duplicate key).
  for (const k of ['code', 'table', 'constraint', 'routine'] as const)
    if (err?.[k]) out[k] = String(err[k]).slice(0, 300);
  return out;
}

/** Waits until PostgreSQL answers, retrying with backoff (1 s doubling to 30 s) and one log line per attempt. */
export async function waitForDatabase(
  pool: pg.Pool,
  log: StartLog,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
) {
  for (let attempt = 1, delay = 1000; ; attempt++, delay = Math.min(delay * 2, 30_000)) {
    try {
      await pool.query('select 1');
      if (attempt > 1) log.info({ attempt }, '数据库已连接');
      return;
    } catch (e) {
      log.warn(
        { err: describeError(e), attempt, retryInMs: delay },
        `无法连接数据库，${Math.round(delay / 1000)} 秒后重试`,
      );
      await sleep(delay);
    }
  }
}

/** Runs fn while holding the start-up lock on a connection of its own; others wait at pg_advisory_lock. */
export async function withStartupLock<T>(
  pool: pg.Pool,
  fn: () => Promise<T>,
  log?: StartLog,
  key = STARTUP_LOCK_KEY,
): Promise<T> {
  const client = await pool.connect();
  try {
    const got = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [key]);
    if (!got.rows[0].ok) {
      log?.info({}, '另一个平台进程正在准备数据库（迁移、基础数据、示例数据或定时任务），等待其完成');
      await client.query('select pg_advisory_lock($1)', [key]);
    }
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

export class NewerDatabaseError extends Error {
  constructor(applied: number, known: number) {
    super(
      `数据库已由更新版本的平台迁移（已应用 ${applied} 个迁移，本程序只认识 ${known} 个），请使用相同或更新版本的程序启动`,
    );
  }
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}
const journal = (): Journal =>
  JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;

/** Applied migrations compared with this program's: newer ones refused, missing ones reported (readiness). */
export async function migrationState(db: Db): Promise<{ applied: number; known: number; newer: boolean }> {
  const entries = journal().entries;
  const lastKnown = entries.at(-1)?.when ?? 0;
  let rows: { n: number; last: string | null }[] = [];
  try {
    rows = await sqlRows<{ n: number; last: string | null }>(
      db,
      sql`select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`,
    );
  } catch {
    return { applied: 0, known: entries.length, newer: false }; // an empty database: nothing applied yet
  }
  const applied = rows[0]?.n ?? 0;
  return { applied, known: entries.length, newer: Number(rows[0]?.last ?? 0) > lastKnown };
}

/** Migrations on PostgreSQL, refusing a database migrated by a newer program. Call under the start-up lock. */
export async function migratePostgres(db: Db) {
  const state = await migrationState(db);
  if (state.newer) throw new NewerDatabaseError(state.applied, state.known);
  await migratePg(db as never, { migrationsFolder });
}
