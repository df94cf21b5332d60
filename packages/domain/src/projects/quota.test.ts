import { describe, expect, it } from 'vitest';
import { REGIONS } from '../reference/regions';
import {
  countProjectsByRegion,
  quotaProgress,
  quotaProgressTotal,
  quotaStatus,
  yearFractionElapsed,
  type ProjectForQuota,
} from './quota';

const WUHAN = '420100';
const YICHANG = '420500';

const projects: ProjectForQuota[] = [
  { id: 1, type: 'order_class', regionCode: WUHAN, campaignYear: 2025 },
  { id: 2, type: 'order_class', regionCode: WUHAN, campaignYear: 2025 },
  { id: 3, type: 'mentor', regionCode: WUHAN, campaignYear: 2025 },
  { id: 3, type: 'mentor', regionCode: WUHAN, campaignYear: 2025 }, // listed twice: counts once
  { id: 4, type: 'base', regionCode: WUHAN, campaignYear: 2025, deleted: true },
  { id: 5, type: 'base', regionCode: WUHAN, campaignYear: 2026 },
  { id: 6, type: 'alliance', regionCode: YICHANG, campaignYear: 2025 },
  { id: 7, type: 'rnd', regionCode: '999999', campaignYear: 2025 },
];

describe('countProjectsByRegion', () => {
  const counts = countProjectsByRegion(projects, 2025);
  it('counts the year, skips deleted and duplicates, fills every region', () => {
    expect(counts.get(WUHAN)).toMatchObject({ total: 3, byType: { order_class: 2, mentor: 1, base: 0 } });
    expect(counts.get(YICHANG)!.total).toBe(1);
    for (const r of REGIONS) expect(counts.has(r.code)).toBe(true);
    expect(counts.get('999999')!.total).toBe(1);
    expect(countProjectsByRegion(projects, 2026).get(WUHAN)!.byType.base).toBe(1);
  });

  it('quotaProgress: 17 rows in REGIONS order with ratio and status', () => {
    const rows = quotaProgress(
      counts,
      [
        { regionCode: WUHAN, projectQuota: 4 },
        { regionCode: YICHANG, projectQuota: 10 },
      ],
      0.5,
    );
    expect(rows.map((r) => r.regionCode)).toEqual(REGIONS.map((r) => r.code));
    const wuhan = rows.find((r) => r.regionCode === WUHAN)!;
    expect(wuhan).toMatchObject({
      regionName: '武汉市',
      quota: 4,
      total: 3,
      ratio: 0.75,
      expected: 0.5,
      status: 'ahead',
      light: 'green',
    });
    expect(rows.find((r) => r.regionCode === YICHANG)).toMatchObject({ ratio: 0.1, status: 'behind', light: 'red' });
    const noQuota = rows.find((r) => r.regionCode !== WUHAN && r.regionCode !== YICHANG)!;
    expect(noQuota).toMatchObject({ quota: 0, total: 0, ratio: null, status: 'on_track', light: 'green' });
    const total = quotaProgressTotal(rows, 0.5);
    expect(total).toMatchObject({ regionCode: '420000', regionName: '湖北省', quota: 14, total: 4, status: 'behind' });
    expect(total.byType.order_class).toBe(2);
  });
});

describe('quotaStatus rule (band of 10 points around the fraction of the year elapsed)', () => {
  it.each([
    [6, 10, 0.5, 'ahead', 'green'],
    [5, 10, 0.5, 'on_track', 'green'],
    [4, 10, 0.5, 'on_track', 'amber'],
    [3, 10, 0.5, 'behind', 'red'],
    [10, 10, 1, 'on_track', 'green'],
    [12, 10, 1, 'ahead', 'green'],
    [0, 10, 0, 'on_track', 'green'],
    [1, 0, 0.5, 'ahead', 'green'],
  ] as const)('%i of %i at %f → %s / %s', (total, quota, fraction, status, light) => {
    expect(quotaStatus(total, quota, fraction)).toMatchObject({ status, light });
  });
  it('clamps the fraction', () => {
    expect(quotaStatus(5, 10, 7).expected).toBe(1);
    expect(quotaStatus(5, 10, -1).expected).toBe(0);
  });
});

describe('yearFractionElapsed', () => {
  it('counts whole days, leap years included', () => {
    expect(yearFractionElapsed('2025-01-01', 2025)).toBeCloseTo(1 / 365);
    expect(yearFractionElapsed('2025-12-31', 2025)).toBe(1);
    expect(yearFractionElapsed('2024-12-31', 2025)).toBe(0);
    expect(yearFractionElapsed('2028-02-29', 2028)).toBeCloseTo(60 / 366);
    expect(yearFractionElapsed('2026-03-01', 2025)).toBe(1);
  });
});
