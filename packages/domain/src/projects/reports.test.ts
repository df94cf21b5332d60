import { describe, expect, it } from 'vitest';
import { PROJECT_TYPES } from './types';
import {
  DEFAULT_REPORT_FREQUENCY,
  REPORT_FREQUENCIES,
  REPORT_METRIC_SCHEMAS,
  currentPeriod,
  isReportPeriod,
  nextPeriod,
  periodBounds,
  periodOf,
  periodYear,
  periodsBetween,
  reportMetricFieldsFor,
  validateReportMetrics,
} from './reports';
import type { z } from 'zod';

describe('periods', () => {
  it('periodOf and bounds, including leap February', () => {
    expect(periodOf('2025-09-15', 'monthly')).toBe('2025-09');
    expect(periodOf('2025-09-15', 'quarterly')).toBe('2025-Q3');
    expect(periodBounds('2024-02')).toEqual({
      period: '2024-02',
      start: '2024-02-01',
      end: '2024-02-29',
      dueDate: '2024-03-10',
    });
    expect(periodBounds('2025-Q4')).toEqual({
      period: '2025-Q4',
      start: '2025-10-01',
      end: '2025-12-31',
      dueDate: '2026-01-10',
    });
    expect(periodBounds('2025-12').dueDate).toBe('2026-01-10');
    expect(periodYear('2026-Q1')).toBe(2026);
    expect(nextPeriod('2025-12')).toBe('2026-01');
    expect(nextPeriod('2025-Q4')).toBe('2026-Q1');
  });

  it('monthly across a year end', () => {
    expect(periodsBetween('2025-11-15', '2026-02-10', 'monthly')).toEqual([
      { period: '2025-11', dueDate: '2025-12-10' },
      { period: '2025-12', dueDate: '2026-01-10' },
      { period: '2026-01', dueDate: '2026-02-10' },
      { period: '2026-02', dueDate: '2026-03-10' },
    ]);
  });

  it('quarterly across a year end', () => {
    expect(periodsBetween('2025-09-01', '2026-04-01', 'quarterly')).toEqual([
      { period: '2025-Q3', dueDate: '2025-10-10' },
      { period: '2025-Q4', dueDate: '2026-01-10' },
      { period: '2026-Q1', dueDate: '2026-04-10' },
      { period: '2026-Q2', dueDate: '2026-07-10' },
    ]);
  });

  it('one day, a whole three-year project, empty and bad input', () => {
    expect(periodsBetween('2025-09-30', '2025-09-30', 'monthly')).toEqual([
      { period: '2025-09', dueDate: '2025-10-10' },
    ]);
    expect(periodsBetween('2025-09-01', '2028-08-31', 'monthly')).toHaveLength(36);
    expect(periodsBetween('2025-09-01', '2028-08-31', 'quarterly')).toHaveLength(13);
    expect(periodsBetween('2025-09-02', '2025-09-01', 'monthly')).toEqual([]);
    expect(() => periodsBetween('2025-02-30', '2025-09-01', 'monthly')).toThrow(RangeError);
    expect(() => periodBounds('2025-13')).toThrow(RangeError);
    expect(isReportPeriod('2025-Q5')).toBe(false);
    expect(isReportPeriod('2025-Q2')).toBe(true);
  });

  it('currentPeriod', () => {
    expect(currentPeriod('2025-12-31', 'monthly')).toEqual({
      period: '2025-12',
      start: '2025-12-01',
      end: '2025-12-31',
      dueDate: '2026-01-10',
    });
    expect(currentPeriod('2026-01-01', 'quarterly')).toEqual({
      period: '2026-Q1',
      start: '2026-01-01',
      end: '2026-03-31',
      dueDate: '2026-04-10',
    });
  });

  it('every type has a default frequency', () => {
    for (const t of PROJECT_TYPES) expect(REPORT_FREQUENCIES).toContain(DEFAULT_REPORT_FREQUENCY[t]);
    expect(DEFAULT_REPORT_FREQUENCY.training_eval).toBe('monthly');
  });
});

describe('report metrics', () => {
  const good = {
    alliance: { activities: 2 },
    specialty: { coursesDeveloped: 1 },
    base: { studentsHosted: 35, productiveOutputValue: 12.5 },
    order_class: { studentsEnrolled: 40, studentsRemaining: 38, hired: 0 },
    mentor: { teachingHours: 16 },
    training_eval: { personTimes: 120, certificatesByLevel: { ZJG: 80 } },
    teacher_practice: { teacherDays: 45 },
    competition: { participants: 30, awards: 6 },
    rnd: { outputs: 1 },
  } as const;

  for (const type of PROJECT_TYPES) {
    it(`${type}: good metrics pass, descriptors match the schema`, () => {
      expect(validateReportMetrics(type, good[type])).toMatchObject({ ok: true });
      const keys = Object.keys((REPORT_METRIC_SCHEMAS[type] as unknown as z.ZodObject).shape).sort();
      expect(
        reportMetricFieldsFor(type)
          .map((f) => f.key)
          .sort(),
      ).toEqual(keys);
    });
    it(`${type}: a negative count is refused`, () => {
      const [key] = Object.keys(good[type]).filter(
        (k) => typeof (good[type] as Record<string, unknown>)[k] === 'number',
      );
      const r = validateReportMetrics(type, { ...good[type], [key]: -1 });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.issues.some((i) => i.path === key && i.message === '不能为负数')).toBe(true);
    });
  }

  it('cross-field and code checks', () => {
    const bad = (type: keyof typeof good, m: unknown) => {
      const r = validateReportMetrics(type, m);
      return r.ok ? [] : r.issues;
    };
    expect(bad('order_class', { studentsEnrolled: 40, studentsRemaining: 41, hired: 0 })[0]).toMatchObject({
      path: 'studentsRemaining',
    });
    expect(bad('order_class', { studentsEnrolled: 40, studentsRemaining: 40, hired: 41 })[0]).toMatchObject({
      path: 'hired',
    });
    expect(bad('competition', { participants: 3, awards: 4 })[0]).toMatchObject({ path: 'awards' });
    expect(bad('training_eval', { personTimes: 1, certificatesByLevel: { QQ: 1 } })[0]).toEqual({
      path: 'certificatesByLevel.QQ',
      message: '技能等级代码“QQ”不存在',
    });
    expect(bad('mentor', { teachingHours: 1.5 })[0].message).toBe('须为整数');
    expect(bad('mentor', {})[0]).toEqual({ path: 'teachingHours', message: '必填' });
    expect(bad('base', { studentsHosted: 1, productiveOutputValue: 1, extra: 2 })[0].message).toMatch(/不允许的字段/);
    expect(validateReportMetrics('training_eval', { personTimes: 5 })).toEqual({
      ok: true,
      data: { personTimes: 5, certificatesByLevel: {} },
    });
  });
});
