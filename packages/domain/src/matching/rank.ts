/**
 * Organisation-level recommendations from line scores, and the indexed bulk path that produces them.
 *
 * Semantics (identical for rankCounterparts and the indexed path, tested against brute force):
 *  1. every query line keeps its top K counterpart lines (K = perLineCandidates, default 20), ordered by score desc,
 *     counterpart orgId asc, counterpart line index asc;
 *  2. an org's score = its best line score + 2 points per ADDITIONAL line scoring ≥ 50 (at most +6), capped at 100;
 *     within an org, equal line scores are ordered by (query line, counterpart line) — the input order of a
 *     brute-force loop over query lines, then counterpart lines;
 *  3. orgs are ordered by score desc, then orgId asc; reasons are those of the org's best two lines, deduplicated.
 *
 * Complexity of recommendForSchool with L query lines against an index of N lines: per query line, the cells of its
 * direct keys (≈ 2 occupations) and then of its partial keys (≈ 2–3 industries) are visited best-bound first, and the
 * scan stops at the first cell whose bound (fit + distance + type + 30) is below the K-th best score found so far. So
 * the cost is O(cells × keys + V log K) per line, V = lines actually visited (≤ the lines sharing an occupation or
 * industry, usually far fewer), plus O(M log M) to sort the M matched orgs and 2 × limit scorePair calls for reasons.
 * No allocation happens per visited pair: the top-K lives in typed arrays and only kept pairs reach the org map.
 */
import { SPECIALTY_OCCUPATIONS, specialtiesForOccupation } from '../reference/crosswalk';
import {
  CELL_COUNT,
  cellOf,
  type EnterpriseIndex,
  type KeyBuckets,
  type LineTable,
  type SchoolIndex,
} from './lineIndex';
import {
  capacityPoints,
  dayNumber,
  distancePoints,
  enterpriseIndustries,
  enterpriseLevelOrder,
  finalScore,
  FIT_POINTS,
  levelPoints,
  MATCH_WEIGHTS,
  MAX_CAPACITY_TIMING_LEVEL,
  NEED_TYPE_COUNT,
  needTypeIndex,
  REGION_UNKNOWN,
  regionIndex,
  schoolLevelOrder,
  scorePair,
  specialtyIndustries,
  timingPoints,
  typePoints,
} from './rules';
import type { EnterpriseLine, PairContext, Recommendation, SchoolLine, ScoredPair } from './types';

export const RANK_RULES = Object.freeze({
  extraLinePoints: 2,
  extraLineCap: 6,
  extraLineMinScore: 50,
  defaultPerLineCandidates: 20,
});

/* ---------- org aggregation (shared by both paths) ---------- */

interface OrgAgg {
  orgId: number;
  s1: number;
  o1: number;
  s2: number;
  o2: number;
  lines: number;
  good: number;
}

function addLine(map: Map<number, OrgAgg>, orgId: number, score: number, order: number): void {
  let a = map.get(orgId);
  if (!a) map.set(orgId, (a = { orgId, s1: -1, o1: -1, s2: -1, o2: -1, lines: 0, good: 0 }));
  a.lines++;
  if (score >= RANK_RULES.extraLineMinScore) a.good++;
  if (score > a.s1 || (score === a.s1 && order < a.o1)) {
    a.s2 = a.s1;
    a.o2 = a.o1;
    a.s1 = score;
    a.o1 = order;
  } else if (score > a.s2 || (score === a.s2 && order < a.o2)) {
    a.s2 = score;
    a.o2 = order;
  }
}

function finish(map: Map<number, OrgAgg>, limit: number, reasonsOf: (order: number) => string[]): Recommendation[] {
  const ranked = [...map.values()].map((a) => {
    const extra = Math.min(RANK_RULES.extraLineCap, RANK_RULES.extraLinePoints * Math.max(0, a.good - 1));
    return { a, score: Math.min(100, a.s1 + extra) };
  });
  ranked.sort((x, y) => y.score - x.score || x.a.orgId - y.a.orgId);
  return ranked.slice(0, Math.max(0, limit)).map(({ a, score }) => {
    const reasons = [...new Set([...reasonsOf(a.o1), ...(a.o2 >= 0 ? reasonsOf(a.o2) : [])])];
    return { orgId: a.orgId, score, reasons, lines: a.lines };
  });
}

