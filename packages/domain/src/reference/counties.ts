import data from './counties.json';

/** A county-level division of Hubei (区、县、县级市、直管市、林区) with its GB/T 2260 code and its 市州. */
export interface County {
  code: string;
  name: string;
  /** The 市州 code (regions.ts); a 直管市 or 神农架林区 is its own 市州. */
  regionCode: string;
}

export const COUNTIES: readonly County[] = Object.freeze(
  data.counties.map((c) => Object.freeze({ code: c.code, name: c.name, regionCode: c.regionCode })),
);

const byCode = new Map(COUNTIES.map((c) => [c.code, c] as const));

export function countyByCode(code: string): County | undefined {
  return byCode.get(code);
}

/** The counties of one 市州, in code order. */
export function countiesOf(regionCode: string): County[] {
  return COUNTIES.filter((c) => c.regionCode === regionCode);
}
