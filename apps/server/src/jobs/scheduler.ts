import PgBoss from 'pg-boss';
import cronParser from 'cron-parser';
import { now, nowMs } from '../lib/clock';
import type { Database } from '../db/client';
import { describeError, JOBS_LOCK_KEY, withStartupLock } from '../db/startup';
import { runJob, type JobDef, type JobLog } from './jobs';

// Scheduled jobs on PostgreSQL go through pg-boss (docs/decisions/0008-job-queue.md): each process registers the same
// cron schedules and works the same queues; pg-boss enqueues one job per cron slot for all processes together and
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

export async function startScheduler(database: Database, jobs: JobDef[], log: JobLog, opts: { startDelayMs?: number } = {}): Promise<Scheduler> {
  if (database.kind === 'postgres' && database.url) return startQueue(database, jobs, log);
  return startTimers(database, jobs, log, opts.startDelayMs ?? 5_000);
}

async function startQueue(database: Database, jobs: JobDef[], log: JobLog): Promise<Scheduler> {
  const boss = new PgBoss({ connectionString: database.url, schema: 'pgboss', max: 3, application_name: 'cjrh-jobs' });
  // Connection loss inside pg-boss's loops is reported here and retried by pg-boss: never fatal.
  boss.on('error', (e) => log.error({ err: describeError(e) }, 'job queue error'));
  // Two processes starting together deadlocked in pg-boss's create_queue: its set-up runs under an advisory lock.
  await withStartupLock(database.pool!, () => setUp(boss, jobs), undefined, JOBS_LOCK_KEY);
  for (const job of jobs) {
    await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: 2 }, async () => {
      await runJob(job, database.db, log);
    });
  }
  return {
    mode: 'queue',
    jobs,
    nextRun: (name) => {
      const job = jobs.find((j) => j.name === name);
      return job ? cronParser.parseExpression(job.cron, { currentDate: now(), tz: 'Asia/Shanghai' }).next().toDate() : null;
    },
    // Waits for a running job to finish (up to 10 s) before the process exits: SIGTERM drains jobs too.
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}

async function setUp(boss: PgBoss, jobs: JobDef[]) {
  await boss.start();
  for (const job of jobs) {
    // singleton: one active job per queue at a time, so a slow run (a national re-rank) never overlaps the next slot's.
    await boss.createQueue(job.name, { name: job.name, policy: 'singleton', ...RETRY, expireInSeconds: 3600 });
    await boss.schedule(job.name, job.cron, {}, { tz: 'Asia/Shanghai', ...RETRY });
    // After a (re)start: one run per job and hour for all processes together (the slot is the throttling key).
    if (job.atStart) await boss.send(job.name, {}, { singletonKey: 'start', singletonSeconds: 3600, ...RETRY });
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
