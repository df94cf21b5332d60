import { describe, expect, it } from 'vitest';
import { NEED_TYPES } from '../forms/definitions';
import { industriesForSpecialty, industriesForOccupation } from '../reference/crosswalk';
import { occupationByName } from '../reference/occupations';
import { regionDistanceKm } from '../reference/regions';
import { SKILL_LEVELS } from '../reference/skillLevels';
import { specialtyByName } from '../reference/specialties';
import { MATCH_WEIGHTS, NEED_TYPE_MATCHES, scorePair } from './index';
import { capacityPoints, dayNumber, levelPoints, NO_DAY, timingPoints, typePoints, needTypeIndex } from './rules';
import type { EnterpriseLine, SchoolLine } from './types';

const spec = (name: string) => specialtyByName(name)!.code;
const occ = (name: string) => occupationByName(name)!.code;
const XIANGYANG = '420600';
const ENSHI = '422800';
const EZHOU = '420700';

const school: SchoolLine = {
  orgId: 1,
  regionCode: XIANGYANG,
  specialtyCode: spec('数控加工'),
  needType: '学生实习实训基地',
  graduates: 40,
  levels: ['中级工', '高级工'],
  availableFrom: '2025-09-01',
};
const ent: EnterpriseLine = {
  orgId: 2,
  regionCode: XIANGYANG,
  occupationCode: occ('车工'),
  postName: '数控车工',
  headcount: 12,
  skillLevel: 'GJG',
  needType: '学生实习实训基地',
  availableFrom: '2025-09-15',
  industryCodes: [],
};

