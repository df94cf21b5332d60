import { sql, type SQL } from 'drizzle-orm';
import {
  indicatorById,
  itemScore,
  itemTarget,
  rankRegions,
  totalScore,
  type IndicatorDef,
  type SchemeItem,
} from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import type { ResultItem } from '../assessment/assessment.compute';
import { SOURCES, type Params } from '../indicators/sources';
import { sqlRows as rows } from '../../db/rows';

// The regional assessment engine (assessment.compute.ts) applied to the schools of one 市州: the same item scores,
// totals and ranks (packages/domain assessment/scheme.ts), each indicator item from the same indicator source the
// indicator pages read, grouped by school instead of by region, so a school's evidence link adds up to its figure.

type SchoolResultItem = ResultItem;
export interface SchoolResult {
  schoolOrgId: number;
  schoolName: string;
  items: SchoolResultItem[];
  total: number;
  rank: number;
  complete: boolean;
}
export interface SchoolManualScore {
  schoolOrgId: number;
  itemKey: string;
  score: number;
  reason: string;
  evidence: string;
}

/** One indicator for every school of a region at once (value as the indicator page's school scope shows it). */
async function bySchool(
  db: DbOrTx,
  def: IndicatorDef,
  p: Params,
  regionCode: string,
): Promise<Map<number, number | null>> {
  const src = SOURCES[def.id];
  const grouped = async (q: SQL, dedupe?: boolean) => {
    const set = dedupe
      ? sql`(select distinct on (x.key, x.school_id) x.* from (${q}) x order by x.key, x.school_id)`
      : sql`(${q})`;
    const list = await rows<{ school_id: number; v: string }>(
      db,
      sql`select y.school_id, sum(y.weight) as v from ${set} y where y.region_code = ${regionCode} and y.school_id is not null group by y.school_id`,
    );
    return new Map(list.map((r) => [Number(r.school_id), Number(r.v)]));
  };
  const [num, den] = await Promise.all([
    src.numTotal ? grouped(src.numTotal(p)) : grouped(src.num(p), src.dedupe),
    src.den ? grouped(src.den(p), src.dedupe) : null,
  ]);
  const out = new Map<number, number | null>();
  for (const id of new Set([...num.keys(), ...(den?.keys() ?? [])])) {
    const n = num.get(id) ?? 0;
    const d = den ? (den.get(id) ?? 0) : null;
    out.set(id, d == null ? n : d > 0 ? n / d : null);
  }
  return out;
}

const schoolEvidence = (indicatorId: string, schoolId: number, year: number) =>
  `/indicators/${indicatorId}?school=${schoolId}&year=${year}`;

/** Scores every school of the region against the scheme as of `p.asOf`; manual items from what the bureau entered. */
export async function computeSchools(
  db: DbOrTx,
  p: Params,
  regionCode: string,
  schools: { id: number; name: string }[],
  items: SchemeItem[],
  manual: SchoolManualScore[],
): Promise<SchoolResult[]> {
  const figures = new Map<string, Map<number, number | null>>();
  for (const it of items) {
    if (it.kind !== 'indicator' || figures.has(it.indicatorId!)) continue;
    const def = indicatorById(it.indicatorId!);
    if (!def) throw new Error(`scheme refers to unknown indicator ${it.indicatorId}`);
    figures.set(def.id, await bySchool(db, def, p, regionCode));
  }
  const entered = new Map(manual.map((m) => [`${m.schoolOrgId}|${m.itemKey}`, m]));
  const list = schools.map((s) => {
    const results = items.map((it): SchoolResultItem => {
      if (it.kind === 'indicator') {
        const def = indicatorById(it.indicatorId!)!;
        const value = figures.get(def.id)!.get(s.id) ?? (def.unit === 'ratio' ? null : 0);
        const target = itemTarget(it)!;
        const score = itemScore(value, target, def.unit);
        return {
          key: it.key,
          label: it.label,
          kind: it.kind,
          indicatorId: def.id,
          unit: def.unit,
          target,
          value,
          score,
          weight: it.weight,
          weighted: (it.weight * score) / 100,
          evidence: schoolEvidence(def.id, s.id, p.year),
          reason: null,
        };
      }
      const m = entered.get(`${s.id}|${it.key}`);
      const score = m ? m.score : null;
      return {
        key: it.key,
        label: it.label,
        kind: it.kind,
        indicatorId: null,
        unit: null,
        target: null,
        value: score,
        score,
        weight: it.weight,
        weighted: ((score ?? 0) * it.weight) / 100,
        evidence: m?.evidence || null,
        reason: m?.reason ?? null,
      };
    });
    const total = totalScore(items, Object.fromEntries(results.map((r) => [r.key, r.score])));
    return {
      schoolOrgId: s.id,
      schoolName: s.name,
      items: results,
      total,
      complete: results.every((r) => r.kind !== 'manual' || r.score != null),
    };
  });
  return rankRegions(list);
}
