import data from './occupations.json';
import { asOneOf, asVerification, indexBy } from './types';

/**
 * The occupational classification (职业分类大典 / GB/T 6565): the 8 major categories, their middle categories and
 * the detailed occupations technical-school specialties lead to. Detailed codes (e.g. 6-18-01-01 车工) are from memory
 * (R) and hang directly under their middle category; the 小类 level is not modelled.
 */
const OCCUPATION_LEVELS = ['major', 'middle', 'detail'] as const;
type OccupationLevel = (typeof OCCUPATION_LEVELS)[number];

export interface Occupation {
  code: string;
  name: string;
  level: 'major' | 'middle' | 'detail';
  parentCode: string | null;
  verification: 'V' | 'P' | 'R';
}

const CODE_PATTERN: Readonly<Record<OccupationLevel, RegExp>> = {
  major: /^[1-8]$/,
  middle: /^[1-8]-\d{2}$/,
  detail: /^[1-8]-\d{2}-\d{2}-\d{2}$/,
};

export const OCCUPATIONS: readonly Occupation[] = Object.freeze(
  data.occupations.map((o): Occupation => {
    const where = `occupation ${o.code}`;
    const level = asOneOf(OCCUPATION_LEVELS, o.level, where);
    if (!CODE_PATTERN[level].test(o.code)) throw new Error(`reference data: bad code format in ${where}`);
    return Object.freeze({
      code: o.code,
      name: o.name,
      level,
      parentCode: o.parentCode,
      verification: asVerification(o.verification, where),
    });
  }),
);

const byCode = indexBy(OCCUPATIONS, (o) => o.code, 'occupation code');

for (const o of OCCUPATIONS) {
  if (o.parentCode !== null && !byCode.has(o.parentCode))
    throw new Error(`reference data: occupation ${o.code} has unknown parent ${o.parentCode}`);
}

/**
 * Whether a dictionary entry can be chosen in a select or an Excel dropdown: every entry, except that occupations are
 * chosen at 工种 level (6-18-01-01 车工); the category headings above them (1 党的机关…负责人, 6-18 …) only group them.
 * The one rule the web's selects, the project widgets and the templates' dropdowns share.
 */
export const isChoosableEntry = (kind: string, code: string): boolean =>
  kind !== 'occupation' || CODE_PATTERN.detail.test(code);

export const DETAILED_OCCUPATIONS: readonly Occupation[] = Object.freeze(
  OCCUPATIONS.filter((o) => o.level === 'detail'),
);

export function occupationByCode(code: string): Occupation | undefined {
  return byCode.get(code);
}

/** Finds a detailed occupation by its exact name (e.g. '车工'). */
export function occupationByName(name: string): Occupation | undefined {
  const n = name.trim();
  return DETAILED_OCCUPATIONS.find((o) => o.name === n) ?? OCCUPATIONS.find((o) => o.name === n);
}

export function occupationChildren(code: string | null): Occupation[] {
  return OCCUPATIONS.filter((o) => o.parentCode === code);
}
