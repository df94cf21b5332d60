import { sql } from 'drizzle-orm';
import { indicatorById, INDICATORS, quotaStatus, REGIONS, yearFractionElapsed, type IndicatorDef } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { addDaysIso } from '../../lib/clock';
import { asOfParams, beforeProgramme, PROGRAMME_START, type AsOfQuery } from './asOf';
import { endedOf, figure, resolveScope, type Scope } from './indicators.service';
import { SOURCES, type Params } from './sources';
import { sqlRows as rows } from '../../db/rows';

// The figures a dashboard is read by at a glance (issue #17): a region against its own 附件3 task, a school's share
// of its region, what changed in the last seven days, and every region's history of one indicator side by side.
// Each is computed from the same sources as the cards, so it adds up to them.

const def = (id: string) => indicatorById(id)!;

/**
 * A region's own targets from 附件3 (合作共建项目征集任务, 重点企业参与数) for the year, each with its figure and the
 * straight-line pace of the year: the province's targets (1000 enterprises…) are never shown as a region's.
 */
export async function regionTargets(db: Db, ctx: Ctx, q: AsOfQuery & { region?: string }) {
  const s = resolveScope(ctx, { region: q.region });
  if (s.kind !== 'region') throw new AppError(400, 'validation_failed', '请指定市州（region）');
  const p = asOfParams(q);
  const [quota] = await rows<{ project_quota: number; key_enterprise_quota: number }>(
    db,
    sql`select q.project_quota, q.key_enterprise_quota from campaign_quotas q join campaigns c on c.id = q.campaign_id where c.year = ${p.year} and q.region_code = ${s.regionCode!}`,
  );
  const before = beforeProgramme(p);
  // Projects: quota_completion's numerator (projects of agreed agreements this year). Key enterprises: key enterprises
  // of the region whose form of this year was approved — the notice's 「重点企业参与」 counted per campaign year.
  const [projects, keyEnts] = before
    ? [{ numerator: 0 }, { numerator: 0 }]
    : await Promise.all([figure(db, def('quota_completion'), s, p), figure(db, def('key_enterprises_2025'), s, p)]);
  const fraction = yearFractionElapsed(p.asOf, p.year);
  const item = (id: string, label: string, target: number, value: number, drill: string | null) => ({
    id,
    label,
    target,
    value,
    drill,
    ...quotaStatus(value, target, fraction),
  });
  return {
    year: p.year,
    asOfDate: p.asOf,
    regionCode: s.regionCode!,
    regionName: REGIONS.find((r) => r.code === s.regionCode)?.name ?? s.regionCode!,
    /** The year has no 附件3 row for the region (a year without a campaign): nothing to measure against. */
    hasQuota: !!quota,
    items: quota
      ? [
          item('projects', '合作共建项目征集任务', quota.project_quota, projects.numerator, 'quota_completion'),
          item('key_enterprises', '重点企业参与数', quota.key_enterprise_quota, keyEnts.numerator, null),
        ]
      : [],
  };
}

/** The counts a school adds to (mentors, classes, trainings…), each with the region's figure and the school's share. */
export async function schoolShare(db: Db, ctx: Ctx, q: AsOfQuery & { school?: number }) {
  const s = resolveScope(ctx, { school: q.school });
  if (s.kind !== 'school') throw new AppError(400, 'validation_failed', '请指定学校（school）');
  const [org] = await rows<{ region_code: string; name: string }>(
    db,
    sql`select region_code, name from orgs where id = ${s.schoolId!} and type = 'school'`,
  );
  if (!org || (s.regionCode && s.regionCode !== org.region_code)) throw new AppError(404, 'not_found', '学校不存在');
  const p = asOfParams(q);
  const region: Scope = { kind: 'region', regionCode: org.region_code };
  const defs = INDICATORS.filter(
    (d) =>
      d.unit !== 'ratio' &&
      (d.scopes as readonly string[]).includes('school') &&
      (d.scopes as readonly string[]).includes('region'),
  );
  const before = beforeProgramme(p);
  const items = await Promise.all(
    defs.map(async (d) => {
      const dp = endedOf(d, p).p;
      const [mine, all] = before
        ? [{ numerator: 0 }, { numerator: 0 }]
        : await Promise.all([figure(db, d, s, dp), figure(db, d, region, dp)]);
      return {
        id: d.id,
        label: d.label,
        unit: d.unit,
        school: mine.numerator,
        region: all.numerator,
        share: all.numerator > 0 ? mine.numerator / all.numerator : null,
      };
    }),
  );
  return {
    year: p.year,
    asOfDate: p.asOf,
    regionCode: org.region_code,
    regionName: REGIONS.find((r) => r.code === org.region_code)?.name ?? org.region_code,
    items,
  };
}

