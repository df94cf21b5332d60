import { describe, expect, it } from 'vitest';
import {
  evidenceLink,
  itemScore,
  itemTarget,
  rankRegions,
  totalScore,
  validateManualScore,
  validateScheme,
  type SchemeItem,
} from './scheme';

const ind = (key: string, indicatorId: string, weight: number): SchemeItem => ({
  key,
  label: key,
  kind: 'indicator',
  indicatorId,
  weight,
});
const man = (key: string, weight: number): SchemeItem => ({ key, label: key, kind: 'manual', weight });
const messages = (v: ReturnType<typeof validateScheme>) => (v.ok ? [] : v.issues.map((i) => i.message));

describe('assessment scheme', () => {
  it('accepts weights adding up to exactly 100', () => {
    const v = validateScheme([ind('coverage', 'school_coverage', 60), man('work', 40)]);
    expect(v).toEqual({ ok: true, items: [ind('coverage', 'school_coverage', 60), man('work', 40)] });
    expect(validateScheme([man('a', 33.33), man('b', 33.33), man('c', 33.34)]).ok).toBe(true);
  });

  it('refuses weights not adding up to 100, with the sum in the message', () => {
    expect(messages(validateScheme([ind('coverage', 'school_coverage', 60), man('work', 35)]))).toEqual([
      '各项权重之和应为 100，当前为 95',
    ]);
    expect(messages(validateScheme([man('a', 70), man('b', 40)]))).toEqual(['各项权重之和应为 100，当前为 110']);
  });

  it('refuses duplicate keys, negative weights, unknown or non-regional indicators and an empty scheme', () => {
    expect(messages(validateScheme([man('a', 50), man('a', 50)]))).toContain('项目编号“a”重复');
    expect(messages(validateScheme([man('a', 110), man('b', -10)]))).toEqual(
      expect.arrayContaining(['“a”的权重应在 0 到 100 之间', '“b”的权重应在 0 到 100 之间']),
    );
    expect(messages(validateScheme([ind('x', 'nope', 100)]))).toEqual(['“x”须选择一个已有的指标']);
    expect(messages(validateScheme([ind('x', 'mentor_ratio', 100)]))[0]).toMatch(/不能按市州计算/); // school-only indicator
    expect(messages(validateScheme([]))).toEqual(['考核方案至少应有 1 个考核项目']);
    expect(messages(validateScheme([{ ...ind('x', 'school_coverage', 100), target: 90 }]))[0]).toMatch(
      /目标值应在 0 到 1 之间/,
    );
    expect(validateScheme([{ key: 'Bad Key', label: 'x', kind: 'manual', weight: 100 }]).ok).toBe(false);
  });

  it('scores an indicator item as the share of its target, clamped at 100', () => {
    expect(itemScore(0.45, 0.9, 'ratio')).toBeCloseTo(50, 10);
    expect(itemScore(0.9, 0.9, 'ratio')).toBe(100);
    expect(itemScore(1, 0.9, 'ratio')).toBe(100); // over the target: still 100
    expect(itemScore(1500, 1000, 'count')).toBe(100);
    expect(itemScore(250, 1000, 'count')).toBe(25);
    expect(itemScore(null, 0.9, 'ratio')).toBe(0); // nothing to divide by
    expect(itemScore(0, 0, 'ratio')).toBe(100); // monitoring item with a value
    expect(itemScore(null, 0, 'ratio')).toBe(0);
    expect(itemTarget(ind('x', 'school_coverage', 100))).toBe(0.9);
    expect(itemTarget({ ...ind('x', 'key_enterprises', 100), target: 60 })).toBe(60);
  });

  it('requires manual scores within 0–100 with a reason of at least 4 characters', () => {
    expect(validateManualScore({ score: 100, reason: '材料齐全，成效明显' })).toEqual([]);
    expect(validateManualScore({ score: 101, reason: '材料齐全' }).map((i) => i.path)).toEqual(['score']);
    expect(validateManualScore({ score: -1, reason: '材料齐全' }).map((i) => i.path)).toEqual(['score']);
    expect(validateManualScore({ score: 80, reason: '  好  ' }).map((i) => i.message)).toEqual([
      '请填写评分理由（至少 4 个字）',
    ]);
  });

  it('totals Σ weight × score ÷ 100 rounded to 2 decimals', () => {
    const items = [ind('coverage', 'school_coverage', 60), man('work', 40)];
    // 60 × (0.5 / 0.9 × 100) / 100 + 40 × 80 / 100 = 33.333… + 32 = 65.333… → 65.33
    expect(totalScore(items, { coverage: itemScore(0.5, 0.9, 'ratio'), work: 80 })).toBe(65.33);
    expect(totalScore(items, { coverage: 100 })).toBe(60); // a missing score counts 0
  });

  it('ranks highest first; ties share a rank and the next one skips', () => {
    const r = rankRegions([
      { regionCode: 'b', total: 80 },
      { regionCode: 'a', total: 90 },
      { regionCode: 'c', total: 90 },
      { regionCode: 'd', total: 70.5 },
    ]);
    expect(r.map((x) => [x.regionCode, x.rank])).toEqual([
      ['a', 1],
      ['c', 1],
      ['b', 3],
      ['d', 4],
    ]);
    expect(evidenceLink('school_coverage', '420600', 2025)).toBe('/indicators/school_coverage?region=420600&year=2025');
  });
});
