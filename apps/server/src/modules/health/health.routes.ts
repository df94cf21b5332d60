import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { healthDownOut, healthOut, liveOut, readyOut } from '@cjrh/domain';
import type { Database } from '../../db/client';
import { appMeta } from '../../db/schema/index';
import { now } from '../../lib/clock';
import { migrationState } from '../../db/startup';
import { probeWrite } from './probe';

export const healthRoutes =
  (database: Database, opts: { demoData: boolean; jobsRunning?: () => boolean }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/health',
      {
        schema: {
          tags: ['health'],
          summary: '健康检查',
          response: { 200: healthOut, 503: healthDownOut },
        },
      },
      async (_req, reply) => {
        try {
          const rows = await database.db
            .select()
            .from(appMeta)
            .where(sql`${appMeta.key} = 'demo'`);
          // demo: the demo accounts can be used here (loaded, and the server runs with DEMO_DATA); the login page
          // lists them only then.
          return {
            status: 'ok' as const,
            db: database.kind,
            demo: opts.demoData && rows.length > 0,
            time: now().toISOString(),
          };
        } catch {
          return reply.status(503).send({ status: 'error' as const, db: database.kind });
        }
      },
    );

    // Liveness: the process answers (a balancer or systemd restarts it otherwise). Nothing else is checked, so a
    // database outage never makes every process look dead at once.
    app.get(
      '/api/health/live',
      {
        logLevel: 'warn',
        schema: {
          tags: ['health'],
          summary: '存活检查（进程可响应）',
          response: { 200: liveOut },
        },
      },
      async () => ({ status: 'ok' as const }),
    );

    // Readiness: send traffic here only when the database answers and accepts writes, its migrations are this
    // program's, and the scheduled jobs are running (when this process runs them).
    app.get(
      '/api/health/ready',
      {
        logLevel: 'warn',
        schema: {
          tags: ['health'],
          summary: '就绪检查（数据库可写、迁移一致、定时任务运行）',
          response: { 200: readyOut, 503: readyOut },
        },
      },
      async (_req, reply) => {
        let migrations: 'current' | 'pending' | 'newer' | 'unknown' = 'unknown';
        // A real write, not a setting: read-only (default_transaction_read_only, a standby), a full disk, an outage.
        let db = await probeWrite(database.db);
        try {
          const m = await migrationState(database.db);
          migrations = m.newer ? 'newer' : m.applied >= m.known ? 'current' : 'pending';
        } catch {
          db = 'unreachable';
        }
        const jobs = opts.jobsRunning ? (opts.jobsRunning() ? 'running' : 'stopped') : 'not_here';
        const ok = db === 'ok' && migrations === 'current' && jobs !== 'stopped';
        return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'error', db, migrations, jobs });
      },
    );
  };