/** The keys (and labels) of the records counted in an indicator's numerator in a scope as of a day. */
async function countedKeys(db: Db, d: IndicatorDef, s: Scope, p: Params) {
  const where =
    s.kind === 'region'
      ? sql`x.region_code = ${s.regionCode!}`
      : s.kind === 'school'
        ? sql`x.school_id = ${s.schoolId!}`
        : sql`true`;
  const list = await rows<{ key: string; label: string }>(
    db,
    sql`select distinct on (x.key) x.key, x.label from (${SOURCES[d.id].num(p)}) x where ${where} order by x.key, x.label`,
  );
  return new Map(list.map((r) => [r.key, r.label]));
}

/**
 * 本周变化: per indicator the figure as of the chosen day (today by default) against seven days before, and the records
 * that entered or left its count in between (at most five named, with the totals). Ended figures do not move and
 * are left out; so are figures that did not change.
 */
export async function weekChanges(db: Db, ctx: Ctx, q: { asOf?: string; region?: string; school?: number }) {
  const s = resolveScope(ctx, q);
  const p = asOfParams({ asOf: q.asOf });
  const since = addDaysIso(p.asOf, -7);
  const before: Params = { ...p, asOf: since < PROGRAMME_START ? addDaysIso(PROGRAMME_START, -1) : since };
  if (beforeProgramme(p)) return { asOfDate: p.asOf, since, items: [] };
  const defs = INDICATORS.filter((d) => (d.scopes as readonly string[]).includes(s.kind) && !endedOf(d, p).ended);
  const items = [];
  for (const d of defs) {
    const [now, then, keysNow, keysThen] = await Promise.all([
      figure(db, d, s, p),
      beforeProgramme(before)
        ? Promise.resolve({ value: d.unit === 'ratio' ? null : 0, numerator: 0 })
        : figure(db, d, s, before),
      countedKeys(db, d, s, p),
      beforeProgramme(before) ? Promise.resolve(new Map<string, string>()) : countedKeys(db, d, s, before),
    ]);
    const added = [...keysNow].filter(([k]) => !keysThen.has(k));
    const removed = [...keysThen].filter(([k]) => !keysNow.has(k));
    const delta = now.value == null || then.value == null ? null : now.value - then.value;
    if (!added.length && !removed.length && !delta) continue;
    items.push({
      id: d.id,
      label: d.label,
      unit: d.unit,
      value: now.value,
      previous: then.value,
      delta,
      added: added.length,
      removed: removed.length,
      records: added.slice(0, 5).map(([key, label]) => ({ key, label })),
    });
  }
  return { asOfDate: p.asOf, since, items };
}

/**
 * Every region's recorded history of one indicator for the small multiples: the last value of each month (and the
 * latest day) from the daily snapshots, oldest first, all on one scale (the largest value of any region).
 */
export async function regionsHistory(db: Db, ctx: Ctx, id: string, q: { year?: number }) {
  const actor = requireActor(ctx);
  if (actor.role !== 'province' && actor.role !== 'region') throw new AppError(403, 'forbidden');
  const d = indicatorById(id);
  if (!d || !(d.scopes as readonly string[]).includes('region'))
    throw new AppError(404, 'not_found', '该指标没有分地区数据');
  const p = asOfParams({ year: q.year });
  const from = d.period === 'year' ? `${p.year}-01-01` : PROGRAMME_START;
  const list = await rows<{ scope: string; on_date: string; value: number | null }>(
    db,
    sql`select distinct on (scope, to_char(on_date, 'YYYY-MM')) scope, to_char(on_date, 'YYYY-MM-DD') as on_date, value from indicator_snapshots
        where indicator_id = ${id} and scope <> '420000' and on_date between ${from}::date and ${p.asOf}::date
        order by scope, to_char(on_date, 'YYYY-MM'), on_date desc`,
  );
  const regions = REGIONS.map((r) => ({
    regionCode: r.code,
    regionName: r.name,
    points: list
      .filter((x) => x.scope === r.code)
      .map((x) => ({ date: x.on_date, value: x.value }))
      .sort((a, b) => a.date.localeCompare(b.date)),
  }));
  const max = Math.max(d.unit === 'ratio' ? d.target : 0, ...list.map((x) => x.value ?? 0));
  return {
    indicator: { id: d.id, label: d.label, unit: d.unit, target: d.target },
    year: p.year,
    asOfDate: p.asOf,
    max,
    regions,
  };
}
