import PgBoss from 'pg-boss';
import type pg from 'pg';
import cronParser from 'cron-parser';
import { now, nowMs } from '../lib/clock';
import type { Database } from '../db/client';
import { describeError, JOBS_LOCK_KEY, withStartupLock } from '../db/startup';
import { runJob, type JobDef, type JobLog } from './jobs';

// Scheduled jobs on PostgreSQL go through pg-boss (docs/decisions/0008-job-queue.md): every process ticks, computes
// each job's current cron slot from the platform clock and enqueues it unless another process did (job_slots); pg-boss
// hands each job to one worker, retries a failure and keeps every run in its tables (schema pgboss). On the
// embedded database there is one process: the same jobs run on timers in it.

export interface Scheduler {
  /** How jobs run here: the PostgreSQL queue (all processes) or timers in this process (embedded). */
  mode: 'queue' | 'timers';
  jobs: JobDef[];
  /** When the job is next due (the 「运行状态」 page). */
  nextRun(name: string): Date | null;
  stop(): Promise<void>;
}

const RETRY = { retryLimit: 2, retryDelay: 60, retryBackoff: true };

export async function startScheduler(
  database: Database,
  jobs: JobDef[],
  log: JobLog,
  opts: { startDelayMs?: number; tickMs?: number } = {},
): Promise<Scheduler> {
  if (database.kind === 'postgres' && database.url) return startQueue(database, jobs, log, opts.tickMs ?? TICK_MS);
  return startTimers(database, jobs, log, opts.startDelayMs ?? 5_000);
}

/** How often each process looks at the platform clock for due slots (tests pass a shorter one). */
const TICK_MS = 15_000;

/** The cron occurrence a job stands at now: the latest one at or before the platform clock's instant. */
function currentSlot(job: JobDef, at: Date): Date {
  return cronParser
    .parseExpression(job.cron, { currentDate: new Date(at.getTime() + 1), tz: 'Asia/Shanghai' })
    .prev()
    .toDate();
}

async function startQueue(database: Database, jobs: JobDef[], log: JobLog, tickMs: number): Promise<Scheduler> {
  // pg-boss's own cron (schedule: true) follows the database's clock; the slots here follow the platform's
  // (decisions/0008), so a rehearsal with CLOCK_AT and the tests get the hour they set.
  const boss = new PgBoss({
    connectionString: database.url,
    schema: 'pgboss',
    max: 3,
    application_name: 'cjrh-jobs',
    schedule: false,
  });
  // Connection loss inside pg-boss's loops is reported here and retried by pg-boss: never fatal.
  boss.on('error', (e) => log.error({ err: describeError(e) }, 'job queue error'));
  // Two processes starting together deadlocked in pg-boss's create_queue: its set-up runs under an advisory lock.
  await withStartupLock(database.pool!, () => setUp(boss, jobs), undefined, JOBS_LOCK_KEY);
  for (const job of jobs) {
    await boss.work(
      job.name,
      { batchSize: 1, pollingIntervalSeconds: Math.max(0.5, Math.min(2, tickMs / 1000)) },
      async () => {
        await runJob(job, database.db, log);
      },
    );
  }
  let stopped = false;
  let ticking: Promise<void> = Promise.resolve();
  const tick = async () => {
    for (const job of jobs) {
      if (stopped) return;
      await enqueueSlot(database.pool!, boss, job, currentSlot(job, now())).catch((e: unknown) =>
        log.warn({ err: describeError(e), job: job.name }, 'job slot not enqueued'),
      );
    }
  };
  const timer = setInterval(() => {
    ticking = ticking.then(tick);
  }, tickMs);
  timer.unref();
  ticking = tick(); // at start: the current slot of every job, unless some process enqueued it already (catch-up)
  return {
    mode: 'queue',
    jobs,
    nextRun: (name) => {
      const job = jobs.find((j) => j.name === name);
      return job
        ? cronParser.parseExpression(job.cron, { currentDate: now(), tz: 'Asia/Shanghai' }).next().toDate()
        : null;
    },
    // Waits for a running job to finish (up to 10 s) before the process exits: SIGTERM drains jobs too.
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await ticking;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/**
 * Claims (job, slot) in job_slots and sends the pg-boss job in the same transaction: of all processes ticking in the
 * same slot one inserts the claim and enqueues, the others find it taken. A crash between the two leaves neither.
 */
async function enqueueSlot(pool: pg.Pool, boss: PgBoss, job: JobDef, slot: Date) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const claim = await client.query(
      'INSERT INTO job_slots (job, slot, claimed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [job.name, slot, now()],
    );
    if (claim.rowCount === 1) {
      // No singletonKey: the queue's singleton policy then keeps one run of the job active at a time across slots.
      await boss.send(
        job.name,
        { slot: slot.toISOString() },
        { ...RETRY, db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } },
      );
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

async function setUp(boss: PgBoss, jobs: JobDef[]) {
  await boss.start();
  for (const job of jobs) {
    // singleton: one active job per queue at a time, so a slow run (a national re-rank) never overlaps the next slot's.
    await boss.createQueue(job.name, { name: job.name, policy: 'singleton', ...RETRY, expireInSeconds: 3600 });
    // The cron schedules of earlier versions would fire on the database's clock besides the ticks: removed.
    await boss.unschedule(job.name);
  }
}

function startTimers(database: Database, jobs: JobDef[], log: JobLog, startDelayMs: number): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  const startedMs = nowMs();
  let stopped = false;
  const tick = (job: JobDef) => async () => {
    if (stopped || running.has(job.name)) return; // one run of a job at a time in this process
    running.add(job.name);
    const run = runJob(job, database.db, log);
    inFlight.add(run);
    try {
      await run;
    } catch {
      // recorded and logged by runJob; the next interval runs it again
    } finally {
      running.delete(job.name);
      inFlight.delete(run);
    }
  };
  // The hourly jobs one after another at start, in their listed order (agreement dates before the snapshot).
  const startRun = async () => {
    for (const job of jobs.filter((j) => j.atStart)) await tick(job)();
  };
  timers.push(setTimeout(() => void startRun(), startDelayMs));
  for (const job of jobs) timers.push(setInterval(tick(job), job.everyMs));
  timers.forEach((t) => t.unref());
  return {
    mode: 'timers',
    jobs,
    nextRun: (name) => {
      const job = jobs.find((j) => j.name === name);
      if (!job) return null;
      const elapsed = nowMs() - startedMs;
      return new Date(startedMs + (Math.floor(elapsed / job.everyMs) + 1) * job.everyMs);
    },
    // No new runs; a running one finishes (SIGTERM drains jobs before the database closes).
    stop: async () => {
      stopped = true;
      timers.forEach((t) => clearInterval(t));
      await Promise.allSettled([...inFlight]);
    },
  };
}
