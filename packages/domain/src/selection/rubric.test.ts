import { describe, expect, it } from 'vitest';
import { round2, rubricTotal, validateRubric, validateScoreSheet } from './rubric';

const rubric = [
  { key: 'cooperation', label: '合作深度', max: 40 },
  { key: 'outcomes', label: '育人成效', max: 40 },
  { key: 'demonstration', label: '示范引领', max: 20 },
];
const cn = /[\u4e00-\u9fff]/;

describe('rubric', () => {
  it('accepts criteria with unique keys and positive maxima', () => {
    expect(validateRubric(rubric)).toEqual({ ok: true, data: rubric });
    expect(rubricTotal(rubric)).toBe(100);
  });

  it('refuses an empty rubric, duplicate keys, a zero or fractional maximum — in Chinese', () => {
    for (const bad of [
      [],
      [...rubric, { key: 'outcomes', label: '重复', max: 5 }],
      [{ key: 'a', label: '甲', max: 0 }],
      [{ key: 'a', label: '甲', max: 2.3 }],
      [{ key: 'A-1', label: '甲', max: 5 }],
      [{ key: 'a', label: '', max: 5 }],
    ]) {
      const r = validateRubric(bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      if (!r.ok) expect(r.issues[0].message).toMatch(cn);
    }
    const dup = validateRubric([...rubric, { key: 'outcomes', label: '重复', max: 5 }]);
    expect(!dup.ok && dup.issues[0].message).toBe('评分项代码“outcomes”重复');
  });
});

describe("an expert's score sheet", () => {
  it('sums a complete sheet within the maxima (half points allowed)', () => {
    expect(validateScoreSheet(rubric, { cooperation: 36, outcomes: 35.5, demonstration: 18 })).toEqual({
      ok: true,
      data: { scores: { cooperation: 36, outcomes: 35.5, demonstration: 18 }, total: 89.5 },
    });
    expect(validateScoreSheet(rubric, { cooperation: 0, outcomes: 40, demonstration: 20 })).toMatchObject({
      ok: true,
      data: { total: 60 },
    });
  });

  it('names each problem: missing, unknown, out of range, not a number, finer than half a point', () => {
    const r = validateScoreSheet(rubric, { cooperation: 41, outcomes: -1, extra: 3, demonstration: 'x' as never });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i.message]));
    expect(byPath).toEqual({
      extra: '评分项“extra”不在本轮评分细则中',
      cooperation: '“合作深度”的分数应在 0 至 40 分之间',
      outcomes: '“育人成效”的分数应在 0 至 40 分之间',
      demonstration: '“示范引领”的分数应为数字',
    });
    const missing = validateScoreSheet(rubric, { cooperation: 30, outcomes: 30 });
    expect(!missing.ok && missing.issues).toEqual([{ path: 'demonstration', message: '请为“示范引领”打分' }]);
    const fine = validateScoreSheet(rubric, { cooperation: 30.25, outcomes: 30, demonstration: 10 });
    expect(!fine.ok && fine.issues[0].message).toBe('“合作深度”的分数须为整数或 0.5 的倍数');
  });
});

describe('round2', () => {
  it('rounds half away from zero as on paper', () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(78.333333)).toBe(78.33);
    expect(round2(2.675)).toBe(2.68);
    expect(round2(-1.005)).toBe(-1.01);
    expect(round2(0.0000001)).toBe(0);
    expect(Object.is(round2(-0.001), -0)).toBe(false);
  });
});
