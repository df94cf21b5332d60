import { describe, expect, it } from 'vitest';
import { checkDeadlineOrder, daysUntil, defaultDeadlines, defaultTargets } from './campaign';

describe('campaign defaults', () => {
  it('puts the region-to-province deadline on 07-31 as the notice says', () => {
    expect(defaultDeadlines(2025).regionDue).toBe('2025-07-31');
    expect(checkDeadlineOrder(defaultDeadlines(2026))).toBeNull();
  });
  it('preloads the 600 key enterprises of 2025 and the 2027 targets', () => {
    const t = defaultTargets(2025);
    expect(t.find((x) => x.id === 'key_enterprises_2025')?.value).toBe(600);
    expect(t.find((x) => x.id === 'order_classes')).toMatchObject({ value: 200, deadline: '2027-12-31' });
    expect(defaultTargets(2026).find((x) => x.id === 'people_trained_year')?.deadline).toBe('2026-12-31');
  });
  it('refuses deadlines out of order and counts days', () => {
    expect(
      checkDeadlineOrder({
        formsDue: '2025-08-01',
        regionDue: '2025-07-31',
        publishAt: '2025-08-31',
        yearEnd: '2025-12-31',
      }),
    ).toMatch(/不能晚于/);
    expect(daysUntil('2025-07-28', '2025-07-31')).toBe(3);
    expect(daysUntil('2025-08-02', '2025-07-31')).toBe(-2);
  });
});
