import { z } from 'zod';
import { FIELD_ROLES, FIELD_TYPES } from '../forms/types';
import { FORM_ACTIONS, FORM_STATES } from '../workflow/formMachine';
import { returnReasonSchema } from '../workflow/reasons';
import { pageQuery } from './common';

const fieldValue = z.union([
  z.string().max(5000),
  z.number(),
  z.boolean(),
  z.array(z.string().max(200)).max(50),
  z.null(),
]);
const formDataSchema = z.strictObject({
  org: z.record(z.string().max(64), fieldValue),
  rows: z
    .array(z.strictObject({ key: z.string().max(500).default(''), values: z.record(z.string().max(64), fieldValue) }))
    .max(2000, '一张表最多 2000 行'),
});

const fieldIssue = z.object({
  scope: z.enum(['org', 'row']),
  rowKey: z.string().optional(),
  rowIndex: z.number().optional(),
  fieldKey: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});

export const formKindParam = z.object({
  year: z.coerce.number().int().min(2020).max(2100),
  kind: z.enum(['school', 'enterprise']),
});

export const formSummary = z.object({
  id: z.number(),
  campaignYear: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  kind: z.enum(['school', 'enterprise']),
  regionCode: z.string(),
  regionName: z.string(),
  state: z.enum(FORM_STATES),
  rowCount: z.number(),
  version: z.number(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export const formList = z.object({ items: z.array(formSummary), total: z.number() });
export const formListQuery = z.object({
  state: z.enum(FORM_STATES).optional(),
  kind: z.enum(['school', 'enterprise']).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  q: z.string().trim().max(100).optional(),
  ...pageQuery,
});

export const formDetail = formSummary.extend({
  formVersion: z.string(),
  data: formDataSchema,
  returnReasons: z.array(returnReasonSchema),
  allowedActions: z.array(z.enum(FORM_ACTIONS)),
  editable: z.boolean(),
  issues: z.array(fieldIssue),
  hasDiff: z.boolean(),
  lastYearAvailable: z.boolean(),
});
export type FormDetailOut = z.infer<typeof formDetail>;

export const formSaveBody = z.strictObject({ version: z.number().int().min(1), data: formDataSchema });
export const formActionBody = z.strictObject({
  action: z.enum(FORM_ACTIONS),
  version: z.number().int().min(1),
  reasons: z.array(returnReasonSchema).max(500).optional(),
  comment: z.string().trim().max(1000).optional(),
});

const formChange = z.object({
  scope: z.enum(['org', 'row']),
  rowKey: z.string().optional(),
  rowLabel: z.string().optional(),
  kind: z.enum(['added', 'removed', 'changed']),
  fieldKey: z.string().optional(),
  label: z.string(),
  before: z.string().optional(),
  after: z.string().optional(),
});
export const formDiffOut = z.object({
  against: z.object({ snapshotId: z.number(), at: z.string(), state: z.string() }).nullable(),
  changes: z.array(formChange),
});

export const formHistoryOut = z.object({
  transitions: z.array(
    z.object({
      id: z.number(),
      action: z.string(),
      fromState: z.string(),
      toState: z.string(),
      formVersion: z.number(),
      actorName: z.string().nullable(),
      actorRole: z.string().nullable(),
      reasons: z.array(returnReasonSchema),
      comment: z.string(),
      at: z.string(),
      snapshotId: z.number().nullable(),
    }),
  ),
});

export const batchBody = z.strictObject({
  formIds: z.array(z.number().int().positive()).max(5000).optional(),
  note: z.string().trim().max(500).optional(),
});
export const batchOut = z.object({
  id: z.number(),
  regionCode: z.string(),
  seq: z.number(),
  formIds: z.array(z.number()),
  note: z.string(),
  submittedAt: z.string(),
  counts: z.record(z.string(), z.number()),
  status: z.string(),
});

/**
 * A form definition as the server sends it (GET …/definition, the designer): the fields and their rules. The checks
 * of a definition being loaded or saved live in forms/definitions.ts; this only names what is sent.
 */
const fieldDefOut = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(FIELD_TYPES),
  scope: z.enum(['org', 'row']),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  dictionary: z.string().optional(),
  width: z.number().optional(),
  group: z.string().optional(),
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  maxLength: z.number().optional(),
  help: z.string().optional(),
  prefill: z.string().optional(),
  prefillMap: z.record(z.string(), z.string()).optional(),
  example: z.unknown().optional(),
  role: z.enum(FIELD_ROLES).optional(),
  level: z.string().optional(),
  verification: z.enum(['V', 'P', 'R']),
});
export const formDefinitionOut = z.object({
  kind: z.enum(['school', 'enterprise']),
  version: z.string(),
  campaignYear: z.number(),
  title: z.string(),
  sheetName: z.string(),
  grain: z.string(),
  fields: z.array(fieldDefOut),
  rowKeyFields: z.array(z.string()),
  source: z.string(),
});

/** The form designer's view of a year's form: editable only while the year is a draft. */
export const formDesignOut = z.object({
  definition: formDefinitionOut,
  rev: z.number(),
  editable: z.boolean(),
  basedOn: z.string().nullable(),
});

/** Counts of one region (or the total) in the completeness answer. */
export const completenessCounts = z.object({
  expected: z.number(),
  not_started: z.number(),
  draft: z.number(),
  submitted: z.number(),
  returned: z.number(),
  region_approved: z.number(),
  with_province: z.number(),
  accepted: z.number(),
  overdue: z.number(),
  completion: z.number(),
});
export const completenessRegion = completenessCounts.extend({
  regionCode: z.string(),
  regionName: z.string(),
  late: z.boolean(),
});
/** An organisation holding the year up: no form, or one not yet through review. */
export const blockingItem = z.object({
  orgId: z.number(),
  orgName: z.string(),
  type: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  formId: z.number().nullable(),
  state: z.string(),
  updatedAt: z.string().nullable(),
  overdueDays: z.number(),
});
export const completenessOut = z.object({
  year: z.number(),
  asOf: z.string(),
  formsDue: z.string(),
  regionDue: z.string(),
  total: completenessCounts,
  regions: z.array(completenessRegion),
  blocking: z.array(blockingItem),
});
