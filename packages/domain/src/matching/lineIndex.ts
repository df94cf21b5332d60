/**
 * Candidate indexes over published demand lines, for recommendations at national scale (≈ 1,000,000 enterprise
 * lines, 25,000 school lines).
 *
 * Layout: each line's scoring inputs are encoded once into typed arrays (a LineTable). Lines are then listed per key —
 * occupation (direct fit) and industry (partial fit) — in CSR form, and inside a key grouped by CELL = (region, need
 * type). Distance and need-type points depend only on the cell, so a query can order the cells by their best possible
 * score and stop as soon as a cell can no longer beat its current top-K (rank.ts). Build cost: O(N × keys per line)
 * with two counting passes; memory ≈ 4 bytes per (line, key) + 31 bytes per line + (keys × 217) offsets.
 */
import { SPECIALTY_OCCUPATIONS } from '../reference/crosswalk';
import {
  dayNumber,
  enterpriseIndustries,
  enterpriseLevelOrder,
  NEED_TYPE_COUNT,
  needTypeIndex,
  REGION_UNKNOWN,
  regionIndex,
  schoolLevelOrder,
  specialtyIndustries,
} from './rules';
import type { EnterpriseLine, SchoolLine } from './types';

export const CELL_COUNT = (REGION_UNKNOWN + 1) * NEED_TYPE_COUNT;
export const cellOf = (region: number, type: number): number => region * NEED_TYPE_COUNT + type;

/** The scoring inputs of every line, one typed array per field (no objects per line in the hot loop). */
export interface LineTable {
  n: number;
  orgId: Float64Array;
  region: Uint8Array;
  type: Uint8Array;
  /** Day number or NO_DAY. */
  day: Int32Array;
  /** Graduates (school) or headcount (enterprise), as given (scorePair reads the same raw number). */
  count: Float64Array;
  /** Highest trained level order (school) or required level order (enterprise); 0 = unknown. */
  level: Uint8Array;
  /** Slot of the line's own fit key: occupation (enterprise) or specialty (school); used to tell direct from partial. */
  fitKey: Int32Array;
  /**
   * 1 = withdrawn since the index was built (markDead): skipped by every query. Lets the server drop one
   * organisation's withdrawn line without rebuilding a 1,000,000-line index; the survivors keep their relative order,
   * so results equal those of an index built without the dead lines.
   */
  dead: Uint8Array;
}

/** Lines per key, grouped by cell: lines[offsets[slot*(CELL_COUNT+1)+cell] … offsets[…+cell+1]) ascending. */
export interface KeyBuckets {
  slots: ReadonlyMap<string, number>;
  offsets: Int32Array;
  lines: Int32Array;
}

interface IndexBase {
  table: LineTable;
  /** Occupation code → lines whose fit is DIRECT for that occupation. */
  byOccupation: KeyBuckets;
  /** Industry code → lines counted in that industry (partial fit). */
  byIndustry: KeyBuckets;
  /** Dense slot of each line's organisation (orgSlot[j] indexes orgIds), for per-organisation tallies in typed arrays. */
  orgSlot: Int32Array;
  orgIds: Float64Array;
  /** Position of each line among its organisation's lines (index order): the order a ranking meets them in. */
  posInOrg: Int32Array;
  /** fitKey code → slot (occupations for an enterprise index, specialties for a school index). */
  fitKeys: ReadonlyMap<string, number>;
  /**
   * Scratch reused by queries (dedupe stamps, direct-key flags) so a query allocates nothing per candidate. Safe
   * because queries are synchronous; do not share one index between worker threads without copying it.
   */
  scratch: { stamp: Int32Array; epoch: number; flags: Uint8Array };
}

export interface EnterpriseIndex extends IndexBase {
  kind: 'enterprise';
  lines: readonly EnterpriseLine[];
}

export interface SchoolIndex extends IndexBase {
  kind: 'school';
  lines: readonly SchoolLine[];
}

function emptyTable(n: number): LineTable {
  return {
    n,
    orgId: new Float64Array(n),
    region: new Uint8Array(n),
    type: new Uint8Array(n),
    day: new Int32Array(n),
    count: new Float64Array(n),
    level: new Uint8Array(n),
    fitKey: new Int32Array(n),
    dead: new Uint8Array(n),
  };
}

/** Marks line j withdrawn (see LineTable.dead). */
export function markDead(index: { table: LineTable }, j: number): void {
  index.table.dead[j] = 1;
}

/** Interns codes to dense slots. */
function slotter() {
  const slots = new Map<string, number>();
  return { slots, of: (code: string) => slots.get(code) ?? (slots.set(code, slots.size), slots.size - 1) };
}

