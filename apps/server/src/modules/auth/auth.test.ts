import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { nowMs } from '../../lib/clock';
import { createTestApp, exec, login, makeOrg, makeUser, PASSWORD, type TestApp } from '../../../test/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const school = await makeOrg(t, { type: 'school', regionCode: '420600', name: '测试技师学院' });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'sch', role: 'school', orgId: school.id, regionCode: '420600' });
  await makeUser(t, { username: 'locky', role: 'province' });
  await makeUser(t, { username: 'off', role: 'province', disabled: true });
});
afterAll(() => t.close());

describe('login and session', () => {
  it('logs in, returns the user with role, regionCode and orgId, and /me answers with the cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'sch', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'sch', role: 'school', regionCode: '420600', orgName: '测试技师学院' });
    const c = res.cookies.find((x) => x.name === 'cjrh_sid')!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Strict');
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: `cjrh_sid=${c.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().orgId).toBe(res.json().orgId);
  });

  it('answers 401 without a cookie, with a tampered cookie, and after logout', async () => {
    expect((await t.app.inject({ url: '/api/auth/me' })).statusCode).toBe(401);
    const cookie = await login(t, 'prov');
    const tampered = cookie.slice(0, -3) + (cookie.endsWith('A') ? 'BBB' : 'AAA');
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: tampered } })).statusCode).toBe(401);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('refuses a wrong password with a Chinese message and no session', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'prov', password: 'Wrong@2025' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_credentials');
    expect(res.json().error.message).toMatch(/用户名或密码错误/);
    expect(res.cookies.find((c) => c.name === 'cjrh_sid')).toBeUndefined();
  });

  it('locks the account for 15 minutes after 5 failures, even for the right password', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locky', password: 'Wrong@2025' } });
      expect(r.statusCode).toBe(401);
    }
    const fifth = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locky', password: 'Wrong@2025' } });
    expect(fifth.statusCode).toBe(423);
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locky', password: PASSWORD } });
    expect(right.statusCode).toBe(423);
    expect(right.json().error.message).toMatch(/分钟后再试/);
  });

  it('refuses a disabled account', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'off', password: PASSWORD } });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('account_disabled');
  });

  it('expires a session idle for more than 30 minutes with session_expired', async () => {
    const cookie = await login(t, 'prov');
    // By the platform's clock (pinned in tests), not the database's: the idle check reads the former.
    await exec(t, sql`update sessions set last_seen_at = ${new Date(nowMs() - 31 * 60_000)}`);
    const r = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('session_expired');
  });

  it('records successful and failed logins in the audit log', async () => {
    const rows = (await exec(t, sql`select action, actor_name from audit_log order by id`)).rows as { action: string; actor_name: string }[];
    expect(rows).toContainEqual({ action: 'login.success', actor_name: 'sch' });
    expect(rows).toContainEqual({ action: 'login.failure', actor_name: 'prov' });
    expect(rows).toContainEqual({ action: 'login.locked', actor_name: 'locky' });
  });

  it('changes the password only with the old one and a policy-conforming new one', async () => {
    const cookie = await login(t, 'sch');
    const weak = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { oldPassword: PASSWORD, newPassword: 'abcdefgh' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('weak_password');
    const wrongOld = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { oldPassword: 'Nope@2025', newPassword: 'New@pass2025' } });
    expect(wrongOld.json().error.code).toBe('wrong_password');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { oldPassword: PASSWORD, newPassword: 'New@pass2025' } });
    expect(ok.statusCode).toBe(200);
    await login(t, 'sch', 'New@pass2025');
  });
});
