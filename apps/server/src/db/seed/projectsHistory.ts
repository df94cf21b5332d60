import { INDICATORS } from '@cjrh/domain';
import type { DbOrTx } from '../client';
import { derivedHistory } from '../../modules/indicators/history';

/** Indicators with a history worth drawing: cumulative and snapshot ones the province and regions see. */
export const historyIndicators = () => INDICATORS.filter((d) => d.period !== 'year' && (d.scopes as readonly string[]).includes('province'));

/**
 * The demo's indicator history: each past day's figures computed from the dated records just written (agreements
 * from the day every party confirmed, projects from their start to their stop, forms from their transitions …),
 * exactly as `?asOf=` would give them — nothing is invented, so the history ends where today's live values are.
 */
export async function indicatorHistory(tx: DbOrTx, today: string, dates: string[]) {
  const ids = new Set(historyIndicators().map((d) => d.id));
  return (await derivedHistory(tx, dates, today)).filter((r) => ids.has(r.indicatorId));
}
