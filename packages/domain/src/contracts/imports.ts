import { z } from 'zod';

/** API contracts of the Excel import jobs (/api/imports/…): the job as the page polls it, its result exact. */

/** One refused cell: the row and column of the workbook, the field's label and the Chinese reason. */
const importErrorOut = z.object({
  row: z.number(),
  column: z.string(),
  field: z.string(),
  message: z.string(),
});

/** `result` of a job; filled when the job has read the file (empty while queued). The phase timings the job keeps
 *  for benchmarks stay in the database. */
const importResultOut = z.object({
  orgs: z.number().optional(),
  rowsRead: z.number().optional(),
  rowsImported: z.number().optional(),
  rowsSkipped: z.number().optional(),
  created: z.number().optional(),
  updated: z.number().optional(),
  unchanged: z.number().optional(),
  submitted: z.number().optional(),
  errors: z.array(importErrorOut).optional(),
  errorCount: z.number().optional(),
  /** How merged cells were read (「第 3～7 行 C 列是合并单元格，已按合并的值读取到每一行」). */
  notices: z.array(z.string()).optional(),
});

export const importJobOut = z.object({
  id: z.number(),
  kind: z.string(),
  fileName: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  totalRows: z.number(),
  processedRows: z.number(),
  result: importResultOut,
  message: z.string(),
  hasErrorFile: z.boolean(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
