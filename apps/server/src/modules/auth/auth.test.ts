import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, PASSWORD, solveCaptcha, type TestApp } from '../../../test/app';
import { nowMs } from '../../lib/clock';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const school = await makeOrg(t, { type: 'school', regionCode: '420600', name: '测试技师学院' });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'sch', role: 'school', orgId: school.id, regionCode: '420600' });
  await makeUser(t, { username: 'locky', role: 'province' });
  await makeUser(t, { username: 'off', role: 'province', disabled: true });
  // Each test that changes an account has its own, so the tests pass alone and in any order.
  await makeUser(t, { username: 'pw', role: 'school', orgId: school.id, regionCode: '420600' });
  for (const username of ['aud-ok', 'aud-bad', 'aud-lock']) await makeUser(t, { username, role: 'province' });
});
afterAll(() => t.close());

describe('login and session', () => {
  it('logs in, returns the user with role, regionCode and orgId, and /me answers with the cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'sch', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      username: 'sch',
      role: 'school',
      regionCode: '420600',
      orgName: '测试技师学院',
    });
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
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'prov', password: 'Wrong@2025' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_credentials');
    expect(res.json().error.message).toMatch(/用户名或密码错误/);
    expect(res.cookies.find((c) => c.name === 'cjrh_sid')).toBeUndefined();
  });

  it('after 10 failures from one address (5 of them with a captcha) answers 429 to that address only; the owner elsewhere still logs in (with a captcha)', async () => {
    const from = (remoteAddress: string, password: string, extra = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress,
        payload: { username: 'locky', password, ...extra },
      });
    for (let i = 0; i < 5; i++) expect((await from('203.0.113.9', 'Wrong@2025')).statusCode).toBe(401);
    for (let i = 0; i < 5; i++)
      expect((await from('203.0.113.9', 'Wrong@2025', await solveCaptcha(t))).statusCode).toBe(401);
    const next = await from('203.0.113.9', PASSWORD, await solveCaptcha(t));
    expect(next.statusCode).toBe(429);
    expect(next.json().error.message).toMatch(/^尝试过于频繁，请 \d+ 秒后再试$/);
    expect((await from('198.51.100.7', PASSWORD)).json().error.code).toBe('captcha_required');
    expect((await from('198.51.100.7', PASSWORD, await solveCaptcha(t))).statusCode).toBe(200);
  });

  it('refuses a disabled account exactly like a wrong password', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'off', password: PASSWORD },
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'prov', password: 'Wrong@2025' },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json().error).toEqual(wrong.json().error);
  });

  it('expires a session idle for more than 30 minutes with session_expired', async () => {
    const cookie = await login(t, 'prov');
    // 31 minutes before the (pinned) clock's now: the session hook measures idleness on that clock.
    await exec(t, sql`update sessions set last_seen_at = ${new Date(nowMs() - 31 * 60_000)}`);
    const r = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('session_expired');
  });

  it('records successful and failed logins in the audit log', async () => {
    const attempt = (username: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    expect((await attempt('aud-ok', PASSWORD)).statusCode).toBe(200);
    expect((await attempt('aud-bad', 'Wrong@2025')).statusCode).toBe(401);
    await exec(t, sql`update users set failed_logins = 49 where username = 'aud-lock'`);
    await attempt('aud-lock', 'Wrong@2025');
    const rows = (await exec(t, sql`select action, actor_name from audit_log order by id`)).rows as {
      action: string;
      actor_name: string;
    }[];
    expect(rows).toContainEqual({ action: 'login.success', actor_name: 'aud-ok' });
    expect(rows).toContainEqual({ action: 'login.failure', actor_name: 'aud-bad' });
    expect(rows).toContainEqual({ action: 'login.locked', actor_name: 'aud-lock' });
  });

  it('changes the password only with the old one and a policy-conforming new one', async () => {
    const cookie = await login(t, 'pw');
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { oldPassword: PASSWORD, newPassword: 'abcdefgh' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('weak_password');
    const wrongOld = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { oldPassword: 'Nope@2025', newPassword: 'New@pass2025' },
    });
    expect(wrongOld.json().error.code).toBe('wrong_password');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { oldPassword: PASSWORD, newPassword: 'New@pass2025' },
    });
    expect(ok.statusCode).toBe(200);
    await login(t, 'pw', 'New@pass2025');
  });
});
