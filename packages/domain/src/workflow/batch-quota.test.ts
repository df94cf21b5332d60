import { describe, it, expect } from 'vitest';
import { REGION_CODES } from '../reference/regions';
import { batchCounts, batchStatus } from './batchMachine';
import { checkQuotaTotals } from './quota';

describe('batchStatus', () => {
  it('derives the batch state from its forms', () => {
    expect(batchStatus(['with_province', 'with_province'])).toBe('sent');
    expect(batchStatus(['with_province', 'returned'])).toBe('sent');
    expect(batchStatus(['accepted', 'with_province'])).toBe('partly_accepted');
    expect(batchStatus(['accepted', 'returned'])).toBe('partly_accepted');
    expect(batchStatus(['accepted', 'accepted'])).toBe('accepted');
    expect(batchStatus(['returned', 'submitted'])).toBe('returned');
    expect(batchStatus([])).toBe('sent');
  });
  it('counts forms by state', () => {
    expect(batchCounts(['accepted', 'accepted', 'returned'])).toEqual({
      draft: 0,
      submitted: 0,
      returned: 1,
      region_approved: 0,
      with_province: 0,
      accepted: 2,
    });
  });
});

describe('checkQuotaTotals', () => {
  const even = REGION_CODES.map((regionCode) => ({ regionCode, quota: 10 }));

  it('accepts all 17 regions adding up to the total', () => {
    expect(REGION_CODES).toHaveLength(17);
    expect(checkQuotaTotals(170, even)).toEqual({
      ok: true,
      sum: 170,
      difference: 0,
      missingRegions: [],
      unknownRegions: [],
      duplicateRegions: [],
    });
  });

  it('refuses a sum that differs from the provincial total', () => {
    const r = checkQuotaTotals(200, even);
    expect(r).toMatchObject({ ok: false, sum: 170, difference: -30 });
    expect(r.message).toBe('各地区任务数合计 170，与全省总数 200 不一致（少 30）');
  });

  it('names missing, unknown and duplicated regions', () => {
    const r = checkQuotaTotals(170, [
      ...even.filter((q) => q.regionCode !== '429021'),
      { regionCode: '430100', quota: 5 },
      { regionCode: '420100', quota: 15 },
    ]);
    expect(r.ok).toBe(false);
    expect(r.missingRegions).toEqual(['429021']);
    expect(r.unknownRegions).toEqual(['430100']);
    expect(r.duplicateRegions).toEqual(['420100']);
    expect(r.message).toContain('缺少以下地区的任务数：神农架林区');
    expect(r.message).toContain('（多 10）');
  });

  it('refuses negative or fractional quotas', () => {
    const r = checkQuotaTotals(
      170,
      even.map((q, i) => (i === 0 ? { ...q, quota: -1 } : i === 1 ? { ...q, quota: 21 } : q)),
    );
    expect(r.ok).toBe(false);
    expect(r.message).toContain('武汉市的任务数应为不小于 0 的整数');
  });
});
