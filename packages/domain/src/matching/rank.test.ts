import { describe, expect, it } from 'vitest';
import {
  buildEnterpriseIndex,
  buildSchoolIndex,
  rankCounterparts,
  RANK_RULES,
  recommendForEnterprise,
  recommendForSchool,
  scorePair,
  type EnterpriseLine,
  type PairContext,
  type Recommendation,
  type SchoolLine,
  type ScoredPair,
} from './index';
import { syntheticLines } from './synthetic';

describe('rankCounterparts', () => {
  const p = (orgId: number, score: number, ...reasons: string[]): ScoredPair => ({ orgId, score, reasons });

  it('takes the best line plus 2 per additional good line (≥ 50), at most +6, capped at 100', () => {
    const out = rankCounterparts(
      [
        p(1, 70, 'a'),
        p(1, 60, 'b'),
        p(1, 49, 'c'),
        p(2, 80, 'x'),
        p(3, 90, 'y'),
        p(3, 55),
        p(3, 55),
        p(3, 55),
        p(3, 55),
        p(4, 98, 'z'),
        p(4, 97),
        p(4, 96),
      ],
      { limit: 10 },
    );
    expect(out.map((r) => [r.orgId, r.score, r.lines])).toEqual([
      [4, 100, 3],
      [3, 96, 5],
      [2, 80, 1],
      [1, 72, 3],
    ]);
    expect(RANK_RULES.extraLineCap).toBe(6);
  });

  it('takes reasons from the best two lines, deduplicated, and breaks ties by orgId whatever the input order', () => {
    const pairs = [
      p(9, 80, '同在襄阳市', 'A 专业对口'),
      p(5, 80, 'q'),
      p(9, 75, '同在襄阳市', 'B 专业对口'),
      p(9, 10, 'never'),
      p(7, 80, 'r'),
    ];
    const a = rankCounterparts(pairs, { limit: 2 });
    expect(a.map((r) => r.orgId)).toEqual([9, 5]); // 9 has a second good line (+2)
    expect(a[0].reasons).toEqual(['同在襄阳市', 'A 专业对口', 'B 专业对口']);
    const b = rankCounterparts([pairs[2], pairs[4], pairs[1], pairs[3], pairs[0]], { limit: 3 });
    expect(b.map((r) => [r.orgId, r.score])).toEqual([
      [9, 82],
      [5, 80],
      [7, 80],
    ]);
    expect(rankCounterparts(pairs, { limit: 0 })).toEqual([]);
  });
});

type Cand = ScoredPair & { c: number };

/** Every scored pair of each query line, sorted as the per-line top-K orders them (score desc, orgId asc, line asc). */
function scoreAll(queries: number, counterparts: number, score: (q: number, c: number) => ScoredPair | null): Cand[][] {
  const out: Cand[][] = [];
  for (let q = 0; q < queries; q++) {
    const cands: Cand[] = [];
    for (let c = 0; c < counterparts; c++) {
      const s = score(q, c);
      if (s) cands.push({ ...s, c });
    }
    out.push(cands.sort((a, b) => b.score - a.score || a.orgId - b.orgId || a.c - b.c));
  }
  return out;
}

/** The reference: keep each query line's top K, then rank them in brute-force loop order (query line, counterpart line). */
function bruteForce(all: Cand[][], k: number, limit: number): Recommendation[] {
  return rankCounterparts(
    all.flatMap((cands) => cands.slice(0, k).sort((a, b) => a.c - b.c)),
    { limit },
  );
}

