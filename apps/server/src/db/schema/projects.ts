import { now } from '../../lib/clock';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { orgs } from './orgs';

/** 校企合作协议. Counted for the school's region (an alliance: the lead school's) and the campaign year. */
export const agreements = pgTable(
  'agreements',
  {
    id: serial().primaryKey(),
    agreementNo: text().notNull(),
    campaignYear: integer().notNull(),
    regionCode: text().notNull(),
    title: text().notNull(),
    kind: text().$type<'bilateral' | 'alliance' | 'government'>().notNull().default('bilateral'),
    /** kind 'government' (校地协议): the local government party by GB/T 2260 code (市州 or 县市区) and its name. */
    govCode: text(),
    govName: text(),
    /** The government side's confirmation, recorded by the bureau of that area (it has no account of its own); cleared by decline or return. */
    govConfirmedAt: timestamp({ withTimezone: true }),
    govConfirmedBy: integer(),
    leadOrgId: integer().references(() => orgs.id),
    areas: jsonb().$type<string[]>().notNull().default([]),
    scope: text().notNull().default(''),
    termStart: date({ mode: 'string' }).notNull(),
    termEnd: date({ mode: 'string' }).notNull(),
    signingDate: date({ mode: 'string' }),
    status: text()
      .$type<'draft' | 'pending_confirmation' | 'signed' | 'active' | 'expired' | 'terminated'>()
      .notNull()
      .default('draft'),
    terminateReason: text(),
    /** The day the agreement was terminated (its projects stop that day); the frozen text is not touched. */
    terminatedOn: date({ mode: 'string' }),
    /** The day the last party confirmed (the agreement counts from then); cleared when a decline or return voids it. */
    agreedOn: date({ mode: 'string' }),
    keyProject: boolean().notNull().default(false),
    intentId: integer(),
    version: integer().notNull().default(1),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex('agreements_no_key').on(t.agreementNo),
    index('agreements_region_year_idx').on(t.regionCode, t.campaignYear),
  ],
);

export const agreementParties = pgTable(
  'agreement_parties',
  {
    agreementId: integer()
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    side: text().$type<'school' | 'enterprise'>().notNull(),
    /** When this party's account confirmed the signed agreement (its signature counts); cleared by decline or return. */
    confirmedAt: timestamp({ withTimezone: true }),
    confirmedBy: integer(),
  },
  (t) => [
    primaryKey({ name: 'agreement_parties_pkey', columns: [t.agreementId, t.orgId] }),
    index('agreement_parties_org_idx').on(t.orgId),
  ],
);

/** The signed scan; base64 text keeps the column the same on PGlite and PostgreSQL drivers. */
export const agreementFiles = pgTable('agreement_files', {
  id: serial().primaryKey(),
  agreementId: integer()
    .notNull()
    .references(() => agreements.id, { onDelete: 'cascade' }),
  fileName: text().notNull(),
  mime: text().notNull(),
  size: integer().notNull(),
  content: text().notNull(),
  uploadedBy: integer(),
  uploadedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
});

/**
 * The signed record, frozen when the last party confirmed: the Word file as generated then and the scan, with their
 * SHA-256 fingerprints (shown on the public verification page). The newest row is the agreement; later changes to
 * the organisations' records never alter it. Base64 text for the same reason as agreement_files.
 */
export const agreementRecords = pgTable(
  'agreement_records',
  {
    id: serial().primaryKey(),
    agreementId: integer()
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    docx: text().notNull(),
    docxSha256: text().notNull(),
    scan: text().notNull(),
    scanMime: text().notNull(),
    scanFileName: text().notNull(),
    scanSha256: text().notNull(),
    frozenAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index('agreement_records_agreement_idx').on(t.agreementId)],
);

export const agreementEvents = pgTable(
  'agreement_events',
  {
    id: serial().primaryKey(),
    agreementId: integer()
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    action: text().notNull(),
    fromState: text(),
    toState: text(),
    reason: text().notNull().default(''),
    actorId: integer(),
    actorName: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index('agreement_events_agreement_idx').on(t.agreementId)],
);

