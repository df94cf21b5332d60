import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Database, DbOrTx } from '../db/client';

// In-process caches (catalogue search answers, the recommendation line index, the list floors) are kept per database
// handle. A write that makes them stale is announced here; on PostgreSQL the announcement is a NOTIFY on one channel
// that every process sharing the database LISTENs to, so another process forgets within milliseconds instead of
// serving a withdrawn line until its cache expires (decisions 0004, 0005). The embedded database has one process:
// nothing to send.

export type CacheEvent = { t: 'search' } | { t: 'org'; orgId: number } | { t: 'all' };
type Handler = (db: DbOrTx, e: CacheEvent) => void | Promise<void>;

const CHANNEL = 'cjrh_cache';
const handlers: Handler[] = [];
const buses = new WeakMap<object, { notify(e: CacheEvent): void }>();

export interface BusLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Modules holding a cache register how to forget on another process's change (at module load). */
export function onCacheEvent(h: Handler) {
  handlers.push(h);
}

/** Tells the other processes; call after the write committed (the local cache is the caller's to update). */
export function announce(db: DbOrTx, e: CacheEvent) {
  buses.get(db)?.notify(e);
}

async function apply(db: DbOrTx, e: CacheEvent, log: BusLog) {
  for (const h of handlers) {
    try {
      await h(db, e);
    } catch (err) {
      log.warn({ err: (err as Error).message, event: e.t }, 'cache event not applied');
    }
  }
}

/** LISTENs on a connection of its own, reconnecting with backoff; after a gap every cache is dropped (events may
 *  have been missed). Returns a stop function. */
export async function startCacheBus(database: Database, log: BusLog): Promise<() => Promise<void>> {
  if (database.kind !== 'postgres' || !database.url || !database.pool) return async () => {};
  const { db, pool, url } = database;
  // Its own notifications come back to its listener: recognised by this token and skipped (per handle, not per
  // process: tests run two "processes" in one).
  const self = randomUUID();
  let client: pg.Client | null = null;
  let stopped = false;
  let delay = 500;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (afterGap: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'cjrh-cache-events' });
    c.on('error', () => {}); // 'end' follows and reconnects
    c.on('end', () => {
      if (client !== c || stopped) return;
      client = null;
      log.warn({ retryInMs: delay }, '缓存通知连接中断，正在重连');
      schedule();
    });
    c.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      const { from, ...e } = JSON.parse(msg.payload) as CacheEvent & { from: string };
      if (from !== self) void apply(db, e as CacheEvent, log);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (e) {
      await c.end().catch(() => {});
      throw e;
    }
    if (stopped) return void (await c.end().catch(() => {}));
    client = c;
    delay = 500;
    if (afterGap) await apply(db, { t: 'all' }, log);
  };
  const schedule = () => {
    timer = setTimeout(() => {
      connect(true).catch(() => {
        delay = Math.min(delay * 2, 10_000);
        if (!stopped) schedule();
      });
    }, delay);
    timer.unref();
  };

  await connect(false);
  buses.set(db, {
    notify: (e) => {
      pool.query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify({ ...e, from: self })]).catch((err: Error) => {
        log.warn({ err: err.message, event: e.t }, '缓存通知未能发出，其他进程的缓存将在过期后更新');
      });
    },
  });
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    buses.delete(db);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}
