import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WARNING_THRESHOLDS as T,
  employmentShare,
  supplyDemandRatio,
  validateWarningThresholds,
  warningFlags,
} from './warning';

const f = (supply: number, demand: number, employed = 0, students = 0) =>
  warningFlags({ supply, demand, employed, students }, T);

describe('specialty early warning', () => {
  it('flags shortage at and above the threshold, not just below it', () => {
    expect(f(100, 150)).toEqual(['shortage']); // exactly 1.5
    expect(f(100, 149)).toEqual([]);
    expect(f(100, 400)).toEqual(['shortage']);
  });

  it('flags oversupply at and below the threshold, not just above it', () => {
    expect(f(100, 50)).toEqual(['oversupply']); // exactly 0.5
    expect(f(100, 51)).toEqual([]);
    expect(f(30, 0)).toEqual(['oversupply']); // supply with no demand at all
  });

  it('demand without supply is a shortage; neither is nothing', () => {
    expect(supplyDemandRatio(0, 20)).toBeNull();
    expect(f(0, 20)).toEqual(['shortage']);
    expect(f(0, 0)).toEqual([]);
  });

  it('flags low employment below the minimum only with at least 10 students', () => {
    expect(f(100, 100, 2, 10)).toEqual(['low_employment']); // 20% < 30%
    expect(f(100, 100, 3, 10)).toEqual([]); // exactly 30%
    expect(f(100, 100, 1, 9)).toEqual([]); // 11% but only 9 students
    expect(f(100, 200, 0, 20)).toEqual(['shortage', 'low_employment']);
    expect(employmentShare(0, 0)).toBeNull();
  });

  it('uses the thresholds it is given', () => {
    const strict = { shortageRatio: 2, oversupplyRatio: 0.8, minEmployment: 0.5 };
    expect(warningFlags({ supply: 100, demand: 150, employed: 0, students: 0 }, strict)).toEqual([]);
    expect(warningFlags({ supply: 100, demand: 80, employed: 4, students: 10 }, strict)).toEqual([
      'oversupply',
      'low_employment',
    ]);
  });

  it('validates thresholds: 0 < oversupply < shortage ≤ 20, 0 ≤ minEmployment ≤ 1', () => {
    expect(validateWarningThresholds(T)).toEqual([]);
    expect(validateWarningThresholds({ shortageRatio: 20, oversupplyRatio: 0.01, minEmployment: 0 })).toEqual([]);
    expect(validateWarningThresholds({ shortageRatio: 1, oversupplyRatio: 1, minEmployment: 0.3 })).toEqual([
      { path: 'shortageRatio', message: '紧缺阈值应大于供过于求阈值' },
    ]);
    expect(validateWarningThresholds({ shortageRatio: 21, oversupplyRatio: 0.5, minEmployment: 0.3 })[0].message).toBe(
      '紧缺阈值不能大于 20',
    );
    expect(validateWarningThresholds({ shortageRatio: 1.5, oversupplyRatio: 0, minEmployment: 0.3 })[0].message).toBe(
      '供过于求阈值应大于 0',
    );
    expect(validateWarningThresholds({ shortageRatio: 1.5, oversupplyRatio: 0.5, minEmployment: 1.2 })[0].path).toBe(
      'minEmployment',
    );
  });
});

describe('no published demand (issue 14)', () => {
  it('is its own state, never an oversupply; published demand of 0 still is one', () => {
    expect(warningFlags({ supply: 100, demand: 0, employed: 0, students: 0 }, T, false)).toEqual(['no_demand']);
    expect(warningFlags({ supply: 100, demand: 0, employed: 0, students: 0 }, T, true)).toEqual(['oversupply']);
    expect(warningFlags({ supply: 100, demand: 0, employed: 1, students: 10 }, T, false)).toEqual([
      'no_demand',
      'low_employment',
    ]);
  });
});
