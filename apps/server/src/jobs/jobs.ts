import type { Db } from '../db/client';
import { purgeIdleSessions } from '../http/session';
import { settleAgreementDates } from '../modules/agreements/settle';
import { runDeadlineReminders } from '../modules/forms/completeness.service';
import { fillMonthEnds, recordSnapshots } from '../modules/indicators/history';
import { runMailOutbox } from '../modules/mail/outbox';
import type { Mailer } from '../modules/mail/mailer';
import { runReportReminders } from '../modules/projects/reports.service';
import { expireStale } from '../modules/intents/intents.service';
import { settleRecommendations } from '../modules/recommendations/recommendations.service';
import { eq } from 'drizzle-orm';
import { jobRuns } from '../db/schema/index';
import { now, nowMs } from '../lib/clock';
import { processInfo } from '../lib/processInfo';
import { pruneOpsRecords } from './processes';

// The scheduled work of the platform, one entry per job. The same code runs through the PostgreSQL job queue (several
// processes, each run once: scheduler.ts) or in-process on the embedded database. Every job is idempotent: a retry
// after a failure, or a second run in one hour, changes nothing that the first did not.

export interface JobLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobDef {
  name: string;
  /** Cron in Beijing time (pg-boss schedule); the embedded mode runs every `everyMs`. */
  cron: string;
  everyMs: number;
  /** Embedded timers: run once shortly after a start. (On PostgreSQL the first tick enqueues every job's current
   * cron slot unless a process already did: a catch-up after downtime, never a second run in the slot.) */
  atStart: boolean;
  run(db: Db, log: JobLog): Promise<unknown>;
}

export function platformJobs(opts: { mailer?: Mailer | null }): JobDef[] {
  const hourly = { everyMs: 3_600_000, atStart: true };
  const jobs: JobDef[] = [
    // Agreements past their end expire and stop their projects: before the snapshot, which counts them.
    { name: 'agreement-dates', cron: '2 * * * *', ...hourly, run: (db) => settleAgreementDates(db) },
    { name: 'deadline-reminders', cron: '4 * * * *', ...hourly, run: (db) => runDeadlineReminders(db) },
    { name: 'report-reminders', cron: '6 * * * *', ...hourly, run: (db) => runReportReminders(db) },
    {
      name: 'indicator-snapshot',
      cron: '8 * * * *',
      ...hourly,
      run: async (db) => {
        await recordSnapshots(db); // today's values, for trends (one row per day)
        await fillMonthEnds(db); // past month ends the history lacks, derived from the dated records
      },
    },
    // A full re-rank when lines changed since the last one or the day turned (decisions/0005).
    {
      name: 'recommendations-settle',
      cron: '12 * * * *',
      ...hourly,
      run: async (db, log) => {
        const r = await settleRecommendations(db);
        if (r) log.info({ orgs: r.orgs, pairs: r.pairs }, 'recommendations settled');
        return r;
      },
    },
    // Pending intents past 30 days lapse (reads show them lapsed meanwhile: intents.service.ts).
    { name: 'intent-expiry', cron: '3 * * * *', ...hourly, run: (db) => expireStale(db) },
    // Sessions idle past their limit are refused by the session hook; this removes the rows.
    {
      name: 'session-purge',
      cron: '20 * * * *',
      ...hourly,
      run: async (db) => {
        await purgeIdleSessions(db);
        await pruneOpsRecords(db); // run records past 30 days, processes long gone
      },
    },
  ];
  const mailer = opts.mailer;
  if (mailer) {
    jobs.push({
      name: 'mail-outbox',
      cron: '* * * * *',
      everyMs: 60_000,
      atStart: false,
      run: async (db, log) => {
        const r = await runMailOutbox(db, mailer, log);
        if (r.instant || r.digests) log.info(r, 'notification mails sent');
        return r;
      },
    });
  }
  return jobs;
}

/** Runs and failures of this process, by job (GET /metrics). */
export const jobStats = new Map<string, { ok: number; failed: number; lastSeconds: number; lastEndedMs: number }>();

/**
 * One run with its outcome recorded (in this process for /metrics, and as a `job_runs` row for the 「运行状态」 page);
 * a failure is logged and rethrown (the queue retries it). A record that cannot be written (the database is down)
 * never hides the job's own outcome.
 */
export async function runJob(job: JobDef, db: Db, log: JobLog) {
  const started = nowMs();
  const stat = jobStats.get(job.name) ?? { ok: 0, failed: 0, lastSeconds: 0, lastEndedMs: 0 };
  jobStats.set(job.name, stat);
  const runId = await record(log, async () => {
    const [row] = await db
      .insert(jobRuns)
      .values({ job: job.name, processId: processInfo.id, startedAt: new Date(started), state: 'running' })
      .returning({ id: jobRuns.id });
    return row.id;
  });
  const finish = (state: 'succeeded' | 'failed', error: string | null) =>
    runId === null
      ? null
      : record(log, () => db.update(jobRuns).set({ state, error, endedAt: now() }).where(eq(jobRuns.id, runId)));
  try {
    const r = await job.run(db, log);
    stat.ok++;
    await finish('succeeded', null);
    return r;
  } catch (e) {
    stat.failed++;
    log.error({ err: e, job: job.name }, 'job failed');
    await finish('failed', String((e as Error)?.message ?? e).slice(0, 500));
    throw e;
  } finally {
    stat.lastEndedMs = nowMs();
    stat.lastSeconds = (stat.lastEndedMs - started) / 1000;
  }
}

async function record<T>(log: JobLog, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    log.warn({ err: { message: (e as Error)?.message } }, 'job run record not written');
    return null;
  }
}
