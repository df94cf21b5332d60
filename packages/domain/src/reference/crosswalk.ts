import data from './crosswalk.json';
import { industryByCode, INDUSTRIES } from './industries';
import { occupationByCode } from './occupations';
import { SPECIALTIES, specialtyByCode } from './specialties';

/**
 * Specialty → detailed occupations → industries (reconstruction, R). Seed for the dictionary's `data` field: the
 * province can edit it. Every specialty maps to ≥ 1 occupation and, through them, to ≥ 1 industry.
 */
function freezeRecord(
  record: Record<string, string[]>,
  what: string,
  keyOk: (k: string) => boolean,
  valueOk: (v: string) => boolean,
) {
  const out: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(record)) {
    if (!keyOk(key)) throw new Error(`reference data: ${what} has unknown key ${key}`);
    if (values.length === 0) throw new Error(`reference data: ${what}[${key}] is empty`);
    for (const v of values)
      if (!valueOk(v)) throw new Error(`reference data: ${what}[${key}] refers to unknown code ${v}`);
    if (new Set(values).size !== values.length) throw new Error(`reference data: ${what}[${key}] has duplicates`);
    out[key] = Object.freeze([...values]) as string[];
  }
  return Object.freeze(out) as Readonly<Record<string, string[]>>;
}

const isDetailed = (code: string) => occupationByCode(code)?.level === 'detail';

export const SPECIALTY_OCCUPATIONS: Readonly<
  Record<string /* specialty code */, string[] /* detailed occupation codes */>
> = freezeRecord(
  data.specialtyOccupations,
  'SPECIALTY_OCCUPATIONS',
  (k) => specialtyByCode(k) !== undefined,
  isDetailed,
);

export const OCCUPATION_INDUSTRIES: Readonly<Record<string /* occupation code */, string[] /* industry codes */>> =
  freezeRecord(
    data.occupationIndustries,
    'OCCUPATION_INDUSTRIES',
    (k) => occupationByCode(k) !== undefined,
    (v) => industryByCode(v) !== undefined,
  );

const own = (record: Readonly<Record<string, string[]>>, key: string): readonly string[] =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : [];

const industryOrder = new Map(INDUSTRIES.map((i) => [i.code, i.sortOrder] as const));
const byIndustryOrder = (a: string, b: string) =>
  (industryOrder.get(a) ?? Infinity) - (industryOrder.get(b) ?? Infinity);

/** Detailed occupation codes a specialty leads to ([] for an unknown specialty). */
export function occupationsForSpecialty(specialtyCode: string): string[] {
  return [...own(SPECIALTY_OCCUPATIONS, specialtyCode)];
}

/** Industry codes served by an occupation ([] if unknown). */
export function industriesForOccupation(occupationCode: string): string[] {
  return [...own(OCCUPATION_INDUSTRIES, occupationCode)];
}

/** Union of the industries of the specialty's occupations, in dictionary order. */
export function industriesForSpecialty(specialtyCode: string): string[] {
  const set = new Set<string>();
  for (const occ of own(SPECIALTY_OCCUPATIONS, specialtyCode))
    for (const ind of own(OCCUPATION_INDUSTRIES, occ)) set.add(ind);
  return [...set].sort(byIndustryOrder);
}

const specialtiesByOccupation = new Map<string, string[]>();
for (const s of SPECIALTIES) {
  for (const occ of own(SPECIALTY_OCCUPATIONS, s.code)) {
    const list = specialtiesByOccupation.get(occ) ?? [];
    list.push(s.code);
    specialtiesByOccupation.set(occ, list);
  }
}

/** Specialty codes that lead to a detailed occupation, in catalogue order. */
export function specialtiesForOccupation(occupationCode: string): string[] {
  return [...(specialtiesByOccupation.get(occupationCode) ?? [])];
}

const specialtiesByIndustry = new Map<string, string[]>();
for (const s of SPECIALTIES) {
  for (const ind of industriesForSpecialty(s.code)) {
    const list = specialtiesByIndustry.get(ind) ?? [];
    list.push(s.code);
    specialtiesByIndustry.set(ind, list);
  }
}

/** Specialty codes whose occupations serve an industry, in catalogue order. */
export function specialtiesForIndustry(industryCode: string): string[] {
  return [...(specialtiesByIndustry.get(industryCode) ?? [])];
}
