import { describe, expect, it } from 'vitest';
import {
  buildEnterpriseIndex,
  buildSchoolIndex,
  entriesAgainst,
  entriesInCounterpartLists,
  markDead,
  recommendForEnterprise,
  recommendForSchool,
  scorePair,
  type CounterpartEntry,
  type EnterpriseLine,
  type SchoolLine,
} from './index';
import { syntheticLines } from './synthetic';

const byOrg = <T extends { orgId: number }>(ls: readonly T[]) => {
  const m = new Map<number, T[]>();
  for (const l of ls) (m.get(l.orgId) ?? m.set(l.orgId, []).get(l.orgId)!).push(l);
  return m;
};
const reasonsOf = (e: CounterpartEntry, pair: (j: number, own: number) => string[]) => [
  ...new Set([...pair(e.best.j, e.best.own), ...(e.second ? pair(e.second.j, e.second.own) : [])]),
];

describe('entriesInCounterpartLists', () => {
  const { schoolLines, enterpriseLines } = syntheticLines({
    seed: 77,
    schools: 12,
    linesPerSchool: 6,
    enterprises: 400,
    linesPerEnterprise: 4,
  });
  const entIndex = buildEnterpriseIndex(enterpriseLines);
  const schoolIndex = buildSchoolIndex(schoolLines);
  const schools = byOrg(schoolLines);
  const ents = byOrg(enterpriseLines);

  it("gives a school the entry each enterprise's own ranking gives it (score, lines, reasons), for every enterprise it matches", () => {
    let compared = 0;
    for (const [school, own] of schools) {
      const got = new Map(entriesInCounterpartLists(own, entIndex).map((e) => [e.orgId, e]));
      // The reference: each enterprise ranked against this school alone.
      const alone = buildSchoolIndex(own);
      for (const [ent, lines] of ents) {
        const [ref] = recommendForEnterprise(lines, alone, { limit: 1 });
        const e = got.get(ent);
        if (!ref) {
          expect(e).toBeUndefined();
          continue;
        }
        expect(ref.orgId).toBe(school);
        expect(
          e && {
            score: e.score,
            lines: e.lines,
            reasons: reasonsOf(e, (j, o) => scorePair(own[o], enterpriseLines[j])!.reasons),
          },
        ).toEqual({ score: ref.score, lines: ref.lines, reasons: ref.reasons });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
    // 12 schools × 400 enterprises, each ranked alone: seconds of work, which passed 5 s on a loaded machine.
  }, 30_000);

  it("gives an enterprise the entry each school's own ranking gives it", () => {
    let compared = 0;
    for (const [ent, own] of [...ents].slice(0, 60)) {
      const got = new Map(entriesInCounterpartLists(own, schoolIndex).map((e) => [e.orgId, e]));
      const alone = buildEnterpriseIndex(own);
      for (const [school, lines] of schools) {
        const [ref] = recommendForSchool(lines, alone, { limit: 1 });
        const e = got.get(school);
        if (!ref) {
          expect(e).toBeUndefined();
          continue;
        }
        expect(ref.orgId).toBe(ent);
        expect(
          e && {
            score: e.score,
            lines: e.lines,
            reasons: reasonsOf(e, (j, o) => scorePair(schoolLines[j], own[o])!.reasons),
          },
        ).toEqual({ score: ref.score, lines: ref.lines, reasons: ref.reasons });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('skips withdrawn (dead) lines exactly as an index built without them, in queries and in rankings', () => {
    const dead = new Set(enterpriseLines.map((_, j) => j).filter((j) => j % 7 === 3));
    const marked = buildEnterpriseIndex(enterpriseLines);
    for (const j of dead) markDead(marked, j);
    const rebuilt = buildEnterpriseIndex(enterpriseLines.filter((_, j) => !dead.has(j)));
    const strip = (es: CounterpartEntry[], lines: readonly EnterpriseLine[]) =>
      es.map((e) => ({ orgId: e.orgId, score: e.score, lines: e.lines, best: lines[e.best.j], own: e.best.own }));
    for (const own of schools.values()) {
      expect(recommendForSchool(own, marked, { limit: 20 })).toEqual(recommendForSchool(own, rebuilt, { limit: 20 }));
      expect(strip(entriesInCounterpartLists(own, marked), marked.lines)).toEqual(
        strip(entriesInCounterpartLists(own, rebuilt), rebuilt.lines),
      );
    }
    // The comparison is not between two empty lists: the first school appears in 265 firms' lists, 262 once the
    // withdrawn lines are skipped.
    const anySchool: SchoolLine[] = schools.values().next().value!;
    expect(entriesInCounterpartLists(anySchool, buildEnterpriseIndex(enterpriseLines))).toHaveLength(265);
    expect(entriesInCounterpartLists(anySchool, marked)).toHaveLength(262);
  });

  it('entriesAgainst gives the same entries for the counterpart lines it is given, and nothing for the others', () => {
    const some = [...ents.keys()].filter((_, i) => i % 3 === 0);
    const lineNos = enterpriseLines.flatMap((l, j) => (some.includes(l.orgId) ? [j] : []));
    for (const own of schools.values()) {
      const all = entriesInCounterpartLists(own, entIndex).filter((e) => some.includes(e.orgId));
      const sort = (es: CounterpartEntry[]) => [...es].sort((a, b) => a.orgId - b.orgId);
      expect(sort(entriesAgainst(own, entIndex, lineNos))).toEqual(sort(all));
    }
    const oneEnt = [...ents.values()][0];
    const schoolNos = schoolLines.map((_, j) => j);
    expect([...entriesAgainst(oneEnt, schoolIndex, schoolNos)].sort((a, b) => a.orgId - b.orgId)).toEqual(
      [...entriesInCounterpartLists(oneEnt, schoolIndex)].sort((a, b) => a.orgId - b.orgId),
    );
  });
});
