import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createTestApp, exec, type TestApp } from '../../../test/app';

// What an operator's monitoring reads: Prometheus text, liveness, readiness; and the client address behind a proxy.
let t: TestApp;
let proxied: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  proxied = await createTestApp({ TRUST_PROXY: '127.0.0.1' });
});
afterAll(async () => {
  await t.close();
  await proxied.close();
});

describe('operator view', () => {
  it('an overloaded process (event loop lagging) answers 503 with a Chinese message instead of queueing', async () => {
    const busy = await createTestApp({ OVERLOAD_EVENT_LOOP_DELAY_MS: 50 });
    try {
      const until = performance.now() + 1500;
      while (performance.now() < until); // the event loop is stuck, as under a burst of CPU work
      await new Promise((r) => setTimeout(r, 30)); // the lag sample due during the stall runs now
      const [r, write, live] = await Promise.all([
        busy.app.inject({ url: '/api/catalogue' }),
        busy.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'shed-nobody', password: 'x' },
        }),
        busy.app.inject({ url: '/api/health/live' }),
      ]);
      expect(r.statusCode).toBe(503);
      expect(r.json().error.message).toBe('服务器繁忙，请稍后重试');
      // A shed request is not carried out (its login failure is not recorded); the health check still answers.
      expect(write.statusCode).toBe(503);
      expect(
        (await exec(busy, sql`select count(*)::int as n from audit_log where action = 'login.failure'`)).rows[0].n,
      ).toBe(0);
      expect(live.statusCode).toBe(200);
    } finally {
      await busy.close();
    }
  });

  it('GET /metrics answers Prometheus text with request latency by route, the import queue and event-loop lag', async () => {
    await t.app.inject({ url: '/api/catalogue' });
    const r = await t.app.inject({ url: '/metrics' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.body).toMatch(
      /cjrh_http_request_duration_seconds_count\{method="GET",route="\/api\/catalogue",status="200"\} 1/,
    );
    expect(r.body).toMatch(/cjrh_import_jobs\{state="running"\} 0/);
    expect(r.body).toContain('cjrh_nodejs_eventloop_lag_seconds');
  });

  it('live always answers; ready checks the database and the migrations', async () => {
    expect((await t.app.inject({ url: '/api/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', db: 'ok', migrations: 'current', jobs: 'not_here' });
  });

  it('ready turns false while the database refuses writes (read only) and true again after', async () => {
    const ro = await createTestApp();
    try {
      await setReadOnly(ro, true);
      const r = await ro.app.inject({ url: '/api/health/ready' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ status: 'error', db: 'read_only' });
      // Reads still answer: liveness stays ok, so the balancer takes the process out without restarting it.
      expect((await ro.app.inject({ url: '/api/health/live' })).statusCode).toBe(200);
      await setReadOnly(ro, false);
      expect((await ro.app.inject({ url: '/api/health/ready' })).json()).toMatchObject({ status: 'ok', db: 'ok' });
    } finally {
      await ro.close();
    }
  });

  it('behind a trusted proxy the audit log records the client address, not the proxy’s', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.7' };
    await proxied.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers,
      payload: { username: 'nobody', password: 'x' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers,
      payload: { username: 'nobody', password: 'x' },
    });
    const ipOf = async (app: TestApp) =>
      (await exec(app, sql`select ip from audit_log where action = 'login.failure' order by id desc limit 1`)).rows[0]
        ?.ip;
    expect(await ipOf(proxied)).toBe('203.0.113.7');
    expect(await ipOf(t)).toBe('127.0.0.1');
  });
});

/**
 * Read only as a failover standby or an operator would make it: on PostgreSQL for the whole database (new sessions
 * take it; the existing ones are cut, as a failover cuts them), on the embedded database for its one session.
 */
async function setReadOnly(app: TestApp, on: boolean) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    await exec(app, on ? sql`set default_transaction_read_only = on` : sql`set default_transaction_read_only = off`);
    return;
  }
  const name = (await exec(app, sql`select current_database() as n`)).rows[0].n as string;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(
      `alter database ${name} ${on ? 'set default_transaction_read_only = on' : 'reset default_transaction_read_only'}`,
    );
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
  } finally {
    await admin.end();
  }
  // The pool drops its cut connections on their next use (at most its four): checks until one reaches the database.
  for (let i = 0; i < 5; i++)
    if ((await app.app.inject({ url: '/api/health/ready' })).json().db !== 'unreachable') break;
}
