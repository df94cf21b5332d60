import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DbOrTx } from '../../db/client';
import { cachedSearch, forgetSearches } from './searchCache';

const dbA = {} as DbOrTx;
const dbB = {} as DbOrTx;

afterEach(() => vi.useRealTimers());

describe('catalogue search cache', () => {
  it('answers the same search from memory until a write or 30 s, and never across databases', async () => {
    vi.useFakeTimers();
    let computed = 0;
    const run = (db: DbOrTx, key = 'q=数控') => cachedSearch(db, key, async () => ++computed);
    expect(await run(dbA)).toBe(1);
    expect(await run(dbA)).toBe(1);
    expect(await run(dbB)).toBe(2); // another database never sees dbA's answer
    expect(await run(dbA, 'q=焊工')).toBe(3);
    forgetSearches(dbA); // a withdrawal or confirmation in this process
    expect(await run(dbA)).toBe(4);
    vi.advanceTimersByTime(31_000); // another server process may have written: answers live at most 30 s
    expect(await run(dbA)).toBe(5);
    expect(await run(dbB)).toBe(6);
  });
});
