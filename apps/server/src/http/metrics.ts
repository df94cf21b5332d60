import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client';
import { jobStats } from '../jobs/jobs';
import { searchCacheStats } from '../modules/catalogue/searchCache';
import { sqlRows } from '../db/rows';

// GET /metrics in Prometheus text: what an operator graphs and alerts on per process — request rate and latency by
// route, the database pool, job runs and failures, the import queue, search cache hits, event-loop lag (default
// metrics). One registry per app, so tests building many apps in one process never clash.

export function registerMetrics(app: FastifyInstance, database: Database) {
  const register = new Registry();
  collectDefaultMetrics({ register, prefix: 'cjrh_' });
  const duration = new Histogram({
    name: 'cjrh_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  // The route pattern (/api/catalogue/items/:id/withdraw), never the raw URL: bounded label values, no ids.
  app.addHook('onResponse', async (req, reply) => {
    duration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  new Gauge({
    name: 'cjrh_db_pool_connections',
    help: 'PostgreSQL pool connections by state (total, idle, waiting requests)',
    labelNames: ['state'],
    registers: [register],
    collect() {
      const p = database.pool;
      if (!p) return;
      this.set({ state: 'total' }, p.totalCount);
      this.set({ state: 'idle' }, p.idleCount);
      this.set({ state: 'waiting' }, p.waitingCount);
    },
  });
  new Counter({
    name: 'cjrh_job_runs_total',
    help: 'Scheduled job runs in this process by job and outcome',
    labelNames: ['job', 'outcome'],
    registers: [register],
    collect() {
      this.reset();
      for (const [job, s] of jobStats) {
        this.inc({ job, outcome: 'ok' }, s.ok);
        this.inc({ job, outcome: 'failed' }, s.failed);
      }
    },
  });
  new Gauge({
    name: 'cjrh_job_last_duration_seconds',
    help: 'Duration of the last run of each job in this process',
    labelNames: ['job'],
    registers: [register],
    collect() {
      for (const [job, s] of jobStats) this.set({ job }, s.lastSeconds);
    },
  });
  new Gauge({
    name: 'cjrh_import_jobs',
    help: 'Excel imports queued or running (all processes)',
    labelNames: ['state'],
    registers: [register],
    async collect() {
      this.reset();
      try {
        const rows = await sqlRows<{ state: string; n: number }>(
          database.db,
          sql`select state, count(*)::int as n from import_jobs where state in ('queued', 'running') group by state`,
        );
        this.set({ state: 'queued' }, 0);
        this.set({ state: 'running' }, 0);
        for (const row of rows) this.set({ state: row.state }, row.n);
      } catch {
        // database down: the series is absent for this scrape (readiness reports the outage)
      }
    },
  });
  new Counter({
    name: 'cjrh_search_cache_requests_total',
    help: 'Catalogue search cache look-ups by result',
    labelNames: ['result'],
    registers: [register],
    collect() {
      this.reset();
      this.inc({ result: 'hit' }, searchCacheStats.hits);
      this.inc({ result: 'miss' }, searchCacheStats.misses);
    },
  });
  app.get('/metrics', { logLevel: 'warn', schema: { hide: true } }, async (_req, reply) =>
    reply.type(register.contentType).send(await register.metrics()),
  );
}