/** Org-level ranking of already scored pairs (orgId = counterpart). Pass pairs in a stable order: it breaks ties. */
export function rankCounterparts(lines: readonly ScoredPair[], opts: { limit: number }): Recommendation[] {
  const map = new Map<number, OrgAgg>();
  lines.forEach((p, i) => addLine(map, p.orgId, p.score, i));
  return finish(map, opts.limit, (o) => lines[o].reasons);
}

/* ---------- bounded top-K per query line, in typed arrays ---------- */

interface TopK {
  k: number;
  size: number;
  score: Int32Array;
  org: Float64Array;
  line: Int32Array;
}

/** Is (s, o, l) a better candidate than (s2, o2, l2)? Score desc, then orgId asc, then line asc. */
function better(s: number, o: number, l: number, s2: number, o2: number, l2: number): boolean {
  return s > s2 || (s === s2 && (o < o2 || (o === o2 && l < l2)));
}

function put(h: TopK, i: number, s: number, o: number, l: number): void {
  h.score[i] = s;
  h.org[i] = o;
  h.line[i] = l;
}

/** Min-heap on "goodness": the root is the worst kept candidate, so admission is one comparison. */
function offer(h: TopK, s: number, o: number, l: number): void {
  let i: number;
  if (h.size < h.k) {
    i = h.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!better(h.score[p], h.org[p], h.line[p], s, o, l)) break;
      put(h, i, h.score[p], h.org[p], h.line[p]);
      i = p;
    }
  } else {
    if (!better(s, o, l, h.score[0], h.org[0], h.line[0])) return;
    i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= h.size) break;
      if (c + 1 < h.size && better(h.score[c], h.org[c], h.line[c], h.score[c + 1], h.org[c + 1], h.line[c + 1])) c++;
      if (!better(s, o, l, h.score[c], h.org[c], h.line[c])) break;
      put(h, i, h.score[c], h.org[c], h.line[c]);
      i = c;
    }
  }
  put(h, i, s, o, l);
}

/** Cells ordered by the distance + need-type points they give a query from (region, type); memoised. */
const cellOrders = new Map<number, { cells: Int16Array; pts: Uint8Array }>();
function cellOrder(schoolQuery: boolean, region: number, type: number) {
  const key = ((schoolQuery ? 1 : 0) * (REGION_UNKNOWN + 1) + region) * NEED_TYPE_COUNT + type;
  let o = cellOrders.get(key);
  if (!o) {
    const pts = new Uint8Array(CELL_COUNT);
    for (let r = 0; r <= REGION_UNKNOWN; r++) {
      for (let t = 0; t < NEED_TYPE_COUNT; t++)
        pts[cellOf(r, t)] = distancePoints(region, r) + (schoolQuery ? typePoints(type, t) : typePoints(t, type));
    }
    const cells = Int16Array.from({ length: CELL_COUNT }, (_, i) => i).sort((a, b) => pts[b] - pts[a] || a - b);
    cellOrders.set(key, (o = { cells, pts }));
  }
  return o;
}

interface Query {
  region: number;
  type: number;
  day: number;
  count: number;
  level: number;
}
type CtxOf = ((orgId: number) => { partner: number; penalty: number } | null) | null;
const REST_MAX = MAX_CAPACITY_TIMING_LEVEL + MATCH_WEIGHTS.partner;

