/**
 * Deterministic synthetic demand lines from the real reference codes, for tests and hand-run benchmarks (not part of
 * the package API). Seeded PRNG: the same options always give the same lines.
 */
import { NEED_TYPES } from '../forms/definitions';
import { OCCUPATION_INDUSTRIES, SPECIALTY_OCCUPATIONS } from '../reference/crosswalk';
import { INDUSTRY_CODES } from '../reference/industries';
import { REGION_CODES } from '../reference/regions';
import { SKILL_LEVELS } from '../reference/skillLevels';
import { SPECIALTY_LEVELS, type SpecialtyLevel } from '../reference/specialties';
import type { EnterpriseLine, SchoolLine } from './types';

/** mulberry32: tiny, fast, good enough for test data. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticOptions {
  seed: number;
  schools: number;
  linesPerSchool: number;
  enterprises: number;
  linesPerEnterprise: number;
  /** First enterprise orgId (schools start at 1). */
  enterpriseIdBase?: number;
}

const SPECIALTY_KEYS = Object.keys(SPECIALTY_OCCUPATIONS);
const OCCUPATION_KEYS = Object.keys(OCCUPATION_INDUSTRIES);

export function syntheticLines(o: SyntheticOptions): { schoolLines: SchoolLine[]; enterpriseLines: EnterpriseLine[] } {
  const rnd = seededRandom(o.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  // Dates cluster in a few months (as in the forms) so timing ties and near-misses both occur; 20 % left blank.
  const date = () =>
    rnd() < 0.2
      ? null
      : `${rnd() < 0.8 ? 2025 : 2026}-${String(pick([1, 3, 7, 9, 10, 12])).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;

  const schoolLines: SchoolLine[] = [];
  for (let s = 1; s <= o.schools; s++) {
    const regionCode = pick(REGION_CODES);
    for (let l = 0; l < o.linesPerSchool; l++) {
      const levels = SPECIALTY_LEVELS.filter(() => rnd() < 0.6) as SpecialtyLevel[];
      const graduates = levels.length === 0 || rnd() < 0.15 ? 0 : int(1, 80);
      schoolLines.push({
        orgId: s,
        regionCode,
        specialtyCode: pick(SPECIALTY_KEYS),
        needType: pick(NEED_TYPES),
        graduates,
        levels: graduates > 0 ? levels : [],
        availableFrom: date(),
      });
    }
  }

  const enterpriseLines: EnterpriseLine[] = [];
  const base = o.enterpriseIdBase ?? 1_000_000;
  for (let e = 0; e < o.enterprises; e++) {
    const regionCode = rnd() < 0.01 ? '999999' : pick(REGION_CODES); // a few unknown regions on purpose
    const core = pick(OCCUPATION_KEYS);
    const chain =
      rnd() < 0.2 ? [] : [...new Set([...OCCUPATION_INDUSTRIES[core], ...(rnd() < 0.3 ? [pick(INDUSTRY_CODES)] : [])])];
    for (let l = 0; l < o.linesPerEnterprise; l++) {
      // Most posts are close to the enterprise's core occupation's industry, some anything.
      const occupationCode = rnd() < 0.5 ? core : pick(OCCUPATION_KEYS);
      enterpriseLines.push({
        orgId: base + e,
        regionCode,
        occupationCode,
        postName: `岗位${l + 1}`,
        headcount: rnd() < 0.1 ? 0 : int(1, 60),
        skillLevel: rnd() < 0.3 ? null : pick(SKILL_LEVELS).code,
        needType: pick(NEED_TYPES),
        availableFrom: date(),
        industryCodes: chain,
      });
    }
  }
  return { schoolLines, enterpriseLines };
}
