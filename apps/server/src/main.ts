import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from './app';
import { openPglite, openPostgres, type Database } from './db/client';
import { acquireDataDirLock, DataDirLockedError } from './db/lock';
import { ensureReferenceData } from './db/reference';
import { ensureDemoData } from './db/seed/demo';
import { databaseSecret, fileSecret } from './db/sessionSecret';
import { ensurePortFree, PortBusyError } from './http/port';
import { loadEnv } from './env';
import { runDeadlineReminders } from './modules/forms/completeness.service';
import { runReportReminders } from './modules/projects/reports.service';
import { fillMonthEnds, recordSnapshots } from './modules/indicators/history';
import { settleRecommendations } from './modules/recommendations/recommendations.service';
import { settleAgreementDates } from './modules/agreements/settle';
import { now, setClock } from './lib/clock';
import { createMailer } from './modules/mail/mailer';
import { runMailOutbox } from './modules/mail/outbox';

// Process entry: env → port check → data folder lock → database (migrated) → reference and demo data → HTTP.
async function main() {
  const started = performance.now();
  const env = loadEnv();
  if (env.CLOCK_AT) {
    setClock(env.CLOCK_AT);
    console.log(`时钟已固定：现在是 ${now().toISOString()}（CLOCK_AT，仅用于测试与演练）`);
  }
  await ensurePortFree(env.PORT, env.HOST);
  const dataDir = env.DATA_DIR; // absolute: env.ts resolves it against the repository root
  let release = () => {};
  let database: Database;
  if (env.DATABASE_URL) {
    database = await openPostgres(env.DATABASE_URL);
  } else {
    release = acquireDataDirLock(dataDir);
    database = await openPglite(join(dataDir, 'pglite'));
  }
  await ensureReferenceData(database.db);
  // Imports run inside this process; one that was running when it stopped can never finish, so say so.
  await database.db.execute(sql`update import_jobs set state = 'failed', message = '服务重启，导入已中断，请重新上传', finished_at = ${now()} where state in ('queued', 'running')`);
  if (env.DEMO_DATA) {
    const seeded = await ensureDemoData(database.db, { log: (m: string) => console.log(`[demo] ${m}`) });
    if (seeded) console.log('[demo] 示例数据已载入');
  }
  const mailer = createMailer(env);
  const cookieSecret = env.SESSION_SECRET ?? (database.kind === 'postgres' ? await databaseSecret(database.db) : fileSecret(dataDir));
  const app = await buildApp({ env, db: database, cookieSecret, mailer });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close(); // stops accepting, lets in-flight requests finish
      await database.close();
    } finally {
      release();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('exit', release);
  await app.listen({ port: env.PORT, host: env.HOST });
  // Deadline reminders, the day's indicator snapshot and settling the recommendations: once now and every hour;
  // all are idempotent.
  const remind = async () => {
    try {
      await runDeadlineReminders(database.db);
      await runReportReminders(database.db);
      await settleAgreementDates(database.db); // agreements past their end expire and stop their projects
      await recordSnapshots(database.db); // today's indicator values, for trends (one row per day)
      await fillMonthEnds(database.db); // past month ends missing from the history, derived from the dated records
    } catch (e) {
      app.log.error({ err: e }, 'reminder run failed');
    }
    try {
      // Recommendation lists re-ranked incrementally, or with lines expired since the day turned: rank all again.
      const r = await settleRecommendations(database.db);
      if (r) app.log.info({ orgs: r.orgs, pairs: r.pairs }, 'recommendations settled');
    } catch (e) {
      app.log.error({ err: e }, 'recommendation settling failed');
    }
  };
  setTimeout(remind, 5_000).unref();
  setInterval(remind, 3_600_000).unref();
  // E-mail copies of notifications and the daily digests (SMTP_URL set): every minute, one run at a time in this
  // process; other processes on the same database claim different rows (modules/mail/outbox.ts).
  if (mailer) {
    let mailing = false;
    const mail = async () => {
      if (mailing || closing) return;
      mailing = true;
      try {
        const r = await runMailOutbox(database.db, mailer, app.log);
        if (r.instant || r.digests) app.log.info(r, 'notification mails sent');
      } catch (e) {
        app.log.error({ err: e }, 'mail run failed');
      } finally {
        mailing = false;
      }
    };
    setTimeout(mail, 10_000).unref();
    setInterval(mail, 60_000).unref();
  }
  if (!mailer) console.log('未设置 SMTP_URL：不发送邮件，忘记密码请联系市州人社局（或省厅）重置');
  console.log(`平台已启动：http://${env.HOST}:${env.PORT}  （数据库：${database.kind === 'pglite' ? `内嵌 PGlite ${join(dataDir, 'pglite')}` : 'PostgreSQL'}，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒）`);
}

main().catch((e) => {
  if (e instanceof DataDirLockedError || e instanceof PortBusyError) console.error(`启动失败：${e.message}`);
  // Taken between the check and listen (another program was quicker): the same one line.
  else if ((e as NodeJS.ErrnoException)?.code === 'EADDRINUSE') console.error(`启动失败：${new PortBusyError(loadEnv().PORT).message}`);
  else console.error('启动失败：', e instanceof Error ? e.message : e);
  process.exit(1);
});
