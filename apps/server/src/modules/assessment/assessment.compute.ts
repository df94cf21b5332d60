import {
  evidenceLink,
  indicatorById,
  itemScore,
  itemTarget,
  rankRegions,
  REGIONS,
  totalScore,
  type IndicatorUnit,
  type SchemeItem,
} from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { byRegion } from '../indicators/indicators.service';
import type { Params } from '../indicators/sources';

export interface ManualScore {
  regionCode: string;
  itemKey: string;
  score: number;
  reason: string;
}

export interface ResultItem {
  key: string;
  label: string;
  kind: SchemeItem['kind'];
  indicatorId: string | null;
  unit: IndicatorUnit | null;
  target: number | null;
  /** The indicator's value for the region (ratio as a fraction); for a manual item, the score entered. */
  value: number | null;
  /** 0–100; null for a manual item not scored yet. */
  score: number | null;
  weight: number;
  /** weight × score ÷ 100. */
  weighted: number;
  /** Indicator items: where the figure can be checked row by row. */
  evidence: string | null;
  /** Manual items: why the province gave the score. */
  reason: string | null;
}

export interface RegionResult {
  regionCode: string;
  regionName: string;
  items: ResultItem[];
  total: number;
  rank: number;
  /** Every manual item scored. */
  complete: boolean;
}

export interface MissingScore {
  regionCode: string;
  regionName: string;
  itemKey: string;
  itemLabel: string;
}

/**
 * Scores every region against the scheme with the figures as of `p.asOf` (the end of the assessed year, or today
 * while it runs): each indicator item through the indicator engine's per-region figure
 * (the same number its page shows, so the evidence link adds up), each manual item from what was entered.
 */
export async function computeRows(
  db: DbOrTx,
  p: Params,
  items: SchemeItem[],
  manual: ManualScore[],
): Promise<RegionResult[]> {
  const year = p.year;
  const figures = new Map<string, Map<string, number | null>>();
  for (const it of items) {
    if (it.kind !== 'indicator' || figures.has(it.indicatorId!)) continue;
    const def = indicatorById(it.indicatorId!);
    if (!def) throw new Error(`scheme refers to unknown indicator ${it.indicatorId}`);
    figures.set(def.id, new Map((await byRegion(db, def, p)).map((r) => [r.regionCode, r.value])));
  }
  const entered = new Map(manual.map((m) => [`${m.regionCode}|${m.itemKey}`, m]));
  const rows = REGIONS.map((region) => {
    const results = items.map((it): ResultItem => {
      if (it.kind === 'indicator') {
        const def = indicatorById(it.indicatorId!)!;
        const value = figures.get(def.id)!.get(region.code) ?? null;
        const target = itemTarget(it)!;
        const score = itemScore(value, target, def.unit);
        return {
          key: it.key,
          label: it.label,
          kind: it.kind,
          indicatorId: def.id,
          unit: def.unit,
          target,
          value,
          score,
          weight: it.weight,
          weighted: (it.weight * score) / 100,
          evidence: evidenceLink(def.id, region.code, year),
          reason: null,
        };
      }
      const m = entered.get(`${region.code}|${it.key}`);
      const score = m ? m.score : null;
      return {
        key: it.key,
        label: it.label,
        kind: it.kind,
        indicatorId: null,
        unit: null,
        target: null,
        value: score,
        score,
        weight: it.weight,
        weighted: ((score ?? 0) * it.weight) / 100,
        evidence: null,
        reason: m?.reason ?? null,
      };
    });
    const total = totalScore(items, Object.fromEntries(results.map((r) => [r.key, r.score])));
    return {
      regionCode: region.code,
      regionName: region.name,
      items: results,
      total,
      complete: results.every((r) => r.kind !== 'manual' || r.score != null),
    };
  });
  return rankRegions(rows);
}

/** Manual items still without a score, region by region. */
export function missingScores(rows: RegionResult[]): MissingScore[] {
  const order = new Map(REGIONS.map((r, i) => [r.code, i]));
  return rows
    .flatMap((r) =>
      r.items
        .filter((i) => i.kind === 'manual' && i.score == null)
        .map((i) => ({ regionCode: r.regionCode, regionName: r.regionName, itemKey: i.key, itemLabel: i.label })),
    )
    .sort((a, b) => order.get(a.regionCode)! - order.get(b.regionCode)! || a.itemKey.localeCompare(b.itemKey));
}
