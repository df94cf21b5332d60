import { sql } from 'drizzle-orm';
import { INDICATORS } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import type { indicatorSnapshots } from '../../db/schema/index';
import { addDaysIso, today as clockToday } from '../../lib/clock';
import { PROGRAMME_START } from './asOf';
import { byRegion, figure } from './indicators.service';
import { sqlRows } from '../../db/rows';

type SnapshotRow = typeof indicatorSnapshots.$inferInsert;

/**
 * Every province-level indicator for the province and each region as it stood at the end of `day`, computed from
 * the dated records (the same figures `GET /api/indicators?asOf=day` gives), so a history point is never invented:
 * the daily job records today's, and a past day's can be derived again at any time with the same result.
 */
async function snapshotRows(db: DbOrTx, day: string, today: string): Promise<SnapshotRow[]> {
  const p = { year: Number(day.slice(0, 4)), today, asOf: day };
  const out: SnapshotRow[] = [];
  for (const def of INDICATORS.filter((d) => (d.scopes as readonly string[]).includes('province'))) {
    const [prov, regions] = await Promise.all([figure(db, def, { kind: 'province' }, p), byRegion(db, def, p)]);
    out.push({
      indicatorId: def.id,
      scope: '420000',
      onDate: day,
      value: prov.value,
      numerator: prov.numerator,
      denominator: prov.denominator,
    });
    for (const r of regions)
      out.push({
        indicatorId: def.id,
        scope: r.regionCode,
        onDate: day,
        value: r.value,
        numerator: r.numerator,
        denominator: r.denominator,
      });
  }
  return out;
}

/** Upserts snapshot rows (one per indicator, scope and day), a day's worth per statement. */
async function writeSnapshots(db: DbOrTx, list: SnapshotRow[]) {
  for (let i = 0; i < list.length; i += 500) {
    const part = list
      .slice(i, i + 500)
      .map(
        (v) =>
          sql`(${v.indicatorId}, ${v.scope}, ${v.onDate}::date, ${v.value}::real, ${v.numerator}::real, ${v.denominator}::real)`,
      );
    await db.execute(sql`insert into indicator_snapshots (indicator_id, scope, on_date, value, numerator, denominator) values ${sql.join(part, sql`, `)}
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

/** The last day of every month from the programme's first (2025-07) up to, not including, `today`. */
export function monthEnds(today: string): string[] {
  const out: string[] = [];
  for (let m = Date.UTC(2025, 7, 1); ;) {
    const end = addDaysIso(new Date(m).toISOString().slice(0, 10), -1);
    if (end >= today) break;
    if (end >= PROGRAMME_START) out.push(end);
    const d = new Date(m);
    m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return out;
}

/**
 * Writes the month ends the history lacks (a platform started after the programme began, or days the server was
 * down), each from the dated records as of that day, so the trends and forecasts have a past that was not invented.
 * Idempotent and cheap once filled: only month ends without a province row are computed. Returns the days written.
 */
export async function fillMonthEnds(db: DbOrTx, today = clockToday()) {
  const days = monthEnds(today);
  if (!days.length) return [];
  const have = new Set(
    (
      await sqlRows<{ d: string }>(
        db,
        sql`select distinct to_char(on_date, 'YYYY-MM-DD') as d from indicator_snapshots where scope = '420000' and on_date in (${sql.join(
          days.map((d) => sql`${d}::date`),
          sql`, `,
        )})`,
      )
    ).map((r) => r.d),
  );
  const missing = days.filter((d) => !have.has(d));
  for (const d of missing) await writeSnapshots(db, await snapshotRows(db, d, today));
  return missing;
}
