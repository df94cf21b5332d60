import { describe, it, expect } from 'vitest';
import {
  SPECIALTIES,
  SPECIALTY_CATALOGUE,
  SPECIALTY_CATEGORIES,
  SPECIALTY_LEVELS,
  specialtiesInCategory,
  specialtyByCode,
  specialtyByName,
} from './specialties';

// Names seen in public material (P in shared/reference/specialties.json).
const SHARED_P = [
  '数控加工',
  '数控机床装配与维修',
  '机械设备装配与自动控制',
  '机电设备安装与维修',
  '机电一体化技术',
  '工业机器人应用与维护',
  '电气自动化设备安装与维修',
  '电梯工程技术',
  '制冷设备运用与维修',
  '工业网络技术',
  '计算机广告制作',
  '汽车维修',
  '城市轨道交通车辆运用与检修',
  '煤矿电气设备维修',
  '建筑施工',
];
const SHARED_R = [
  '机床切削加工（车工）',
  '模具制造',
  '焊接加工',
  '电子技术应用',
  '计算机网络应用',
  '计算机应用与维修',
  '计算机程序设计',
  '计算机动画制作',
  '物联网应用技术',
  '汽车钣金与涂装',
  '新能源汽车检测与维修',
  '城市轨道交通运输与管理',
  '烹饪（中式烹调）',
  '美容美发与造型',
  '电子商务',
  '物流服务与管理',
  '会计',
  '工程造价',
  '服装设计与制作',
];

describe('specialty catalogue', () => {
  it('says its codes are not official', () => {
    expect(SPECIALTY_CATALOGUE.name).toBe('技工院校专业目录');
    expect(SPECIALTY_CATALOGUE.issuer).toBe('人力资源社会保障部');
    expect(SPECIALTY_CATALOGUE.version).toMatch(/^\d{4}-R\d+$/);
    expect(SPECIALTY_CATALOGUE.note).toContain('非人社部官方专业代码');
    for (const s of SPECIALTIES) expect(s.officialCode).toBe(false);
  });

  it('has the 15 categories 01 机械类 … 15 其他, each used', () => {
    expect(SPECIALTY_CATEGORIES.map((c) => c.code)).toEqual(
      Array.from({ length: 15 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(SPECIALTY_CATEGORIES[0].name).toBe('机械类');
    expect(SPECIALTY_CATEGORIES[4].name).toBe('服务类');
    expect(SPECIALTY_CATEGORIES[14].name).toBe('其他');
    expect(SPECIALTY_CATEGORIES.map((c) => specialtiesInCategory(c.code).length)).toEqual([
      26, 15, 21, 19, 21, 15, 13, 12, 10, 7, 14, 10, 11, 9, 4,
    ]);
  });

  it('has 207 specialties (at least 150 asked) with unique codes (category + serial) and names', () => {
    expect(SPECIALTIES.length).toBe(207);
    expect(new Set(SPECIALTIES.map((s) => s.code)).size).toBe(SPECIALTIES.length);
    expect(new Set(SPECIALTIES.map((s) => s.name)).size).toBe(SPECIALTIES.length);
    for (const c of SPECIALTY_CATEGORIES) {
      const serials = specialtiesInCategory(c.code).map((s) => Number(s.code.slice(2)));
      expect(serials).toEqual(serials.map((_, i) => i + 1));
      for (const s of specialtiesInCategory(c.code)) expect(s.code).toMatch(new RegExp(`^${c.code}\\d{2}$`));
    }
  });

  it('keeps the shared names with their marks and marks the rest R', () => {
    for (const n of SHARED_P) expect(specialtyByName(n)?.verification, n).toBe('P');
    for (const n of SHARED_R) expect(specialtyByName(n)?.verification, n).toBe('R');
    const shared = new Set([...SHARED_P, ...SHARED_R]);
    for (const s of SPECIALTIES) if (!shared.has(s.name)) expect(s.verification, s.name).toBe('R');
  });

  it('covers the livelihood fields of the notice in 服务类', () => {
    for (const n of ['护理', '康养服务', '养老服务', '婴幼儿托育', '家政服务'])
      expect(specialtyByName(n)?.categoryCode, n).toBe('05');
  });

  it('teaches at two or three of the three levels, in ladder order', () => {
    // 154 specialties are taught at all three levels, 53 at two; none at one or none.
    expect(SPECIALTIES.filter((s) => s.levels.length === 3)).toHaveLength(154);
    expect(SPECIALTIES.filter((s) => s.levels.length === 2)).toHaveLength(53);
    for (const s of SPECIALTIES) {
      const idx = s.levels.map((l) => SPECIALTY_LEVELS.indexOf(l));
      expect(idx.every((v) => v >= 0)).toBe(true);
      expect(idx).toEqual([...idx].sort((a, b) => a - b));
    }
  });

  it('looks specialties up by code and by name (half-width parentheses too)', () => {
    expect(specialtyByCode('0101')?.name).toBe('机床切削加工（车工）');
    expect(specialtyByName('烹饪(中式烹调)')?.categoryCode).toBe('05');
    expect(specialtyByName(' 数控加工 ')?.code).toBe(specialtyByName('数控加工')?.code);
    expect(specialtyByCode('9999')).toBeUndefined();
    expect(specialtyByName('不存在的专业')).toBeUndefined();
  });
});
