import { now } from '../../lib/clock';
import { bigserial, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { campaigns } from './campaigns';
import { orgs } from './orgs';

export type StoredFormData = { org: Record<string, unknown>; rows: { key: string; values: Record<string, unknown> }[] };
export type StoredReason = { fieldKey?: string; rowKey?: string; text: string };

/** One demand form per organisation per campaign; `version` is the optimistic lock and grows with every change. */
export const forms = pgTable(
  'forms',
  {
    id: serial().primaryKey(),
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    kind: text().$type<'school' | 'enterprise'>().notNull(),
    regionCode: text().notNull(),
    formVersion: text().notNull(),
    state: text().notNull().default('draft'),
    data: jsonb().$type<StoredFormData>().notNull(),
    rowCount: integer().notNull().default(0),
    version: integer().notNull().default(1),
    /** Reasons of the last return; they say which fields and rows are open again. */
    returnReasons: jsonb().$type<StoredReason[]>().notNull().default([]),
    /** The snapshot the last return applied to: resubmissions are diffed against it. */
    returnedSnapshotId: integer(),
    lastBatchId: integer(),
    submittedAt: timestamp({ withTimezone: true }),
    decidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex('forms_campaign_org_key').on(t.campaignId, t.orgId),
    index('forms_campaign_region_state_idx').on(t.campaignId, t.regionCode, t.state),
  ],
);

/** Every version of a form that anybody acted on (each submit, return, approval…), never overwritten. */
export const formSnapshots = pgTable(
  'form_snapshots',
  {
    id: serial().primaryKey(),
    formId: integer()
      .notNull()
      .references(() => forms.id),
    formVersion: integer().notNull(),
    state: text().notNull(),
    data: jsonb().$type<StoredFormData>().notNull(),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index('form_snapshots_form_idx').on(t.formId)],
);

/** Every state change: who, when, which version, why. */
export const formTransitions = pgTable(
  'form_transitions',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    formId: integer()
      .notNull()
      .references(() => forms.id),
    action: text().notNull(),
    fromState: text().notNull(),
    toState: text().notNull(),
    formVersion: integer().notNull(),
    snapshotId: integer(),
    batchId: integer(),
    actorId: integer(),
    actorName: text(),
    actorRole: text(),
    reasons: jsonb().$type<StoredReason[]>().notNull().default([]),
    comment: text().notNull().default(''),
    at: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index('form_transitions_form_idx').on(t.formId)],
);

/** A region's submission of approved forms to the province at one moment. */
export const batches = pgTable(
  'batches',
  {
    id: serial().primaryKey(),
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id),
    regionCode: text().notNull(),
    seq: integer().notNull(),
    formIds: jsonb().$type<number[]>().notNull(),
    note: text().notNull().default(''),
    submittedBy: integer(),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex('batches_campaign_region_seq_key').on(t.campaignId, t.regionCode, t.seq)],
);

/** Excel imports: progress while running; on failure the marked workbook to download. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: serial().primaryKey(),
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id),
    kind: text().notNull(),
    actorId: integer().notNull(),
    regionCode: text(),
    orgId: integer(),
    fileName: text().notNull(),
    state: text().$type<'queued' | 'running' | 'done' | 'failed'>().notNull().default('queued'),
    skipBadRows: integer().notNull().default(0),
    totalRows: integer().notNull().default(0),
    processedRows: integer().notNull().default(0),
    result: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    message: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    finishedAt: timestamp({ withTimezone: true }),
    /** Touched every 30 s by the process running the import: one silent for minutes has died (jobs/imports.ts). */
    heartbeatAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('import_jobs_actor_idx').on(t.actorId)],
);

export const importErrorFiles = pgTable('import_error_files', {
  jobId: integer()
    .primaryKey()
    .references(() => importJobs.id, { onDelete: 'cascade' }),
  content: text().notNull(), // base64 of the marked workbook (bytea differs between drivers)
});

/**
 * Form definitions the province edits (form designer), one per kind and version. The 2025 forms live in code
 * (packages/domain/src/forms/definitions) and are the fallback; every later year gets its own rows here, copied
 * from the year before when the campaign is created. `frozenAt` is set when the campaign opens: from then on a
 * stored form is always read with the exact definition it was filled with.
 */
export const formDefinitions = pgTable(
  'form_definitions',
  {
    id: serial().primaryKey(),
    kind: text().$type<'school' | 'enterprise'>().notNull(),
    campaignYear: integer().notNull(),
    version: text().notNull(),
    definition: jsonb().notNull(),
    frozenAt: timestamp({ withTimezone: true }),
    rev: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex('form_definitions_kind_version_key').on(t.kind, t.version),
    index('form_definitions_year_idx').on(t.campaignYear, t.kind),
  ],
);
