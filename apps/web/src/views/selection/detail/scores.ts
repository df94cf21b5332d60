// The province's view of a nomination's sheets: which count, which extremes the rule drops, and the mean of the rest.
import { aggregateScores, TRIM_FROM } from '@cjrh/domain';
import type { Nomination } from '@/api/selection';

export interface SheetRow {
  expertUserId: number;
  expertName: string;
  total: number;
  scores: Record<string, number>;
  comment: string;
  scoredAt: string;
  /** Not counted: the expert declared (or was found to have) a conflict, or never declared. */
  invalid: boolean;
  dropped: 'high' | 'low' | null;
}

/**
 * Mirrors aggregateScores of the domain (the server's rule): of five or more valid totals one highest and one lowest
 * are dropped (one each, even when tied). Which tied sheet is marked is cosmetic; the numbers are the server's.
 */
export function trimmedScores(n: Nomination): {
  rows: SheetRow[];
  finalScore: number | null;
  high: number | null;
  low: number | null;
} {
  const valid = new Set((n.declarations ?? []).filter((d) => !d.conflict).map((d) => d.expertUserId));
  const rows: SheetRow[] = (n.scores ?? []).map((s) => ({ ...s, invalid: !valid.has(s.expertUserId), dropped: null }));
  const counted = rows.filter((r) => !r.invalid).sort((a, b) => a.total - b.total);
  let high: number | null = null;
  let low: number | null = null;
  if (counted.length >= TRIM_FROM) {
    counted[0].dropped = 'low';
    counted[counted.length - 1].dropped = 'high';
    low = counted[0].total;
    high = counted[counted.length - 1].total;
  }
  return {
    rows: rows.sort((a, b) => b.total - a.total),
    finalScore: aggregateScores(counted.map((r) => r.total)),
    high,
    low,
  };
}
