import { sql, type SQL } from 'drizzle-orm';
import { deadlineOf, REGIONS, type IndicatorDef, type IndicatorScope } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { SOURCES, type Params } from './sources';
import { sqlRows as rows } from '../../db/rows';

export interface Scope {
  kind: IndicatorScope;
  regionCode?: string;
  schoolId?: number;
}

function scopeWhere(s: Scope): SQL {
  if (s.kind === 'region') return sql`x.region_code = ${s.regionCode!}`;
  if (s.kind === 'school') return sql`x.school_id = ${s.schoolId!}`;
  return sql`true`;
}

/** Distinct counted things inside the scope: the same set feeds the figure and its drill-down. */
const counted = (src: SQL, s: Scope) =>
  sql`(select distinct on (x.key) x.* from (${src}) x where ${scopeWhere(s)} order by x.key, x.label) y`;

/**
 * The rows a figure sums and its drill-down lists. Most sources yield each counted thing once by construction (a
 * project, a school, a report), so they are taken as they are; only `dedupe` sources pay for sorting by key.
 */
export const scoped = (src: SQL, s: Scope, dedupe?: boolean) =>
  dedupe ? counted(src, s) : sql`(select x.* from (${src}) x where ${scopeWhere(s)}) y`;

/** Who may ask for which scope: the province anything, a bureau its region and its schools, a school itself. */
export function resolveScope(ctx: Ctx, q: { region?: string; school?: number }): Scope {
  const actor = requireActor(ctx);
  if (actor.role === 'province')
    return q.school
      ? { kind: 'school', schoolId: q.school }
      : q.region
        ? { kind: 'region', regionCode: q.region }
        : { kind: 'province' };
  if (actor.role === 'region') {
    if (q.region && q.region !== actor.regionCode) throw new AppError(404, 'not_found');
    return q.school
      ? { kind: 'school', schoolId: q.school, regionCode: actor.regionCode! }
      : { kind: 'region', regionCode: actor.regionCode! };
  }
  if (actor.role === 'school') {
    if ((q.school && q.school !== actor.orgId) || q.region) throw new AppError(404, 'not_found');
    return { kind: 'school', schoolId: actor.orgId! };
  }
  throw new AppError(403, 'forbidden', '指标仅对人社部门和院校开放');
}

/** A bureau asking about one school: the school must be in its region. */
export async function checkSchoolScope(db: Db, s: Scope) {
  if (s.kind !== 'school' || !s.regionCode) return;
  const [o] = await rows<{ region_code: string }>(
    db,
    sql`select region_code from orgs where id = ${s.schoolId!} and type = 'school'`,
  );
  if (!o || o.region_code !== s.regionCode) throw new AppError(404, 'not_found');
}

export async function figure(db: DbOrTx, def: IndicatorDef, s: Scope, p: Params) {
  const src = SOURCES[def.id];
  const [f, pending] = await Promise.all([
    counts(db, def, s, p),
    src.pending
      ? rows<{ v: string | null }>(db, sql`select sum(y.weight) as v from ${scoped(src.pending(p), s)}`)
      : null,
  ]);
  return pending ? { ...f, pending: Number(pending[0].v ?? 0) } : f;
}

async function counts(
  db: DbOrTx,
  def: IndicatorDef,
  s: Scope,
  p: Params,
): Promise<{ numerator: number; denominator: number | null; value: number | null; pending?: number }> {
  const src = SOURCES[def.id];
  const numSet = src.numTotal ? scoped(src.numTotal(p), s) : scoped(src.num(p), s, src.dedupe);
  if (!src.den) {
    const [n] = await rows<{ v: string | null }>(db, sql`select sum(y.weight) as v from ${numSet}`);
    return { numerator: Number(n.v ?? 0), denominator: null as number | null, value: Number(n.v ?? 0) };
  }
  // Numerator and denominator in one statement: one round trip, one snapshot.
  const [r] = await rows<{ n: string | null; d: string | null }>(
    db,
    sql`select (select sum(y.weight) from ${numSet}) as n, (select sum(y.weight) from ${scoped(src.den(p), s, src.dedupe)}) as d`,
  );
  const num = Number(r.n ?? 0);
  const den = Number(r.d ?? 0);
  return { numerator: num, denominator: den, value: den > 0 ? num / den : null };
}

/**
 * A card whose deadline lies before the selected year (the 2025 cards when 2026 is chosen) or before today has
 * ended: it shows its final figure — counted for its own deadline year, as of its deadline — instead of the selected
 * year's, which for a one-off target is always 0 and read as a red failure. The drill-down and the map use the same
 * year, so their rows still add up to the card.
 */
export function endedOf(def: IndicatorDef, p: Params): { ended: boolean; p: Params } {
  const deadline = deadlineOf(def, p.year);
  const ended = deadline < p.asOf || Number(deadline.slice(0, 4)) < p.year;
  if (!ended) return { ended, p };
  return {
    ended,
    p: { year: Number(deadline.slice(0, 4)), today: p.today, asOf: deadline < p.asOf ? deadline : p.asOf },
  };
}

/** One indicator for every region at once (the map and the ranking). */
export async function byRegion(db: DbOrTx, def: IndicatorDef, p: Params) {
  const src = SOURCES[def.id];
  const grouped = async (q: SQL, dedupe?: boolean) => {
    const set = dedupe
      ? sql`(select distinct on (x.key, x.region_code) x.* from (${q}) x order by x.key, x.region_code)`
      : sql`(${q})`;
    return new Map(
      (
        await rows<{ region_code: string; v: string }>(
          db,
          sql`select y.region_code, sum(y.weight) as v from ${set} y group by y.region_code`,
        )
      ).map((r) => [r.region_code, Number(r.v)]),
    );
  };
  const [num, den] = await Promise.all([
    src.numTotal ? grouped(src.numTotal(p)) : grouped(src.num(p), src.dedupe),
    src.den ? grouped(src.den(p), src.dedupe) : null,
  ]);
  return REGIONS.map((r) => {
    const n = num.get(r.code) ?? 0;
    const d = den ? (den.get(r.code) ?? 0) : null;
    return {
      regionCode: r.code,
      regionName: r.name,
      numerator: n,
      denominator: d,
      value: d == null ? n : d > 0 ? n / d : null,
    };
  });
}
