import { z } from 'zod';
import { datedChange } from '../contracts/campaigns';

/** Each region's key industries, kept by the province: the basis of `specialty_industry_match`. */
export const regionKeyIndustriesInput = z.object({
  industryCodes: z.array(z.string().trim().min(1).max(20)).max(200, '重点产业最多 200 个'),
  ...datedChange,
});

export const regionKeyIndustryRow = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  industryCodes: z.array(z.string()),
  updatedAt: z.string().nullable(),
});
export type RegionKeyIndustryRow = z.infer<typeof regionKeyIndustryRow>;
export const regionKeyIndustryList = z.object({ items: z.array(regionKeyIndustryRow) });

export const keyIndustryImportResult = z.object({ updated: z.number(), unchanged: z.number(), message: z.string() });
export type KeyIndustryImportResult = z.infer<typeof keyIndustryImportResult>;
