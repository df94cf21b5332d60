import data from './skillLevels.json';
import { indexBy } from './types';

/** The 新八级工 ladder (1 学徒工 + the 5 national levels + 特级技师, 首席技师). Codes are the platform's, not official. */
export interface SkillLevel {
  order: number;
  code: string;
  name: string;
  /** The national vocational skill level (五级 … 一级); null for 学徒工, 特级技师 and 首席技师. */
  nationalLevel: string | null;
}

export const SKILL_LEVELS: readonly SkillLevel[] = Object.freeze(
  [...data.levels]
    .sort((a, b) => a.order - b.order)
    .map((l): SkillLevel =>
      Object.freeze({ order: l.order, code: l.code, name: l.name, nationalLevel: l.nationalLevel }),
    ),
);

const byCode = indexBy(SKILL_LEVELS, (l) => l.code, 'skill level code');

/** Sorts coded values up the ladder (学徒工 → 首席技师); unknown codes last, by code. For lists ordered elsewhere (counts). */
export function byLadder<T>(items: T[], codeOf: (x: T) => string): T[] {
  const rank = (c: string) => byCode.get(c)?.order ?? Number.MAX_SAFE_INTEGER;
  return [...items].sort((a, b) => rank(codeOf(a)) - rank(codeOf(b)) || codeOf(a).localeCompare(codeOf(b)));
}

export function skillLevelByCode(code: string): SkillLevel | undefined {
  return byCode.get(code);
}
