// Public API of matchmaking. Explicit names: the encoded helpers of rules.ts stay internal to this folder.
export type {
  EnterpriseLine,
  MatchComponent,
  PairContext,
  Recommendation,
  SchoolLine,
  ScoredMatch,
  ScoredPair,
} from './types';
export {
  MATCH_RULES,
  MATCH_WEIGHTS,
  NEED_TYPE_MATCHES,
  SCHOOL_LEVEL_SKILL_CODES,
  fitKind,
  scorePair,
  type FitKind,
} from './rules';
export {
  RANK_RULES,
  rankCounterparts,
  recommendForEnterprise,
  recommendForSchool,
  type RecommendOptions,
} from './rank';
export { buildEnterpriseIndex, buildSchoolIndex, markDead, type EnterpriseIndex, type SchoolIndex } from './lineIndex';
export {
  DISMISS_REASONS,
  DISMISS_REASON_CODES,
  DISMISS_REASON_LABELS,
  MAX_SIMILAR_PENALTY,
  dismissPenalty,
  type Dismissal,
  type DismissReason,
} from './dismiss';
export { entriesAgainst, entriesInCounterpartLists, type CounterpartEntry } from './pairs';
