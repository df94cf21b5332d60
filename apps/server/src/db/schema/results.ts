import { now } from '../../lib/clock';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The province's yearly assessment scheme for regions: weighted indicator items and manual items. */
export const assessmentSchemes = pgTable(
  'assessment_schemes',
  {
    id: serial().primaryKey(),
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
          note?: string;
        }[]
      >()
      .notNull(),
    status: text().$type<'draft' | 'frozen'>().notNull().default('draft'),
    frozenAt: timestamp({ withTimezone: true }),
    frozenBy: integer(),
    /** The result as frozen: per region total, rank and item scores with their evidence. Never recomputed. */
    frozenResult: jsonb(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex('assessment_schemes_year_key').on(t.year)],
);

/** Manual item scores per region, each with the reason it was given. */
export const assessmentManualScores = pgTable(
  'assessment_manual_scores',
  {
    schemeId: integer()
      .notNull()
      .references(() => assessmentSchemes.id, { onDelete: 'cascade' }),
    regionCode: text().notNull(),
    itemKey: text().notNull(),
    score: real().notNull(),
    reason: text().notNull(),
    enteredBy: integer(),
    enteredAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ name: 'assessment_manual_scores_pkey', columns: [t.schemeId, t.regionCode, t.itemKey] })],
);

/** A demonstration-selection round (示范项目遴选) for some project types. */
export const selectionRounds = pgTable(
  'selection_rounds',
  {
    id: serial().primaryKey(),
    year: integer().notNull(),
    title: text().notNull(),
    projectTypes: jsonb().$type<string[]>().notNull(),
    rubric: jsonb().$type<{ key: string; label: string; max: number }[]>().notNull(),
    /** How many to shortlist per project type. */
    quota: jsonb().$type<Record<string, number>>().notNull(),
    status: text()
      .$type<'nomination' | 'review' | 'shortlisted' | 'public_notice' | 'published'>()
      .notNull()
      .default('nomination'),
    noticeFrom: date({ mode: 'string' }),
    noticeTo: date({ mode: 'string' }),
    publishedAt: timestamp({ withTimezone: true }),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    version: integer().notNull().default(1),
  },
  (t) => [index('selection_rounds_year_idx').on(t.year)],
);

export const selectionNominations = pgTable(
  'selection_nominations',
  {
    id: serial().primaryKey(),
    roundId: integer()
      .notNull()
      .references(() => selectionRounds.id),
    projectId: integer().notNull(),
    regionCode: text().notNull(),
    statement: text().notNull(),
    /** Pulled from tracked data at nomination time: placements, certificates, progress reports. */
    evidence: jsonb().notNull(),
    status: text()
      .$type<'nominated' | 'under_review' | 'shortlisted' | 'public_notice' | 'selected' | 'not_selected'>()
      .notNull()
      .default('nominated'),
    finalScore: real(),
    nominatedBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex('selection_nominations_round_project_key').on(t.roundId, t.projectId)],
);

export const selectionExperts = pgTable(
  'selection_experts',
  {
    roundId: integer()
      .notNull()
      .references(() => selectionRounds.id),
    userId: integer().notNull(),
    appointedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ name: 'selection_experts_pkey', columns: [t.roundId, t.userId] })],
);

/** An expert's declaration per nomination; a conflicted expert may not score that nomination. */
export const selectionDeclarations = pgTable(
  'selection_declarations',
  {
    nominationId: integer()
      .notNull()
      .references(() => selectionNominations.id),
    expertUserId: integer().notNull(),
    conflict: boolean().notNull(),
    reason: text().notNull().default(''),
    declaredAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ name: 'selection_declarations_pkey', columns: [t.nominationId, t.expertUserId] })],
);

export const selectionScores = pgTable(
  'selection_scores',
  {
    nominationId: integer()
      .notNull()
      .references(() => selectionNominations.id),
    expertUserId: integer().notNull(),
    scores: jsonb().$type<Record<string, number>>().notNull(),
    total: real().notNull(),
    comment: text().notNull().default(''),
    scoredAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ name: 'selection_scores_pkey', columns: [t.nominationId, t.expertUserId] })],
);

/** Objections raised during the public-notice period (公示), each resolved with a reason before the final list. */
export const selectionObjections = pgTable('selection_objections', {
  id: serial().primaryKey(),
  nominationId: integer()
    .notNull()
    .references(() => selectionNominations.id),
  submitterName: text().notNull(),
  submitterContact: text().notNull().default(''),
  content: text().notNull(),
  status: text().$type<'open' | 'upheld' | 'dismissed'>().notNull().default('open'),
  resolution: text(),
  resolvedBy: integer(),
  resolvedAt: timestamp({ withTimezone: true }),
  submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
});

/** Typical cases (典型案例) and commendations the province writes and publishes. */
export const cases = pgTable('cases', {
  id: serial().primaryKey(),
  year: integer().notNull(),
  title: text().notNull(),
  regionCode: text(),
  orgIds: jsonb().$type<number[]>().notNull().default([]),
  projectId: integer(),
  summary: text().notNull(),
  body: text().notNull(),
  status: text().$type<'draft' | 'published'>().notNull().default('draft'),
  publishedAt: timestamp({ withTimezone: true }),
  createdBy: integer(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
});

export const commendations = pgTable(
  'commendations',
  {
    id: serial().primaryKey(),
    year: integer().notNull(),
    orgId: integer().notNull(),
    citation: text().notNull(),
    status: text().$type<'draft' | 'published'>().notNull().default('draft'),
    publishedAt: timestamp({ withTimezone: true }),
    createdBy: integer(),
  },
  (t) => [uniqueIndex('commendations_year_org_key').on(t.year, t.orgId)],
);

/** Thresholds of the specialty early warning (专业预警), editable by the province. */
export const warningSettings = pgTable('warning_settings', {
  id: integer().primaryKey().default(1),
  /** demand ÷ supply above this → shortage (紧缺). */
  shortageRatio: real().notNull().default(1.5),
  /** demand ÷ supply below this → oversupply (供过于求). */
  oversupplyRatio: real().notNull().default(0.5),
  /** post-internship employment below this → quality warning. */
  minEmployment: real().notNull().default(0.3),
  updatedBy: integer(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
});
