import { now } from '../../lib/clock';
import { date, index, integer, jsonb, pgTable, real, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgs } from './orgs';

// The notice's duties 三(四) and 三(五): subsidised training and evaluation, skill contests, the city bureaus'
// assessment of their schools and the province's priority lists. Each record waits for its bureau's review.

/** 补贴性职业技能培训和技能人才评价, recorded by a school or enterprise (or its bureau) and reviewed by the bureau. */
export const skillTrainings = pgTable(
  'skill_trainings',
  {
    id: serial().primaryKey(),
    regionCode: text().notNull(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    kind: text().$type<'training' | 'evaluation'>().notNull(),
    occupationCode: text().notNull(),
    level: text().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }).notNull(),
    people: integer().notNull(),
    certificates: integer().notNull().default(0),
    note: text().notNull().default(''),
    state: text().$type<'submitted' | 'approved' | 'returned'>().notNull().default('submitted'),
    reviewReason: text(),
    reviewedBy: integer(),
    reviewedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    index('skill_trainings_region_idx').on(t.regionCode, t.endDate),
    index('skill_trainings_org_idx').on(t.orgId),
  ],
);

/** 职业技能竞赛 (急需紧缺工种) held by an alliance or partners; winners ≤ participants; reviewed by the bureau. */
export const skillContests = pgTable(
  'skill_contests',
  {
    id: serial().primaryKey(),
    regionCode: text().notNull(),
    /** The recording organisation (school or enterprise); null when a bureau records it. */
    orgId: integer().references(() => orgs.id),
    name: text().notNull(),
    organiser: text().notNull(),
    occupationCode: text().notNull(),
    heldOn: date({ mode: 'string' }).notNull(),
    participants: integer().notNull(),
    winners: integer().notNull(),
    note: text().notNull().default(''),
    state: text().$type<'submitted' | 'approved' | 'returned'>().notNull().default('submitted'),
    reviewReason: text(),
    reviewedBy: integer(),
    reviewedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index('skill_contests_region_idx').on(t.regionCode, t.heldOn)],
);

/** A city bureau's yearly scheme for assessing its own schools (the province's regional scheme as template). */
export const schoolAssessments = pgTable(
  'school_assessments',
  {
    id: serial().primaryKey(),
    regionCode: text().notNull(),
    year: integer().notNull(),
    title: text().notNull(),
    items: jsonb()
      .$type<
        {
          key: string;
          label: string;
          kind: 'indicator' | 'manual';
          indicatorId?: string;
          weight: number;
          target?: number;
          note?: string;
        }[]
      >()
      .notNull(),
    status: text().$type<'draft' | 'frozen' | 'published'>().notNull().default('draft'),
    frozenAt: timestamp({ withTimezone: true }),
    frozenBy: integer(),
    publishedAt: timestamp({ withTimezone: true }),
    /** Per school total, rank and item scores with their evidence, as frozen. Never recomputed. */
    frozenResult: jsonb(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex('school_assessments_region_year_key').on(t.regionCode, t.year)],
);

/** Manual item scores per school, with the reason and a link to the record that shows it. */
export const schoolAssessmentScores = pgTable(
  'school_assessment_scores',
  {
    id: serial().primaryKey(),
    assessmentId: integer()
      .notNull()
      .references(() => schoolAssessments.id, { onDelete: 'cascade' }),
    schoolOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    itemKey: text().notNull(),
    score: real().notNull(),
    reason: text().notNull(),
    evidence: text().notNull().default(''),
    enteredBy: integer(),
    enteredAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex('school_assessment_scores_key').on(t.assessmentId, t.schoolOrgId, t.itemKey)],
);

/** The province's priority list (倾斜名单) for one named application type and year; entries carry their evidence. */
export const priorityLists = pgTable(
  'priority_lists',
  {
    id: serial().primaryKey(),
    year: integer().notNull(),
    applicationType: text().notNull(),
    title: text().notNull(),
    status: text().$type<'draft' | 'published'>().notNull().default('draft'),
    publishedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex('priority_lists_year_type_key').on(t.year, t.applicationType)],
);

export const priorityEntries = pgTable(
  'priority_entries',
  {
    id: serial().primaryKey(),
    listId: integer()
      .notNull()
      .references(() => priorityLists.id, { onDelete: 'cascade' }),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    reason: text().notNull(),
    /** The evidence as pulled from the records when the entry was added (counts and record numbers). */
    evidence: jsonb().$type<{ label: string; value: string; link?: string }[]>().notNull(),
    sortOrder: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex('priority_entries_list_org_key').on(t.listId, t.orgId)],
);
