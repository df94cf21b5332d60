import { and, eq, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobRuns, jobSlots, serverProcesses } from '../db/schema/index';
import { now, nowMs } from '../lib/clock';
import { processInfo } from '../lib/processInfo';
import type { JobLog } from './jobs';

// Each process announces itself in server_processes and touches its row every 30 s, so the 「运行状态」 page lists the
// processes of every host on the same database (and which version each runs) without asking them over the network.
export const PROCESS_HEARTBEAT_MS = 30_000;

export async function startHeartbeat(db: Db, log: JobLog): Promise<{ stop(): Promise<void> }> {
  const at = now();
  await db
    .insert(serverProcesses)
    .values({
      id: processInfo.id,
      pid: processInfo.pid,
      host: processInfo.host,
      version: processInfo.version,
      startedAt: at,
      heartbeatAt: at,
    })
    .onConflictDoNothing();
  const timer = setInterval(() => {
    db.update(serverProcesses)
      .set({ heartbeatAt: now() })
      .where(eq(serverProcesses.id, processInfo.id))
      .catch((e: Error) => log.warn({ err: { message: e.message } }, 'process heartbeat not written'));
  }, PROCESS_HEARTBEAT_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await db
        .update(serverProcesses)
        .set({ stoppedAt: now() })
        .where(eq(serverProcesses.id, processInfo.id))
        .catch(() => {}); // the database is gone: the row falls silent and is shown as lost
    },
  };
}

/** Housekeeping for the session-purge job: run records and slot claims past 30 days, processes stopped or silent for 7 days. */
export async function pruneOpsRecords(db: Db) {
  await db.delete(jobRuns).where(lt(jobRuns.startedAt, new Date(nowMs() - 30 * 86_400_000)));
  await db.delete(jobSlots).where(lt(jobSlots.slot, new Date(nowMs() - 30 * 86_400_000)));
  const weekAgo = new Date(nowMs() - 7 * 86_400_000);
  await db
    .delete(serverProcesses)
    .where(
      or(
        and(isNotNull(serverProcesses.stoppedAt), lt(serverProcesses.stoppedAt, weekAgo)),
        lt(serverProcesses.heartbeatAt, weekAgo),
      ),
    );
}
