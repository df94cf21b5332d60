/**
 * One organisation against every counterpart organisation at once: for each counterpart, the entry this
 * organisation gets in the COUNTERPART's list (rank.ts semantics seen from the other side), computed from all line
 * pairs of the two organisations. The server (recomputeOrg) uses `entriesAgainst`, restricted to the lines of the
 * lists concerned; `entriesInCounterpartLists` is the same over the whole index, the reference it is tested against.
 *
 * What it does not see: the per-line top-K cut of the counterpart's lines (rank.ts rule 1). The entry equals the
 * counterpart's own ranking whenever this organisation's pairs are within the top K of the counterpart lines they
 * touch — always when those lines have at most K candidates, and in practice for any entry good enough to reach a
 * 20-long list; see docs/decisions/0005-recommendation-recompute.md.
 *
 * Cost: O(P) for the P candidate pairs (every counterpart line sharing an occupation or an industry with one of the
 * organisation's lines; about 10^5–10^6 for a school against 1,000,000 enterprise lines), all in typed arrays, plus
 * O(C) for the C counterparts touched. No allocation per pair.
 */
import { CELL_COUNT, type EnterpriseIndex, type KeyBuckets, type LineTable, type SchoolIndex } from './lineIndex';
import { enterprisePlan, RANK_RULES, schoolPlan, type QueryPlan } from './rank';
import { capacityPoints, distancePoints, FIT_POINTS, fitKind, levelPoints, timingPoints, typePoints } from './rules';
import type { EnterpriseLine, SchoolLine } from './types';

/** This organisation as an entry of one counterpart's list (no partner bonus, no dismissal penalty). */
export interface CounterpartEntry {
  /** The counterpart organisation (whose list this entry belongs to). */
  orgId: number;
  /** The organisation-level score (best pair + extra good pairs, capped at 100). */
  score: number;
  /** Pairs that matched. */
  lines: number;
  /** The best pair and the second best (reasons come from them): counterpart line index j in the index, own line position. */
  best: { j: number; own: number };
  second: { j: number; own: number } | null;
}

interface Tally {
  s1: Int32Array;
  o1: Float64Array;
  j1: Int32Array;
  s2: Int32Array;
  o2: Float64Array;
  j2: Int32Array;
  lines: Int32Array;
  good: Int32Array;
  touched: number[];
}

function tally(orgs: number): Tally {
  return {
    s1: new Int32Array(orgs).fill(-1),
    o1: new Float64Array(orgs),
    j1: new Int32Array(orgs),
    s2: new Int32Array(orgs).fill(-1),
    o2: new Float64Array(orgs),
    j2: new Int32Array(orgs),
    lines: new Int32Array(orgs),
    good: new Int32Array(orgs),
    touched: [],
  };
}

function addPair(T: Tally, o: number, score: number, order: number, j: number, minGood: number) {
  if (T.lines[o]++ === 0) T.touched.push(o);
  if (score >= minGood) T.good[o]++;
  if (score > T.s1[o] || (score === T.s1[o] && order < T.o1[o])) {
    T.s2[o] = T.s1[o];
    T.o2[o] = T.o1[o];
    T.j2[o] = T.j1[o];
    T.s1[o] = score;
    T.o1[o] = order;
    T.j1[o] = j;
  } else if (score > T.s2[o] || (score === T.s2[o] && order < T.o2[o])) {
    T.s2[o] = score;
    T.o2[o] = order;
    T.j2[o] = j;
  }
}

/**
 * Every pair of one own line (plan) with the index, tallied per counterpart organisation. The order of a pair inside
 * a counterpart's ranking is (counterpart line's position in its organisation, own line position): the order in
 * which the counterpart's ranking would meet it (rank.ts rule 2).
 */
function enumerate(
  T: Tally,
  plan: QueryPlan,
  own: number,
  schoolQuery: boolean,
  t: LineTable,
  index: EnterpriseIndex | SchoolIndex,
): void {
  const sc = index.scratch;
  if (++sc.epoch === 0x7fffffff) {
    sc.stamp.fill(0);
    sc.epoch = 1;
  }
  const { stamp, flags, epoch } = sc;
  for (const f of plan.directFitKeys) flags[f] = 1;
  const { region: qRegion, type: qType, count: qCount, day: qDay, level: qLevel } = plan.q;
  const { count, day, level, region, type, fitKey, dead } = t;
  const { orgSlot, posInOrg } = index;
  const minGood = RANK_RULES.extraLineMinScore;
  const W = CELL_COUNT + 1;
  const phase = (B: KeyBuckets, slots: number[], fitPts: number, partial: boolean) => {
    for (const slot of slots) {
      for (let p = B.offsets[slot * W], end = B.offsets[slot * W + CELL_COUNT]; p < end; p++) {
        const j = B.lines[p];
        if (dead[j] === 1) continue;
        if (partial) {
          if (flags[fitKey[j]] === 1 || stamp[j] === epoch) continue;
          stamp[j] = epoch;
        }
        const score = schoolQuery
          ? fitPts +
            distancePoints(qRegion, region[j]) +
            typePoints(qType, type[j]) +
            capacityPoints(qCount, count[j]) +
            timingPoints(qDay, day[j]) +
            levelPoints(qLevel, level[j])
          : fitPts +
            distancePoints(region[j], qRegion) +
            typePoints(type[j], qType) +
            capacityPoints(count[j], qCount) +
            timingPoints(day[j], qDay) +
            levelPoints(level[j], qLevel);
        addPair(T, orgSlot[j], score, posInOrg[j] * 65536 + own, j, minGood);
      }
    }
  };
  phase(index.byOccupation, plan.direct, FIT_POINTS[2], false);
  phase(index.byIndustry, plan.partial, FIT_POINTS[1], true);
  for (const f of plan.directFitKeys) flags[f] = 0;
}

