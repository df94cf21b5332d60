import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from './client';

/** The rows of a raw SQL statement, typed by the caller. Both drivers (PGlite and node-postgres) answer `{ rows }`;
 *  drizzle types the answer per driver, so this is the one place that says so. */
export async function sqlRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