describe('indexed recommendations equal brute force', () => {
  const { schoolLines, enterpriseLines } = syntheticLines({
    seed: 20250702,
    schools: 30,
    linesPerSchool: 10,
    enterprises: 1000,
    linesPerEnterprise: 5,
  });
  const entIndex = buildEnterpriseIndex(enterpriseLines);
  const schoolIndex = buildSchoolIndex(schoolLines);
  const schools = [...new Set(schoolLines.map((s) => s.orgId))];
  // Some partners, some dismissal penalties, some exclusions: the context must be applied identically.
  const ctx = (orgId: number): PairContext => ({
    partners: orgId % 7 === 0,
    dismissPenalty: orgId % 11 === 0 ? 1 : orgId % 5 === 0 ? 0.3 : 0,
  });
  const linesOf = <T extends { orgId: number }>(all: T[], org: number) => all.filter((l) => l.orgId === org);

  it('uses a synthetic set of ~300 school lines × 5,000 enterprise lines with many candidates', () => {
    expect(schoolLines.length).toBe(300);
    expect(enterpriseLines.length).toBe(5000);
    const candidates = schoolLines
      .slice(0, 20)
      .reduce((n, s) => n + enterpriseLines.filter((e) => scorePair(s, e)).length, 0);
    expect(candidates / 20).toBeGreaterThan(200);
  });

  it('recommendForSchool: same top-10 (orgs, scores, reasons, line counts) as scoring all pairs', () => {
    for (const org of schools) {
      const mine = linesOf(schoolLines, org);
      const all = scoreAll(mine.length, enterpriseLines.length, (q, c) =>
        pair(scorePair(mine[q], enterpriseLines[c], ctx(enterpriseLines[c].orgId)), enterpriseLines[c].orgId),
      );
      for (const k of [RANK_RULES.defaultPerLineCandidates, 50, 3]) {
        const expected = bruteForce(all, k, 10);
        expect(
          recommendForSchool(mine, entIndex, { limit: 10, perLineCandidates: k, ctx }),
          `school ${org} k ${k}`,
        ).toEqual(expected);
        expect(expected.length).toBe(10);
      }
    }
  }, 60_000); // the brute-force reference scores 1.5 million pairs with their reasons

  it('recommendForSchool without a K cut equals plain ranking of every scored pair', () => {
    const mine = linesOf(schoolLines, schools[0]);
    const all: ScoredPair[] = [];
    mine.forEach((s) =>
      enterpriseLines.forEach((e) =>
        all.push(...[pair(scorePair(s, e), e.orgId)].filter((x): x is ScoredPair => x !== null)),
      ),
    );
    expect(recommendForSchool(mine, entIndex, { limit: 10, perLineCandidates: enterpriseLines.length })).toEqual(
      rankCounterparts(all, { limit: 10 }),
    );
  });

  it('recommendForEnterprise: same top-10 as scoring all pairs', () => {
    const ents = [...new Set(enterpriseLines.map((e) => e.orgId))].filter((_, i) => i % 25 === 0);
    for (const org of ents) {
      const mine = linesOf(enterpriseLines, org);
      const all = scoreAll(mine.length, schoolLines.length, (q, c) =>
        pair(scorePair(schoolLines[c], mine[q], ctx(schoolLines[c].orgId)), schoolLines[c].orgId),
      );
      const expected = bruteForce(all, 5, 10);
      expect(
        recommendForEnterprise(mine, schoolIndex, { limit: 10, perLineCandidates: 5, ctx }),
        `enterprise ${org}`,
      ).toEqual(expected);
    }
  });

  it('never recommends an excluded org, and handles empty inputs', () => {
    const mine = linesOf(schoolLines, schools[1]);
    const recs = recommendForSchool(mine, entIndex, { limit: 50, ctx });
    expect(recs.length).toBe(50);
    expect(recs.some((r) => r.orgId % 11 === 0)).toBe(false);
    expect(recommendForSchool(mine, buildEnterpriseIndex([]), { limit: 10 })).toEqual([]);
    expect(recommendForSchool([], entIndex, { limit: 10 })).toEqual([]);
    expect(recommendForEnterprise([] as EnterpriseLine[], schoolIndex, { limit: 10 })).toEqual([]);
    const unknown: SchoolLine = { ...mine[0], specialtyCode: 'x' };
    expect(recommendForSchool([unknown], entIndex, { limit: 10 })).toEqual([]);
  });

  it('is deterministic: rebuilding the index and re-running gives the same answer', () => {
    const mine = linesOf(schoolLines, schools[2]);
    const a = recommendForSchool(mine, entIndex, { limit: 20, ctx });
    const b = recommendForSchool(mine, buildEnterpriseIndex(enterpriseLines), { limit: 20, ctx });
    expect(b).toEqual(a);
  });
});

function pair(m: ReturnType<typeof scorePair>, orgId: number): ScoredPair | null {
  return m ? { orgId, score: m.score, reasons: m.reasons } : null;
}
