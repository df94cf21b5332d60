import { eq, sql } from 'drizzle-orm';
import { INDICATORS } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import { appMeta, indicatorSnapshots } from '../db/schema/index';
import { derivedHistory } from '../modules/indicators/history';
import { insertJson, PROJECTS_META_KEY } from './projectsCommon';

/** Indicators with a history worth drawing: cumulative and snapshot ones the province and regions see. */
export const historyIndicators = () =>
  INDICATORS.filter((d) => d.period !== 'year' && (d.scopes as readonly string[]).includes('province'));

/**
 * The demo's indicator history: each past day's figures computed from the dated records just written (agreements
 * from the day every party confirmed, projects from their start to their stop, forms from their transitions …),
 * exactly as `?asOf=` would give them — nothing is invented, so the history ends where today's live values are.
 */
async function indicatorHistory(tx: DbOrTx, today: string, dates: string[]) {
  const ids = new Set(historyIndicators().map((d) => d.id));
  return (await derivedHistory(tx, dates, today)).filter((r) => ids.has(r.indicatorId));
}

/**
 * Writes the demo's history for the days the projects stage chose (the 1st of each month before its today), after
 * every stage has written its records (consent and selection change figures too). Returns the rows written.
 */
export async function seedIndicatorHistory(tx: DbOrTx, log: (m: string) => void = () => {}) {
  const started = performance.now();
  const [meta] = await tx.select().from(appMeta).where(eq(appMeta.key, PROJECTS_META_KEY));
  const m = meta?.value as { today?: string; snapshotDates?: string[] } | undefined;
  if (!m?.today || !m.snapshotDates?.length) return 0;
  const rows = await indicatorHistory(tx, m.today, m.snapshotDates);
  await insertJson(
    tx,
    indicatorSnapshots,
    rows,
    sql`on conflict (indicator_id, scope, on_date) do update set value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator`,
  );
  log(
    `指标历史 ${rows.length} 条，按各日期的协议、项目、表单等记录计算（用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒）`,
  );
  return rows.length;
}
