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
import { orgs } from './orgs';

export const users = pgTable(
  'users',
  {
    id: serial().primaryKey(),
    username: text().notNull(),
    displayName: text().notNull(),
    passwordHash: text().notNull(),
    role: text().$type<'province' | 'region' | 'school' | 'enterprise' | 'expert'>().notNull(),
    regionCode: text(),
    orgId: integer().references(() => orgs.id),
    disabled: boolean().notNull().default(false),
    failedLogins: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    lastLoginAt: timestamp({ withTimezone: true }),
    isDemo: boolean().notNull().default(false),
    /** Set when someone other than the owner set the password (admin command, a reset, bulk onboarding): one-time. */
    mustChangePassword: boolean().notNull().default(false),
    /** When the current password was set (expiry: PASSWORD_MAX_AGE_DAYS); a migration stamps existing accounts. */
    passwordChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    /** argon2 hashes of the last PASSWORD_HISTORY passwords, newest first: none of them may come back. */
    passwordHistory: jsonb().$type<string[]>().notNull().default([]),
    /** Mobile number (11 digits) and e-mail of the person behind the account, for notices and password resets. */
    phone: text(),
    email: text(),
    /** How notifications also reach the e-mail address when SMTP is configured: each one, a daily digest, or none. */
    emailNotify: text().$type<'instant' | 'daily' | 'off'>().notNull().default('instant'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex('users_username_key').on(t.username), index('users_org_idx').on(t.orgId)],
);

/** Server-side sessions: the cookie carries a random token, the table keeps only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** One-time password-reset links sent by e-mail: only the SHA-256 of the token is kept, like sessions. */
export const passwordResets = pgTable(
  'password_resets',
  {
    tokenHash: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** Set by the one request that uses the link (or when another link of the account is used first). */
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('password_resets_user_idx').on(t.userId, t.createdAt)],
);

/** The daily e-mail digest sent to an account for a Beijing day: the row is the claim, so each is sent once. */
export const mailDigests = pgTable(
  'mail_digests',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    day: date().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ name: 'mail_digests_pkey', columns: [t.userId, t.day] })],
);
