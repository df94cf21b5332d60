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
    .map((l): SkillLevel => Object.freeze({ order: l.order, code: l.code, name: l.name, nationalLevel: l.nationalLevel })),
);

const byCode = indexBy(SKILL_LEVELS, (l) => l.code, 'skill level code');

export function skillLevelByCode(code: string): SkillLevel | undefined {
  return byCode.get(code);
}
