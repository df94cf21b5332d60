import { round2 } from './rubric';

/**
 * How a nomination's final score is drawn from its experts' totals (the rule of 去掉一个最高分、去掉一个最低分):
 * - with TRIM_FROM (5) or more scores, the single highest and the single lowest are dropped — one of each, even when
 *   several experts gave the same extreme — and the rest are averaged;
 * - with fewer, all are averaged (dropping two of three or four would leave too few to mean anything);
 * - the mean is rounded half away from zero to 2 decimals.
 * Only the totals of experts who declared no conflict of interest are passed in; the server also requires at least
 * MIN_SCORES (3) of them before it draws the shortlist.
 */
export const TRIM_FROM = 5;
export const MIN_SCORES = 3;

export function aggregateScores(totals: readonly number[]): number | null {
  if (!totals.length) return null;
  const sorted = [...totals].sort((a, b) => a - b);
  const kept = sorted.length >= TRIM_FROM ? sorted.slice(1, -1) : sorted;
  return round2(kept.reduce((s, n) => s + n, 0) / kept.length);
}

export interface ShortlistCandidate {
  id: number;
  type: string;
  finalScore: number | null;
}

export interface ShortlistPlace {
  id: number;
  type: string;
  finalScore: number | null;
  /** 1-based place within its type, by score (ties: the lower id first). */
  rank: number;
  outcome: 'shortlisted' | 'not_selected';
}

/**
 * The shortlist (拟入选名单): per project type, the best `quota[type]` by final score. Deterministic: equal scores are
 * ordered by the lower nomination id (the earlier nomination), so drawing twice gives the same list. A nomination
 * without a score, or of a type without a quota, is never shortlisted. Output in input order.
 */
export function shortlist(
  candidates: readonly ShortlistCandidate[],
  quota: Readonly<Record<string, number>>,
): ShortlistPlace[] {
  const byType = new Map<string, ShortlistCandidate[]>();
  for (const c of candidates) byType.set(c.type, [...(byType.get(c.type) ?? []), c]);
  const places = new Map<number, ShortlistPlace>();
  for (const [type, list] of byType) {
    const ordered = [...list].sort((a, b) => (b.finalScore ?? -Infinity) - (a.finalScore ?? -Infinity) || a.id - b.id);
    const q = Math.max(0, Math.floor(quota[type] ?? 0));
    ordered.forEach((c, i) => {
      const outcome = i < q && c.finalScore != null ? 'shortlisted' : 'not_selected';
      places.set(c.id, { id: c.id, type, finalScore: c.finalScore, rank: i + 1, outcome });
    });
  }
  return candidates.map((c) => places.get(c.id)!);
}
