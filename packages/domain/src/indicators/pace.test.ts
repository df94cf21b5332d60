import { describe, expect, it } from 'vitest';
import { INDICATORS } from './definitions';
import { expectedOn, forecast, paceNeeded, trafficLight } from './pace';

describe('indicator pacing', () => {
  it('defines every indicator of indicators.md once, each with a formula', () => {
    const ids = INDICATORS.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'school_coverage',
        'key_enterprises',
        'guest_mentors',
        'people_trained_year',
        'specialty_industry_match',
        'mentor_ratio',
        'teacher_practice',
        'quota_completion',
        'internship_employment',
      ]),
    );
    expect(INDICATORS.every((i) => i.formula.length > 10)).toBe(true);
  });
  it('the expected value lies on the straight line from start to target', () => {
    expect(expectedOn('2026-07-01', { date: '2025-07-01', value: 0 }, 200, '2027-07-01')).toBeCloseTo(100, 0);
    expect(expectedOn('2028-01-01', { date: '2025-07-01', value: 0 }, 200, '2027-07-01')).toBe(200);
  });
  it('lights green on the line, amber within 10 points, red below', () => {
    const ratio = { unit: 'ratio' as const, target: 0.9 };
    expect(trafficLight(ratio, 0.6, 0.6)).toBe('green');
    expect(trafficLight(ratio, 0.55, 0.6)).toBe('amber');
    expect(trafficLight(ratio, 0.45, 0.6)).toBe('red');
    const count = { unit: 'count' as const, target: 200 };
    expect(trafficLight(count, 85, 100)).toBe('amber'); // within 20 (10% of 200)
    expect(trafficLight(count, 79, 100)).toBe('red');
    expect(trafficLight({ unit: 'ratio', target: 0 }, 0.4, 0)).toBe('none');
  });
  it('forecasts by extending the last 12 months linearly', () => {
    const f = forecast([{ date: '2025-11-29', value: 50 }], '2026-11-29', 150, '2027-11-29');
    expect(f).toBeCloseTo(250, 0);
    expect(forecast([], '2026-11-29', 10, '2027-12-31')).toBeNull();
    expect(paceNeeded(100, 200, '2026-12-31', '2027-12-31')).toBeCloseTo(8.33, 1);
    expect(paceNeeded(200, 200, '2026-12-31', '2027-12-31')).toBeNull();
  });
  it('never forecasts a share above 100% nor a figure below 0', () => {
    // 60% a year ago, 90% today, a year to go: the line says 120%, the card says 100%.
    expect(forecast([{ date: '2025-11-29', value: 0.6 }], '2026-11-29', 0.9, '2027-11-29', 'ratio')).toBe(1);
    expect(forecast([{ date: '2025-11-29', value: 0.6 }], '2026-11-29', 0.7, '2027-11-29', 'ratio')).toBeCloseTo(
      0.8,
      5,
    );
    // Counts are not capped above (the target can be passed), but never forecast below 0.
    expect(forecast([{ date: '2025-11-29', value: 100 }], '2026-11-29', 400, '2027-11-29', 'count')).toBeCloseTo(
      700,
      0,
    );
    expect(forecast([{ date: '2025-11-29', value: 300 }], '2026-11-29', 100, '2027-11-29', 'count')).toBe(0);
  });
});
