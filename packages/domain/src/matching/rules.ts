/**
 * Scoring rules for school × enterprise line pairs, as data plus small pure functions.
 *
 * Every component is an INTEGER number of points, and the score is their sum times (1 − dismissal penalty). Integer
 * parts keep explanations exact ("20 km closer = +3") and let the candidate index (lineIndex.ts, rank.ts) bound a
 * bucket's best possible score without computing it. The functions below take already-encoded numbers (region index,
 * need-type index, day number …) so the bulk path and scorePair share exactly the same arithmetic.
 */
import { NEED_TYPES, type NeedType } from '../forms/definitions';
import { OCCUPATION_INDUSTRIES, SPECIALTY_OCCUPATIONS, industriesForSpecialty } from '../reference/crosswalk';
import { REGIONS, regionDistanceKm } from '../reference/regions';
import { SKILL_LEVELS } from '../reference/skillLevels';
import type { SpecialtyLevel } from '../reference/specialties';
import { explainPair, type PairFacts } from './reasons';
import type { EnterpriseLine, MatchComponent, PairContext, SchoolLine, ScoredMatch } from './types';

/**
 * Points per component; they sum to 100. Fit dominates because a pair without a crosswalk link is not a candidate at
 * all; distance is next because most cooperation (实习, 订单班, 就业) means students travelling; the need type
 * decides whether the two sides even want the same thing; capacity and timing refine; level and partnership nudge.
 */
export const MATCH_WEIGHTS: Readonly<Record<MatchComponent, number>> = Object.freeze({
  fit: 36,
  distance: 20,
  type: 14,
  capacity: 10,
  timing: 10,
  level: 6,
  partner: 4,
});

/** The shares (0..1 of a component's weight) the rules give to each case. */
const MATCH_RULES = Object.freeze({
  /** Same industry through the crosswalk but another occupation. */
  fitPartialShare: 1 / 3,
  /** Another region starts below a same-region pair, then falls linearly to 0 at distanceZeroKm. */
  distanceOtherRegionShare: 0.8,
  distanceZeroKm: 600,
  /** Either side gave no number (e.g. 教师企业实践 rows offer no graduates): neither good nor bad. */
  capacityUnknownShare: 0.5,
  /** Start dates within ~3 months are "the same season"; a year apart is no help. */
  timingFullDays: 92,
  timingZeroDays: 365,
  timingUnknownShare: 0.5,
  typePartialShare: 0.5,
  levelUnknownShare: 0.5,
});

/**
 * Which enterprise need types answer a school need type. Same type is always full; `partial` lists related types
 * (an 订单班 school can also serve an enterprise hiring graduates). '其他' or an unknown type is partial with
 * anything: we can not tell, so it is neither rewarded nor ruled out.
 */
export const NEED_TYPE_MATCHES: Readonly<
  Record<NeedType, { full: readonly NeedType[]; partial: readonly NeedType[] }>
> = Object.freeze({
  '专业（群）共建': {
    full: ['专业（群）共建'],
    partial: ['订单（定向）班', '共建技工教育联盟（集团）', '聘请企业客座技能导师'],
  },
  '订单（定向）班': { full: ['订单（定向）班'], partial: ['毕业生就业', '学生实习实训基地', '企业新型学徒制'] },
  教师企业实践: { full: ['教师企业实践'], partial: ['技术研发/技术服务', '聘请企业客座技能导师'] },
  学生实习实训基地: { full: ['学生实习实训基地'], partial: ['订单（定向）班', '毕业生就业'] },
  毕业生就业: { full: ['毕业生就业'], partial: ['订单（定向）班', '学生实习实训基地'] },
  // The school side of training: a school that trains or evaluates answers all three enterprise training needs.
  企业新型学徒制: { full: ['企业新型学徒制'], partial: ['职工技能培训', '技能等级认定/培训评价'] },
  职工技能培训: { full: ['职工技能培训'], partial: ['企业新型学徒制', '技能等级认定/培训评价'] },
  '技能等级认定/培训评价': { full: ['技能等级认定/培训评价'], partial: ['职工技能培训', '企业新型学徒制'] },
  聘请企业客座技能导师: { full: ['聘请企业客座技能导师'], partial: ['教师企业实践', '专业（群）共建'] },
  '技术研发/技术服务': { full: ['技术研发/技术服务'], partial: ['教师企业实践'] },
  '共建技工教育联盟（集团）': { full: ['共建技工教育联盟（集团）'], partial: ['专业（群）共建'] },
  其他: { full: [], partial: [...NEED_TYPES] },
});

