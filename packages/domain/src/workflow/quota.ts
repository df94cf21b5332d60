import { REGION_CODES, regionByCode } from '../reference/regions';

export interface QuotaCheck {
  ok: boolean;
  sum: number;
  /** sum − provinceTotal: positive when the regions were given more than the province total. */
  difference: number;
  missingRegions: string[];
  /** Codes that are not among the expected regions. */
  unknownRegions: string[];
  /** Codes given more than once. */
  duplicateRegions: string[];
  message?: string;
}

const nameOf = (code: string) => regionByCode(code)?.name ?? code;

/**
 * 附件3: the province's total split over its 17 regions. Every region must have a line (0 is a valid quota), each quota
 * a non-negative integer, and the lines must add up to the total exactly.
 */
export function checkQuotaTotals(
  provinceTotal: number,
  regional: readonly { regionCode: string; quota: number }[],
  regionCodes: readonly string[] = REGION_CODES,
): QuotaCheck {
  const expected = new Set(regionCodes);
  const seen = new Set<string>();
  const duplicateRegions: string[] = [];
  const unknownRegions: string[] = [];
  let sum = 0;
  let badQuota: string | undefined;
  for (const r of regional) {
    if (seen.has(r.regionCode)) duplicateRegions.push(r.regionCode);
    seen.add(r.regionCode);
    if (!expected.has(r.regionCode)) unknownRegions.push(r.regionCode);
    if (!Number.isInteger(r.quota) || r.quota < 0) badQuota ??= r.regionCode;
    sum += Number.isFinite(r.quota) ? r.quota : 0;
  }
  const missingRegions = regionCodes.filter((c) => !seen.has(c));
  const difference = sum - provinceTotal;
  const messages: string[] = [];
  if (!Number.isInteger(provinceTotal) || provinceTotal < 0) messages.push('全省总数应为不小于 0 的整数');
  if (badQuota !== undefined) messages.push(`${nameOf(badQuota)}的任务数应为不小于 0 的整数`);
  if (missingRegions.length) messages.push(`缺少以下地区的任务数：${missingRegions.map(nameOf).join('、')}`);
  if (unknownRegions.length) messages.push(`以下地区代码不在湖北省市州列表中：${unknownRegions.join('、')}`);
  if (duplicateRegions.length)
    messages.push(`以下地区重复填写：${[...new Set(duplicateRegions)].map(nameOf).join('、')}`);
  if (difference !== 0) {
    messages.push(
      `各地区任务数合计 ${sum}，与全省总数 ${provinceTotal} 不一致（${difference > 0 ? '多' : '少'} ${Math.abs(difference)}）`,
    );
  }
  const ok = messages.length === 0;
  return {
    ok,
    sum,
    difference,
    missingRegions,
    unknownRegions,
    duplicateRegions,
    ...(ok ? {} : { message: messages.join('；') }),
  };
}
