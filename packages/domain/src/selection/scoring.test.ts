import { describe, expect, it } from 'vitest';
import { aggregateScores, MIN_SCORES, shortlist, TRIM_FROM } from './scoring';

describe('aggregateScores', () => {
  it('with 5 or more scores drops the single highest and the single lowest', () => {
    // 90 and 60 dropped: (80 + 85 + 70) / 3 = 78.333… → 78.33
    expect(aggregateScores([90, 80, 85, 70, 60])).toBe(78.33);
    // 6 scores: drop 95 and 50, mean of 70, 80, 82, 88 = 80
    expect(aggregateScores([70, 95, 80, 50, 88, 82])).toBe(80);
    expect(TRIM_FROM).toBe(5);
  });

  it('drops one of each even when the extremes repeat', () => {
    // sorted 60 60 80 90 90 → keep 60 80 90 → 76.67
    expect(aggregateScores([90, 60, 90, 60, 80])).toBe(76.67);
    expect(aggregateScores([70, 70, 70, 70, 70])).toBe(70);
  });

  it('with fewer than 5 averages them all; none gives null', () => {
    expect(aggregateScores([70, 75, 72, 68])).toBe(71.25);
    expect(aggregateScores([88, 82, 79])).toBe(83);
    expect(aggregateScores([100, 0])).toBe(50);
    expect(aggregateScores([])).toBeNull();
    expect(MIN_SCORES).toBe(3);
  });

  it('rounds to 2 decimals, half away from zero', () => {
    // (80.5 + 80 + 80) / 3 = 80.1666… → 80.17
    expect(aggregateScores([80.5, 80, 80])).toBe(80.17);
    // (1.005 + 1.005) / 2 = 1.005 → 1.01
    expect(aggregateScores([1.005, 1.005])).toBe(1.01);
  });

  it("does not reorder the caller's array", () => {
    const totals = [90, 80, 85, 70, 60];
    aggregateScores(totals);
    expect(totals).toEqual([90, 80, 85, 70, 60]);
  });
});

describe('shortlist', () => {
  const noms = [
    { id: 1, type: 'base', finalScore: 78.33 },
    { id: 2, type: 'base', finalScore: 72.33 },
    { id: 3, type: 'specialty', finalScore: 83 },
    { id: 4, type: 'base', finalScore: 90 },
    { id: 5, type: 'specialty', finalScore: null },
  ];

  it('takes the best per type up to its quota; the rest are not selected', () => {
    const r = shortlist(noms, { base: 2, specialty: 1 });
    expect(r.map((p) => [p.id, p.outcome, p.rank])).toEqual([
      [1, 'shortlisted', 2],
      [2, 'not_selected', 3],
      [3, 'shortlisted', 1],
      [4, 'shortlisted', 1],
      [5, 'not_selected', 2],
    ]);
  });

  it('breaks ties by the lower id, whatever the input order', () => {
    const tied = [
      { id: 9, type: 'base', finalScore: 80 },
      { id: 3, type: 'base', finalScore: 80 },
      { id: 7, type: 'base', finalScore: 80 },
    ];
    const a = shortlist(tied, { base: 1 });
    const b = shortlist([...tied].reverse(), { base: 1 });
    expect(a.filter((p) => p.outcome === 'shortlisted').map((p) => p.id)).toEqual([3]);
    expect(b.filter((p) => p.outcome === 'shortlisted').map((p) => p.id)).toEqual([3]);
    expect(a.map((p) => [p.id, p.rank])).toEqual([
      [9, 3],
      [3, 1],
      [7, 2],
    ]);
  });

  it('a type without a quota, or a nomination without a score, is never shortlisted', () => {
    expect(
      shortlist(noms, { base: 5 })
        .filter((p) => p.outcome === 'shortlisted')
        .map((p) => p.id),
    ).toEqual([1, 2, 4]);
    expect(shortlist([{ id: 1, type: 'base', finalScore: null }], { base: 1 })[0].outcome).toBe('not_selected');
    expect(shortlist([], { base: 1 })).toEqual([]);
  });
});
