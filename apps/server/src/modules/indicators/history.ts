import { sql } from 'drizzle-orm';
import { INDICATORS } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import type { indicatorSnapshots } from '../../db/schema/index';
import { today as clockToday } from '../../lib/clock';
import { byRegion, figure } from './indicators.service';

type SnapshotRow = typeof indicatorSnapshots.$inferInsert;

/**
 * Every province-level indicator for the province and each region as it stood at the end of `day`, computed from
 * the dated records (the same figures `GET /api/indicators?asOf=day` gives), so a history point is never invented:
 * the daily job records today's, and a past day's can be derived again at any time with the same result.
 */
export async function snapshotRows(db: DbOrTx, day: string, today: string): Promise<SnapshotRow[]> {
  const p = { year: Number(day.slice(0, 4)), today, asOf: day };
  const out: SnapshotRow[] = [];
  for (const def of INDICATORS.filter((d) => (d.scopes as readonly string[]).includes('province'))) {
    const [prov, regions] = await Promise.all([figure(db, def, { kind: 'province' }, p), byRegion(db, def, p)]);
    out.push({ indicatorId: def.id, scope: '420000', onDate: day, value: prov.value, numerator: prov.numerator, denominator: prov.denominator });
    for (const r of regions) out.push({ indicatorId: def.id, scope: r.regionCode, onDate: day, value: r.value, numerator: r.numerator, denominator: r.denominator });
  }
  return out;
}

/** Upserts snapshot rows (one per indicator, scope and day). */
export async function writeSnapshots(db: DbOrTx, list: SnapshotRow[]) {
  for (const v of list) {
    await db.execute(sql`insert into indicator_snapshots (indicator_id, scope, on_date, value, numerator, denominator) values (${v.indicatorId}, ${v.scope}, ${v.onDate}, ${v.value}, ${v.numerator}, ${v.denominator})
      on conflict (indicator_id, scope, on_date) do update set value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator`);
  }
}

/** The history derived from the records for the given past days (e.g. month ends), oldest first. */
export async function derivedHistory(db: DbOrTx, days: string[], today: string): Promise<SnapshotRow[]> {
  const out: SnapshotRow[] = [];
  for (const d of days) out.push(...(await snapshotRows(db, d, today)));
  return out;
}

/** Records a day's values (today's by default) of every indicator for the province and each region (run daily; idempotent per day). */
export async function recordSnapshots(db: DbOrTx, day = clockToday()) {
  await writeSnapshots(db, await snapshotRows(db, day, clockToday()));
}