/** The skill level (SKILL_LEVELS code) a school's training level reaches. */
export const SCHOOL_LEVEL_SKILL_CODES: Readonly<Record<SpecialtyLevel, string>> = Object.freeze({
  中级工: 'ZJG',
  高级工: 'GJG',
  预备技师: 'JS',
});

const pts = (c: MatchComponent, share: number) => Math.round(MATCH_WEIGHTS[c] * share);

/* ---------- encodings (numbers the bulk path stores in typed arrays) ---------- */

export const REGION_UNKNOWN = REGIONS.length;
const regionIdx = new Map(REGIONS.map((r, i) => [r.code, i] as const));
export const regionIndex = (code: string): number => regionIdx.get(code) ?? REGION_UNKNOWN;

export const NEED_TYPE_COUNT = NEED_TYPES.length;
const OTHER_TYPE = NEED_TYPES.indexOf('其他');
const typeIdx = new Map(NEED_TYPES.map((t, i) => [t as string, i] as const));
export const needTypeIndex = (t: string): number => typeIdx.get(t) ?? OTHER_TYPE;

const levelOrder = new Map(SKILL_LEVELS.flatMap((l) => [[l.code, l.order] as const, [l.name, l.order] as const]));
/** Highest skill-level order the school trains to; 0 = unknown. */
export function schoolLevelOrder(levels: readonly string[]): number {
  let max = 0;
  for (const l of levels) max = Math.max(max, levelOrder.get(SCHOOL_LEVEL_SKILL_CODES[l as SpecialtyLevel] ?? '') ?? 0);
  return max;
}
/** Order of the required level (code, or name as a convenience); 0 = unknown. */
export const enterpriseLevelOrder = (code: string | null): number => (code ? (levelOrder.get(code) ?? 0) : 0);

/** Marks "no date" in Int32 arrays. */
export const NO_DAY = -2147483648;
/**
 * 'YYYY-MM-DD' → days since 1970-01-01; NO_DAY when absent or not a real date. Plain integer arithmetic (civil-from-
 * days, Hinnant): no clock, and no Date object per call since reasons parse dates for every shown pair.
 */