/** The province-editable agreement template (JSON blocks with placeholders); the newest active one is used. */
export const agreementTemplates = pgTable('agreement_templates', {
  id: serial().primaryKey(),
  name: text().notNull(),
  body: jsonb().notNull(),
  createdBy: integer(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
});

/** 合作共建项目: type-specific fields in `data`, validated by the domain schema of its type. */
export const projects = pgTable(
  'projects',
  {
    id: serial().primaryKey(),
    agreementId: integer()
      .notNull()
      .references(() => agreements.id),
    type: text().notNull(),
    title: text().notNull(),
    campaignYear: integer().notNull(),
    regionCode: text().notNull(),
    schoolOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    status: text().$type<'planned' | 'running' | 'completed' | 'stopped'>().notNull().default('planned'),
    stopReason: text(),
    /** The day the project stopped (by hand, or with the end of its agreement): it counts no more from that day. */
    stoppedOn: date({ mode: 'string' }),
    /** The day the project was started (running) and completed: the figures as of a date read these, not `status`. */
    startedOn: date({ mode: 'string' }),
    completedOn: date({ mode: 'string' }),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    reportFrequency: text().$type<'monthly' | 'quarterly'>().notNull().default('quarterly'),
    /** Demonstration track (issue 6): none → nominated → … → selected | not_selected. */
    selectionStatus: text().notNull().default('none'),
    deletedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    index('projects_region_year_idx').on(t.regionCode, t.campaignYear, t.type),
    index('projects_agreement_idx').on(t.agreementId),
    index('projects_type_school_idx').on(t.type, t.schoolOrgId),
    // Counting a year's projects per region or school (quota completion) from the index alone.
    index('projects_year_region_school_idx')
      .on(t.campaignYear, t.regionCode, t.schoolOrgId)
      .where(sql`${t.deletedAt} is null`),
  ],
);

/** 岗位实习 at cohort level: counts only, no student personal data. */
export const internships = pgTable(
  'internships',
  {
    id: serial().primaryKey(),
    schoolOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    enterpriseOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    agreementId: integer(),
    regionCode: text().notNull(),
    specialtyCode: text().notNull(),
    students: integer().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }).notNull(),
    paid: boolean().notNull(),
    payPerMonth: integer().notNull().default(0),
    insured: boolean().notNull(),
    safetyTrained: boolean().notNull(),
    employedAfter: integer(),
    // Consent of the other side: a cohort recorded by the school waits for the host enterprise and the reverse.
    // Only confirmed cohorts count in indicators and early warnings. The column default is 'confirmed' so the
    // cohorts that existed before consent (and raw inserts of tests and the seed) stay counted; the service always
    // writes the state explicitly.
    state: text().$type<'pending' | 'confirmed' | 'declined'>().notNull().default('confirmed'),
    /** The side whose answer is awaited (or was given): 'school' or 'enterprise'; null for cohorts from before consent. */
    awaitingSide: text().$type<'school' | 'enterprise'>(),
    declineReason: text(),
    decidedBy: integer(),
    decidedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index('internships_region_idx').on(t.regionCode), index('internships_school_idx').on(t.schoolOrgId)],
);

/** One progress report per project and period; every submitted version is kept in report_versions. */
export const progressReports = pgTable(
  'progress_reports',
  {
    id: serial().primaryKey(),
    projectId: integer()
      .notNull()
      .references(() => projects.id),
    period: text().notNull(),
    dueDate: date({ mode: 'string' }).notNull(),
    state: text().$type<'due' | 'draft' | 'submitted' | 'accepted' | 'returned'>().notNull().default('due'),
    metrics: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    note: text().notNull().default(''),
    returnReason: text(),
    regionCode: text().notNull(),
    version: integer().notNull().default(1),
    submittedAt: timestamp({ withTimezone: true }),
    decidedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex('progress_reports_project_period_key').on(t.projectId, t.period),
    index('progress_reports_region_state_idx').on(t.regionCode, t.state),
    // A past day subtracts the reports accepted after it from today's totals and lists as 待审核 those decided after it
    // (indicators/sources.ts submittedAfter, pendingOn): few, found through this index on the day a report was
    // decided (else submitted). An index on decided_at alone could not serve the "else" and left the planner reading
    // every report of every training project.
    index('progress_reports_decided_day_idx')
      .on(sql`coalesce(${t.decidedAt}, ${t.submittedAt})`)
      .where(sql`${t.state} in ('accepted', 'returned')`),
    // The dashboard's 待审核 figure today: the reports waiting for the bureau, per project.
    index('progress_reports_submitted_idx')
      .on(t.projectId)
      .where(sql`${t.state} = 'submitted'`),
  ],
);

export const reportVersions = pgTable(
  'report_versions',
  {
    id: serial().primaryKey(),
    reportId: integer()
      .notNull()
      .references(() => progressReports.id),
    version: integer().notNull(),
    action: text().notNull(),
    state: text().notNull(),
    metrics: jsonb().notNull(),
    note: text().notNull().default(''),
    reason: text().notNull().default(''),
    actorId: integer(),
    actorName: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index('report_versions_report_idx').on(t.reportId)],
);

/** Reporting frequency per project type, set by the province. */
export const projectTypeSettings = pgTable('project_type_settings', {
  type: text().primaryKey(),
  frequency: text().$type<'monthly' | 'quarterly'>().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
});
