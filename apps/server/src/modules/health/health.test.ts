import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
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
      const r = await busy.app.inject({ url: '/api/catalogue' });
      expect(r.statusCode).toBe(503);
      expect(r.json().error.message).toBe('服务器繁忙，请稍后重试');
    } finally {
      await busy.close();
    }
  });

  it('GET /metrics answers Prometheus text with request latency by route, the import queue and event-loop lag', async () => {
    await t.app.inject({ url: '/api/catalogue' });
    const r = await t.app.inject({ url: '/metrics' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.body).toMatch(/cjrh_http_request_duration_seconds_count\{method="GET",route="\/api\/catalogue",status="200"\} 1/);
    expect(r.body).toMatch(/cjrh_import_jobs\{state="running"\} 0/);
    expect(r.body).toContain('cjrh_nodejs_eventloop_lag_seconds');
  });

  it('live always answers; ready checks the database and the migrations', async () => {
    expect((await t.app.inject({ url: '/api/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', db: 'ok', migrations: 'current', jobs: 'not_here' });
  });

  it('behind a trusted proxy the audit log records the client address, not the proxy’s', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.7' };
    await proxied.app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { username: 'nobody', password: 'x' } });
    await t.app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { username: 'nobody', password: 'x' } });
    const ipOf = async (app: TestApp) => (await exec(app, sql`select ip from audit_log where action = 'login.failure' order by id desc limit 1`)).rows[0]?.ip;
    expect(await ipOf(proxied)).toBe('203.0.113.7');
    expect(await ipOf(t)).toBe('127.0.0.1');
  });
});
