// Shapes the warning rows into heatmap cells: regions down, specialties (or specialty categories) across. Kept out of
// the chart component so the grouping and the flags of a merged cell follow the domain's one rule (warningFlags).
import {
  SPECIALTY_CATEGORIES,
  supplyDemandRatio,
  employmentShare,
  warningFlags,
  type WarningFlag,
  type WarningThresholds,
} from '@cjrh/domain';
import type { WarningRow } from '@/api/warning';

export type HeatmapMode = 'specialty' | 'category';

export interface HeatCell {
  x: number;
  y: number;
  regionCode: string;
  regionName: string;
  /** Specialty code, or the 2-digit category code. */
  code: string;
  name: string;
  supply: number;
  demand: number;
  ratio: number | null;
  employment: number | null;
  students: number;
  flags: WarningFlag[];
  /** The specialty rows the cell adds up (one in specialty mode). */
  rows: WarningRow[];
}

export interface Heatmap {
  xCodes: string[];
  xNames: string[];
  yCodes: string[];
  yNames: string[];
  cells: HeatCell[];
}

const categoryName = new Map(SPECIALTY_CATEGORIES.map((c) => [c.code, c.name]));
export const categoryOf = (specialtyCode: string) => specialtyCode.slice(0, 2);
const categoryLabel = (code: string) => categoryName.get(code) ?? code;

/**
 * One cell per region × column with any supply or demand. Columns: in specialty mode the `top` specialties by
 * supply + demand over the shown rows; in category mode every category that has any. A merged cell's employment
 * is recomputed from the interns behind it (employed = rate × students), so its flags are those of the sums.
 */
export function shapeHeatmap(
  rows: readonly WarningRow[],
  regions: readonly { code: string; name: string }[],
  mode: HeatmapMode,
  thresholds: WarningThresholds,
  top = 20,
): Heatmap {
  const key = (r: WarningRow) => (mode === 'category' ? categoryOf(r.specialtyCode) : r.specialtyCode);
  const label = (r: WarningRow) => (mode === 'category' ? categoryLabel(categoryOf(r.specialtyCode)) : r.specialtyName);
  const volume = new Map<string, { name: string; v: number }>();
  for (const r of rows) {
    const c = volume.get(key(r)) ?? { name: label(r), v: 0 };
    c.v += r.supply + r.demand;
    volume.set(key(r), c);
  }
  let columns = [...volume.entries()].filter(([, c]) => c.v > 0);
  if (mode === 'category') columns.sort((a, b) => a[0].localeCompare(b[0]));
  else columns = columns.sort((a, b) => b[1].v - a[1].v || a[0].localeCompare(b[0])).slice(0, top);
  const xIndex = new Map(columns.map(([code], i) => [code, i]));
  const yIndex = new Map(regions.map((r, i) => [r.code, i]));

  const merged = new Map<
    string,
    {
      x: number;
      y: number;
      regionCode: string;
      regionName: string;
      code: string;
      supply: number;
      demand: number;
      employed: number;
      students: number;
      rows: WarningRow[];
    }
  >();
  for (const r of rows) {
    const x = xIndex.get(key(r));
    const y = yIndex.get(r.regionCode);
    if (x === undefined || y === undefined) continue;
    const k = `${x}|${y}`;
    let m = merged.get(k);
    if (!m)
      merged.set(
        k,
        (m = {
          x,
          y,
          regionCode: r.regionCode,
          regionName: r.regionName,
          code: key(r),
          supply: 0,
          demand: 0,
          employed: 0,
          students: 0,
          rows: [],
        }),
      );
    m.supply += r.supply;
    m.demand += r.demand;
    m.students += r.students;
    m.employed += Math.round((r.employment ?? 0) * r.students);
    m.rows.push(r);
  }
  const cells: HeatCell[] = [...merged.values()]
    .filter((m) => m.supply > 0 || m.demand > 0)
    .map((m) => ({
      x: m.x,
      y: m.y,
      regionCode: m.regionCode,
      regionName: m.regionName,
      code: m.code,
      name: columns[m.x][1].name,
      supply: m.supply,
      demand: m.demand,
      ratio: supplyDemandRatio(m.supply, m.demand),
      employment: employmentShare(m.employed, m.students),
      students: m.students,
      // A single specialty keeps the server's flags; a merged cell gets the flags of its sums.
      flags: m.rows.length === 1 ? m.rows[0].flags : warningFlags(m, thresholds),
      rows: m.rows,
    }));
  return {
    xCodes: columns.map(([c]) => c),
    xNames: columns.map(([, c]) => c.name),
    yCodes: regions.map((r) => r.code),
    yNames: regions.map((r) => r.name),
    cells,
  };
}

/** Stands for "demand but no graduates" on the colour scale, above any real ratio. */
export const UNBOUNDED = 1e6;

/** The number the colour scale reads: the ratio, or UNBOUNDED when there is demand and no supply. */
export const colourValue = (c: Pick<HeatCell, 'ratio' | 'demand'>) =>
  c.ratio == null ? (c.demand > 0 ? UNBOUNDED : 0) : c.ratio;
