import { COUNTIES } from '../reference/counties';
import { REGIONS } from '../reference/regions';

/**
 * Local governments a school may sign a 产教协同综合性战略合作协议 with (notice 三(二)): the 17 市州 and their 县市区,
 * by GB/T 2260 code, derived from the county reference (`reference/counties.json`, 103 units) so the two never
 * disagree. A 直管市 or 神农架林区 is its own 市州 and its own county: it appears once, as the city-level government.
 */
export interface LocalGovernment {
  code: string;
  /** The area's name (襄阳市, 枣阳市); the party is its 人民政府. */
  areaName: string;
  /** The government as a party: 襄阳市人民政府, 襄阳市枣阳市人民政府 reads wrong, so counties carry their own name. */
  name: string;
  level: 'city' | 'county';
  /** The 市州 it belongs to (itself for a 市州): whose bureau files and confirms for it. */
  regionCode: string;
}

const government = (
  code: string,
  areaName: string,
  level: LocalGovernment['level'],
  regionCode: string,
): LocalGovernment => Object.freeze({ code, areaName, name: `${areaName}人民政府`, level, regionCode });

export const LOCAL_GOVERNMENTS: readonly LocalGovernment[] = Object.freeze(
  REGIONS.flatMap((r): LocalGovernment[] => [
    government(r.code, r.name, 'city', r.code),
    ...COUNTIES.filter((c) => c.regionCode === r.code && c.code !== r.code).map((c) =>
      government(c.code, c.name, 'county', r.code),
    ),
  ]),
);

const BY_CODE = new Map(LOCAL_GOVERNMENTS.map((g) => [g.code, g]));

export function localGovernmentByCode(code: string): LocalGovernment | undefined {
  return BY_CODE.get(code);
}
