import { now } from '../../lib/clock';
import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgs } from './orgs';

/** 洽谈对接: one organisation asks another to cooperate, from a catalogue item or a recommendation. */
export const intents = pgTable(
  'intents',
  {
    id: serial().primaryKey(),
    fromOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    toOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    /** Region of the school side, so the bureau of the school's region sees it; both regions are stored. */
    fromRegionCode: text().notNull(),
    toRegionCode: text().notNull(),
    itemId: integer(),
    source: text().$type<'catalogue' | 'recommendation' | 'event' | 'direct'>().notNull(),
    cooperationType: text().notNull(),
    message: text().notNull(),
    state: text().$type<'pending' | 'accepted' | 'declined' | 'withdrawn' | 'expired'>().notNull().default('pending'),
    declineReason: text(),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    decidedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [
    index('intents_from_idx').on(t.fromOrgId),
    index('intents_to_idx').on(t.toOrgId),
    index('intents_regions_idx').on(t.fromRegionCode, t.toRegionCode),
  ],
);

export const intentMessages = pgTable(
  'intent_messages',
  {
    id: serial().primaryKey(),
    intentId: integer()
      .notNull()
      .references(() => intents.id),
    authorId: integer(),
    authorOrgId: integer(),
    authorName: text().notNull(),
    body: text().notNull(),
    kind: text().$type<'message' | 'event'>().notNull().default('message'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index('intent_messages_intent_idx').on(t.intentId)],
);

/** Recommendations as last computed: one row per (organisation, counterpart), with its score and reasons. */
export const recommendations = pgTable(
  'recommendations',
  {
    orgId: integer().notNull(),
    counterpartOrgId: integer().notNull(),
    score: real().notNull(),
    reasons: jsonb().$type<string[]>().notNull(),
    lines: integer().notNull().default(1),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex('recommendations_pair_key').on(t.orgId, t.counterpartOrgId),
    index('recommendations_org_score_idx').on(t.orgId, t.score),
    index('recommendations_counterpart_idx').on(t.counterpartOrgId),
  ],
);

export const dismissals = pgTable(
  'dismissals',
  {
    id: serial().primaryKey(),
    orgId: integer().notNull(),
    counterpartOrgId: integer().notNull(),
    reason: text().notNull(),
    note: text().notNull().default(''),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex('dismissals_pair_key').on(t.orgId, t.counterpartOrgId)],
);

/** 洽谈会: a matchmaking fair organised by the province or a bureau. */
export const events = pgTable('events', {
  id: serial().primaryKey(),
  campaignId: integer(),
  title: text().notNull(),
  organiserRole: text().notNull(),
  regionCode: text(),
  startsAt: timestamp({ withTimezone: true }).notNull(),
  endsAt: timestamp({ withTimezone: true }).notNull(),
  place: text().notNull().default(''),
  online: boolean().notNull().default(false),
  capacity: integer().notNull(),
  slotMinutes: integer().notNull().default(20),
  description: text().notNull().default(''),
  status: text().$type<'open' | 'closed' | 'cancelled'>().notNull().default('open'),
  createdBy: integer(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
});

export const eventRegistrations = pgTable(
  'event_registrations',
  {
    id: serial().primaryKey(),
    eventId: integer()
      .notNull()
      .references(() => events.id),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    attendees: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex('event_registrations_key').on(t.eventId, t.orgId)],
);

/** A booked meeting between two registered organisations at one slot; neither side can be double-booked. */
export const eventMeetings = pgTable(
  'event_meetings',
  {
    id: serial().primaryKey(),
    eventId: integer()
      .notNull()
      .references(() => events.id),
    slotStart: timestamp({ withTimezone: true }).notNull(),
    schoolOrgId: integer().notNull(),
    enterpriseOrgId: integer().notNull(),
    table: text().notNull().default(''),
    outcome: text().$type<'none' | 'intent' | 'agreement_to_sign' | 'no_deal'>().notNull().default('none'),
    outcomeNote: text().notNull().default(''),
    // A booking by one side is a request until the other side accepts it. Meetings from before consent were
    // accepted (the column default); the service always writes the state.
    state: text().$type<'requested' | 'accepted' | 'declined'>().notNull().default('accepted'),
    requestedByOrgId: integer(),
    declineReason: text(),
    decidedAt: timestamp({ withTimezone: true }),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    // Only accepted meetings fill a schedule: requests and declined ones do not block a slot.
    uniqueIndex('event_meetings_school_slot_key')
      .on(t.eventId, t.slotStart, t.schoolOrgId)
      .where(sql`state = 'accepted'`),
    uniqueIndex('event_meetings_enterprise_slot_key')
      .on(t.eventId, t.slotStart, t.enterpriseOrgId)
      .where(sql`state = 'accepted'`),
    // One open request per pair and slot.
    uniqueIndex('event_meetings_request_key')
      .on(t.eventId, t.slotStart, t.schoolOrgId, t.enterpriseOrgId)
      .where(sql`state = 'requested'`),
  ],
);
