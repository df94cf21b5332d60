import { describe, expect, it } from 'vitest';
import {
  carryTargets,
  checkCampaignMove,
  currentCampaignOf,
  NOTICE_TARGETS,
  shiftDate,
  shiftDeadlines,
} from './campaign';

describe('a new year from the last one', () => {
  it('moves deadlines by whole years, 02-29 to 02-28 in a common year', () => {
    expect(
      shiftDeadlines(
        { year: 2025, formsDue: '2025-07-20', regionDue: '2025-07-31', publishAt: '2025-08-31', yearEnd: '2025-12-31' },
        2026,
      ),
    ).toEqual({
      formsDue: '2026-07-20',
      regionDue: '2026-07-31',
      publishAt: '2026-08-31',
      yearEnd: '2026-12-31',
    });
    expect(shiftDate('2028-02-29', -1)).toBe('2027-02-28');
  });

  it('carries the targets that apply: 2025-only ones leave, yearly ones are re-dated, cumulative ones keep 2027', () => {
    const y26 = carryTargets(2026);
    expect(y26.map((t) => t.id)).toEqual(NOTICE_TARGETS.filter((t) => !t.id.endsWith('_2025')).map((t) => t.id));
    expect(y26.find((t) => t.id === 'integrated_teachers_year')!.deadline).toBe('2026-12-31');
    expect(y26.find((t) => t.id === 'demo_bases')!.deadline).toBe('2027-12-31');
    expect(carryTargets(2028).map((t) => t.id)).toEqual(['people_trained_year', 'integrated_teachers_year']);
  });
});

describe('campaign life-cycle', () => {
  it('allows draft → open → closed and a reopening with a reason only', () => {
    expect(checkCampaignMove('draft', 'open')).toBeNull();
    expect(checkCampaignMove('open', 'closed')).toBeNull();
    expect(checkCampaignMove('closed', 'open')).toBe('重新开启已结束的年度须填写原因');
    expect(checkCampaignMove('closed', 'open', '补录')).toBeNull();
    expect(checkCampaignMove('open', 'draft')).toBe('已开启的年度不能退回草稿');
    expect(checkCampaignMove('draft', 'closed')).toBe('草稿年度须先开启，才能结束');
  });

  it('opens screens on the open year, else the last closed one, never a draft', () => {
    expect(
      currentCampaignOf([
        { year: 2027, status: 'draft' },
        { year: 2026, status: 'closed' },
        { year: 2025, status: 'closed' },
      ])!.year,
    ).toBe(2026);
    expect(
      currentCampaignOf([
        { year: 2025, status: 'closed' },
        { year: 2026, status: 'open' },
      ])!.year,
    ).toBe(2026);
    expect(currentCampaignOf([{ year: 2025, status: 'draft' }])).toBeNull();
  });
});