/** Scans one phase (direct or partial keys) best cell first, offering candidates to the heap. */
function scan(
  h: TopK,
  q: Query,
  schoolQuery: boolean,
  t: LineTable,
  B: KeyBuckets,
  slots: number[],
  fitPts: number,
  partial: boolean,
  sc: { stamp: Int32Array; epoch: number; flags: Uint8Array },
  ctxOf: CtxOf,
): void {
  if (slots.length === 0) return;
  const { cells, pts } = cellOrder(schoolQuery, q.region, q.type);
  // Locals instead of property reads in the hot loop.
  const { offsets, lines } = B;
  const { count, day, level, orgId, fitKey, dead } = t;
  const { stamp, flags, epoch } = sc;
  const { count: qCount, day: qDay, level: qLevel } = q;
  const W = CELL_COUNT + 1;
  const partnerMax = MATCH_WEIGHTS.partner;
  const nSlots = slots.length;
  for (let ci = 0; ci < CELL_COUNT; ci++) {
    const cell = cells[ci];
    const base = fitPts + pts[cell];
    if (h.size === h.k && base + REST_MAX < h.score[0]) return; // cells are sorted: nothing later can enter
    for (let si = 0; si < nSlots; si++) {
      const row = slots[si] * W + cell;
      for (let p = offsets[row], end = offsets[row + 1]; p < end; p++) {
        const j = lines[p];
        if (dead[j] === 1) continue;
        if (partial) {
          if (flags[fitKey[j]] === 1 || stamp[j] === epoch) continue; // direct fit, or seen via another industry
          stamp[j] = epoch;
        }
        const sum = schoolQuery
          ? base + capacityPoints(qCount, count[j]) + timingPoints(qDay, day[j]) + levelPoints(qLevel, level[j])
          : base + capacityPoints(count[j], qCount) + timingPoints(day[j], qDay) + levelPoints(level[j], qLevel);
        if (h.size === h.k && sum + partnerMax < h.score[0]) continue;
        let score = sum;
        if (ctxOf !== null) {
          const c = ctxOf(orgId[j]);
          const s = c === null ? null : finalScore(sum + c.partner, c.penalty);
          if (s === null) continue;
          score = s;
        }
        offer(h, score, orgId[j], j);
      }
    }
  }
}

export interface QueryPlan {
  q: Query;
  direct: number[];
  partial: number[];
  /** fitKey slots of the counterpart lines that are direct fits (skipped in the partial phase). */
  directFitKeys: number[];
}

function run(
  plans: QueryPlan[],
  index: EnterpriseIndex | SchoolIndex,
  opts: RecommendOptions,
  pairReasons: (qi: number, j: number, ctx: PairContext) => string[],
): Recommendation[] {
  const { table: t, scratch: sc } = index;
  const n = t.n;
  if (n === 0 || opts.limit <= 0) return [];
  const k = Math.max(1, Math.min(n, Math.floor(opts.perLineCandidates ?? RANK_RULES.defaultPerLineCandidates)));
  const h: TopK = { k, size: 0, score: new Int32Array(k), org: new Float64Array(k), line: new Int32Array(k) };
  const ctxCache = new Map<number, { partner: number; penalty: number } | null>();
  const ctxFn = opts.ctx;
  const ctxOf: CtxOf = ctxFn
    ? (org) => {
        let c = ctxCache.get(org);
        if (c === undefined) {
          const x = ctxFn(org);
          c =
            (x.dismissPenalty ?? 0) >= 1
              ? null
              : { partner: x.partners ? MATCH_WEIGHTS.partner : 0, penalty: x.dismissPenalty ?? 0 };
          ctxCache.set(org, c);
        }
        return c;
      }
    : null;
  const schoolQuery = index.kind === 'enterprise';
  const map = new Map<number, OrgAgg>();
  plans.forEach((plan, qi) => {
    h.size = 0;
    if (++sc.epoch === 0x7fffffff) {
      sc.stamp.fill(0);
      sc.epoch = 1;
    }
    for (const f of plan.directFitKeys) sc.flags[f] = 1;
    scan(h, plan.q, schoolQuery, t, index.byOccupation, plan.direct, FIT_POINTS[2], false, sc, ctxOf);
    scan(h, plan.q, schoolQuery, t, index.byIndustry, plan.partial, FIT_POINTS[1], true, sc, ctxOf);
    for (const f of plan.directFitKeys) sc.flags[f] = 0;
    for (let i = 0; i < h.size; i++) addLine(map, h.org[i], h.score[i], qi * n + h.line[i]);
  });
  return finish(map, opts.limit, (order) => {
    const qi = Math.floor(order / n);
    const j = order - qi * n;
    return pairReasons(qi, j, ctxFn ? ctxFn(t.orgId[j]) : {});
  });
}

