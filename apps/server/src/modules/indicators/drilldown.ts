import { sql } from 'drizzle-orm';
import { indicatorById, REGIONS } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { SOURCES } from './sources';
import { asOfParams, beforeProgramme, type AsOfQuery } from './asOf';
import { sqlRows as rows } from '../../db/rows';
import { byRegion, checkSchoolScope, endedOf, resolveScope, scoped } from './indicators.service';

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
