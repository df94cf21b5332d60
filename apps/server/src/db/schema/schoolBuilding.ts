import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
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
import { now } from '../../lib/clock';
import { orgs } from './orgs';

// The notice's duties 二(一)–(三) and 三(一): layout, specialty setting and exit, teachers, cooperation office.
// Rows of a school cascade with it, so removing the demo province removes its rows too.

/** Where a school stands in the province's layout: its county and the province's flagship designation. */
export const schoolLayouts = pgTable(
  'school_layouts',
  {
    orgId: integer()
      .primaryKey()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    regionCode: text().notNull(),
    countyCode: text(),
    flagship: boolean().notNull().default(false),
    flagshipReason: text(),
    flagshipBy: integer(),
    flagshipAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index('school_layouts_region_idx').on(t.regionCode, t.flagship)],
);

/** County public training bases (县域公共实训基地). */
export const trainingBases = pgTable(
  'training_bases',
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    regionCode: text().notNull(),
    countyCode: text().notNull(),
    ownerOrgId: integer().references(() => orgs.id, { onDelete: 'set null' }),
    capacity: integer().notNull().default(0),
    status: text().$type<'planned' | 'building' | 'operating' | 'suspended'>().notNull(),
    isDemo: boolean().notNull().default(false),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    index('training_bases_region_idx').on(t.regionCode),
    check('training_bases_capacity_check', sql`${t.capacity} >= 0`),
  ],
);

/** 办学条件达标 items the province defines (land, buildings, teacher ratio, …). */
export const standardItems = pgTable(
  'standard_items',
  {
    id: serial().primaryKey(),
    code: text().notNull(),
    name: text().notNull(),
    requirement: text().notNull(),
    sortOrder: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    isDemo: boolean().notNull().default(false),
  },
  (t) => [uniqueIndex('standard_items_code_key').on(t.code)],
);

export const schoolStandards = pgTable(
  'school_standards',
  {
    orgId: integer()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    itemId: integer()
      .notNull()
      .references(() => standardItems.id, { onDelete: 'cascade' }),
    status: text().$type<'met' | 'unmet' | 'unknown'>().notNull(),
    note: text().notNull().default(''),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ name: 'school_standards_pkey', columns: [t.orgId, t.itemId] })],
);

/** A school's application for a new specialty; partners confirm in specialty_application_partners. */
export const specialtyApplications = pgTable(
  'specialty_applications',
  {
    id: serial().primaryKey(),
    schoolOrgId: integer()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    regionCode: text().notNull(),
    specialtyCode: text().notNull(),
    level: text().notNull(),
    plannedEnrolment: integer().notNull(),
    reason: text().notNull(),
    state: text()
      .$type<'awaiting_partners' | 'submitted' | 'approved' | 'rejected' | 'withdrawn'>()
      .notNull()
      .default('awaiting_partners'),
    decisionNote: text(),
    // The day the approved specialty is in force from (the matching indicator counts it from then).
    effectiveOn: date({ mode: 'string' }),
    decidedBy: integer(),
    decidedAt: timestamp({ withTimezone: true }),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    index('specialty_applications_region_idx').on(t.regionCode, t.state),
    // One open application per school and specialty.
    uniqueIndex('specialty_applications_open_key')
      .on(t.schoolOrgId, t.specialtyCode)
      .where(sql`state in ('awaiting_partners', 'submitted')`),
  ],
);

export const specialtyApplicationPartners = pgTable(
  'specialty_application_partners',
  {
    applicationId: integer()
      .notNull()
      .references(() => specialtyApplications.id, { onDelete: 'cascade' }),
    enterpriseOrgId: integer()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    state: text().$type<'pending' | 'confirmed' | 'declined'>().notNull().default('pending'),
    decidedBy: integer(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'specialty_application_partners_pkey', columns: [t.applicationId, t.enterpriseOrgId] }),
    index('specialty_application_partners_org_idx').on(t.enterpriseOrgId),
  ],
);

/** What a bureau decided on a specialty the early warning flagged, followed up until done. */
export const specialtyExitDecisions = pgTable(
  'specialty_exit_decisions',
  {
    id: serial().primaryKey(),
    schoolOrgId: integer()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    regionCode: text().notNull(),
    specialtyCode: text().notNull(),
    warningYear: integer().notNull(),
    flags: jsonb().$type<string[]>().notNull().default([]),
    decision: text().$type<'keep' | 'reduce' | 'withdraw'>().notNull(),
    reason: text().notNull(),
    effectiveYear: integer().notNull(),
    newEnrolment: integer(),
    state: text().$type<'open' | 'done'>().notNull().default('open'),
    // Set when done: the day it took effect and the specialty's enrolment before (a withdrawn one still counts before then).
    doneOn: date({ mode: 'string' }),
    enrolmentBefore: integer(),
    followUp: text().notNull().default(''),
    decidedBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex('specialty_exit_decisions_key').on(t.schoolOrgId, t.specialtyCode, t.warningYear),
    index('specialty_exit_decisions_region_idx').on(t.regionCode),
  ],
);

