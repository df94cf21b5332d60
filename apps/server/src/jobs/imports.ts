import { sql } from 'drizzle-orm';
import { now, nowMs } from '../lib/clock';
import { HEARTBEAT_MS } from '../modules/excel/jobs';
import type { JobDef } from './jobs';

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
    const r = (await db.execute(sql`
      update import_jobs set state = 'failed', message = '处理该导入的服务进程已停止，导入已中断，未完成的数据未导入，请重新上传', finished_at = ${now()}
      where state in ('queued', 'running') and coalesce(heartbeat_at, created_at) < ${new Date(nowMs() - SILENT_MS)}
      returning id`)) as unknown as { rows: { id: number }[] };
    if (r.rows.length) log.info({ ids: r.rows.map((x) => x.id) }, 'abandoned imports failed');
    return r.rows.length;
  },
};
