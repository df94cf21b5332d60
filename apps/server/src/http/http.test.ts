import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('HTTP surface', () => {
  it('GET /api/health names the database and carries security headers and a request id', async () => {
    const r = await t.app.inject({ url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', db: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite' });
    expect(r.headers['x-request-id']).toBeTruthy();
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('publishes an OpenAPI document listing the routes', async () => {
    const r = await t.app.inject({ url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/orgs', '/api/orgs/{id}', '/api/audit']),
    );
    expect((await t.app.inject({ url: '/api/docs/' })).statusCode).toBe(200);
  });

  it('unknown API routes answer 404 in the error format', async () => {
    const r = await t.app.inject({ url: '/api/nothing-here' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ error: { code: 'route_not_found', message: '接口不存在' } });
  });

  it('bad ids and wrong content types get a 4xx, never a 500', async () => {
    expect((await t.app.inject({ url: '/api/orgs/abc' })).statusCode).toBeLessThan(500);
    expect((await t.app.inject({ url: '/api/orgs/99999999999999' })).statusCode).toBeLessThan(500);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(r.statusCode).toBe(415);
    expect(r.json().error.code).toBe('unsupported_media_type');
    const e = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a' } });
    expect(e.statusCode).toBe(400);
    expect(e.json().error.message).toMatch(/密码/);
  });
});
