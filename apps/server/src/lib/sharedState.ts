import { Redis } from 'ioredis';
import { nowMs } from './clock';

// Short-lived security state: throttle counters (the login limits, @fastify/rate-limit's windows through
// http/rateLimitStore.ts) and one-time values (captcha answers). In one process it lives in memory; with REDIS_URL
// it lives in Redis, so every process behind the balancer counts the same attempts and a captcha made by one process
// is checked by another (decision 0010).
//
// Windows and expiry are decided with the platform clock (lib/clock.ts), in both stores: Redis's own TTLs only clear
// keys away, some time after the platform clock has already treated them as expired. So a test that moves the
// clock moves the windows, and Redis and memory agree.

interface Count {
  /** Attempts in the current window, this one included (for peek: so far). */
  count: number;
  /** Milliseconds until the window ends (0 when no window is open). */
  ttlMs: number;
}

export interface SharedState {
  readonly kind: 'memory' | 'redis';
  /** Counts one attempt under `key`; a window of `windowMs` opens with the first attempt. */
  hit(key: string, windowMs: number): Promise<Count>;
  /** The current count without counting. */
  peek(key: string, windowMs: number): Promise<Count>;
  /** Forgets a counter (a successful login clears its failures). */
  clear(key: string): Promise<void>;
  /** Keeps `value` under `key` for `ttlMs`; takeOnce returns it at most once. */
  putOnce(key: string, value: string, ttlMs: number): Promise<void>;
  takeOnce(key: string): Promise<string | null>;
  /** A one-time value without spending it: for tests, which cannot read a captcha picture. */
  peekValue(key: string): Promise<string | null>;
  close(): Promise<void>;
}

/** Keys beyond which the memory store forgets its oldest entries (a flood of random usernames cannot grow it). */
const MEMORY_LIMIT = 50_000;

export function memoryState(): SharedState {
  const windows = new Map<string, { count: number; start: number; windowMs: number }>();
  const values = new Map<string, { value: string; expires: number }>();
  const bound = (m: Map<string, unknown>) => {
    if (m.size <= MEMORY_LIMIT) return;
    for (const k of m.keys()) {
      m.delete(k);
      if (m.size <= MEMORY_LIMIT * 0.9) break;
    }
  };
  const alive = (key: string, windowMs: number, now: number) => {
    const w = windows.get(key);
    return w && w.start + windowMs > now ? w : null;
  };
  return {
    kind: 'memory',
    async hit(key, windowMs) {
      const now = nowMs();
      let w = alive(key, windowMs, now);
      if (w) w.count++;
      else {
        w = { count: 1, start: now, windowMs };
        windows.delete(key); // re-inserted at the end: the Map's order is the age order bound() relies on
        windows.set(key, w);
        bound(windows);
      }
      return { count: w.count, ttlMs: w.start + windowMs - now };
    },
    async peek(key, windowMs) {
      const now = nowMs();
      const w = alive(key, windowMs, now);
      return w ? { count: w.count, ttlMs: w.start + windowMs - now } : { count: 0, ttlMs: 0 };
    },
    async clear(key) {
      windows.delete(key);
    },
    async putOnce(key, value, ttlMs) {
      values.delete(key);
      values.set(key, { value, expires: nowMs() + ttlMs });
      bound(values);
    },
    async takeOnce(key) {
      const v = values.get(key);
      values.delete(key);
      return v && v.expires > nowMs() ? v.value : null;
    },
    async peekValue(key) {
      const v = values.get(key);
      return v && v.expires > nowMs() ? v.value : null;
    },
    async close() {},
  };
}

// One round trip per attempt. The window's start is kept beside the count and compared with the platform's now
// (ARGV[1]), not Redis's clock; PEXPIRE only clears the key away a while after the window ends.
const HIT = `
local start = tonumber(redis.call('HGET', KEYS[1], 's'))
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local count
if (not start) or start + window <= now then
  start = now
  count = 1
  redis.call('HSET', KEYS[1], 's', now, 'c', 1)
else
  count = redis.call('HINCRBY', KEYS[1], 'c', 1)
end
redis.call('PEXPIRE', KEYS[1], window + 60000)
return {count, start + window - now}
`;
const PEEK = `
local start = tonumber(redis.call('HGET', KEYS[1], 's'))
local now = tonumber(ARGV[1])
if (not start) or start + tonumber(ARGV[2]) <= now then return {0, 0} end
return {tonumber(redis.call('HGET', KEYS[1], 'c')), start + tonumber(ARGV[2]) - now}
`;
const TAKE = `
local v = redis.call('GET', KEYS[1])
if v then redis.call('DEL', KEYS[1]) end
return v
`;

type ScriptedRedis = Redis & {
  cjrhHit(key: string, now: number, windowMs: number): Promise<[number, number]>;
  cjrhPeek(key: string, now: number, windowMs: number): Promise<[number, number]>;
  cjrhTake(key: string): Promise<string | null>;
};

/**
 * The Redis store; every key starts with `prefix` (REDIS_KEY_PREFIX), so deployments or test runs sharing a Redis
 * stay apart. Commands wait for a connection (ioredis queues them) but fail after a few retries instead of hanging a
 * login forever: the error handler turns that into 503.
 */
export function redisState(url: string, prefix: string, onError: (err: Error) => void = () => {}): SharedState {
  const redis = new Redis(url, {
    keyPrefix: prefix,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectionName: 'cjrh-security',
  }) as ScriptedRedis;
  redis.on('error', onError);
  redis.defineCommand('cjrhHit', { numberOfKeys: 1, lua: HIT });
  redis.defineCommand('cjrhPeek', { numberOfKeys: 1, lua: PEEK });
  redis.defineCommand('cjrhTake', { numberOfKeys: 1, lua: TAKE });
  return {
    kind: 'redis',
    async hit(key, windowMs) {
      const [count, ttlMs] = await redis.cjrhHit(key, nowMs(), windowMs);
      return { count, ttlMs };
    },
    async peek(key, windowMs) {
      const [count, ttlMs] = await redis.cjrhPeek(key, nowMs(), windowMs);
      return { count, ttlMs };
    },
    async clear(key) {
      await redis.del(key);
    },
    async putOnce(key, value, ttlMs) {
      // The expiry instant travels with the value: takeOnce judges it by the platform clock.
      await redis.set(key, `${nowMs() + ttlMs}|${value}`, 'PX', ttlMs + 60_000);
    },
    async takeOnce(key) {
      const raw = await redis.cjrhTake(key);
      if (!raw) return null;
      const bar = raw.indexOf('|');
      return Number(raw.slice(0, bar)) > nowMs() ? raw.slice(bar + 1) : null;
    },
    async peekValue(key) {
      const raw = await redis.get(key);
      if (!raw) return null;
      const bar = raw.indexOf('|');
      return Number(raw.slice(0, bar)) > nowMs() ? raw.slice(bar + 1) : null;
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
