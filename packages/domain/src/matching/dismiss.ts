/**
 * Dismissed recommendations ("不感兴趣") feed the ranking: the dismissed organisation never comes back, and
 * organisations in the same industries as several dismissed ones sink a little (a multiplier on the score, see
 * finalScore in rules.ts), so one click does not hide a whole industry but a pattern of clicks does.
 */

export const DISMISS_REASON_CODES = ['too_far', 'not_relevant', 'size_mismatch', 'already_partner', 'other'] as const;
export type DismissReason = (typeof DISMISS_REASON_CODES)[number];

/**
 * The reasons a user can pick, with how much one such dismissal lowers OTHER organisations sharing an industry with
 * the dismissed one. '已有合作' says nothing about similar organisations (the pair just met elsewhere), so it weighs 0.
 */
export const DISMISS_REASONS: readonly { code: DismissReason; label: string; similarPenalty: number }[] = Object.freeze(
  [
    Object.freeze({ code: 'too_far' as const, label: '距离太远', similarPenalty: 0.15 }),
    Object.freeze({ code: 'not_relevant' as const, label: '专业不对口', similarPenalty: 0.15 }),
    Object.freeze({ code: 'size_mismatch' as const, label: '规模不匹配', similarPenalty: 0.15 }),
    Object.freeze({ code: 'already_partner' as const, label: '已有合作', similarPenalty: 0 }),
    Object.freeze({ code: 'other' as const, label: '其他', similarPenalty: 0.15 }),
  ],
);

/** The most similar-org penalty dismissals can add up to: a candidate keeps at least half its score. */
const MAX_SIMILAR_PENALTY = 0.5;

export interface Dismissal {
  counterpartOrgId: number;
  counterpartIndustryCodes: readonly string[];
  /** A DismissReason code or its Chinese label; anything else counts as 'other'. */
  reason: string;
}

const byCodeOrLabel = new Map<string, (typeof DISMISS_REASONS)[number]>(
  DISMISS_REASONS.flatMap((r) => [[r.code, r] as const, [r.label, r] as const]),
);
const reasonOf = (reason: string) => byCodeOrLabel.get(reason.trim()) ?? byCodeOrLabel.get('other')!;

/**
 * Penalty (0..1) for showing `candidate` to the user who made these dismissals: 1 = exclude (the user dismissed this
 * very organisation); otherwise the sum over dismissed OTHER organisations sharing ≥ 1 industry with the candidate
 * of their reason's weight (each dismissed org counted once, at its heaviest reason), capped at MAX_SIMILAR_PENALTY.
 */
export function dismissPenalty(
  dismissals: readonly Dismissal[],
  candidate: { orgId: number; industryCodes: readonly string[] },
): number {
  const industries = new Set(candidate.industryCodes);
  const perOrg = new Map<number, number>();
  for (const d of dismissals) {
    if (d.counterpartOrgId === candidate.orgId) return 1;
    if (!d.counterpartIndustryCodes.some((c) => industries.has(c))) continue;
    const w = reasonOf(d.reason).similarPenalty;
    perOrg.set(d.counterpartOrgId, Math.max(perOrg.get(d.counterpartOrgId) ?? 0, w));
  }
  let sum = 0;
  for (const w of perOrg.values()) sum += w;
  // Rounded so 0.15 × 3 is 0.45, not 0.44999999999999996 (the value is shown and compared in tests).
  return Math.min(MAX_SIMILAR_PENALTY, Math.round(sum * 1000) / 1000);
}
