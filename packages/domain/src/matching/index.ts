// Public API of matchmaking. Explicit names: the encoded helpers of rules.ts stay internal to this folder.
export type { EnterpriseLine, PairContext, Recommendation, SchoolLine, ScoredPair } from './types';
export { MATCH_WEIGHTS, NEED_TYPE_MATCHES, scorePair } from './rules';
export { RANK_RULES, rankCounterparts, recommendForEnterprise, recommendForSchool } from './rank';
export { buildEnterpriseIndex, buildSchoolIndex, markDead, type EnterpriseIndex, type SchoolIndex } from './lineIndex';
export { DISMISS_REASONS, dismissPenalty, type Dismissal, type DismissReason } from './dismiss';
export { entriesAgainst, entriesInCounterpartLists, type CounterpartEntry } from './pairs';
