import { sql } from 'drizzle-orm';
import {
  deadlineOf,
  expectedOn,
  forecast,
  indicatorById,
  INDICATORS,
  paceNeeded,
  trafficLight,
  type IndicatorDef,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import type { Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import type { Params } from './sources';
import { now } from '../../lib/clock';
import { asOfParams, beforeProgramme, PROGRAMME_START, type AsOfQuery } from './asOf';
import { sqlRows as rows } from '../../db/rows';
import { checkSchoolScope, endedOf, figure, resolveScope, type Scope } from './indicators.service';

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