/** Counting sort of (key slot, cell, line) triples into CSR buckets; keeps line order inside a bucket. */
function buildBuckets(n: number, table: LineTable, keysOf: (i: number) => readonly string[]): KeyBuckets {
  const { slots, of } = slotter();
  let pairSlot = new Int32Array(Math.max(16, n * 2));
  let pairLine = new Int32Array(pairSlot.length);
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (const code of keysOf(i)) {
      if (m === pairSlot.length) {
        const grow = (a: Int32Array) => {
          const b = new Int32Array(a.length * 2);
          b.set(a);
          return b;
        };
        pairSlot = grow(pairSlot);
        pairLine = grow(pairLine);
      }
      pairSlot[m] = of(code);
      pairLine[m++] = i;
    }
  }
  const W = CELL_COUNT + 1;
  const offsets = new Int32Array(slots.size * W + 1);
  const bucketOf = (p: number) => pairSlot[p] * W + cellOf(table.region[pairLine[p]], table.type[pairLine[p]]);
  for (let p = 0; p < m; p++) offsets[bucketOf(p) + 1]++;
  for (let b = 1; b < offsets.length; b++) offsets[b] += offsets[b - 1];
  // Each slot's row has one unused trailing entry (W = cells + 1) so the row end is offsets[slot*W + CELL_COUNT].
  const fill = offsets.slice();
  const lines = new Int32Array(m);
  for (let p = 0; p < m; p++) lines[fill[bucketOf(p)]++] = pairLine[p];
  return { slots, offsets, lines };
}

function orgSlots(t: LineTable) {
  const slots = new Map<number, number>();
  const orgSlot = new Int32Array(t.n);
  const posInOrg = new Int32Array(t.n);
  const seen: number[] = [];
  for (let i = 0; i < t.n; i++) {
    const o = t.orgId[i];
    let s = slots.get(o);
    if (s === undefined) (slots.set(o, (s = slots.size)), seen.push(0));
    orgSlot[i] = s;
    posInOrg[i] = seen[s]++;
  }
  return { orgSlot, posInOrg, orgIds: Float64Array.from(slots.keys()) };
}

function scratchFor(n: number, keys: number) {
  return { stamp: new Int32Array(n), epoch: 0, flags: new Uint8Array(Math.max(1, keys)) };
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Indexes enterprise lines for recommendForSchool. */
export function buildEnterpriseIndex(lines: readonly EnterpriseLine[]): EnterpriseIndex {
  const n = lines.length;
  const t = emptyTable(n);
  const occ = slotter();
  const industries: (readonly string[])[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const e = lines[i];
    t.orgId[i] = e.orgId;
    t.region[i] = regionIndex(e.regionCode);
    t.type[i] = needTypeIndex(e.needType);
    t.day[i] = dayNumber(e.availableFrom);
    t.count[i] = e.headcount;
    t.level[i] = enterpriseLevelOrder(e.skillLevel);
    t.fitKey[i] = occ.of(e.occupationCode);
    industries[i] = enterpriseIndustries(e);
  }
  const byOccupation = buildBuckets(n, t, (i) => [lines[i].occupationCode]);
  const byIndustry = buildBuckets(n, t, (i) => industries[i]);
  return {
    kind: 'enterprise',
    lines,
    table: t,
    byOccupation,
    byIndustry,
    ...orgSlots(t),
    fitKeys: occ.slots,
    scratch: scratchFor(n, occ.slots.size),
  };
}

/** Indexes school lines for recommendForEnterprise. */
export function buildSchoolIndex(lines: readonly SchoolLine[]): SchoolIndex {
  const n = lines.length;
  const t = emptyTable(n);
  const spec = slotter();
  for (let i = 0; i < n; i++) {
    const s = lines[i];
    t.orgId[i] = s.orgId;
    t.region[i] = regionIndex(s.regionCode);
    t.type[i] = needTypeIndex(s.needType);
    t.day[i] = dayNumber(s.availableFrom);
    t.count[i] = s.graduates;
    t.level[i] = schoolLevelOrder(s.levels);
    t.fitKey[i] = spec.of(s.specialtyCode);
  }
  const occsOf = (i: number) =>
    own(SPECIALTY_OCCUPATIONS, lines[i].specialtyCode) ? SPECIALTY_OCCUPATIONS[lines[i].specialtyCode] : [];
  const byOccupation = buildBuckets(n, t, occsOf);
  const byIndustry = buildBuckets(n, t, (i) => [...specialtyIndustries(lines[i].specialtyCode)]);
  return {
    kind: 'school',
    lines,
    table: t,
    byOccupation,
    byIndustry,
    ...orgSlots(t),
    fitKeys: spec.slots,
    scratch: scratchFor(n, spec.slots.size),
  };
}
