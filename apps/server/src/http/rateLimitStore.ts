import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { AppError } from './errors';
import type { SharedState } from '../lib/sharedState';

// @fastify/rate-limit's `store` option: its counters kept in lib/sharedState.ts instead of the library's LocalStore
// or RedisStore. Both of those time their windows themselves (LocalStore with the process's wall clock, RedisStore with Redis's
// clock); through this store a window follows the platform clock (lib/clock.ts) in memory and in Redis alike, and
// the same counters serve the route limits, the login failure counters and captcha state (decision 0010).

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

// A store outage must not answer 500 (a bug) or let every attempt through unchecked: 503, try again.
const unavailable = (e: unknown) =>
  Object.assign(new AppError(503, 'service_unavailable', '登录保护服务暂不可用，请稍后再试'), { cause: e });

export function sharedRateLimitStore(state: SharedState): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    prefix = 'rl:';
    incr(key: string, cb: Callback, timeWindow: number) {
      state.hit(this.prefix + key, timeWindow).then(
        (r) => cb(null, { current: r.count, ttl: r.ttlMs }),
        (e: unknown) => cb(unavailable(e)),
      );
    }
    read(key: string, cb: Callback, timeWindow: number) {
      state.peek(this.prefix + key, timeWindow).then(
        (r) => cb(null, { current: r.count, ttl: r.ttlMs }),
        (e: unknown) => cb(unavailable(e)),
      );
    }
    // A route's limit counts apart from every other route's; createRateLimit() limiters have no route and carry their
    // own prefix in their key generator.
    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]) {
      const c = new SharedRateLimitStore();
      // The library passes its merged options with routeInfo (empty for createRateLimit), not what its types say.
      const r = (routeOptions as { routeInfo?: { method?: unknown; url?: string } }).routeInfo;
      if (r?.url) c.prefix = `rl:${String(r.method)}${r.url}:`;
      return c;
    }
  }
  return SharedRateLimitStore;
}
