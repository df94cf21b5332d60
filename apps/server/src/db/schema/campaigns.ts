import { sql } from 'drizzle-orm';
import { now } from '../../lib/clock';
import { check, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export interface CampaignTarget {
  id: string;
  label: string;
  value: number;
  unit: string;
  deadline: string;
}

/** One campaign per year: deadlines, the notice's targets (editable), and the form versions it uses. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: serial().primaryKey(),
    year: integer().notNull(),
    title: text().notNull(),
    status: text().$type<'draft' | 'open' | 'closed'>().notNull().default('draft'),
    /** The day a draft opens by itself (the hourly reminder run opens it); null = opened by hand only. */
    opensOn: date({ mode: 'string' }),
    /** Why a closed year was reopened (the last reopening; every move is also in the audit log). */
    statusReason: text(),
    /** The campaign this one was created from (deadlines, quotas, targets and forms carried), or null. */
    basedOnYear: integer(),
    formsDue: date({ mode: 'string' }).notNull(),
    regionDue: date({ mode: 'string' }).notNull(),
    publishAt: date({ mode: 'string' }).notNull(),
    yearEnd: date({ mode: 'string' }).notNull(),
    /** Days before a deadline on which fillers get a reminder. */
    reminderDays: jsonb().$type<number[]>().notNull().default([7, 3, 1]),
    targets: jsonb().$type<CampaignTarget[]>().notNull().default([]),
    provinceProjectTotal: integer().notNull().default(0),
    provinceKeyEnterpriseTotal: integer().notNull().default(600),
    formVersions: jsonb().$type<{ school: string; enterprise: string }>().notNull(),
    version: integer().notNull().default(1),
    /** The quota table's own version (附件3): a save carries the one it started from; a stale one answers 409. */
    quotaVersion: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex('campaigns_year_key').on(t.year)],
);

/**
 * 附件3: cooperation projects to collect and key enterprises expected, per region. Dated rows (issue 13): a region's
 * figures hold from valid_from (inclusive; null = from the campaign's start) to valid_to (exclusive; null = in force
 * now), so a figure as of a past day divides by the quota of that day. The open rows are today's table.
 */
export const campaignQuotas = pgTable(
  'campaign_quotas',
  {
    id: serial().primaryKey(),
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    regionCode: text().notNull(),
    projectQuota: integer().notNull().default(0),
    keyEnterpriseQuota: integer().notNull().default(0),
    remark: text().notNull().default(''),
    validFrom: date({ mode: 'string' }),
    validTo: date({ mode: 'string' }),
    /** Why these figures hold from valid_from (the change's reason; also in the audit entry). */
    reason: text().notNull().default(''),
    changedBy: integer(),
  },
  (t) => [
    uniqueIndex('campaign_quotas_open_idx')
      .on(t.campaignId, t.regionCode)
      .where(sql`${t.validTo} is null`),
    check(
      'campaign_quotas_period_check',
      sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validTo} > ${t.validFrom}`,
    ),
  ],
);

/** In-app notifications, one row per recipient user; dedupeKey keeps reminders from repeating. */
export const notifications = pgTable(
  'notifications',
  {
    id: serial().primaryKey(),
    userId: integer().notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull().default(''),
    link: text(),
    dedupeKey: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    readAt: timestamp({ withTimezone: true }),
    /**
     * Outbox marker for the e-mail copy: null = not yet handled by the mail loop (modules/mail/outbox.ts), which
     * claims rows atomically and stamps them whether it sent a mail, folded them into a digest, or had nothing to send.
     */
    emailedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.readAt),
    uniqueIndex('notifications_dedupe_key').on(t.dedupeKey),
    index('notifications_outbox_idx')
      .on(t.id)
      .where(sql`emailed_at is null`),
  ],
);
