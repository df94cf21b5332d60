import { z } from 'zod';

const code = z.string().trim().max(32);
export const catalogueQuery = z.object({
  q: z.string().max(200).optional(),
  year: z.coerce.number().int().min(2020).max(2100).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为 6 位数字')
    .optional(),
  industry: code.optional(),
  specialty: code.optional(),
  occupation: code.optional(),
  type: z.string().trim().max(40).optional(),
  level: code.optional(),
  orgType: z.enum(['school', 'enterprise']).optional(),
  sort: z.enum(['newest', 'closing', 'places']).default('newest'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const catalogueItem = z.object({
  id: z.number(),
  orgId: z.number(),
  orgType: z.enum(['school', 'enterprise']),
  orgName: z.string(),
  regionCode: z.string(),
  title: z.string(),
  needType: z.string(),
  specialtyCode: z.string().nullable(),
  occupationCode: z.string().nullable(),
  industryCodes: z.array(z.string()),
  skillLevel: z.string().nullable(),
  places: z.number(),
  availableFrom: z.string().nullable(),
  expiresOn: z.string(),
  detail: z.string(),
  fields: z.array(z.object({ label: z.string(), value: z.string() })),
  contact: z.object({ name: z.string(), phone: z.string(), title: z.string(), masked: z.boolean() }),
  lastConfirmedAt: z.string().nullable(),
  publishedAt: z.string(),
  status: z.enum(['public', 'withdrawn']),
  withdrawnReason: z.string().nullable(),
  version: z.number(),
  year: z.number(),
});

const facet = z.array(z.object({ value: z.string(), count: z.number() }));
export const catalogueResult = z.object({
  items: z.array(catalogueItem),
  total: z.number(),
  facets: z.object({
    region: facet,
    type: facet,
    orgType: facet,
    level: facet,
    specialty: facet,
    occupation: facet,
    industry: facet,
  }),
  /** The year shown: the one asked for, else the latest published year (null: nothing published yet). */
  year: z.number().nullable(),
  /** Every published year, newest first, with the lines its latest version shows today: the page's year switch. */
  years: z.array(z.object({ year: z.number(), count: z.number() })),
});

export const publicationOut = z.object({
  id: z.number(),
  year: z.number(),
  version: z.number(),
  itemCount: z.number(),
  publishedAt: z.string(),
  note: z.string(),
});
export const publishBody = z.strictObject({ note: z.string().trim().max(500).optional() });
export const withdrawBody = z.strictObject({ reason: z.string().trim().min(2, '请填写撤下原因').max(500) });

/** 单位公开页 (GET /api/catalogue/orgs/:id): what the organisation published, with its public profile. */
export const orgPublicPageOut = z.object({
  id: z.number(),
  name: z.string(),
  type: z.enum(['school', 'enterprise']),
  regionCode: z.string(),
  schoolType: z.string().nullable(),
  size: z.string().nullable(),
  industryCodes: z.array(z.string()),
  isKey: z.boolean(),
  items: z.array(catalogueItem),
});

/** One row of the open data (JSON, CSV and Excel alike): codes with their names, contacts masked. */
export const openDataItemOut = z.object({
  id: z.number(),
  year: z.number(),
  version: z.number(),
  orgType: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  region: z.string(),
  title: z.string(),
  needType: z.string(),
  specialtyCode: z.string().nullable(),
  specialtyName: z.string(),
  occupationCode: z.string().nullable(),
  occupationName: z.string(),
  industryCodes: z.array(z.string()),
  industryNames: z.array(z.string()),
  skillLevel: z.string().nullable(),
  skillLevelName: z.string(),
  places: z.number(),
  availableFrom: z.string().nullable(),
  expiresOn: z.string().nullable(),
  detail: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
});
/** GET /api/catalogue/open-data.json: the licence, the year shown (null before anything was published) and the rows. */
export const openDataOut = z.object({
  licence: z.string(),
  year: z.number().nullable(),
  count: z.number(),
  dictionary: z.string(),
  items: z.array(openDataItemOut),
});

/** The open data's dictionary (GET /api/catalogue/open-data-dictionary.json): each column of the CSV / Excel / JSON. */
export const openDataDictionaryOut = z.object({
  licence: z.string(),
  year: z.number().nullable(),
  csv: z.string(),
  files: z.array(z.string()),
  fields: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      type: z.string(),
      typeLabel: z.string(),
      multiple: z.boolean(),
      list: z.string(),
      note: z.string(),
      example: z.string(),
    }),
  ),
});
