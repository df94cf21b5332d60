import { sql } from 'drizzle-orm';
import { JOB_LABELS, type OpsStatus } from '@cjrh/domain';
import type { Database } from '../../db/client';
import { migrationState } from '../../db/startup';
import { requireAccess, type Ctx } from '../../http/access';
import { listBackups } from '../../jobs/backup';
import { PROCESS_HEARTBEAT_MS } from '../../jobs/processes';
import type { Scheduler } from '../../jobs/scheduler';
import { now, nowMs } from '../../lib/clock';
import { processInfo } from '../../lib/processInfo';
import { probeWrite } from '../health/probe';

// 「运行状态」 (province): what an operator checks first — did every job run, is an import stuck, which processes are
// alive and on which version, can the database take writes, when was the last backup. Read only: every figure comes
// from the records the jobs and processes write themselves (job_runs, server_processes, import_jobs).

export interface OpsDeps {
  database: Database;
  scheduler: () => Scheduler | null;
  dataDir: string;
  backupKeep: number;
}

const HISTORY = 50;
const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

export async function opsStatus(deps: OpsDeps, ctx: Ctx): Promise<OpsStatus> {
  requireAccess(ctx, 'ops.read');
  const { db } = deps.database;
  const scheduler = deps.scheduler();
  const dayAgo = new Date(nowMs() - 86_400_000);

  // The latest run of every job and its counts over the last day: one query for all jobs.
  const last = rowsOf<{
    job: string;
    started_at: string;
    ended_at: string | null;
    state: 'running' | 'succeeded' | 'failed';
    error: string | null;
    runs: number;
    failures: number;
  }>(
    await db.execute(sql`
      select distinct on (r.job) r.job, r.started_at, r.ended_at, r.state, r.error,
        (select count(*)::int from job_runs c where c.job = r.job and c.started_at >= ${dayAgo}) as runs,
        (select count(*)::int from job_runs c where c.job = r.job and c.started_at >= ${dayAgo} and c.state = 'failed') as failures
      from job_runs r order by r.job, r.started_at desc, r.id desc`),
  );
  const lastBy = new Map(last.map((r) => [r.job, r]));
  const defs = scheduler?.jobs ?? [];
  const names = [...defs.map((j) => j.name), ...last.map((r) => r.job).filter((n) => !defs.some((j) => j.name === n))];
  const duration = (a: string, b: string | null) => (b ? new Date(b).getTime() - new Date(a).getTime() : null);
  const jobs = names.map((name) => {
    const def = defs.find((j) => j.name === name);
    const r = lastBy.get(name);
    return {
      name,
      label: JOB_LABELS[name] ?? name,
      schedule: !def ? '—' : scheduler?.mode === 'queue' ? def.cron : everyLabel(def.everyMs),
      lastStartedAt: r ? iso(r.started_at) : null,
      lastState: r?.state ?? null,
      lastDurationMs: r ? duration(r.started_at, r.ended_at) : null,
      lastError: r?.error ?? null,
      nextRunAt: iso(scheduler?.nextRun(name) ?? null),
      runs: r?.runs ?? 0,
      failures: r?.failures ?? 0,
    };
  });

  const history = rowsOf<{
    id: number;
    job: string;
    started_at: string;
    ended_at: string | null;
    state: 'running' | 'succeeded' | 'failed';
    error: string | null;
    host: string | null;
    pid: number | null;
  }>(
    await db.execute(sql`
      select r.id, r.job, r.started_at, r.ended_at, r.state, r.error, p.host, p.pid
      from job_runs r left join server_processes p on p.id = r.process_id
      order by r.started_at desc, r.id desc limit ${HISTORY}`),
  ).map((r) => ({
    id: r.id,
    name: r.job,
    label: JOB_LABELS[r.job] ?? r.job,
    startedAt: iso(r.started_at)!,
    durationMs: duration(r.started_at, r.ended_at),
    state: r.state,
    error: r.error,
    host: r.host ?? '—',
    pid: r.pid,
  }));

  const imports = rowsOf<{ id: number; kind: string; state: string; created_at: string; heartbeat_at: string | null }>(
    await db.execute(
      sql`select id, kind, state, created_at, heartbeat_at from import_jobs where state in ('queued', 'running') order by id limit 20`,
    ),
  ).map((r) => ({
    id: r.id,
    kind: r.kind,
    state: r.state,
    createdAt: iso(r.created_at)!,
    heartbeatAt: iso(r.heartbeat_at),
  }));
  const [counts] = rowsOf<{ queued: number; running: number; failed_today: number }>(
    await db.execute(sql`select count(*) filter (where state = 'queued')::int as queued, count(*) filter (where state = 'running')::int as running,
      count(*) filter (where state = 'failed' and finished_at >= ${dayAgo})::int as failed_today from import_jobs`),
  );

  // A process silent for three beats is lost (killed, host down); a clean shutdown marks itself stopped.
  const lostBefore = nowMs() - PROCESS_HEARTBEAT_MS * 3;
  const processes = rowsOf<{
    id: string;
    pid: number;
    host: string;
    version: string;
    started_at: string;
    heartbeat_at: string;
    stopped_at: string | null;
  }>(
    await db.execute(
      sql`select id, pid, host, version, started_at, heartbeat_at, stopped_at from server_processes order by started_at desc limit 20`,
    ),
  ).map((p) => ({
    id: p.id,
    pid: p.pid,
    host: p.host,
    version: p.version,
    startedAt: iso(p.started_at)!,
    heartbeatAt: iso(p.heartbeat_at)!,
    state: p.stopped_at
      ? ('stopped' as const)
      : new Date(p.heartbeat_at).getTime() < lostBefore && p.id !== processInfo.id
        ? ('lost' as const)
        : ('running' as const),
    current: p.id === processInfo.id,
  }));

  const m = await migrationState(db);
  let sizeBytes: number | null = null;
  try {
    sizeBytes = Number(
      rowsOf<{ n: string }>(await db.execute(sql`select pg_database_size(current_database())::text as n`))[0]?.n ??
        null,
    );
  } catch {
    // not every engine reports its size
  }
  const embedded = deps.database.kind === 'pglite';
  return {
    checkedAt: now().toISOString(),
    jobMode: scheduler?.mode ?? 'none',
    jobs,
    history,
    imports: {
      queued: counts?.queued ?? 0,
      running: counts?.running ?? 0,
      failedToday: counts?.failed_today ?? 0,
      items: imports,
    },
    processes,
    database: {
      engine: deps.database.kind,
      writable: (await probeWrite(db)) === 'ok',
      migrationsApplied: m.applied,
      migrationsKnown: m.known,
      sizeBytes,
    },
    backups: {
      mode: embedded ? 'embedded' : 'external',
      keep: embedded ? deps.backupKeep : 0,
      items: embedded ? listBackups(deps.dataDir) : [],
    },
  };
}

function everyLabel(ms: number) {
  if (ms % 86_400_000 === 0) return `每 ${ms / 86_400_000} 天`;
  if (ms % 3_600_000 === 0) return `每 ${ms / 3_600_000} 小时`;
  return `每 ${Math.round(ms / 60_000)} 分钟`;
}
