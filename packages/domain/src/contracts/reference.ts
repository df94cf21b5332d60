import { z } from 'zod';
import { requiredText, text } from './common';

/** Dictionaries the province maintains; their first content comes from packages/domain/src/reference. */
export const DICT_KINDS = ['industry', 'specialty_category', 'specialty', 'occupation', 'skill_level'] as const;
export type DictKind = (typeof DICT_KINDS)[number];

export const dictEntry = z.object({
  kind: z.enum(DICT_KINDS),
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  sortOrder: z.number(),
  verification: z.string(),
  active: z.boolean(),
  /** Kind-specific extras: a specialty's occupations (the crosswalk), an occupation's industries, aliases, levels. */
  data: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
});
export type DictEntry = z.infer<typeof dictEntry>;

export const dictQuery = z.object({
  q: z.string().trim().max(100).optional(),
  parent: z.string().trim().max(32).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});
export const dictParams = z.object({ kind: z.enum(DICT_KINDS) });
export const dictEntryParams = z.object({ kind: z.enum(DICT_KINDS), code: z.string().trim().min(1).max(32) });

export const dictUpsertBody = z.strictObject({
  name: requiredText(100),
  parentCode: text(32).nullable().optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
  active: z.boolean().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export const dictCreateBody = dictUpsertBody.extend({
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_-]+$/, '代码只能包含字母、数字、下划线和连字符'),
});

export const regionOut = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  type: z.string(),
  group: z.string(),
  sortOrder: z.number(),
  centroid: z.tuple([z.number(), z.number()]),
});

const named = z.object({ code: z.string(), name: z.string() });
/** One row of the specialty → occupation → industry crosswalk (GET /api/reference/crosswalk), active entries only. */
export const crosswalkRowOut = z.object({
  specialtyCode: z.string(),
  specialtyName: z.string(),
  categoryCode: z.string().nullable(),
  occupations: z.array(named),
  industries: z.array(named),
});
export const crosswalkOut = z.object({ items: z.array(crosswalkRowOut) });
