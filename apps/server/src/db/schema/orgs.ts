import { now } from '../../lib/clock';
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Schools and enterprises share one table: lists, search and scope are the same for both, and the
 * type-specific columns are few. Nullable columns belong to one type only. */
export const orgs = pgTable(
  'orgs',
  {
    id: serial().primaryKey(),
    type: text().$type<'school' | 'enterprise'>().notNull(),
    name: text().notNull(),
    uscc: text().notNull(),
    regionCode: text().notNull(),
    address: text().notNull().default(''),
    contactName: text().notNull().default(''),
    contactTitle: text().notNull().default(''),
    contactPhone: text().notNull().default(''),
    // school
    schoolType: text(),
    schoolOwnership: text(),
    fullTimeTeachers: integer(),
    enrolment: integer(),
    runsProgrammes: boolean().notNull().default(false),
    // Runs full-time 学制教育 (not training only): the notice's 80% 一体化教学 target is over these schools only.
    fullTimeProgrammes: boolean().notNull().default(true),
    nationalIntegrated: boolean().notNull().default(false),
    nationalIntegratedDone: boolean().notNull().default(false),
    // enterprise
    enterpriseOwnership: text(),
    industryCodes: jsonb().$type<string[]>().notNull().default([]),
    size: text(),
    employees: integer(),
    isKey: boolean().notNull().default(false),
    integrationLevel: text().$type<'national' | 'provincial' | 'none'>().notNull().default('none'),
    isDemo: boolean().notNull().default(false),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex('orgs_uscc_key').on(t.uscc),
    index('orgs_type_region_idx').on(t.type, t.regionCode),
    index('orgs_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

export const schoolSpecialties = pgTable(
  'school_specialties',
  {
    id: serial().primaryKey(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    specialtyCode: text().notNull(),
    enrolment: integer().notNull().default(0),
    graduatesPerYear: integer().notNull().default(0),
    integrated: boolean().notNull().default(false),
    isKey: boolean().notNull().default(false),
    backboneTeachers: integer().notNull().default(0),
  },
  (t) => [uniqueIndex('school_specialties_org_specialty_key').on(t.orgId, t.specialtyCode)],
);

/**
 * A school or enterprise asks its bureau to change its name or USCC (the record's identity, so it never changes
 * by the organisation's own hand). The region bureau of the organisation, or the province, approves or rejects.
 */
export const orgChangeRequests = pgTable(
  'org_change_requests',
  {
    id: serial().primaryKey(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    regionCode: text().notNull(),
    field: text().$type<'name' | 'uscc'>().notNull(),
    oldValue: text().notNull(),
    newValue: text().notNull(),
    reason: text().notNull(),
    state: text().$type<'pending' | 'approved' | 'rejected'>().notNull().default('pending'),
    decisionNote: text(),
    requestedBy: integer().notNull(),
    decidedBy: integer(),
    decidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    index('org_change_requests_region_state_idx').on(t.regionCode, t.state),
    // One open request per organisation and field: a second one would race the first at approval.
    uniqueIndex('org_change_requests_open_key')
      .on(t.orgId, t.field)
      .where(sql`state = 'pending'`),
  ],
);

/**
 * An organisation's region and the flags figures count by, per period (issue 13): a corrected region, or a flag the
 * bureau sets, applies from a day, so a figure as of an earlier day still reads the old values. One open row
 * (valid_to null) per organisation holds today's values, the same as `orgs`; a row with valid_from null reaches back
 * to the beginning. Rows are written by a trigger when an organisation is created (migration org_history_rows) and by
 * the org service when the bureau changes region or flags (modules/orgs/history.ts).
 */
export const orgRegionHistory = pgTable(
  'org_region_history',
  {
    id: serial().primaryKey(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    regionCode: text().notNull(),
    runsProgrammes: boolean().notNull(),
    fullTimeProgrammes: boolean().notNull(),
    nationalIntegrated: boolean().notNull(),
    nationalIntegratedDone: boolean().notNull(),
    isKey: boolean().notNull(),
    /** First day the values hold (Beijing); null: since the organisation was first recorded. */
    validFrom: date({ mode: 'string' }),
    /** First day they no longer hold; null: they hold today. */
    validTo: date({ mode: 'string' }),
    reason: text().notNull().default(''),
    changedBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    index('org_region_history_org_idx').on(t.orgId, t.validFrom),
    uniqueIndex('org_region_history_open_key')
      .on(t.orgId)
      .where(sql`valid_to is null`),
  ],
);
