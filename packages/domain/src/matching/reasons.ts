/**
 * Wording of the reasons shown with a recommendation. The rules (rules.ts) decide; this file only says it in plain
 * Chinese with names from the reference lookups, so the wording can change without touching the numbers.
 * Limiting facts are said too (相距约 480 公里, 岗位需求 12 人): a reason list that only praises does not explain a
 * middling score.
 */
import { industryByCode } from '../reference/industries';
import { occupationByCode } from '../reference/occupations';
import { regionByCode } from '../reference/regions';
import { skillLevelByCode, SKILL_LEVELS } from '../reference/skillLevels';
import { specialtyByCode } from '../reference/specialties';
import type { EnterpriseLine, MatchComponent, SchoolLine } from './types';

/** What the rules found about a pair, in the terms the reasons need. */
export interface PairFacts {
  direct: boolean;
  /** Partial fit: the industry both sides share. */
  sharedIndustry: string | undefined;
  sameRegion: boolean;
  /** NaN when a region is unknown. */
  km: number;
  typeMatch: 'full' | 'partial' | 'none';
  /** |days| between the two start dates; null when either is missing. */
  dayGap: number | null;
  timingFull: boolean;
  /** null when either side's level is unknown. */
  levelInRange: boolean | null;
  partners: boolean;
}

/** How the start of cooperation is said for the enterprise's need type ("9 月可接收实习"). */
const START_VERBS: Readonly<Record<string, string>> = Object.freeze({
  学生实习实训基地: '可接收实习',
  毕业生就业: '可接收毕业生',
  '订单（定向）班': '可开班',
  教师企业实践: '可接收教师实践',
});

const specialtyName = (code: string): string => specialtyByCode(code)?.name ?? code;
const occupationName = (code: string): string => occupationByCode(code)?.name ?? code;
const levelName = (code: string | null) =>
  code ? (skillLevelByCode(code) ?? SKILL_LEVELS.find((l) => l.name === code))?.name : undefined;

/** Reasons tagged with their component, in wording order; the caller orders them by weight. */
export function explainPair(school: SchoolLine, ent: EnterpriseLine, f: PairFacts): [MatchComponent, string][] {
  const out: [MatchComponent, string][] = [];
  const post = `${occupationName(ent.occupationCode)} 岗位${ent.headcount > 0 ? ` ${ent.headcount} 人` : ''}`;
  const spec = specialtyName(school.specialtyCode);
  if (f.direct) out.push(['fit', `${spec} 专业对口 ${post}`]);
  else {
    const ind = f.sharedIndustry ? industryByCode(f.sharedIndustry)?.name : undefined;
    out.push(['fit', `${spec} 专业相关 ${post}${ind ? `（同属${ind}）` : ''}`]);
  }

  if (f.sameRegion) out.push(['distance', `同在${regionByCode(school.regionCode)?.name ?? school.regionCode}`]);
  else if (Number.isFinite(f.km)) out.push(['distance', `相距约 ${Math.max(10, Math.round(f.km / 10) * 10)} 公里`]);

  if (f.typeMatch === 'full') out.push(['type', `合作方式一致：${school.needType}`]);
  else if (f.typeMatch === 'partial') out.push(['type', `合作方式相近：${school.needType} / ${ent.needType}`]);
  else out.push(['type', `合作方式不同：${school.needType} / ${ent.needType}`]);

  if (school.graduates > 0 && ent.headcount > 0) {
    out.push([
      'capacity',
      school.graduates >= ent.headcount
        ? `可输送毕业生 ${school.graduates} 人，满足 ${ent.headcount} 个岗位`
        : `可输送毕业生 ${school.graduates} 人，岗位需求 ${ent.headcount} 人`,
    ]);
  }

  if (f.timingFull && school.availableFrom && ent.availableFrom) {
    const [early, late] = [school.availableFrom, ent.availableFrom].sort();
    const when = `${early.slice(0, 4) === late.slice(0, 4) ? '' : `${late.slice(0, 4)} 年 `}${Number(late.slice(5, 7))} 月`;
    const verb = START_VERBS[ent.needType];
    out.push(['timing', verb ? `${when}${verb}` : `时间可衔接（${when}起）`]);
  } else if (f.dayGap !== null) {
    out.push(['timing', `开始时间相差约 ${Math.max(1, Math.round(f.dayGap / 30))} 个月`]);
  }

  if (f.levelInRange !== null) {
    const name = levelName(ent.skillLevel) ?? ent.skillLevel;
    out.push(['level', f.levelInRange ? `技能等级要求（${name}）在培养范围内` : `技能等级要求（${name}）高于培养层次`]);
  }

  if (f.partners) out.push(['partner', '已有合作基础']);
  return out;
}
