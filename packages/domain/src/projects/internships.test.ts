import { describe, expect, it } from 'vitest';
import { employmentRate, internshipWarnings, validateInternshipCohort, type InternshipCohort } from './internships';

const good = {
  schoolOrgId: 1,
  enterpriseOrgId: 7,
  specialtyCode: '0102',
  students: 20,
  startDate: '2025-03-01',
  endDate: '2025-06-30',
  paid: true,
  payPerMonth: 2800,
  insured: true,
  safetyTrained: true,
  employedAfter: 12,
};

const issues = (patch: Record<string, unknown>) => {
  const r = validateInternshipCohort({ ...good, ...patch });
  return r.ok ? [] : r.issues;
};

describe('internship cohort schema', () => {
  it('accepts a good cohort; employedAfter is optional; payPerMonth defaults to 0 when unpaid', () => {
    expect(validateInternshipCohort(good)).toMatchObject({ ok: true });
    const { employedAfter: _e, payPerMonth: _p, ...rest } = good;
    const r = validateInternshipCohort({ ...rest, paid: false });
    expect(r.ok && r.data.payPerMonth).toBe(0);
  });
  it('refuses bad data', () => {
    expect(issues({ endDate: '2025-02-28' })[0]).toEqual({ path: 'endDate', message: '实习结束日期不能早于开始日期' });
    expect(issues({ payPerMonth: 0 })[0].path).toBe('payPerMonth');
    expect(issues({ paid: false })[0].message).toBe('未约定实习报酬时，月报酬应为 0');
    expect(issues({ employedAfter: 21 })[0].path).toBe('employedAfter');
    expect(issues({ students: 0 })[0].path).toBe('students');
    expect(issues({ payPerMonth: -5 })[0].message).toBe('不能为负数');
    expect(issues({ specialtyCode: '9999' })[0]).toEqual({ path: 'specialtyCode', message: '专业代码“9999”不存在' });
    expect(issues({ enterpriseOrgId: 1 })[0].path).toBe('enterpriseOrgId');
    expect(issues({ studentNames: ['张三'] })[0].message).toMatch(/不允许的字段/);
  });
});

describe('internshipWarnings', () => {
  it('lists what the notice asks for', () => {
    expect(
      internshipWarnings({ ...good, insured: false, safetyTrained: false, paid: false }).map((w) => w.message),
    ).toEqual(['未购买实习责任保险', '未开展安全培训', '未约定实习报酬']);
    expect(internshipWarnings(good)).toEqual([]);
  });
  it('employment warnings need today', () => {
    expect(internshipWarnings({ ...good, employedAfter: undefined }, '2025-07-01').map((w) => w.code)).toEqual([
      'employment_missing',
    ]);
    expect(internshipWarnings(good, '2025-06-30').map((w) => w.code)).toEqual(['employment_early']);
    expect(internshipWarnings(good, '2025-07-01')).toEqual([]);
  });
});

describe('employmentRate', () => {
  const c = (
    endDate: string,
    students: number,
    employedAfter?: number,
  ): Pick<InternshipCohort, 'students' | 'endDate' | 'employedAfter'> => ({ endDate, students, employedAfter });
  it('counts cohorts that ended in the period', () => {
    const r = employmentRate(
      [c('2025-06-30', 20, 12), c('2025-01-15', 10, 5), c('2025-12-31', 10), c('2026-01-01', 50, 50)],
      { from: '2025-01-01', to: '2025-12-31' },
    );
    expect(r).toEqual({ cohorts: 3, students: 40, employed: 17, rate: 17 / 40, missing: 1 });
    expect(employmentRate([], { from: '2025-01-01', to: '2025-12-31' }).rate).toBeNull();
  });
});
