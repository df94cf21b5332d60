/**
 * Inputs and outputs of matchmaking (洽谈对接 recommendations). A line is one row of an ACCEPTED demand form plus the
 * org-level fields it needs (region, industries), i.e. one published demand line of the catalogue.
 */
import type { SpecialtyLevel } from '../reference/specialties';

/** One row of a school form (附件1): a specialty × need type. */
export interface SchoolLine {
  orgId: number;
  regionCode: string;
  specialtyCode: string;
  needType: string;
  /** Total graduates offered (中级工 + 高级工 + 预备技师 columns). */
  graduates: number;
  /** Levels with graduates > 0; the highest one bounds the skill level the school can answer. */
  levels: SpecialtyLevel[];
  /** YYYY-MM-DD or null when not given. */
  availableFrom: string | null;
}

/** One row of an enterprise form (附件2): an occupation/post × need type. */
export interface EnterpriseLine {
  orgId: number;
  regionCode: string;
  occupationCode: string;
  postName: string;
  headcount: number;
  /** Skill level code (SKILL_LEVELS, e.g. 'ZJG'); null when the row does not say. */
  skillLevel: string | null;
  needType: string;
  availableFrom: string | null;
  /** The enterprise's industry chain (org field industryChain). Empty → the occupation's crosswalk industries. */
  industryCodes: string[];
}

/** What the caller knows about the two organisations beyond their lines. */
export interface PairContext {
  /** Already have an agreement or an accepted intent. */
  partners?: boolean;
  /** 0..1 from dismissals (dismissPenalty); ≥ 1 means "never show". */
  dismissPenalty?: number;
}

export type MatchComponent = 'fit' | 'distance' | 'capacity' | 'timing' | 'type' | 'level' | 'partner';

export interface ScoredMatch {
  /** 0..100 integer. */
  score: number;
  /** Plain Chinese, most important first (by component weight). */
  reasons: string[];
  /** Integer points per component; their sum is the score before the dismissal penalty. */
  components: Record<MatchComponent, number>;
}

/** One scored line pair seen from one side: orgId is the COUNTERPART organisation. */
export interface ScoredPair {
  orgId: number;
  score: number;
  reasons: string[];
}

/** An organisation-level recommendation. */
export interface Recommendation {
  orgId: number;
  score: number;
  /** From the org's best two lines, deduplicated. */
  reasons: string[];
  /** How many line pairs of this org matched (after the per-line top-K cut, see rank.ts). */
  lines: number;
}
