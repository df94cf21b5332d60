// Keeping the stored lists exact over time. Incremental re-ranking (recomputeOrg.ts) leaves a few lists different
// from a full ranking (a withdrawn line can leave the per-line top 20 of a list it never entered: decision 0005), and
// lines that expire when the date turns are not re-ranked at all. So the hourly job settles: a full recompute when
// lines changed since the last one, or when the day (the clock's, by which lines expire) has turned. The count of changes lives in app_meta, so the state
// survives a restart and is shared by several server processes on one PostgreSQL.
import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { appMeta } from '../../db/schema/index';
// Lines expire by the clock's date (`expires_on >= today`, lines.ts), so the day turns by it too.
import { now, today as clockToday } from '../../lib/clock';

const KEY = 'recommendations.settled';
interface State {
  /** Line changes re-ranked incrementally so far. */
  changes: number;
  /** `changes` as it was when the last full recompute began: everything up to it is in the stored lists. */
  settledChanges: number;
  /** The clock's date (Beijing) of the last full recompute. */
  day: string;
}

async function read(db: DbOrTx): Promise<State | null> {
  const [row] = await db.select().from(appMeta).where(eq(appMeta.key, KEY));
  return (row?.value as State | undefined) ?? null;
}

/** After recomputeOrg re-ranked a change of lines (one statement: concurrent callers cannot lose a count). */
export async function markChanged(db: DbOrTx) {
  await db
    .insert(appMeta)
    .values({ key: KEY, value: { changes: 1, settledChanges: -1, day: '' } })
    .onConflictDoUpdate({
      target: appMeta.key,
      set: {
        value: sql`jsonb_set(${appMeta.value}, '{changes}', to_jsonb(coalesce((${appMeta.value}->>'changes')::int, 0) + 1))`,
        updatedAt: now(),
      },
    });
}

/** Read before a full recompute starts; pass to markSettled when it has committed. */
export async function changesSoFar(db: DbOrTx) {
  return (await read(db))?.changes ?? 0;
}

export async function markSettled(db: DbOrTx, changesAtStart: number, day?: string) {
  day ??= clockToday();
  const value = sql`jsonb_build_object('changes', greatest(coalesce((${appMeta.value}->>'changes')::int, 0), ${changesAtStart}::int), 'settledChanges', ${changesAtStart}::int, 'day', ${day}::text)`;
  await db
    .insert(appMeta)
    .values({ key: KEY, value: { changes: changesAtStart, settledChanges: changesAtStart, day } })
    .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: now() } });
}

/** Whether the stored lists may differ from a full ranking now: never settled, changed since, or another day. */
export async function needsSettling(db: Db, today?: string) {
  today ??= clockToday();
  const s = await read(db);
  return !s || s.changes > s.settledChanges || s.day !== today;
}
