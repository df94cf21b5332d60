import { now } from '../../lib/clock';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  uniqueIndex,
  integer,
  numeric,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { orgs } from './orgs';

/**
 * Each region's key industries, kept by the province: the basis of the specialty–industry match. Dated rows (issue
 * 13): a row holds one industry of one region from valid_from (inclusive; null = from the start) to valid_to
 * (exclusive; null = still listed), so a figure as of a past day reads the list in force then. The open rows are
 * today's list (one per region and industry).
 */
export const regionKeyIndustries = pgTable(
  'region_key_industries',
  {
    id: serial().primaryKey(),
    regionCode: text().notNull(),
    industryCode: text().notNull(),
    validFrom: date({ mode: 'string' }),
    validTo: date({ mode: 'string' }),
    /** Why the industry was listed from valid_from (the change's reason; also in the audit entry). */
    reason: text().notNull().default(''),
    changedBy: integer(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex('region_key_industries_open_idx')
      .on(t.regionCode, t.industryCode)
      .where(sql`${t.validTo} is null`),
    check(
      'region_key_industries_period_check',
      sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validTo} > ${t.validFrom}`,
    ),
  ],
);

/**
 * 工学一体化 teacher trainings, one row per teacher trained (the notice counts teachers: 500 a year), kept by the
 * school and imported by its bureau. Counted by `integrated_teachers_year` for the year of the end date. The checks
 * repeat the domain's rules (end not before start, 1–2000 hours) so no writer can slip past them.
 */
export const teacherTrainings = pgTable(
  'teacher_trainings',
  {
    id: serial().primaryKey(),
    schoolOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    regionCode: text().notNull(),
    teacherName: text().notNull(),
    specialtyCode: text().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }).notNull(),
    hours: integer().notNull(),
    provider: text().notNull(),
    version: integer().notNull().default(1),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    index('teacher_trainings_region_end_idx').on(t.regionCode, t.endDate),
    index('teacher_trainings_school_idx').on(t.schoolOrgId),
    check('teacher_trainings_dates_check', sql`${t.endDate} >= ${t.startDate}`),
    check('teacher_trainings_hours_check', sql`${t.hours} between 1 and 2000`),
  ],
);

/**
 * A school's own roster of 企业兼职技能导师. `idKey` is the keyed hash of the ID number (the same key as the mentors
 * inside projects: projects/refs.ts), so `guest_mentors` counts a person once across both; the number is never stored.
 */
export const schoolMentors = pgTable(
  'school_mentors',
  {
    id: serial().primaryKey(),
    schoolOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    regionCode: text().notNull(),
    name: text().notNull(),
    enterprise: text().notNull(),
    specialtyCode: text().notNull(),
    termStart: date({ mode: 'string' }).notNull(),
    termEnd: date({ mode: 'string' }).notNull(),
    idKey: text().notNull(),
    version: integer().notNull().default(1),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex('school_mentors_school_person_idx').on(t.schoolOrgId, t.idKey),
    check('school_mentors_term_check', sql`${t.termEnd} >= ${t.termStart}`),
  ],
);

/** Daily values of each indicator per scope ('420000' province or a region code), for trends and forecasts. */
export const indicatorSnapshots = pgTable(
  'indicator_snapshots',
  {
    indicatorId: text().notNull(),
    scope: text().notNull(),
    onDate: date({ mode: 'string' }).notNull(),
    value: real(),
    numerator: real().notNull(),
    denominator: real(),
  },
  (t) => [primaryKey({ name: 'indicator_snapshots_pkey', columns: [t.indicatorId, t.scope, t.onDate] })],
);

/**
 * Σ of each project's counted progress reports per year (state accepted: migration 0021), kept by a trigger on
 * progress_reports in the same transaction as every report change (migration 0010), so the year's training figure
 * reads one row per project instead of every report. The drill-down still lists the reports themselves; a test
 * checks that both add up to the same figure.
 */
export const projectReportTotals = pgTable(
  'project_report_totals',
  {
    projectId: integer().notNull(),
    year: integer().notNull(),
    personTimes: numeric({ mode: 'number' }).notNull().default(0),
    reports: integer().notNull().default(0),
  },
  (t) => [primaryKey({ name: 'project_report_totals_pkey', columns: [t.projectId, t.year] })],
);

/**
 * The people listed inside projects (企业导师 of mentor projects, 实践教师 of teacher-practice projects), one row each,
 * rebuilt by a trigger on projects in the same transaction as every project change (migration 0010). The mentor and
 * teacher indicators read this narrow table rather than unpacking every project's JSON on each request.
 */
export const projectPeople = pgTable(
  'project_people',
  {
    projectId: integer().notNull(),
    kind: text().$type<'mentor' | 'teacher'>().notNull(),
    pos: integer().notNull(),
    idKey: text().notNull(),
    name: text().notNull(),
    title: text().notNull(),
    schoolOrgId: integer(),
    regionCode: text().notNull(),
    projectStatus: text().notNull(),
    /** The project is not deleted. */
    live: boolean().notNull(),
    termStart: text(),
    termEnd: text(),
    keySpecialty: boolean(),
    backbone: boolean(),
    startDate: text(),
    days: integer(),
  },
  (t) => [
    primaryKey({ name: 'project_people_pkey', columns: [t.projectId, t.kind, t.pos] }),
    index('project_people_kind_school_idx').on(t.kind, t.schoolOrgId),
  ],
);
