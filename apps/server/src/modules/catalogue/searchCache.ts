// Answers to catalogue searches (page ids, total, facet counts) for the same words and filters, kept briefly.
// A published version is a frozen snapshot, so an answer only changes when this process publishes, withdraws or
// confirms a line (each calls forgetSearches), when the Beijing date turns (lines expire), or when another process on
// the same PostgreSQL writes (its forgetSearches announces it: lib/cacheEvents.ts); the short lifetime is a backstop.
// Unmasked contacts are never cached: a signed-in reader's lines are read and masked for them on every request;
// only anonymous answers (every contact masked) are kept whole.
import type { DbOrTx } from '../../db/client';
import { nowMs } from '../../lib/clock';
import { announce, onCacheEvent } from '../../lib/cacheEvents';

const TTL_MS = 30_000;
const MAX_ENTRIES = 2_000;

interface Entry<T> {
  at: number;
  value: T;
}

// Per database handle, so two test databases in one process never share answers.
const caches = new WeakMap<object, Map<string, Entry<unknown>>>();

function cacheOf(db: DbOrTx) {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new Map()));
  return c;
}

/** Look-ups of this process (GET /metrics). */
export const searchCacheStats = { hits: 0, misses: 0 };

export async function cachedSearch<T>(db: DbOrTx, key: string, compute: () => Promise<T>): Promise<T> {
  const c = cacheOf(db);
  const hit = c.get(key);
  const now = nowMs();
  if (hit && now - hit.at < TTL_MS) {
    searchCacheStats.hits++;
    // Refresh the position so the map's insertion order is a least-recently-used order.
    c.delete(key);
    c.set(key, hit);
    return hit.value as T;
  }
  searchCacheStats.misses++;
  const value = await compute();
  c.set(key, { at: now, value });
  if (c.size > MAX_ENTRIES) c.delete(c.keys().next().value!);
  return value;
}

/** After any write to published lines: later searches are computed afresh. */
export function forgetSearches(db: DbOrTx) {
  caches.get(db)?.clear();
  announce(db, { t: 'search' });
}

// Another process published, withdrew or confirmed: every answer may be stale.
onCacheEvent((db, e) => {
  if (e.t === 'search' || e.t === 'all') caches.get(db)?.clear();
});
