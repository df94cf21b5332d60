import { z } from 'zod';

/** Organisations onboarded from one workbook: what the file added, changed, or already said. */
export const orgImportResult = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  /** The 账号开通单 holding the new accounts' one-time passwords; null when no account was created. */
  handoutId: z.number().nullable(),
  message: z.string(),
});
export type OrgImportResult = z.infer<typeof orgImportResult>;

/** A 账号开通单 as listed: never its passwords, only whether they can still be downloaded. */
const handoutSummary = z.object({
  id: z.number(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  accountCount: z.number(),
  downloadedAt: z.string().nullable(),
  downloadedByName: z.string().nullable(),
});
export type HandoutSummary = z.infer<typeof handoutSummary>;
export const handoutList = z.object({ items: z.array(handoutSummary) });

/** One refused cell of the 单位名单 (details.errors of the 400 import_failed), named the way a person finds it. */
export const orgCellError = z.object({
  sheet: z.string(),
  row: z.number(),
  column: z.string(),
  field: z.string(),
  message: z.string(),
});
