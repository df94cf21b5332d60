import { describe, it, expect } from 'vitest';
import {
  OCCUPATION_INDUSTRIES,
  SPECIALTY_OCCUPATIONS,
  industriesForSpecialty,
  occupationsForSpecialty,
  specialtiesForIndustry,
  specialtiesForOccupation,
} from './crosswalk';
import { INDUSTRIES, industryByCode } from './industries';
import { DETAILED_OCCUPATIONS, occupationByCode, occupationByName } from './occupations';
import { SPECIALTIES, specialtyByName } from './specialties';

const occ = (name: string) => occupationByName(name)!.code;
const spec = (name: string) => specialtyByName(name)!.code;
const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

describe('crosswalk completeness', () => {
  it('maps every specialty to ≥ 1 detailed occupation and ≥ 1 industry', () => {
    expect(Object.keys(SPECIALTY_OCCUPATIONS).sort()).toEqual(SPECIALTIES.map((s) => s.code).sort());
    // Named so that a failure says which specialty lost its mapping.
    expect(SPECIALTIES.filter((s) => !occupationsForSpecialty(s.code).length).map((s) => s.name)).toEqual([]);
    expect(SPECIALTIES.filter((s) => !industriesForSpecialty(s.code).length).map((s) => s.name)).toEqual([]);
    for (const s of SPECIALTIES) {
      for (const c of occupationsForSpecialty(s.code)) {
        expect(occupationByCode(c)?.level, `${s.name} → ${c}`).toBe('detail');
      }
    }
    // The size of the crosswalk (207 specialties): 380 specialty–occupation and 484 specialty–industry links.
    expect(sum(SPECIALTIES.map((s) => occupationsForSpecialty(s.code).length))).toBe(380);
    expect(sum(SPECIALTIES.map((s) => industriesForSpecialty(s.code).length))).toBe(484);
  });

  it('gives every detailed occupation existing industries and a specialty leading to it', () => {
    expect(Object.keys(OCCUPATION_INDUSTRIES).sort()).toEqual(DETAILED_OCCUPATIONS.map((o) => o.code).sort());
    const codes = Object.keys(OCCUPATION_INDUSTRIES);
    expect(codes.filter((code) => !OCCUPATION_INDUSTRIES[code].length)).toEqual([]);
    expect(codes.filter((code) => !specialtiesForOccupation(code).length)).toEqual([]);
    for (const [code, inds] of Object.entries(OCCUPATION_INDUSTRIES)) {
      for (const i of inds) expect(industryByCode(i)?.code, `${code} → ${i}`).toBe(i);
    }
    // 187 detailed occupations with 312 occupation–industry links; read backwards, the 380 links of the first case.
    expect(sum(Object.values(OCCUPATION_INDUSTRIES).map((inds) => inds.length))).toBe(312);
    expect(sum(codes.map((code) => specialtiesForOccupation(code).length))).toBe(380);
  });

  it('serves every seeded industry with at least one specialty', () => {
    expect(INDUSTRIES.filter((i) => !specialtiesForIndustry(i.code).length).map((i) => i.name)).toEqual([]);
    // The 484 specialty–industry links of the first case, read from the 29 industries.
    expect(sum(INDUSTRIES.map((i) => specialtiesForIndustry(i.code).length))).toBe(484);
  });
});

describe('crosswalk content', () => {
  it('leads 数控加工 to machining occupations in equipment and automotive industries', () => {
    expect(occupationsForSpecialty(spec('数控加工'))).toEqual(
      expect.arrayContaining([occ('车工'), occ('铣工'), occ('多工序数控机床操作调整工')]),
    );
    expect(industriesForSpecialty(spec('数控加工'))).toEqual(expect.arrayContaining(['IND-A1', 'IND-T2']));
  });

  it('leads the livelihood specialties to their fields', () => {
    expect(occupationsForSpecialty(spec('护理'))).toEqual(
      expect.arrayContaining([occ('健康照护师'), occ('养老护理员')]),
    );
    expect(industriesForSpecialty(spec('护理'))).toEqual(expect.arrayContaining(['IND-L1', 'IND-T4']));
    expect(industriesForSpecialty(spec('婴幼儿托育'))).toContain('IND-L3');
    expect(industriesForSpecialty(spec('家政服务'))).toEqual(expect.arrayContaining(['IND-L4', 'IND-S9']));
    expect(specialtiesForIndustry('IND-L2')).toEqual(expect.arrayContaining([spec('康养服务'), spec('养老服务')]));
  });

  it('finds specialties from occupations and industries', () => {
    expect(specialtiesForOccupation(occ('车工'))).toEqual(
      expect.arrayContaining([spec('机床切削加工（车工）'), spec('数控加工')]),
    );
    expect(specialtiesForIndustry('IND-E3')).toContain(spec('人工智能技术应用'));
    expect(specialtiesForIndustry('IND-T1')).toContain(spec('集成电路封装与测试'));
    expect(specialtiesForIndustry('IND-A1')).not.toContain(spec('会计'));
  });

  it('returns industries in dictionary order without duplicates', () => {
    const order = new Map(INDUSTRIES.map((i) => [i.code, i.sortOrder]));
    for (const s of SPECIALTIES) {
      const inds = industriesForSpecialty(s.code);
      expect(new Set(inds).size).toBe(inds.length);
      expect(inds.map((c) => order.get(c)!)).toEqual(inds.map((c) => order.get(c)!).sort((a, b) => a - b));
    }
  });

  it('answers [] for unknown codes, including prototype keys, and returns copies', () => {
    for (const bad of ['9999', '__proto__', 'constructor', 'toString']) {
      expect(occupationsForSpecialty(bad)).toEqual([]);
      expect(industriesForSpecialty(bad)).toEqual([]);
      expect(specialtiesForOccupation(bad)).toEqual([]);
      expect(specialtiesForIndustry(bad)).toEqual([]);
    }
    const list = occupationsForSpecialty('0101');
    list.push('x');
    expect(occupationsForSpecialty('0101')).not.toContain('x');
  });
});
