import data from './regions.json';

/** A prefecture-level unit of Hubei (市州, 直管市 or 林区) with its GB/T 2260 code. */
export interface Region {
  code: string;
  name: string;
  shortName: string;
  type: string;
  group: string;
  sortOrder: number;
  /** [lng, lat] label point of the unit in the ECharts Hubei map (`properties.cp`). */
  centroid: [number, number];
}

export const PROVINCE = Object.freeze({ code: '420000', name: '湖北省', shortName: '鄂' } as const);

export const REGIONS: readonly Region[] = Object.freeze(
  [...data.regions]
    .sort((a, b) => a.sortOrder - b.sortOrder)
    .map((r): Region => {
      if (r.centroid.length !== 2) throw new Error(`reference data: bad centroid for region ${r.code}`);
      const centroid = Object.freeze([r.centroid[0], r.centroid[1]]) as [number, number];
      return Object.freeze({
        code: r.code,
        name: r.name,
        shortName: r.shortName,
        type: r.type,
        group: r.group,
        sortOrder: r.sortOrder,
        centroid,
      });
    }),
);

export const REGION_CODES: readonly string[] = Object.freeze(REGIONS.map((r) => r.code));

const byCode = new Map(REGIONS.map((r) => [r.code, r] as const));

export function regionByCode(code: string): Region | undefined {
  return byCode.get(code);
}

export function isRegionCode(code: unknown): code is string {
  return typeof code === 'string' && byCode.has(code);
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in km between two [lng, lat] points (haversine). */
export function haversineKm(a: readonly [number, number], b: readonly [number, number]): number {
  const [lng1, lat1] = a;
  const [lng2, lat2] = b;
  const dLat = rad(lat2 - lat1);
  const dLng = rad(lng2 - lng1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Straight-line distance in km between the centroids of two regions (codes or Region objects).
 * Throws a RangeError for an unknown region code.
 */
export function regionDistanceKm(a: string | Region, b: string | Region): number {
  return haversineKm(resolve(a).centroid, resolve(b).centroid);
}

function resolve(r: string | Region): Region {
  if (typeof r !== 'string') return r;
  const found = byCode.get(r);
  if (!found) throw new RangeError(`unknown region code ${r}`);
  return found;
}