describe('scorePair', () => {
  it('uses weights that sum to 100', () => {
    expect(Object.values(MATCH_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('scores a 数控加工 school and a 车工 enterprise in the same region high, with plain reasons by weight', () => {
    const m = scorePair(school, ent)!;
    expect(m.components).toEqual({ fit: 36, distance: 20, type: 14, capacity: 10, timing: 10, level: 6, partner: 0 });
    expect(m.score).toBe(96);
    expect(m.reasons).toEqual([
      '数控加工 专业对口 车工 岗位 12 人',
      '同在襄阳市',
      '合作方式一致：学生实习实训基地',
      '可输送毕业生 40 人，满足 12 个岗位',
      '9 月可接收实习',
      '技能等级要求（高级工）在培养范围内',
    ]);
  });

  it('scores the same pair ~500 km apart lower by exactly the distance component', () => {
    expect(regionDistanceKm(ENSHI, EZHOU)).toBeGreaterThan(500);
    const near = scorePair(school, ent)!;
    const far = scorePair({ ...school, regionCode: ENSHI }, { ...ent, regionCode: EZHOU })!;
    expect(far.components.distance).toBeLessThan(near.components.distance);
    expect(near.score - far.score).toBe(near.components.distance - far.components.distance);
    expect({ ...far.components, distance: 0 }).toEqual({ ...near.components, distance: 0 });
    expect(far.reasons[1]).toBe('相距约 520 公里');
  });

  it('decreases with distance and gives an unknown region nothing', () => {
    const d = (region: string) => scorePair(school, { ...ent, regionCode: region })!.components.distance;
    const wuhan = d('420100');
    expect(wuhan).toBeLessThan(d(XIANGYANG));
    expect(d('420700')).toBeLessThan(wuhan); // 鄂州 is farther from 襄阳 than 武汉
    expect(d('999999')).toBe(0);
    expect(
      scorePair(school, { ...ent, regionCode: '999999' })!.reasons.some(
        (r) => r.includes('公里') || r.startsWith('同在'),
      ),
    ).toBe(false);
  });

  it('returns null for a pair with no crosswalk link', () => {
    const nursing = spec('护理');
    expect(
      industriesForSpecialty(nursing).filter((i) => industriesForOccupation(ent.occupationCode).includes(i)),
    ).toEqual([]);
    expect(scorePair({ ...school, specialtyCode: nursing }, ent)).toBeNull();
    expect(scorePair({ ...school, specialtyCode: 'nope' }, ent)).toBeNull();
  });

  it('gives a partial fit for a shared industry, through the crosswalk or the declared industry chain', () => {
    const fitter = { ...ent, occupationCode: occ('装配钳工') }; // 高端装备, not one of 数控加工's occupations
    const m = scorePair(school, fitter)!;
    expect(m.components.fit).toBe(12);
    expect(m.reasons[0]).toBe('数控加工 专业相关 装配钳工 岗位 12 人（同属高端装备）');
    const nurse = { ...ent, occupationCode: occ('养老护理员') };
    expect(scorePair(school, nurse)).toBeNull();
    expect(scorePair(school, { ...nurse, industryCodes: ['IND-T2'] })!.reasons[0]).toBe(
      '数控加工 专业相关 养老护理员 岗位 12 人（同属汽车制造）',
    );
  });

  it('makes capacity monotonic in graduates, full once they cover the places, neutral when unknown', () => {
    const caps = [1, 3, 6, 9, 11, 12, 20, 400].map(
      (g) => scorePair({ ...school, graduates: g }, ent)!.components.capacity,
    );
    for (let i = 1; i < caps.length; i++) expect(caps[i]).toBeGreaterThanOrEqual(caps[i - 1]);
    expect(caps.at(-1)).toBe(10);
    expect(capacityPoints(0, 12)).toBe(5);
    expect(capacityPoints(12, 0)).toBe(5);
    expect(scorePair({ ...school, graduates: 8 }, ent)!.reasons).toContain('可输送毕业生 8 人，岗位需求 12 人');
  });

  it('makes timing monotonic in the gap between start dates, partial when a date is missing', () => {
    const base = dayNumber('2025-09-01');
    const pts = [0, 30, 92, 93, 150, 250, 364, 365, 800].map((gap) => timingPoints(base, base + gap));
    for (let i = 1; i < pts.length; i++) expect(pts[i]).toBeLessThanOrEqual(pts[i - 1]);
    expect(pts.slice(0, 3)).toEqual([10, 10, 10]);
    expect(pts.at(-1)).toBe(0);
    expect(timingPoints(base, NO_DAY)).toBe(5);
    expect(scorePair({ ...school, availableFrom: null }, ent)!.components.timing).toBe(5);
    for (const d of ['1970-01-01', '2000-02-29', '2024-12-31', '2025-03-01', '2100-03-01', '1969-07-20']) {
      expect(dayNumber(d), d).toBe(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8)) / 86_400_000);
    }
    for (const bad of ['2025-02-29', '2100-02-29', '2025-13-01', '2025-00-10', '2025-1-01', '2025/01/01', '', null])
      expect(dayNumber(bad), String(bad)).toBe(NO_DAY);
    expect(scorePair({ ...school, availableFrom: '2025-03-01' }, ent)!.reasons).toContain('开始时间相差约 7 个月');
    expect(scorePair(school, { ...ent, needType: '技术研发/技术服务' })!.reasons).toContain('时间可衔接（9 月起）');
    expect(
      scorePair({ ...school, availableFrom: '2025-12-20' }, { ...ent, availableFrom: '2026-01-10' })!.reasons,
    ).toContain('2026 年 1 月可接收实习');
  });

  it('accepts a required level up to the highest level the school trains', () => {
    const pts = SKILL_LEVELS.map((l) => scorePair(school, { ...ent, skillLevel: l.code })!.components.level);
    // school trains 中级工 + 高级工 → up to GJG (order 4)
    expect(pts).toEqual([6, 6, 6, 6, 0, 0, 0, 0]);
    expect(scorePair(school, { ...ent, skillLevel: null })!.components.level).toBe(3);
    expect(scorePair({ ...school, levels: [] }, ent)!.components.level).toBe(3);
    expect(scorePair({ ...school, levels: ['预备技师'] }, { ...ent, skillLevel: 'JS' })!.components.level).toBe(6);
    expect(levelPoints(4, 5)).toBe(0);
    expect(scorePair(school, { ...ent, skillLevel: 'JS' })!.reasons).toContain('技能等级要求（技师）高于培养层次');
  });

  it('scores need types: same full, related partial, unrelated 0, 其他 partial', () => {
    const t = (s: string, e: string) => typePoints(needTypeIndex(s), needTypeIndex(e));
    for (const n of NEED_TYPES) if (n !== '其他') expect(t(n, n)).toBe(14);
    expect(t('订单（定向）班', '毕业生就业')).toBe(7);
    expect(t('职工技能培训', '企业新型学徒制')).toBe(7);
    expect(t('技能等级认定/培训评价', '职工技能培训')).toBe(7);
    expect(t('订单（定向）班', '技术研发/技术服务')).toBe(0);
    expect(t('其他', '订单（定向）班')).toBe(7);
    expect(t('毕业生就业', '其他')).toBe(7);
    expect(t('毕业生就业', 'unknown type')).toBe(7);
    expect(Object.keys(NEED_TYPE_MATCHES).sort()).toEqual([...NEED_TYPES].sort());
    const r = scorePair({ ...school, needType: '订单（定向）班' }, { ...ent, needType: '毕业生就业' })!.reasons;
    expect(r).toContain('合作方式相近：订单（定向）班 / 毕业生就业');
    expect(r).toContain('9 月可接收毕业生');
  });

  it('adds a small partner bonus and says so', () => {
    const m = scorePair(school, ent, { partners: true })!;
    expect(m.components.partner).toBe(4);
    expect(m.score).toBe(100);
    expect(m.reasons.at(-1)).toBe('已有合作基础');
    expect(scorePair(school, ent)!.reasons).not.toContain('已有合作基础');
  });

  it('multiplies the score by the dismissal penalty, and excludes at 1', () => {
    expect(scorePair(school, ent, { dismissPenalty: 0.3 })!.score).toBe(Math.round(96 * 0.7));
    expect(scorePair(school, ent, { dismissPenalty: 0.3 })!.components).toEqual(scorePair(school, ent)!.components);
    expect(scorePair(school, ent, { dismissPenalty: 1 })).toBeNull();
  });
});
