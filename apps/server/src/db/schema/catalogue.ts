import { now } from '../../lib/clock';
import { date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { campaigns } from './campaigns';
import { orgs } from './orgs';

/** A frozen publication of a campaign's accepted demand; republishing makes version n+1, older ones stay. */
export const publications = pgTable(
  'publications',
  {
    id: serial().primaryKey(),
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id),
    version: integer().notNull(),
    itemCount: integer().notNull().default(0),
    note: text().notNull().default(''),
    publishedBy: integer(),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex('publications_campaign_version_key').on(t.campaignId, t.version)],
);

/** One published demand line: a row of an accepted form with its organisation's fields, as it was published. */
export const publishedItems = pgTable(
  'published_items',
  {
    id: serial().primaryKey(),
    publicationId: integer()
      .notNull()
      .references(() => publications.id),
    campaignId: integer().notNull(),
    formId: integer().notNull(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgType: text().$type<'school' | 'enterprise'>().notNull(),
    orgName: text().notNull(),
    regionCode: text().notNull(),
    rowKey: text().notNull(),
    title: text().notNull(),
    needType: text().notNull(),
    specialtyCode: text(),
    occupationCode: text(),
    industryCodes: jsonb().$type<string[]>().notNull().default([]),
    skillLevel: text(),
    postName: text().notNull().default(''),
    /** Training levels with graduates offered (school lines), for matching on skill level. */
    levels: jsonb().$type<string[]>().notNull().default([]),
    places: integer().notNull().default(0),
    availableFrom: date({ mode: 'string' }),
    expiresOn: date({ mode: 'string' }).notNull(),
    detail: text().notNull().default(''),
    /** The row and org values as published (formatted for people). */
    fields: jsonb().$type<{ label: string; value: string }[]>().notNull().default([]),
    contactName: text().notNull().default(''),
    contactPhone: text().notNull().default(''),
    contactTitle: text().notNull().default(''),
    /** jieba tokens and the raw text, for LIKE + trigram search. */
    searchText: text().notNull().default(''),
    status: text().$type<'public' | 'withdrawn'>().notNull().default('public'),
    withdrawnReason: text(),
    withdrawnAt: timestamp({ withTimezone: true }),
    lastConfirmedAt: timestamp({ withTimezone: true }),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    index('published_items_pub_idx').on(t.publicationId, t.status),
    index('published_items_region_idx').on(t.regionCode),
    index('published_items_org_idx').on(t.orgId),
    index('published_items_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    uniqueIndex('published_items_pub_row_key').on(t.publicationId, t.formId, t.rowKey),
  ],
);

/**
 * The 需求信息汇编 workbook of a publication, built once and served to every reader (issue 15). A row is deleted when
 * a withdrawal changes the publication's public lines; a new version has its own row. Base64 like import_error_files
 * (bytea differs between drivers). `etag` is the SHA-256 of the bytes, so a reader's copy is checked without them.
 */
export const compiledWorkbooks = pgTable('compiled_workbooks', {
  publicationId: integer()
    .primaryKey()
    .references(() => publications.id, { onDelete: 'cascade' }),
  fileName: text().notNull(),
  etag: text().notNull(),
  size: integer().notNull(),
  content: text().notNull(),
  builtAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
});
