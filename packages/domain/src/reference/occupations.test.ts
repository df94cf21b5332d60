import { describe, it, expect } from 'vitest';
import {
  DETAILED_OCCUPATIONS,
  isChoosableEntry,
  OCCUPATIONS,
  occupationByCode,
  occupationByName,
  occupationChildren,
} from './occupations';
import { byLadder, SKILL_LEVELS, skillLevelByCode } from './skillLevels';

describe('occupational classification', () => {
  it('has the 8 major categories of GB/T 6565', () => {
    const majors = occupationChildren(null);
    expect(majors.map((m) => m.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(occupationByCode('6')?.name).toBe('生产制造及有关人员');
    expect(occupationByCode('4')?.name).toBe('社会生产服务和生活服务人员');
    for (const m of majors) expect(m.verification).toBe('V');
  });

  it('has the middle categories of the shared reference under their majors', () => {
    const middles = OCCUPATIONS.filter((o) => o.level === 'middle');
    expect(middles).toHaveLength(6 + 11 + 3 + 15 + 6 + 32);
    for (const m of middles) expect(m.code.split('-')[0]).toBe(m.parentCode);
    expect(occupationChildren('6')).toHaveLength(32);
    expect(occupationByCode('6-18')?.name).toBe('机械制造基础加工人员');
    expect(occupationChildren('7')).toEqual([]);
  });

  it('has detailed occupations with 大典 codes under an existing middle category', () => {
    expect(DETAILED_OCCUPATIONS.length).toBe(187);
    expect(new Set(DETAILED_OCCUPATIONS.map((o) => o.name)).size).toBe(DETAILED_OCCUPATIONS.length);
    for (const o of DETAILED_OCCUPATIONS) {
      expect(o.code).toMatch(/^[1-8]-\d{2}-\d{2}-\d{2}$/);
      expect(o.parentCode).toBe(o.code.slice(0, 4));
      expect(occupationByCode(o.parentCode!)?.level).toBe('middle');
      expect(o.verification).toBe('R');
    }
  });

  it('keeps the example codes of the shared reference', () => {
    expect(occupationByName('车工')?.code).toBe('6-18-01-01');
    expect(occupationByName('铣工')?.code).toBe('6-18-01-02');
    expect(occupationByName('焊工')?.code).toBe('6-18-02-04');
    expect(occupationByName('电工')?.code).toBe('6-31-01-03');
    expect(occupationByName('汽车维修工')?.code).toBe('4-12-01-01');
    expect(occupationByName('工业机器人系统操作员')?.code).toBe('6-30-99-00');
    expect(occupationByName('工业机器人系统运维员')?.code).toBe('6-31-01-10');
  });
});

describe('skill levels (新八级工)', () => {
  it('runs 学徒工 → 首席技师 and maps the five national levels', () => {
    expect(SKILL_LEVELS.map((l) => l.name)).toEqual([
      '学徒工',
      '初级工',
      '中级工',
      '高级工',
      '技师',
      '高级技师',
      '特级技师',
      '首席技师',
    ]);
    expect(SKILL_LEVELS.map((l) => l.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(SKILL_LEVELS.map((l) => l.nationalLevel)).toEqual([
      null,
      '五级',
      '四级',
      '三级',
      '二级',
      '一级',
      null,
      null,
    ]);
    expect(skillLevelByCode('GJG')?.name).toBe('高级工');
    expect(skillLevelByCode('nope')).toBeUndefined();
  });
});

describe('what a select offers', () => {
  it('occupations at 工种 level only: the category headings (党的机关…负责人) group, they are not chosen', () => {
    const choosable = OCCUPATIONS.filter((o) => isChoosableEntry('occupation', o.code));
    expect(choosable).toEqual(DETAILED_OCCUPATIONS);
    expect(OCCUPATIONS.filter((o) => o.level !== 'detail').some((o) => o.name.includes('党的机关'))).toBe(true);
    expect(choosable.some((o) => o.name.includes('负责人') && o.level !== 'detail')).toBe(false);
    expect(isChoosableEntry('skill_level', 'XTG')).toBe(true);
  });

  it('byLadder puts levels counted most-used-first back up the ladder', () => {
    const counted = [
      { v: 'TJJS', n: 1 },
      { v: 'GJG', n: 9 },
      { v: 'XTG', n: 3 },
      { v: 'nope', n: 4 },
      { v: 'CJG', n: 2 },
    ];
    expect(byLadder(counted, (x) => x.v).map((x) => skillLevelByCode(x.v)?.name ?? x.v)).toEqual([
      '学徒工',
      '初级工',
      '高级工',
      '特级技师',
      'nope',
    ]);
  });
});
