import net from 'node:net';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from './app';
import { openPglite, openPostgres, type Database } from './db/client';
import { acquireDataDirLock, DataDirLockedError } from './db/lock';
import { ensureReferenceData } from './db/reference';
import { databaseSecret, fileSecret } from './db/sessionSecret';
import { describeError, migratePostgres, NewerDatabaseError, waitForDatabase, withStartupLock } from './db/startup';
import { ensurePortFree, PortBusyError } from './http/port';
import { loadEnv, type Env } from './env';
import pino from 'pino';
import { now, setClock } from './lib/clock';
import { createLogger } from './lib/logger';
import { createMailer } from './modules/mail/mailer';
import { platformJobs } from './jobs/jobs';
import { failAbandonedImports } from './jobs/imports';
import { startScheduler, type Scheduler } from './jobs/scheduler';
import { startHeartbeat } from './jobs/processes';
import { embeddedBackupJob } from './jobs/backup';

// Process entry: env → port check → database (PostgreSQL: wait until reachable, then migrations, reference and demo
// data and the cookie secret under one advisory lock; embedded: the data folder lock) → HTTP → scheduled jobs.
let env: Env;
try {
  env = loadEnv();
} catch (e) {
  pino().fatal({}, `启动失败：${(e as Error).message}`);
  process.exit(1);
}
const log = createLogger(env);
/** How long a stopping process still serves connections it had accepted before it stopped listening. */
const DRAIN_GRACE_MS = 1_500;

async function main() {
  const started = performance.now();
  if (env.CLOCK_AT) {
    setClock(env.CLOCK_AT);
    log.warn({ clock: now().toISOString() }, `时钟已固定：现在是 ${now().toISOString()}（CLOCK_AT，仅用于测试与演练）`);
  }
  await ensurePortFree(env.PORT, env.HOST);
  const dataDir = env.DATA_DIR; // absolute: env.ts resolves it against the repository root
  let release = () => {};
  let database: Database;
  const prepare = async () => {
    await ensureReferenceData(database.db);
    if (env.DEMO_DATA) {
      // Loaded only when wanted: with DEMO_DATA=false the generator (and the services it drives for the demo's
      // story) is never evaluated, and the log says which way it went.
      log.info({}, '[demo] 载入示例数据生成器（DEMO_DATA=true）');
      const { ensureDemoData } = await import('./demo-data/demo');
      const seeded = await ensureDemoData(database.db, { log: (m: string) => log.info({ stage: m }, `[demo] ${m}`) });
      if (seeded) log.info({}, '[demo] 示例数据已载入');
    } else log.info({}, '不载入示例数据（DEMO_DATA=false）');
    return (
      env.SESSION_SECRET ?? (database.kind === 'postgres' ? await databaseSecret(database.db) : fileSecret(dataDir))
    );
  };
  let cookieSecret: string;
  if (env.DATABASE_URL) {
    database = await openPostgres(env.DATABASE_URL, {
      migrate: false,
      onConnectionError: (e) =>
        log.warn({ err: describeError(e) }, '数据库连接中断（该连接上的请求答复 503，连接池将重建连接）'),
    });
    await waitForDatabase(database.pool!, log);
    // Two processes started together on an empty database: one migrates and seeds, the other waits and skips.
    cookieSecret = await withStartupLock(
      database.pool!,
      async () => {
        await migratePostgres(database.db);
        return prepare();
      },
      log,
    );
  } else {
    release = acquireDataDirLock(dataDir);
    database = await openPglite(join(dataDir, 'pglite'));
    cookieSecret = await prepare();
    // One process owns the embedded database: an import left running by its previous run can never finish.
    await database.db.execute(
      sql`update import_jobs set state = 'failed', message = '服务重启，导入已中断，请重新上传', finished_at = ${now()} where state in ('queued', 'running')`,
    );
  }
  const mailer = createMailer(env);
  let scheduler: Scheduler | null = null;
  // This process in server_processes (pid, host, version, heartbeat), for the 「运行状态」 page of every process.
  const heartbeat = await startHeartbeat(database.db, log);
  const app = await buildApp({
    env,
    db: database,
    cookieSecret,
    mailer,
    logger: log,
    jobsRunning: () => scheduler !== null,
    scheduler: () => scheduler,
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      // Requests and jobs drain together: the listener closes (new connections go to the other processes), requests
      // in flight finish, a running job finishes (pg-boss: graceful, up to 10 s); then the database closes.
      await Promise.all([drainHttp(), scheduler?.stop()]);
      await heartbeat.stop();
      await database.close();
    } finally {
      release();
      process.exit(0);
    }
  };
  // Stop listening first, but keep serving connections already accepted for a moment: Node's server.close() also
  // closes connections that are accepted but whose request is not read yet, and nginx, having sent that request,
  // answers 502 (it retries only requests it could not send). After the grace, Fastify closes the rest and waits for
  // the requests in flight.
  const drainHttp = async () => {
    net.Server.prototype.close.call(app.server);
    await new Promise((r) => setTimeout(r, DRAIN_GRACE_MS));
    await app.close();
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('exit', () => release());
  await app.listen({ port: env.PORT, host: env.HOST });
  // Reminders, agreement dates, the day's snapshot, settling recommendations, purging sessions, abandoned imports
  // (and the mail outbox with SMTP_URL): through the job queue on PostgreSQL, once per slot for all processes.
  // The embedded database also gets its daily online backup (DATA_DIR/backups, BACKUP_KEEP kept).
  const backup =
    database.pglite && env.BACKUP_KEEP > 0 ? [embeddedBackupJob(database.pglite, dataDir, env.BACKUP_KEEP)] : [];
  scheduler = await startScheduler(database, [...platformJobs({ mailer }), failAbandonedImports, ...backup], log);
  if (!mailer) log.info({}, '未设置 SMTP_URL：不发送邮件，忘记密码请联系市州人社局（或省厅）重置');
  const where = database.kind === 'pglite' ? `内嵌 PGlite ${join(dataDir, 'pglite')}` : 'PostgreSQL';
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  log.info(
    { url: `http://${env.HOST}:${env.PORT}`, db: database.kind, seconds },
    `平台已启动：http://${env.HOST}:${env.PORT}  （数据库：${where}，用时 ${seconds} 秒）`,
  );
}

main().catch((e) => {
  if (e instanceof DataDirLockedError || e instanceof PortBusyError || e instanceof NewerDatabaseError)
    log.fatal({}, `启动失败：${e.message}`);
  // Taken between the check and listen (another program was quicker): the same one line.
  else if ((e as NodeJS.ErrnoException)?.code === 'EADDRINUSE')
    log.fatal({}, `启动失败：${new PortBusyError(env.PORT).message}`);
  // The database's own message, code and detail; never a statement's parameters.
  else log.fatal({ err: describeError(e) }, `启动失败：${describeError(e).message}`);
  process.exit(1);
});
