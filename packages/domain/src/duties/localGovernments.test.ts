import { describe, expect, it } from 'vitest';
import { COUNTIES } from '../reference/counties';
import { REGIONS } from '../reference/regions';
import { LOCAL_GOVERNMENTS, localGovernmentByCode } from './localGovernments';

describe('local governments (notice 三(二))', () => {
  it('are the 17 市州 and every county of the reference, each once', () => {
    const cities = LOCAL_GOVERNMENTS.filter((g) => g.level === 'city');
    const counties = LOCAL_GOVERNMENTS.filter((g) => g.level === 'county');
    expect(cities.map((g) => g.code)).toEqual(REGIONS.map((r) => r.code));
    // 仙桃、潜江、天门、神农架 are a 市州 and a county at once: one government, at city level.
    const ownRegion = COUNTIES.filter((c) => c.code === c.regionCode).map((c) => c.name);
    expect(ownRegion.sort()).toEqual(['仙桃市', '天门市', '潜江市', '神农架林区'].sort());
    expect(counties).toHaveLength(COUNTIES.length - ownRegion.length);
    expect(new Set(LOCAL_GOVERNMENTS.map((g) => g.code)).size).toBe(LOCAL_GOVERNMENTS.length);
  });

  it('names a county government by its own name and files it with its 市州', () => {
    expect(localGovernmentByCode('420683')).toMatchObject({
      name: '枣阳市人民政府',
      level: 'county',
      regionCode: '420600',
    });
    expect(localGovernmentByCode('420600')).toMatchObject({
      name: '襄阳市人民政府',
      level: 'city',
      regionCode: '420600',
    });
    expect(localGovernmentByCode('429004')).toMatchObject({
      name: '仙桃市人民政府',
      level: 'city',
      regionCode: '429004',
    });
    // 鄂州 has districts in the reference only; the hand list had them, the reference must too.
    expect(
      LOCAL_GOVERNMENTS.filter((g) => g.regionCode === '420700' && g.level === 'county').map((g) => g.areaName),
    ).toEqual(['梁子湖区', '华容区', '鄂城区']);
    expect(localGovernmentByCode('421071')).toBeUndefined(); // statistical-only unit, not a government
    expect(localGovernmentByCode('999999')).toBeUndefined();
  });
});
