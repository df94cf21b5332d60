import data from './specialties.json';
import { asOneOf, asVerification, indexBy } from './types';

/**
 * Specialties (专业) of technical schools, modelled on the national 技工院校专业目录.
 * The codes are OURS (2-digit category + 2-digit serial), not the ministry's: `officialCode` is false for all, and
 * stored references should keep SPECIALTY_CATALOGUE.version so they can be remapped to the official catalogue.
 */
export const SPECIALTY_LEVELS = ['中级工', '高级工', '预备技师'] as const;
export type SpecialtyLevel = (typeof SPECIALTY_LEVELS)[number];

export const SPECIALTY_CATALOGUE = Object.freeze({
  name: data.catalogue.name,
  issuer: data.catalogue.issuer,
  edition: data.catalogue.edition,
  version: data.catalogue.version,
  note: data.catalogue.note,
});

export const SPECIALTY_CATEGORIES: readonly { code: string; name: string }[] = Object.freeze(
  data.categories.map((c) => Object.freeze({ code: c.code, name: c.name })),
);

export interface Specialty {
  code: string;
  name: string;
  categoryCode: string;
  /** Always false: the codes are the platform's, not the ministry's. */
  officialCode: boolean;
  verification: 'V' | 'P' | 'R';
  levels: ('中级工' | '高级工' | '预备技师')[];
}

const categoryCodes = new Set(SPECIALTY_CATEGORIES.map((c) => c.code));

export const SPECIALTIES: readonly Specialty[] = Object.freeze(
  data.specialties.map((s): Specialty => {
    const where = `specialty ${s.code}`;
    if (!/^\d{4}$/.test(s.code) || s.code.slice(0, 2) !== s.categoryCode || !categoryCodes.has(s.categoryCode)) {
      throw new Error(`reference data: bad code or category in ${where}`);
    }
    return Object.freeze({
      code: s.code,
      name: s.name,
      categoryCode: s.categoryCode,
      officialCode: false,
      verification: asVerification(s.verification, where),
      levels: Object.freeze(s.levels.map((l) => asOneOf(SPECIALTY_LEVELS, l, where))) as SpecialtyLevel[],
    });
  }),
);

export const SPECIALTY_CODES: readonly string[] = Object.freeze(SPECIALTIES.map((s) => s.code));

const byCode = indexBy(SPECIALTIES, (s) => s.code, 'specialty code');

/** Specialty names are compared with full-width parentheses and without spaces: "烹饪(中式烹调)" finds "烹饪（中式烹调）". */
function normalizeSpecialtyName(name: string): string {
  return name.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

const byName = indexBy(SPECIALTIES, (s) => normalizeSpecialtyName(s.name), 'specialty name');

export function specialtyByCode(code: string): Specialty | undefined {
  return byCode.get(code);
}

export function specialtyByName(name: string): Specialty | undefined {
  return byName.get(normalizeSpecialtyName(name));
}

export function specialtiesInCategory(categoryCode: string): Specialty[] {
  return SPECIALTIES.filter((s) => s.categoryCode === categoryCode);
}