/**
 * This organisation's entry in the list of every counterpart it matches. `own` are its lines (school lines against
 * an enterprise index, or enterprise lines against a school index), in the order of their own index.
 */
export function entriesInCounterpartLists(own: readonly SchoolLine[], index: EnterpriseIndex): CounterpartEntry[];
export function entriesInCounterpartLists(own: readonly EnterpriseLine[], index: SchoolIndex): CounterpartEntry[];
export function entriesInCounterpartLists(
  own: readonly (SchoolLine | EnterpriseLine)[],
  index: EnterpriseIndex | SchoolIndex,
): CounterpartEntry[] {
  if (own.length === 0 || index.table.n === 0) return [];
  if (own.length >= 65536) throw new RangeError('entriesInCounterpartLists: too many own lines');
  const T = tally(index.orgIds.length);
  const schoolQuery = index.kind === 'enterprise';
  own.forEach((line, i) => {
    const plan = schoolQuery
      ? schoolPlan(line as SchoolLine, index as EnterpriseIndex)
      : enterprisePlan(line as EnterpriseLine, index as SchoolIndex);
    enumerate(T, plan, i, schoolQuery, index.table, index);
  });
  return finishEntries(T, index);
}

function finishEntries(T: Tally, index: EnterpriseIndex | SchoolIndex): CounterpartEntry[] {
  const cap = RANK_RULES.extraLineCap;
  const per = RANK_RULES.extraLinePoints;
  return T.touched.map((o) => ({
    orgId: index.orgIds[o],
    score: Math.min(100, T.s1[o] + Math.min(cap, per * Math.max(0, T.good[o] - 1))),
    lines: T.lines[o],
    best: { j: T.j1[o], own: T.o1[o] % 65536 },
    second: T.s2[o] >= 0 ? { j: T.j2[o], own: T.o2[o] % 65536 } : null,
  }));
}

/**
 * The same entries for the given counterpart lines only (index line numbers of the organisations concerned, e.g. the
 * lists that hold this organisation): O(own lines × those lines), no scan of the index.
 */
export function entriesAgainst(
  own: readonly SchoolLine[],
  index: EnterpriseIndex,
  counterpartLines: Iterable<number>,
): CounterpartEntry[];
export function entriesAgainst(
  own: readonly EnterpriseLine[],
  index: SchoolIndex,
  counterpartLines: Iterable<number>,
): CounterpartEntry[];
export function entriesAgainst(
  own: readonly (SchoolLine | EnterpriseLine)[],
  index: EnterpriseIndex | SchoolIndex,
  counterpartLines: Iterable<number>,
): CounterpartEntry[] {
  if (own.length === 0 || index.table.n === 0) return [];
  if (own.length >= 65536) throw new RangeError('entriesAgainst: too many own lines');
  const T = tally(index.orgIds.length);
  const schoolQuery = index.kind === 'enterprise';
  const t = index.table;
  const plans = own.map(
    (line) =>
      (schoolQuery
        ? schoolPlan(line as SchoolLine, index as EnterpriseIndex)
        : enterprisePlan(line as EnterpriseLine, index as SchoolIndex)
      ).q,
  );
  const minGood = RANK_RULES.extraLineMinScore;
  for (const j of counterpartLines) {
    if (t.dead[j] === 1) continue;
    for (let i = 0; i < own.length; i++) {
      const school = (schoolQuery ? own[i] : index.lines[j]) as SchoolLine;
      const ent = (schoolQuery ? index.lines[j] : own[i]) as EnterpriseLine;
      const fit = fitKind(school.specialtyCode, ent);
      if (fit === 0) continue;
      const q = plans[i];
      const score = schoolQuery
        ? FIT_POINTS[fit] +
          distancePoints(q.region, t.region[j]) +
          typePoints(q.type, t.type[j]) +
          capacityPoints(q.count, t.count[j]) +
          timingPoints(q.day, t.day[j]) +
          levelPoints(q.level, t.level[j])
        : FIT_POINTS[fit] +
          distancePoints(t.region[j], q.region) +
          typePoints(t.type[j], q.type) +
          capacityPoints(t.count[j], q.count) +
          timingPoints(t.day[j], q.day) +
          levelPoints(t.level[j], q.level);
      addPair(T, index.orgSlot[j], score, index.posInOrg[j] * 65536 + i, j, minGood);
    }
  }
  return finishEntries(T, index);
}
