import { now } from '../../lib/clock';
import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './accounts';

/**
 * One bulk onboarding (组织批量导入) that created accounts: the 账号开通单 its bureau downloads once. The record stays
 * (who imported, who downloaded, when); the passwords do not.
 */
export const onboardingHandouts = pgTable(
  'onboarding_handouts',
  {
    id: serial().primaryKey(),
    /** The importing bureau's region; null when the province imported (only the province then sees it). */
    regionCode: text(),
    createdById: integer().notNull(),
    createdByName: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    accountCount: integer().notNull(),
    downloadedAt: timestamp({ withTimezone: true }),
    downloadedByName: text(),
  },
  (t) => [index('onboarding_handouts_region_idx').on(t.regionCode)],
);

/**
 * The one-time initial passwords of a handout, in clear because they must be printed once. Deleted in the same
 * transaction that serves the download, so after it only a reset can give an account a new password. Never copied
 * to logs or audit entries.
 */
export const onboardingPasswords = pgTable(
  'onboarding_passwords',
  {
    handoutId: integer()
      .notNull()
      .references(() => onboardingHandouts.id, { onDelete: 'cascade' }),
    userId: integer()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    password: text().notNull(),
  },
  (t) => [index('onboarding_passwords_handout_idx').on(t.handoutId)],
);
