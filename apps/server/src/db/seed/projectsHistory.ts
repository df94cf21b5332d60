import { INDICATORS, type IndicatorDef } from '@cjrh/domain';
import type { DbOrTx } from '../client';
import type { indicatorSnapshots } from '../schema/index';
import { byRegion, figure } from '../../modules/indicators/indicators.service';
import { dayNo } from './projectData';
import type { Rng } from './random';

/** Indicators with a history worth drawing: cumulative and snapshot ones the province and regions see. */
export const historyIndicators = () => INDICATORS.filter((d) => d.period !== 'year' && (d.scopes as readonly string[]).includes('province'));
/** Figures about the schools themselves: already most of the way there when the programme began. */
const STRUCTURAL = new Set(['specialty_industry_match', 'integrated_schools', 'integrated_coverage', 'national_integrated_done']);
/** The 2025 collection: most of it approved by the end of August 2025. */
const COLLECTION = new Set(['school_forms_2025', 'key_enterprises_2025']);

/**
 * Monthly snapshots (1st of each month before today) for the province and each region, rising smoothly with small
 * deterministic noise from near 0 to today's live value (computed with the indicator service inside the transaction).
 */
export async function indicatorHistory(tx: DbOrTx, rng: Rng, today: string, dates: string[]) {
  const out: (typeof indicatorSnapshots.$inferInsert)[] = [];
  const begin = dayNo('2025-07-02');
  const span = Math.max(1, dayNo(today) - begin);
  const thisYear = Number(today.slice(0, 4));
  for (const def of historyIndicators() as IndicatorDef[]) {
    // The collection indicators count one campaign year: a day in 2025 was recorded with 2025's figures.
    const years = COLLECTION.has(def.id) ? [...new Set([...dates.map((d) => Number(d.slice(0, 4))), thisYear])] : [thisYear];
    const now = new Map<number, { scope: string; numerator: number; denominator: number | null }[]>();
    for (const year of years) {
      const p = { year, today };
      const prov = await figure(tx, def, { kind: 'province' }, p);
      const regions = await byRegion(tx, def, p);
      now.set(year, [{ scope: '420000', numerator: prov.numerator, denominator: prov.denominator }, ...regions.map((r) => ({ scope: r.regionCode, numerator: r.numerator, denominator: r.denominator }))]);
    }
    for (let k = 0; k < now.get(thisYear)!.length; k++) {
      let last = 0;
      let lastYear = 0;
      for (const d of dates) {
        const year = COLLECTION.has(def.id) ? Number(d.slice(0, 4)) : thisYear;
        const sc = now.get(year)![k];
        if (year !== lastYear) last = 0;
        lastYear = year;
        const x = Math.min(1, Math.max(0, (dayNo(d) - begin) / span));
        let share: number;
        if (STRUCTURAL.has(def.id)) share = 0.72 + 0.28 * x;
        else if (COLLECTION.has(def.id)) share = Math.min(1, 0.55 + 0.45 * ((dayNo(d) - dayNo(`${year}-08-01`)) / 61));
        else share = 0.02 + 0.98 * (x * x * (3 - 2 * x)); // smoothstep
        share = Math.min(1, Math.max(0, share * (1 + (rng.next() - 0.5) * 0.06)));
        const numerator = Math.max(last, Math.round(sc.numerator * share));
        last = numerator;
        const value = sc.denominator == null ? numerator : sc.denominator > 0 ? numerator / sc.denominator : null;
        out.push({ indicatorId: def.id, scope: sc.scope, onDate: d, value, numerator, denominator: sc.denominator });
      }
    }
  }
  return out;
}
