import { date, index, integer, pgTable, primaryKey, real, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { orgs } from './orgs';

/** Each region's key industries, kept by the province: the basis of the specialty–industry match. */
export const regionKeyIndustries = pgTable(
  'region_key_industries',
  {
    regionCode: text().notNull(),
    industryCode: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'region_key_industries_pkey', columns: [t.regionCode, t.industryCode] })],
);

/** 工学一体化 teacher-training records: a batch of teachers trained, per school. */
export const teacherTrainings = pgTable(
  'teacher_trainings',
  {
    id: serial().primaryKey(),
    schoolOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    regionCode: text().notNull(),
    title: text().notNull(),
    trainedOn: date({ mode: 'string' }).notNull(),
    teachers: integer().notNull(),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('teacher_trainings_region_date_idx').on(t.regionCode, t.trainedOn)],
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
