import { sql } from 'drizzle-orm';
import { now, nowMs } from '../lib/clock';
import { HEARTBEAT_MS } from '../modules/excel/jobs';
import type { JobDef } from './jobs';
import { sqlRows } from '../db/rows';

// An import runs inside the process that accepted its upload and touches heartbeat_at every 30 s. If that process
// died (or lost the database for good), nobody will finish it: after ten missed beats it is failed with a message
// that says so — never another process's live import, never 「进行中」 forever.
const SILENT_MS = HEARTBEAT_MS * 10;

export const failAbandonedImports: JobDef = {
  name: 'abandoned-imports',
  cron: '* * * * *',
  everyMs: 60_000,
  atStart: false,
  run: async (db, log) => {
    const failed = await sqlRows<{ id: number }>(
      db,
      sql`
      update import_jobs set state = 'failed', message = '处理该导入的服务进程已停止，导入已中断，未完成的数据未导入，请重新上传', finished_at = ${now()}
      where state in ('queued', 'running') and coalesce(heartbeat_at, created_at) < ${new Date(nowMs() - SILENT_MS)}
      returning id`,
    );
    if (failed.length) log.info({ ids: failed.map((x) => x.id) }, 'abandoned imports failed');
    return failed.length;
  },
};
