import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeUser, type TestApp } from '../../../test/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
});
afterAll(() => t.close());

describe('audit log', () => {
  it('only the province reads it, filtered by actor and action', async () => {
    const prov = await login(t, 'prov');
    const xy = await login(t, 'xy');
    expect((await t.app.inject({ url: '/api/audit', headers: { cookie: xy } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/audit' })).statusCode).toBe(401);
    const r = (await t.app.inject({ url: '/api/audit?actor=xy&action=login.success', headers: { cookie: prov } })).json();
    expect(r.total).toBe(1);
    expect(r.items[0]).toMatchObject({ actorName: 'xy', actorRole: 'region', action: 'login.success' });
  });

  it('is append-only: the database refuses updates and deletes', async () => {
    await expect(exec(t, sql`update audit_log set action = 'x'`)).rejects.toThrow();
    await expect(exec(t, sql`delete from audit_log`)).rejects.toThrow();
  });
});
