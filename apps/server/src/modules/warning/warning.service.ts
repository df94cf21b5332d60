import {
  currentCampaignOf,
  employmentShare,
  REGIONS,
  regionByCode,
  supplyDemandRatio,
  validateWarningThresholds,
  warningFlags,
  type WarningFlag,
  type WarningThresholds,
} from '@cjrh/domain';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { today as beijingToday } from '../../lib/clock';
import {
  demandSums,
  employmentSums,
  publishedDemandRegions,
  readSettings,
  specialtyNames,
  supplySums,
  writeSettings,
} from './warning.repository';
import { now, thisYear } from '../../lib/clock';
import { campaigns } from '../../db/schema/index';

export interface WarningRow {
  regionCode: string;
  regionName: string;
  specialtyCode: string;
  specialtyName: string;
  supply: number;
  demand: number;
  ratio: number | null;
  employment: number | null;
  students: number;
  flags: WarningFlag[];
}

/** The province sees every region (or one it names); a bureau only its own; nobody else. */
function regionsFor(ctx: Ctx, region?: string): string[] | null {
  const actor = requireActor(ctx);
  if (actor.role === 'province') return region ? [region] : null;
  if (actor.role === 'region') {
    if (region && region !== actor.regionCode) throw new AppError(403, 'forbidden', '只能查看本地区的专业预警');
    return [actor.regionCode ?? '\0'];
  }
  throw new AppError(403, 'forbidden', '专业预警仅对省、市州人社部门开放');
}

const regionOrder = new Map(REGIONS.map((r) => [r.code, r.sortOrder]));

/** One row per region × specialty with any supply, demand or ended internship; flags by the saved thresholds. */
export async function warningTable(db: Db, ctx: Ctx, q: { region?: string; year?: number; top?: number }) {
  const regions = regionsFor(ctx, q.region);
  const today = beijingToday();
  const year = q.year ?? (await defaultYear(db));
  const [supply, demand, employment, names, settings, published] = await Promise.all([
    supplySums(db, regions),
    demandSums(db, year, regions),
    employmentSums(db, year, today, regions),
    specialtyNames(db),
    readSettings(db),
    publishedDemandRegions(db, year),
  ]);
  const thresholds: WarningThresholds = {
    shortageRatio: settings.shortageRatio,
    oversupplyRatio: settings.oversupplyRatio,
    minEmployment: settings.minEmployment,
  };
  const cells = new Map<
    string,
    { regionCode: string; specialtyCode: string; supply: number; demand: number; employed: number; students: number }
  >();
  const cell = (regionCode: string, specialtyCode: string) => {
    const k = `${regionCode}|${specialtyCode}`;
    let c = cells.get(k);
    if (!c) cells.set(k, (c = { regionCode, specialtyCode, supply: 0, demand: 0, employed: 0, students: 0 }));
    return c;
  };
  for (const s of supply) cell(s.regionCode, s.specialtyCode).supply += s.n;
  for (const d of demand) cell(d.regionCode, d.specialtyCode).demand += d.n;
  for (const e of employment)
    Object.assign(cell(e.regionCode, e.specialtyCode), { employed: e.employed, students: e.students });
  const rows: WarningRow[] = [...cells.values()]
    .filter((c) => c.supply > 0 || c.demand > 0 || c.students > 0)
    .map((c) => ({
      regionCode: c.regionCode,
      regionName: regionByCode(c.regionCode)?.name ?? c.regionCode,
      specialtyCode: c.specialtyCode,
      specialtyName: names.get(c.specialtyCode) ?? c.specialtyCode,
      supply: c.supply,
      demand: c.demand,
      ratio: published.has(c.regionCode) ? supplyDemandRatio(c.supply, c.demand) : null,
      employment: employmentShare(c.employed, c.students),
      students: c.students,
      flags: warningFlags(c, thresholds, published.has(c.regionCode)),
    }))
    .sort(
      (a, b) =>
        (regionOrder.get(a.regionCode) ?? 99) - (regionOrder.get(b.regionCode) ?? 99) ||
        b.supply + b.demand - (a.supply + a.demand) ||
        a.specialtyCode.localeCompare(b.specialtyCode),
    );
  const shownRegions = regions ?? REGIONS.map((r) => r.code);
  return { year, asOf: now().toISOString(), thresholds, rows, heatmap: heatmap(rows, shownRegions, q.top ?? 20) };
}

