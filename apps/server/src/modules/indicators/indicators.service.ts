import { sql, type SQL } from 'drizzle-orm';
import {
  deadlineOf,
  expectedOn,
  forecast,
  indicatorById,
  INDICATORS,
  paceNeeded,
  REGIONS,
  trafficLight,
  type IndicatorDef,
  type IndicatorScope,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { SOURCES, type Params } from './sources';
import { now } from '../../lib/clock';
import { asOfParams, beforeProgramme, PROGRAMME_START, type AsOfQuery } from './asOf';
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
const scoped = (src: SQL, s: Scope, dedupe?: boolean) =>
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
async function checkSchoolScope(db: Db, s: Scope) {
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

const scopeKey = (s: Scope) =>
  s.kind === 'province' ? '420000' : s.kind === 'region' ? s.regionCode! : `s${s.schoolId}`;

type History = { on_date: string; value: number | null }[];

/** The recorded daily values of these indicators in the scope, oldest first, in one read. */
async function histories(db: DbOrTx, ids: string[], s: Scope) {
  const list = await rows<{ indicator_id: string; on_date: string; value: number | null }>(
    db,
    sql`select indicator_id, to_char(on_date, 'YYYY-MM-DD') as on_date, value from indicator_snapshots
        where indicator_id in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )}) and scope = ${scopeKey(s)} order by indicator_id, on_date`,
  );
  const by = new Map<string, History>(ids.map((i) => [i, []]));
  for (const r of list) by.get(r.indicator_id)!.push(r);
  return by;
}

async function indicatorCard(
  db: DbOrTx,
  def: IndicatorDef,
  s: Scope,
  asked: Params,
  known?: { history: History; f: Awaited<ReturnType<typeof figure>> },
) {
  const { ended, p } = endedOf(def, asked);
  const [f, history] = known
    ? [known.f, known.history]
    : await Promise.all([figure(db, def, s, p), histories(db, [def.id], s).then((h) => h.get(def.id)!)]);
  const deadline = deadlineOf(def, p.year);
  // What was known on the day: a figure as of a past date is forecast from the history up to that date.
  const points = history
    .filter((h) => h.value != null && h.on_date <= p.asOf)
    .map((h) => ({ date: h.on_date, value: h.value! }));
  const yearly = def.period === 'year';
  const start = yearly
    ? { date: `${p.year}-01-01`, value: 0 }
    : {
        date: points[0]?.date && points[0].date < p.asOf ? points[0].date : PROGRAMME_START,
        value: points[0]?.date && points[0].date < p.asOf ? points[0].value : 0,
      };
  const expected = expectedOn(p.asOf, start, def.target, deadline);
  const value = f.value;
  // Count targets (1000 enterprises, 200 classes…) are the province's; a region or school has no share of them,
  // so below the province such figures are shown without a light or a pace.
  const provinceOnlyTarget = def.unit !== 'ratio' && s.kind !== 'province';
  return {
    id: def.id,
    label: def.label,
    group: def.group,
    value,
    numerator: f.numerator,
    denominator: f.denominator,
    target: def.target,
    op: def.op,
    unit: def.unit,
    formula: def.formula,
    numeratorLabel: def.numerator,
    denominatorLabel: def.denominator,
    choice: def.choice ?? null,
    deadline,
    expected,
    light: provinceOnlyTarget ? ('none' as const) : trafficLight(def, value, expected),
    forecast: value == null || yearly || ended ? null : forecast(points, p.asOf, value, deadline, def.unit),
    paceNeeded: value == null || provinceOnlyTarget || ended ? null : paceNeeded(value, def.target, p.asOf, deadline),
    asOf: now().toISOString(),
    /** The day the figure stands at (end of that day, Beijing). */
    asOfDate: p.asOf,
    /** Why the figure is empty (a day before the programme began), else null. */
    reason: null as string | null,
    /** The deadline has passed (or lies before the selected year): the value is final, nothing is forecast. */
    ended,
    /** The sparkline: the last recorded value of each month up to the day (the year's months for a yearly figure), then the figure itself. */
    spark: sparkOf(points, yearly ? `${p.year}-01-01` : PROGRAMME_START, p.asOf, value),
    /** Claimed but not yet counted (person-times of submitted reports the bureau has not accepted); only where it applies. */
    ...(f.pending !== undefined ? { pendingValue: f.pending } : {}),
  };
}

/** One point a month (its last recorded day) between `from` and `asOf`, then today's figure on `asOf`. */
function sparkOf(points: { date: string; value: number }[], from: string, asOf: string, value: number | null) {
  const byMonth = new Map<string, { date: string; value: number }>();
  for (const pt of points) if (pt.date >= from && pt.date < asOf) byMonth.set(pt.date.slice(0, 7), pt);
  const out = [...byMonth.values()].slice(-24);
  return value == null ? out : [...out, { date: asOf, value }];
}

export async function indicatorsFor(db: Db, ctx: Ctx, q: AsOfQuery & { region?: string; school?: number }) {
  const s = resolveScope(ctx, q);
  await checkSchoolScope(db, s);
  const p = asOfParams(q);
  const defs = INDICATORS.filter((d) => (d.scopes as readonly string[]).includes(s.kind));
  const before = beforeProgramme(p);
  if (before)
    return {
      scope: s,
      year: p.year,
      asOf: now().toISOString(),
      asOfDate: p.asOf,
      reason: before,
      items: defs.map((d) => emptyCard(d, p, before)),
    };
  // The figures are independent reads: on PostgreSQL they run side by side over the pool (PGlite queues them);
  // the cards' histories come in one read beside them.
  const [hist, ...figs] = await Promise.all([
    histories(
      db,
      defs.map((d) => d.id),
      s,
    ),
    ...defs.map((d) => figure(db, d, s, endedOf(d, p).p)),
  ]);
  const items = await Promise.all(
    defs.map((d, i) => indicatorCard(db, d, s, p, { history: hist.get(d.id)!, f: figs[i] })),
  );
  return { scope: s, year: p.year, asOf: now().toISOString(), asOfDate: p.asOf, reason: null, items };
}

/** A card for a day before the programme began: nothing was counted yet, and the card says why. */
function emptyCard(def: IndicatorDef, p: Params, reason: string) {
  const ratio = def.unit === 'ratio';
  return {
    id: def.id,
    label: def.label,
    group: def.group,
    value: ratio ? null : 0,
    numerator: 0,
    denominator: def.denominator ? 0 : null,
    target: def.target,
    op: def.op,
    unit: def.unit,
    formula: def.formula,
    numeratorLabel: def.numerator,
    denominatorLabel: def.denominator,
    choice: def.choice ?? null,
    deadline: deadlineOf(def, p.year),
    expected: 0,
    light: 'none' as const,
    forecast: null,
    paceNeeded: null,
    asOf: now().toISOString(),
    asOfDate: p.asOf,
    reason,
    ended: false,
  };
}

export async function indicatorRows(
  db: Db,
  ctx: Ctx,
  id: string,
  q: AsOfQuery & {
    region?: string;
    school?: number;
    which: 'numerator' | 'denominator';
    page: number;
    pageSize: number;
  },
) {
  const def = indicatorById(id);
  if (!def) throw new AppError(404, 'not_found', '指标不存在');
  const s = resolveScope(ctx, q);
  await checkSchoolScope(db, s);
  const { p } = endedOf(def, asOfParams(q));
  const before = beforeProgramme(p);
  const src = q.which === 'denominator' ? SOURCES[id].den : SOURCES[id].num;
  if (!src) throw new AppError(400, 'validation_failed', '该指标没有分母');
  // Before the programme began nothing counts: the rows are empty, as the figure is.
  const set = before ? sql`(select x.* from (${src(p)}) x where false) y` : scoped(src(p), s, SOURCES[id].dedupe);
  const [{ total, sum }] = await rows<{ total: number; sum: string | null }>(
    db,
    sql`select count(*)::int as total, sum(y.weight) as sum from ${set}`,
  );
  const items = await rows<{
    key: string;
    label: string;
    region_code: string;
    school_id: number | null;
    detail: string | null;
    weight: string;
  }>(
    db,
    sql`select y.key, y.label, y.region_code, y.school_id, y.detail, y.weight from ${set} order by y.region_code, y.label, y.key limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  return {
    indicator: { id: def.id, label: def.label, formula: def.formula },
    which: q.which,
    asOfDate: p.asOf,
    reason: before,
    total,
    sum: Number(sum ?? 0),
    items: items.map((r) => ({
      key: r.key,
      label: r.label,
      regionCode: r.region_code,
      regionName: REGIONS.find((g) => g.code === r.region_code)?.name ?? r.region_code,
      schoolId: r.school_id,
      detail: r.detail ?? '',
      weight: Number(r.weight),
    })),
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

export async function regionMap(db: Db, ctx: Ctx, id: string, q: AsOfQuery = {}) {
  const actor = requireActor(ctx);
  if (actor.role !== 'province' && actor.role !== 'region') throw new AppError(403, 'forbidden');
  const def = indicatorById(id);
  if (!def || !(def.scopes as readonly string[]).includes('region'))
    throw new AppError(404, 'not_found', '该指标没有分地区数据');
  const { p } = endedOf(def, asOfParams(q));
  const before = beforeProgramme(p);
  const items = (await byRegion(db, def, p)).map((r) =>
    before
      ? { ...r, numerator: 0, denominator: r.denominator == null ? null : 0, value: def.unit === 'ratio' ? null : 0 }
      : r,
  );
  const sorted = [...items].sort(
    (a, b) => (b.value ?? -1) - (a.value ?? -1) || a.regionCode.localeCompare(b.regionCode),
  );
  // Equal values share a rank (1, 1, 3).
  const ranked = sorted.map((r) => ({
    ...r,
    rank: 1 + sorted.filter((o) => (o.value ?? -1) > (r.value ?? -1)).length,
  }));
  return {
    indicator: { id: def.id, label: def.label, unit: def.unit, target: def.target },
    year: p.year,
    asOfDate: p.asOf,
    reason: before,
    items: ranked,
  };
}

export async function trend(db: Db, ctx: Ctx, id: string, q: AsOfQuery & { region?: string }) {
  const def = indicatorById(id);
  if (!def) throw new AppError(404, 'not_found');
  const s = resolveScope(ctx, { region: q.region });
  const key = scopeKey(s);
  const points = await rows<{ on_date: string; value: number | null; numerator: number; denominator: number | null }>(
    db,
    sql`select to_char(on_date, 'YYYY-MM-DD') as on_date, value, numerator, denominator from indicator_snapshots where indicator_id = ${id} and scope = ${key} order by on_date`,
  );
  const card = await indicatorCard(db, def, s, asOfParams(q));
  return {
    indicator: { id: def.id, label: def.label, unit: def.unit, target: def.target, deadline: card.deadline },
    points: points.map((p) => ({ date: p.on_date, value: p.value })),
    current: card.value,
    forecast: card.forecast,
  };
}
