import { sql } from 'drizzle-orm';
import type { Role } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import { CAMPAIGN_YEAR } from './campaignCommon';

// What the stages after the collection (acceptance, publication, intents, fairs) share: the day index on the
// campaign's clock, the demo accounts as they act, ids reserved ahead of an insert, and inserts in parts.

const DAY_MS = 86_400_000;
const DAY0 = Date.UTC(CAMPAIGN_YEAR, 6, 3);
/** Day index of a date on the campaign's clock (atX(day + fraction of the working day)). */
export const dayOf = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - DAY0) / DAY_MS);

export interface SeedUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string | null;
  orgId: number | null;
}

export async function reserveIds(tx: DbOrTx, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const res = (await tx.execute(
    sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n})`,
  )) as unknown as { rows: { id: number }[] };
  return res.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

export async function insertAll<T>(rows: T[], insert: (part: T[]) => Promise<unknown>, size = 1000) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}
