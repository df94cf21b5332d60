import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { AppError } from '../http/errors';

/**
 * A record made twice by the same request (a double click, a retried request, ten at once — issue 16): inside the
 * creating transaction, creations with the same natural key wait for each other on a transaction lock, and a row
 * that already has that key answers 409 naming it instead of a second identical record. `key` is what makes two
 * records the same (e.g. the organiser, title and start of a fair); `find` looks for such a row.
 */
export async function refuseDuplicate(tx: DbOrTx, key: string, find: () => Promise<unknown>, message: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
  if (await find()) throw new AppError(409, 'duplicate', message);
}

/**
 * Whether a value read back from a jsonb column is what a request would store: jsonb keeps neither key order nor
 * keys whose value is undefined, so both sides go through JSON first. A save that stores what is there changes
 * nothing and records nothing (issue 16).
 */
export const sameData = (stored: unknown, incoming: unknown) =>
  isDeepStrictEqual(JSON.parse(JSON.stringify(stored ?? null)), JSON.parse(JSON.stringify(incoming ?? null)));