export function dayNumber(date: string | null | undefined): number {
  if (!date || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return NO_DAY;
  const y = digits(date, 0, 4);
  const m = digits(date, 5, 7);
  const d = digits(date, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NO_DAY;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** The decimal number in s[from, to), or -1 if a character is not a digit. */
function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(y: number, m: number): number {
  return m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : MONTH_DAYS[m - 1];
}

/* ---------- points ---------- */

/** 0 none (not a candidate), 1 partial (shared industry), 2 direct (occupation in the specialty's crosswalk). */
export type FitKind = 0 | 1 | 2;
export const FIT_POINTS: readonly number[] = Object.freeze([
  0,
  pts('fit', MATCH_RULES.fitPartialShare),
  MATCH_WEIGHTS.fit,
]);

const R = REGIONS.length + 1;
const DISTANCE_POINTS = new Uint8Array(R * R);
const DISTANCE_KM = new Float64Array(R * R).fill(NaN);
for (let a = 0; a < REGIONS.length; a++) {
  for (let b = 0; b < REGIONS.length; b++) {
    const km = regionDistanceKm(REGIONS[a], REGIONS[b]);
    DISTANCE_KM[a * R + b] = km;
    const share = a === b ? 1 : MATCH_RULES.distanceOtherRegionShare * Math.max(0, 1 - km / MATCH_RULES.distanceZeroKm);
    DISTANCE_POINTS[a * R + b] = pts('distance', share);
  }
}
/** Unknown regions score 0: we can not claim nearness. */
export const distancePoints = (regionA: number, regionB: number): number => DISTANCE_POINTS[regionA * R + regionB];
const distanceKm = (regionA: number, regionB: number): number => DISTANCE_KM[regionA * R + regionB];

const TYPE_POINTS = new Uint8Array(NEED_TYPE_COUNT * NEED_TYPE_COUNT);
NEED_TYPES.forEach((s, si) =>
  NEED_TYPES.forEach((e, ei) => {
    const rule = NEED_TYPE_MATCHES[s];
    const full = s === e && s !== '其他' ? true : rule.full.includes(e);
    const partial = rule.partial.includes(e) || s === '其他' || e === '其他';
    TYPE_POINTS[si * NEED_TYPE_COUNT + ei] = full
      ? MATCH_WEIGHTS.type
      : partial
        ? pts('type', MATCH_RULES.typePartialShare)
        : 0;
  }),
);
export const typePoints = (schoolType: number, entType: number): number =>
  TYPE_POINTS[schoolType * NEED_TYPE_COUNT + entType];

// The three per-candidate components are table lookups or one division on module-level constants: they run for
// every visited pair of the bulk path (hundreds of millions at national scale), so no object property reads here.
const CAPACITY_W = MATCH_WEIGHTS.capacity;
const CAPACITY_UNKNOWN = pts('capacity', MATCH_RULES.capacityUnknownShare);
/** Enough graduates for the places is best; fewer scale down; an unknown side is neutral. */
export function capacityPoints(graduates: number, headcount: number): number {
  if (!(graduates > 0) || !(headcount > 0)) return CAPACITY_UNKNOWN;
  return graduates >= headcount ? CAPACITY_W : Math.round((CAPACITY_W * graduates) / headcount);
}

const TIMING_UNKNOWN = pts('timing', MATCH_RULES.timingUnknownShare);
/** Points by |day gap| 0 … timingZeroDays (then 0). */
const TIMING_BY_GAP = Uint8Array.from({ length: MATCH_RULES.timingZeroDays + 1 }, (_, d) => {
  const { timingFullDays: full, timingZeroDays: zero } = MATCH_RULES;
  return d <= full ? MATCH_WEIGHTS.timing : pts('timing', (zero - d) / (zero - full));
});
const TIMING_MAX_GAP = MATCH_RULES.timingZeroDays;
export function timingPoints(dayA: number, dayB: number): number {
  if (dayA === NO_DAY || dayB === NO_DAY) return TIMING_UNKNOWN;
  const d = dayA > dayB ? dayA - dayB : dayB - dayA;
  return d > TIMING_MAX_GAP ? 0 : TIMING_BY_GAP[d];
}

const LEVEL_N = SKILL_LEVELS.reduce((m, l) => Math.max(m, l.order), 0) + 1;
/** [schoolMaxOrder × LEVEL_N + entOrder]; order 0 = unknown → neutral. */
const LEVEL_POINTS = Uint8Array.from({ length: LEVEL_N * LEVEL_N }, (_, i) => {
  const [school, ent] = [Math.floor(i / LEVEL_N), i % LEVEL_N];
  if (school === 0 || ent === 0) return pts('level', MATCH_RULES.levelUnknownShare);
  return ent <= school ? MATCH_WEIGHTS.level : 0;
});
export function levelPoints(schoolMaxOrder: number, entOrder: number): number {
  return LEVEL_POINTS[schoolMaxOrder * LEVEL_N + entOrder];
}

const partnerPoints = (partners: boolean | undefined): number => (partners ? MATCH_WEIGHTS.partner : 0);

/** Best points the components other than fit and distance can add: bounds a bucket before scoring it. */
export const MAX_CAPACITY_TIMING_LEVEL = MATCH_WEIGHTS.capacity + MATCH_WEIGHTS.timing + MATCH_WEIGHTS.level;

/** Applies the dismissal penalty; null when the penalty excludes the pair. */
export function finalScore(sum: number, penalty: number | undefined): number | null {
  const p = penalty !== undefined && penalty > 0 ? penalty : 0;
  if (p >= 1) return null;
  return Math.max(0, Math.min(100, Math.round(sum * (1 - p))));
}

/* ---------- crosswalk fit ---------- */

const specialtyIndustrySets = new Map<string, ReadonlySet<string>>();
/** The industries a specialty's occupations serve (memoised; reference data is immutable). */
export function specialtyIndustries(specialtyCode: string): ReadonlySet<string> {
  let set = specialtyIndustrySets.get(specialtyCode);
  if (!set) specialtyIndustrySets.set(specialtyCode, (set = new Set(industriesForSpecialty(specialtyCode))));
  return set;
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
/** The industries an enterprise line counts in: its declared industry chain, else its occupation's crosswalk. */
export function enterpriseIndustries(ent: Pick<EnterpriseLine, 'industryCodes' | 'occupationCode'>): readonly string[] {
  if (ent.industryCodes.length > 0) return ent.industryCodes;
  return own(OCCUPATION_INDUSTRIES, ent.occupationCode) ? OCCUPATION_INDUSTRIES[ent.occupationCode] : [];
}

function isDirectFit(specialtyCode: string, occupationCode: string): boolean {
  return own(SPECIALTY_OCCUPATIONS, specialtyCode) && SPECIALTY_OCCUPATIONS[specialtyCode].includes(occupationCode);
}

/** First industry (in the enterprise's order) both sides share, or undefined. */
function sharedIndustry(specialtyCode: string, entIndustries: readonly string[]): string | undefined {
  const set = specialtyIndustries(specialtyCode);
  return entIndustries.find((i) => set.has(i));
}

export function fitKind(specialtyCode: string, ent: Pick<EnterpriseLine, 'industryCodes' | 'occupationCode'>): FitKind {
  if (isDirectFit(specialtyCode, ent.occupationCode)) return 2;
  return sharedIndustry(specialtyCode, enterpriseIndustries(ent)) !== undefined ? 1 : 0;
}

/**
 * Scores one line pair; null when it is not a candidate (no crosswalk link) or the dismissal penalty excludes it.
 * The reference implementation: the indexed path in rank.ts must give the same number for every pair.
 */
export function scorePair(school: SchoolLine, ent: EnterpriseLine, ctx: PairContext = {}): ScoredMatch | null {
  const fit = fitKind(school.specialtyCode, ent);
  if (fit === 0) return null;
  const rs = regionIndex(school.regionCode);
  const re = regionIndex(ent.regionCode);
  const [ts, te] = [needTypeIndex(school.needType), needTypeIndex(ent.needType)];
  const [ds, de] = [dayNumber(school.availableFrom), dayNumber(ent.availableFrom)];
  const [ls, le] = [schoolLevelOrder(school.levels), enterpriseLevelOrder(ent.skillLevel)];
  const components: Record<MatchComponent, number> = {
    fit: FIT_POINTS[fit],
    distance: distancePoints(rs, re),
    type: typePoints(ts, te),
    capacity: capacityPoints(school.graduates, ent.headcount),
    timing: timingPoints(ds, de),
    level: levelPoints(ls, le),
    partner: partnerPoints(ctx.partners),
  };
  const c = components;
  const score = finalScore(
    c.fit + c.distance + c.type + c.capacity + c.timing + c.level + c.partner,
    ctx.dismissPenalty,
  );
  if (score === null) return null;
  const typePts = components.type;
  const facts: PairFacts = {
    direct: fit === 2,
    sharedIndustry: fit === 1 ? sharedIndustry(school.specialtyCode, enterpriseIndustries(ent)) : undefined,
    sameRegion: rs === re && rs !== REGION_UNKNOWN,
    km: distanceKm(rs, re),
    typeMatch: typePts === MATCH_WEIGHTS.type ? 'full' : typePts > 0 ? 'partial' : 'none',
    dayGap: ds === NO_DAY || de === NO_DAY ? null : Math.abs(ds - de),
    timingFull: ds !== NO_DAY && de !== NO_DAY && components.timing === MATCH_WEIGHTS.timing,
    levelInRange: ls === 0 || le === 0 ? null : le <= ls,
    partners: !!ctx.partners,
  };
  // Most important first; equal weights keep the wording order (Array.prototype.sort is stable).
  const reasons = explainPair(school, ent, facts)
    .sort((a, b) => MATCH_WEIGHTS[b[0]] - MATCH_WEIGHTS[a[0]])
    .map((r) => r[1]);
  return { score, reasons, components };
}