export interface RecommendOptions {
  limit: number;
  /** K of the per-line top-K (default 20: enough for one line alone to fill a 20-long list; larger K costs time). */
  perLineCandidates?: number;
  /** Context of the pair with a counterpart organisation (partnership, dismissal penalty). */
  ctx?: (counterpartOrgId: number) => PairContext;
}

const slotsOf = (b: KeyBuckets, codes: Iterable<string>) => {
  const out: number[] = [];
  for (const c of codes) {
    const s = b.slots.get(c);
    if (s !== undefined && !out.includes(s)) out.push(s);
  }
  return out;
};
const fitSlotsOf = (keys: ReadonlyMap<string, number>, codes: readonly string[]) =>
  codes.map((c) => keys.get(c)).filter((s): s is number => s !== undefined);
const ownList = (r: Readonly<Record<string, string[]>>, k: string) =>
  Object.prototype.hasOwnProperty.call(r, k) ? r[k] : [];

/** The query plan of a school line against an enterprise index (shared with pairs.ts). */
export function schoolPlan(s: SchoolLine, index: EnterpriseIndex): QueryPlan {
  const occs = ownList(SPECIALTY_OCCUPATIONS, s.specialtyCode);
  return {
    q: {
      region: regionIndex(s.regionCode),
      type: needTypeIndex(s.needType),
      day: dayNumber(s.availableFrom),
      count: s.graduates,
      level: schoolLevelOrder(s.levels),
    },
    direct: slotsOf(index.byOccupation, occs),
    partial: slotsOf(index.byIndustry, specialtyIndustries(s.specialtyCode)),
    directFitKeys: fitSlotsOf(index.fitKeys, occs),
  };
}

/** The query plan of an enterprise line against a school index (shared with pairs.ts). */
export function enterprisePlan(e: EnterpriseLine, index: SchoolIndex): QueryPlan {
  return {
    q: {
      region: regionIndex(e.regionCode),
      type: needTypeIndex(e.needType),
      day: dayNumber(e.availableFrom),
      count: e.headcount,
      level: enterpriseLevelOrder(e.skillLevel),
    },
    direct: slotsOf(index.byOccupation, [e.occupationCode]),
    partial: slotsOf(index.byIndustry, enterpriseIndustries(e)),
    directFitKeys: fitSlotsOf(index.fitKeys, specialtiesForOccupation(e.occupationCode)),
  };
}

/** Enterprises recommended to a school (its lines), best first. */
export function recommendForSchool(
  schoolLines: readonly SchoolLine[],
  index: EnterpriseIndex,
  opts: RecommendOptions,
): Recommendation[] {
  const plans = schoolLines.map((s) => schoolPlan(s, index));
  return run(plans, index, opts, (qi, j, ctx) => scorePair(schoolLines[qi], index.lines[j], ctx)?.reasons ?? []);
}

/** Schools recommended to an enterprise (its lines), best first. */
export function recommendForEnterprise(
  entLines: readonly EnterpriseLine[],
  index: SchoolIndex,
  opts: RecommendOptions,
): Recommendation[] {
  const plans = entLines.map((e) => enterprisePlan(e, index));
  return run(plans, index, opts, (qi, j, ctx) => scorePair(index.lines[j], entLines[qi], ctx)?.reasons ?? []);
}
