import { now } from '../../lib/clock';
import { index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One run of a scheduled job (jobs/jobs.ts), written by the process that ran it, on both engines: the province page
 * 「运行状态」 reads its history from here (pg-boss keeps its own record on PostgreSQL, but the embedded mode has none,
 * and one table answers both). Rows older than 30 days are removed by the session-purge job.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: serial().primaryKey(),
    job: text().notNull(),
    processId: text().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull().$defaultFn(now),
    endedAt: timestamp({ withTimezone: true }),
    /** running | succeeded | failed */
    state: text().notNull(),
    /** The error's message (never a statement's parameters). */
    error: text(),
  },
  (t) => [index('job_runs_job_started_idx').on(t.job, t.startedAt)],
);

/**
 * Every server process that has run against this database: it writes its row at start and touches heartbeat_at every
 * 30 s, and marks it stopped on a clean shutdown. A row silent for longer is shown as 「失联」.
 */
export const serverProcesses = pgTable('server_processes', {
  id: text().primaryKey(),
  pid: integer().notNull(),
  host: text().notNull(),
  version: text().notNull(),
  startedAt: timestamp({ withTimezone: true }).notNull().$defaultFn(now),
  heartbeatAt: timestamp({ withTimezone: true }).notNull().$defaultFn(now),
  stoppedAt: timestamp({ withTimezone: true }),
});

/** One row that readiness updates: a write that fails (read-only, disk full) makes the process not ready. */
export const healthProbe = pgTable('health_probe', {
  id: integer().primaryKey(),
  writtenAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * The schedule's claims on PostgreSQL (jobs/scheduler.ts): each process's tick computes a job's current slot from the
 * platform clock and inserts (job, slot) together with the pg-boss job, in one transaction; the primary key lets one
 * process win, so each slot is enqueued once for all processes. Pruned with the run records after 30 days.
 */
export const jobSlots = pgTable(
  'job_slots',
  {
    job: text().notNull(),
    /** The cron occurrence this run stands for (the platform clock's, not the database's). */
    slot: timestamp({ withTimezone: true }).notNull(),
    claimedAt: timestamp({ withTimezone: true }).notNull().$defaultFn(now),
  },
  (t) => [primaryKey({ columns: [t.job, t.slot] })],
);
