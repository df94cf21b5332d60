import { now } from '../../lib/clock';
import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Every editable dictionary (industries, specialties, occupations, skill levels) in one table, keyed by
 * kind and code; kind-specific extras (the crosswalk, aliases) live in `data`. */
export const dictEntries = pgTable(
  'dict_entries',
  {
    kind: text().notNull(),
    code: text().notNull(),
    name: text().notNull(),
    parentCode: text(),
    sortOrder: integer().notNull().default(0),
    verification: text().notNull().default('R'),
    active: boolean().notNull().default(true),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ name: 'dict_entries_pkey', columns: [t.kind, t.code] })],
);

/** Small key/value facts about this database: reference-data version, whether demo data is loaded. */
export const appMeta = pgTable('app_meta', {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
});
