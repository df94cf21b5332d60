import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import type { Database, DbOrTx } from '../db/client';

// In-process caches (catalogue search answers, the recommendation line index, the list floors) are kept per database
// handle. A write that makes them stale is announced here; on PostgreSQL the announcement is a NOTIFY on one channel
// that every process sharing the database LISTENs to, so another process forgets within milliseconds instead of
// serving a withdrawn line until its cache expires (decisions 0004, 0005). With REDIS_URL the announcement goes by
// Redis pub/sub instead (the deployment runs Redis for the shared throttles anyway; decision 0010); NOTIFY stays the
// default. The embedded database without Redis has one process: nothing to send.

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
 *  have been missed). With `redis`, subscribes there instead. Returns a stop function. */
export async function startCacheBus(
  database: Database,
  log: BusLog,
  redis?: { url: string; prefix: string },
): Promise<() => Promise<void>> {
  if (redis) return startRedisBus(database.db, log, redis);
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

/** The same bus over Redis pub/sub: a subscriber connection (ioredis reconnects by itself; every cache is dropped
 *  after it has been away) and the shared command connection to publish. */
async function startRedisBus(
  db: DbOrTx,
  log: BusLog,
  { url, prefix }: { url: string; prefix: string },
): Promise<() => Promise<void>> {
  const channel = `${prefix}cache`;
  const self = randomUUID();
  const opts = { maxRetriesPerRequest: 2, connectionName: 'cjrh-cache-events' };
  const sub = new Redis(url, opts);
  const pub = new Redis(url, opts);
  let wasDown = false;
  for (const c of [sub, pub]) c.on('error', (err: Error) => log.warn({ err: err.message }, '缓存通知 Redis 连接异常'));
  sub.on('close', () => {
    wasDown = true;
  });
  sub.on('ready', () => {
    if (!wasDown) return;
    wasDown = false;
    log.info({}, '缓存通知 Redis 连接已恢复');
    void apply(db, { t: 'all' }, log);
  });
  sub.on('message', (ch: string, payload: string) => {
    if (ch !== channel) return;
    const { from, ...e } = JSON.parse(payload) as CacheEvent & { from: string };
    if (from !== self) void apply(db, e as CacheEvent, log);
  });
  await sub.subscribe(channel);
  buses.set(db, {
    notify: (e) => {
      pub.publish(channel, JSON.stringify({ ...e, from: self })).catch((err: Error) => {
        log.warn({ err: err.message, event: e.t }, '缓存通知未能发出，其他进程的缓存将在过期后更新');
      });
    },
  });
  return async () => {
    buses.delete(db);
    await Promise.all([sub, pub].map((c) => c.quit().catch(() => c.disconnect())));
  };
}
