import { z } from 'zod';

// 「运行状态」 (province): scheduled jobs, the import queue, server processes, database and backups.

export const JOB_LABELS: Record<string, string> = {
  'agreement-dates': '协议到期与项目停止',
  'deadline-reminders': '填报截止提醒',
  'report-reminders': '进展报告提醒',
  'indicator-snapshot': '指标每日快照',
  'recommendations-settle': '推荐结果重算',
  'intent-expiry': '意向过期',
  'session-purge': '清理过期会话',
  'abandoned-imports': '清理中断的导入',
  'mail-outbox': '邮件发送',
  'embedded-backup': '内嵌数据库备份',
};

const jobRunState = z.enum(['running', 'succeeded', 'failed']);

const opsJobRow = z.object({
  name: z.string(),
  label: z.string(),
  /** Cron in Beijing time (PostgreSQL queue) or the interval (embedded). */
  schedule: z.string(),
  lastStartedAt: z.string().nullable(),
  lastState: jobRunState.nullable(),
  lastDurationMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  runs: z.number().int(),
  failures: z.number().int(),
});

const opsRunRow = z.object({
  id: z.number().int(),
  name: z.string(),
  label: z.string(),
  startedAt: z.string(),
  durationMs: z.number().int().nullable(),
  state: jobRunState,
  error: z.string().nullable(),
  host: z.string(),
  pid: z.number().int().nullable(),
});

const opsProcessRow = z.object({
  id: z.string(),
  pid: z.number().int(),
  host: z.string(),
  version: z.string(),
  startedAt: z.string(),
  heartbeatAt: z.string(),
  state: z.enum(['running', 'lost', 'stopped']),
  current: z.boolean(),
});

const opsImportRow = z.object({
  id: z.number().int(),
  kind: z.string(),
  state: z.string(),
  createdAt: z.string(),
  heartbeatAt: z.string().nullable(),
});

const opsBackupRow = z.object({ file: z.string(), bytes: z.number().int(), createdAt: z.string() });

export const opsStatus = z.object({
  checkedAt: z.string(),
  jobMode: z.enum(['queue', 'timers', 'none']),
  jobs: z.array(opsJobRow),
  history: z.array(opsRunRow),
  imports: z.object({
    queued: z.number().int(),
    running: z.number().int(),
    failedToday: z.number().int(),
    items: z.array(opsImportRow),
  }),
  processes: z.array(opsProcessRow),
  database: z.object({
    engine: z.enum(['pglite', 'postgres']),
    writable: z.boolean(),
    migrationsApplied: z.number().int(),
    migrationsKnown: z.number().int(),
    sizeBytes: z.number().nullable(),
  }),
  backups: z.object({
    /** embedded: the daily online dump in DATA_DIR/backups; external: PostgreSQL is backed up with pg_dump (docs/operations.md). */
    mode: z.enum(['embedded', 'external']),
    keep: z.number().int(),
    items: z.array(opsBackupRow),
  }),
});
export type OpsStatus = z.infer<typeof opsStatus>;
