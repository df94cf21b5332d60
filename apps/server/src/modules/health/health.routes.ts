import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { appMeta } from '../../db/schema/index';
import { now } from '../../lib/clock';

export const healthRoutes =
  (database: Database, opts: { demoData: boolean }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/health',
      {
        schema: {
          tags: ['health'],
          summary: '健康检查',
          response: {
            200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), demo: z.boolean(), time: z.string() }),
            503: z.object({ status: z.literal('error'), db: z.enum(['pglite', 'postgres']) }),
          },
        },
      },
      async (_req, reply) => {
        try {
          const rows = await database.db.select().from(appMeta).where(sql`${appMeta.key} = 'demo'`);
          // demo: the demo accounts can be used here (loaded, and the server runs with DEMO_DATA); the login page
          // lists them only then.
          return { status: 'ok' as const, db: database.kind, demo: opts.demoData && rows.length > 0, time: now().toISOString() };
        } catch {
          return reply.status(503).send({ status: 'error' as const, db: database.kind });
        }
      },
    );
  };
