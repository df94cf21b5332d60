// The ranking of one organisation's list, shared by the service (main thread) and the ranking workers
// (rankWorker.ts): no database access here, only lines, indexes and the context the caller read.
import {
  dismissPenalty,
  recommendForEnterprise,
  recommendForSchool,
  type Dismissal,
  type DismissReason,
  type EnterpriseIndex,
  type EnterpriseLine,
  type PairContext,
  type Recommendation,
  type SchoolIndex,
  type SchoolLine,
} from '@cjrh/domain';
import { profileReasons, type ProfileLines } from './profiles';

export const RECOMMENDATION_LIMIT = 20;

/** Partners (accepted intents, later agreements) and dismissals: what the ranking knows beyond the lines. */
export interface RankContext {
  partners: Map<number, Set<number>>;
  dismissals: Map<number, { counterpartOrgId: number; reason: string }[]>;
  orgIndustries: Map<number, string[]>;
}

/** What rankFor needs of the line set: a worker holds only the side it ranks against. */
export interface RankLines {
  schoolByOrg: Map<number, SchoolLine[]>;
  entByOrg: Map<number, EnterpriseLine[]>;
  entIndex?: EnterpriseIndex;
  schoolIndex?: SchoolIndex;
}

/** The pair context of orgId with each counterpart; undefined when it has no partner and no dismissal (the common case: the ranking then skips the per-candidate context lookup). */
function ctxFor(orgId: number, c: RankContext): ((counterpart: number) => PairContext) | undefined {
  const partners = c.partners.get(orgId);
  const mine: Dismissal[] = (c.dismissals.get(orgId) ?? []).map((d) => ({
    counterpartOrgId: d.counterpartOrgId,
    counterpartIndustryCodes: c.orgIndustries.get(d.counterpartOrgId) ?? [],
    reason: d.reason as DismissReason,
  }));
  if (!partners && !mine.length) return undefined;
  return (counterpart) => ({
    partners: partners?.has(counterpart) ?? false,
    dismissPenalty: mine.length
      ? dismissPenalty(mine, { orgId: counterpart, industryCodes: c.orgIndustries.get(counterpart) ?? [] })
      : 0,
  });
}

export function rankFor(orgId: number, lines: RankLines, c: RankContext, profile?: ProfileLines): Recommendation[] {
  const ctx = ctxFor(orgId, c);
  const opts = { limit: RECOMMENDATION_LIMIT, ctx };
  const own = lines.schoolByOrg.get(orgId);
  if (own) return recommendForSchool(own, lines.entIndex!, opts);
  const ent = lines.entByOrg.get(orgId);
  if (ent) return recommendForEnterprise(ent, lines.schoolIndex!, opts);
  if (!profile) return [];
  // No published demand yet: the published lines of the other side against the organisation record (profiles.ts).
  const recs =
    profile.kind === 'school'
      ? recommendForSchool(profile.lines, lines.entIndex!, opts)
      : recommendForEnterprise(profile.lines, lines.schoolIndex!, opts);
  return recs.map((r) => ({ ...r, reasons: profileReasons(profile.kind, r.reasons) }));
}

/** One stored row encoded for `jsonb_to_recordset` (store.ts): list owner, counterpart, score, lines, reasons. */
export const rowJson = (orgId: number, r: Recommendation) =>
  `{"o":${orgId},"c":${r.orgId},"s":${r.score},"l":${r.lines},"r":${JSON.stringify(r.reasons)}}`;

/**
 * Lists encoded for `jsonb_to_recordset` (store.ts), a chunk at a time, and each list's length and last entry (the
 * "floor" recomputeOrg compares a changed organisation with, listState.ts).
 */
export class ChunkWriter {
  private parts: string[] = [];
  rows = 0;
  /** org, length, last score, last counterpart — four numbers per ranked organisation. */
  floors: number[] = [];
  constructor(
    private readonly emit: (json: string, rows: number, floors: number[]) => void,
    private readonly chunkRows = 20_000,
  ) {}

  add(orgId: number, recs: Recommendation[]) {
    for (const r of recs) this.parts.push(rowJson(orgId, r));
    this.rows += recs.length;
    const last = recs[recs.length - 1];
    this.floors.push(orgId, recs.length, last?.score ?? -1, last?.orgId ?? 0);
    if (this.parts.length >= this.chunkRows) this.flush();
  }

  flush() {
    if (!this.parts.length && !this.floors.length) return;
    this.emit(`[${this.parts.join(',')}]`, this.parts.length, this.floors);
    this.parts = [];
    this.floors = [];
  }
}