/** Demand is collected per campaign: without a year asked for, the current campaign's (open, else last closed). */
async function defaultYear(db: Db): Promise<number> {
  const all = await db.select({ year: campaigns.year, status: campaigns.status }).from(campaigns);
  return currentCampaignOf(all)?.year ?? thisYear();
}

/**
 * ECharts heatmap input: x = the top N specialties by supply + demand over the shown regions, y = the regions,
 * data = [xIndex, yIndex, ratio]. A cell with demand but no supply has no finite ratio: its value is null
 * (ECharts leaves it empty) and it is listed in `unbounded` so the page can mark it as a shortage.
 */
function heatmap(rows: WarningRow[], regionCodes: string[], top: number) {
  const volume = new Map<string, { name: string; v: number }>();
  for (const r of rows) {
    const s = volume.get(r.specialtyCode) ?? { name: r.specialtyName, v: 0 };
    s.v += r.supply + r.demand;
    volume.set(r.specialtyCode, s);
  }
  const specialties = [...volume.entries()]
    .filter(([, s]) => s.v > 0)
    .sort((a, b) => b[1].v - a[1].v || a[0].localeCompare(b[0]))
    .slice(0, top);
  const x = new Map(specialties.map(([code], i) => [code, i]));
  const y = new Map(regionCodes.map((code, i) => [code, i]));
  const data: [number, number, number | null][] = [];
  const noDemand: [number, number][] = [];
  for (const r of rows) {
    const xi = x.get(r.specialtyCode);
    const yi = y.get(r.regionCode);
    if (xi === undefined || yi === undefined) continue;
    // No published demand yet is not a ratio: the cell stays empty and is listed apart, never coloured as oversupply.
    if (r.flags.includes('no_demand')) noDemand.push([xi, yi]);
    else if (r.supply > 0 || r.demand > 0) data.push([xi, yi, r.ratio]);
  }
  const finite = data.map((d) => d[2]).filter((v): v is number => v != null);
  return {
    xAxis: specialties.map(([, s]) => s.name),
    xCodes: specialties.map(([code]) => code),
    yAxis: regionCodes.map((c) => regionByCode(c)?.name ?? c),
    yCodes: regionCodes,
    data,
    unbounded: data.filter((d) => d[2] == null).map((d) => [d[0], d[1]] as [number, number]),
    noDemand,
    max: finite.length ? Math.max(...finite) : 0,
  };
}

export async function getSettings(db: Db, ctx: Ctx) {
  regionsFor(ctx);
  return readSettings(db);
}

export async function saveSettings(db: Db, ctx: Ctx, t: WarningThresholds) {
  const actor = requireActor(ctx);
  if (actor.role !== 'province') throw new AppError(403, 'forbidden', '预警阈值由省厅设置');
  const issues = validateWarningThresholds(t);
  if (issues.length) throw new AppError(400, 'validation_failed', issues[0].message, issues);
  await db.transaction(async (tx) => {
    // One save at a time; the same thresholds again change nothing and record nothing (issue 16).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('warning-settings'))`);
    const before = await readSettings(tx);
    const same = (a: number, b: number) => Math.fround(a) === Math.fround(b); // stored as real
    if (
      !before.isDefault &&
      same(before.shortageRatio, t.shortageRatio) &&
      same(before.oversupplyRatio, t.oversupplyRatio) &&
      same(before.minEmployment, t.minEmployment)
    )
      return;
    await writeSettings(tx, t, actor.id);
    await audit(tx, ctx, {
      action: 'warning.settings',
      entityType: 'warning_settings',
      entityId: 1,
      before: {
        shortageRatio: before.shortageRatio,
        oversupplyRatio: before.oversupplyRatio,
        minEmployment: before.minEmployment,
      },
      after: t,
    });
  });
  return readSettings(db);
}
