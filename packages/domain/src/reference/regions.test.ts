import { describe, it, expect } from 'vitest';
import { PROVINCE, REGIONS, REGION_CODES, isRegionCode, regionByCode, regionDistanceKm, haversineKm } from './regions';

// Feature names of shared/reference/map/hubei.geo.json, by feature id.
const GEO_NAMES: Record<string, string> = {
  '420100': '武汉市',
  '420200': '黄石市',
  '420300': '十堰市',
  '420500': '宜昌市',
  '420600': '襄阳市',
  '420700': '鄂州市',
  '420800': '荆门市',
  '420900': '孝感市',
  '421000': '荆州市',
  '421100': '黄冈市',
  '421200': '咸宁市',
  '421300': '随州市',
  '422800': '恩施土家族苗族自治州',
  '429004': '仙桃市',
  '429005': '潜江市',
  '429006': '天门市',
  '429021': '神农架林区',
};

describe('regions', () => {
  it('is Hubei with 17 prefecture-level units, 6-digit codes under 42', () => {
    expect(PROVINCE).toEqual({ code: '420000', name: '湖北省', shortName: '鄂' });
    expect(REGIONS).toHaveLength(17);
    expect(new Set(REGION_CODES).size).toBe(17);
    for (const code of REGION_CODES) expect(code).toMatch(/^42\d{4}$/);
    expect(REGION_CODES).not.toContain('420000');
  });

  it('has the names of the map features, in sort order', () => {
    expect(Object.fromEntries(REGIONS.map((r) => [r.code, r.name]))).toEqual(GEO_NAMES);
    expect(REGIONS.map((r) => r.sortOrder)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(REGIONS[0].name).toBe('武汉市');
    expect(REGIONS[16].name).toBe('神农架林区');
  });

  it('groups 13 市州 and 4 directly administered units (3 cities + 神农架)', () => {
    expect(REGIONS.filter((r) => r.group === '市州')).toHaveLength(13);
    expect(REGIONS.filter((r) => r.code.startsWith('4290')).map((r) => r.shortName)).toEqual([
      '仙桃',
      '潜江',
      '天门',
      '神农架',
    ]);
    expect(regionByCode('422800')?.type).toBe('自治州');
  });

  it('puts every centroid inside Hubei (lng 108.3–116.2, lat 29.0–33.3)', () => {
    for (const r of REGIONS) {
      const [lng, lat] = r.centroid;
      expect(lng, r.name).toBeGreaterThan(108.3);
      expect(lng, r.name).toBeLessThan(116.2);
      expect(lat, r.name).toBeGreaterThan(29.0);
      expect(lat, r.name).toBeLessThan(33.3);
    }
    // 十堰 and 襄阳 are in the north, 咸宁 and 恩施 in the south; 恩施 is the westernmost unit.
    expect(regionByCode('420300')!.centroid[1]).toBeGreaterThan(regionByCode('421200')!.centroid[1]);
    expect(Math.min(...REGIONS.map((r) => r.centroid[0]))).toBe(regionByCode('422800')!.centroid[0]);
  });

  it('measures straight-line distances between centroids', () => {
    const wuhanXiangyang = regionDistanceKm('420100', '420600');
    expect(wuhanXiangyang).toBeGreaterThan(240); // ≈ 261 km as the crow flies (≈ 300 km by road)
    expect(wuhanXiangyang).toBeLessThan(290);
    expect(regionDistanceKm('420600', '420100')).toBeCloseTo(wuhanXiangyang, 9);
    expect(regionDistanceKm('420100', '420100')).toBe(0);
    expect(regionDistanceKm('420100', '420700')).toBeLessThan(80); // 鄂州 borders 武汉
    expect(regionDistanceKm('420100', '422800')).toBeGreaterThan(regionDistanceKm('420100', '420500')); // 恩施 beyond 宜昌
    expect(regionDistanceKm(regionByCode('420100')!, '420500')).toBeCloseTo(288, -1);
    // one degree of latitude ≈ 111.2 km
    expect(haversineKm([114, 30], [114, 31])).toBeCloseTo(111.2, 0);
  });

  it('looks codes up and refuses unknown ones', () => {
    expect(regionByCode('420600')?.name).toBe('襄阳市');
    expect(regionByCode('420400')).toBeUndefined();
    expect(isRegionCode('429021')).toBe(true);
    expect(isRegionCode('420000')).toBe(false);
    expect(isRegionCode(420100)).toBe(false);
    expect(() => regionDistanceKm('420100', '110000')).toThrow(RangeError);
  });
});