/** A school's teacher roster; the ID number is kept only as the keyed hash that mentors use (projects/refs.ts). */
export const schoolTeachers = pgTable(
  'school_teachers',
  {
    id: serial().primaryKey(),
    schoolOrgId: integer()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    regionCode: text().notNull(),
    name: text().notNull(),
    specialtyCode: text().notNull(),
    isKey: boolean().notNull().default(false),
    fromEnterprise: boolean().notNull().default(false),
    title: text().notNull().default(''),
    idKey: text().notNull(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex('school_teachers_school_person_idx').on(t.schoolOrgId, t.idKey),
    index('school_teachers_region_idx').on(t.regionCode),
  ],
);

export const teacherPractices = pgTable(
  'teacher_practices',
  {
    id: serial().primaryKey(),
    teacherId: integer()
      .notNull()
      .references(() => schoolTeachers.id, { onDelete: 'cascade' }),
    enterprise: text().notNull(),
    startOn: date({ mode: 'string' }).notNull(),
    endOn: date({ mode: 'string' }).notNull(),
    days: integer().notNull(),
    content: text().notNull(),
    evidence: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    index('teacher_practices_teacher_idx').on(t.teacherId, t.startOn),
    check('teacher_practices_dates_check', sql`${t.endOn} >= ${t.startOn} and ${t.days} > 0`),
  ],
);

/** 校企合作组织机构: one per school. */
export const coopOffices = pgTable('coop_offices', {
  schoolOrgId: integer()
    .primaryKey()
    .references(() => orgs.id, { onDelete: 'cascade' }),
  regionCode: text().notNull(),
  name: text().notNull(),
  responsibleName: text().notNull(),
  responsibleTitle: text().notNull(),
  responsiblePhone: text().notNull(),
  establishedOn: date({ mode: 'string' }).notNull(),
  members: jsonb().$type<{ name: string; title: string; duty: string }[]>().notNull().default([]),
  version: integer().notNull().default(1),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
});

/**
 * 引进企业人才 (notice 二(三)): enterprise experts, 技能大师 and 能工巧匠 a school recruits into teaching posts,
 * each reviewed by the bureau. The person is keyed by the same ID hash as the teacher and mentor rosters.
 */
export const teacherRecruits = pgTable(
  'teacher_recruits',
  {
    id: serial().primaryKey(),
    schoolOrgId: integer()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    regionCode: text().notNull(),
    name: text().notNull(),
    idKey: text().notNull(),
    category: text().$type<'expert' | 'master' | 'craftsman'>().notNull(),
    fromEnterprise: text().notNull(),
    specialtyCode: text().notNull(),
    post: text().notNull(),
    startOn: date({ mode: 'string' }).notNull(),
    evidence: text().notNull().default(''),
    state: text().$type<'submitted' | 'approved' | 'returned'>().notNull().default('submitted'),
    reviewReason: text(),
    reviewedBy: integer(),
    reviewedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex('teacher_recruits_school_person_idx').on(t.schoolOrgId, t.idKey),
    index('teacher_recruits_region_idx').on(t.regionCode, t.state),
  ],
);

/** 工学一体化教师培养培训基地 (notice 二(三)): hosted by a school (with a partner enterprise), reviewed by the bureau. */
export const integratedTrainingBases = pgTable(
  'integrated_training_bases',
  {
    id: serial().primaryKey(),
    schoolOrgId: integer()
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    regionCode: text().notNull(),
    name: text().notNull(),
    partnerEnterprise: text().notNull().default(''),
    specialtyArea: text().notNull(),
    capacity: integer().notNull(),
    establishedOn: date({ mode: 'string' }).notNull(),
    state: text().$type<'submitted' | 'approved' | 'returned'>().notNull().default('submitted'),
    reviewReason: text(),
    reviewedBy: integer(),
    reviewedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex('integrated_training_bases_name_idx').on(t.schoolOrgId, t.name),
    index('integrated_training_bases_region_idx').on(t.regionCode, t.state),
    check('integrated_training_bases_capacity_check', sql`${t.capacity} > 0`),
  ],
);
