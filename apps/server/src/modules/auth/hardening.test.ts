import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeUser, PASSWORD, solveCaptcha, type TestApp } from '../../../test/app';
import { nowMs } from '../../lib/clock';

// Issue 15, "Stable contract": what an attacker (and the owner) notices at the login, password and write routes.
let t: TestApp;
beforeAll(async () => {
  // The production throttle (the suite's default is raised for the files that log in a lot).
  t = await createTestApp({ LOGIN_RATE_MAX: 20 });
  for (const username of ['real-one', 'pw-change', 'pw-guess', 'aged', 'pw-weak', 'writer', 'pw-history'])
    await makeUser(t, { username, role: 'province' });
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers, remoteAddress });

describe('login answers and throttling', () => {
  it('answers an unknown user and a wrong password with the same status and message', async () => {
    const unknown = await post(
      '/api/auth/login',
      { username: 'nobody-here', password: 'Wrong@2025x' },
      {},
      '192.0.2.1',
    );
    const wrong = await post('/api/auth/login', { username: 'real-one', password: 'Wrong@2025x' }, {}, '192.0.2.1');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toEqual(unknown.json().error);
  });

  it('meets a 429 before the 40th wrong login from one address, with the seconds to wait', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 40; i++)
      codes.push(
        (await post('/api/auth/login', { username: `guess-${i}`, password: 'Wrong@2025x' }, {}, '192.0.2.2'))
          .statusCode,
      );
    // The 21st attempt within the minute is the first held back (LOGIN_RATE_MAX 20 per address).
    expect(codes.indexOf(429)).toBe(20);
    const r = await post('/api/auth/login', { username: 'real-one', password: PASSWORD }, {}, '192.0.2.2');
    expect(r.statusCode).toBe(429);
    expect(r.json().error.message).toMatch(/^尝试过于频繁，请 \d+ 秒后再试$/);
    // Another address is not held back.
    expect(
      (await post('/api/auth/login', { username: 'real-one', password: PASSWORD }, {}, '192.0.2.3')).statusCode,
    ).toBe(200);
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  it('counts failures per forwarded client address, so one client held back does not hold back the others', async () => {
    const proxied = await createTestApp({ TRUST_PROXY: '127.0.0.1', LOGIN_RATE_MAX: 20 });
    try {
      await makeUser(proxied, { username: 'behind-proxy', role: 'province' });
      const from = (client: string, password: string, extra = {}) =>
        proxied.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: '127.0.0.1',
          headers: { 'x-forwarded-for': client },
          payload: { username: 'behind-proxy', password, ...extra },
        });
      for (let i = 0; i < 5; i++) await from('203.0.113.50', 'Wrong@2025x');
      for (let i = 0; i < 5; i++) await from('203.0.113.50', 'Wrong@2025x', await solveCaptcha(proxied));
      expect((await from('203.0.113.50', PASSWORD, await solveCaptcha(proxied))).statusCode).toBe(429);
      // Elsewhere the owner still gets in: with a captcha, the account having failed.
      expect((await from('198.51.100.60', PASSWORD)).json().error.code).toBe('captcha_required');
      expect((await from('198.51.100.60', PASSWORD, await solveCaptcha(proxied))).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});

describe('password change', () => {
  it('refuses Password1, a guessable password and the published demo password with 400', async () => {
    const cookie = await login(t, 'pw-weak');
    for (const newPassword of ['Password1', 'Password123!', 'Qwerty@12345', 'Demo@2025', 'demo@2025']) {
      const r = await post('/api/auth/password', { oldPassword: PASSWORD, newPassword }, { cookie });
      expect(r.statusCode, newPassword).toBe(400);
      expect(r.json().error.code).toBe('weak_password');
    }
    const withName = await post(
      '/api/auth/password',
      { oldPassword: PASSWORD, newPassword: 'Pw-Weak#93kq' },
      { cookie },
    );
    expect(withName.json().error.message).toBe('密码不能包含用户名');
  });

  it('ends every other session of the account on success; the one that changed it stays', async () => {
    const elsewhere = await login(t, 'pw-change');
    const here = await login(t, 'pw-change');
    const r = await post(
      '/api/auth/password',
      { oldPassword: PASSWORD, newPassword: 'Sun7!river-Oak' },
      { cookie: here },
    );
    expect(r.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: elsewhere } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: here } })).statusCode).toBe(200);
  });

  it('ends the session after 5 wrong old passwords', async () => {
    const cookie = await login(t, 'pw-guess');
    for (let i = 0; i < 4; i++)
      expect(
        (
          await post('/api/auth/password', { oldPassword: `Guess#${i}abcd`, newPassword: 'Sun7!river-Oak' }, { cookie })
        ).json().error.code,
      ).toBe('wrong_password');
    const fifth = await post(
      '/api/auth/password',
      { oldPassword: 'Guess#5abcd', newPassword: 'Sun7!river-Oak' },
      { cookie },
    );
    expect(fifth.statusCode).toBe(401);
    expect(fifth.json().error.message).toMatch(/已退出登录/);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('password history and expiry', () => {
  it('refuses any of the last 5 passwords', async () => {
    const change = async (cookie: string, oldPassword: string, newPassword: string) =>
      post('/api/auth/password', { oldPassword, newPassword }, { cookie });
    const cookie = await login(t, 'pw-history');
    const seq = ['Sun7!river-Oak', 'Moon8!lake-Pine', 'Star9!hill-Elm', 'Rain3!sea-Ash'];
    let current = PASSWORD;
    for (const next of seq) {
      expect((await change(cookie, current, next)).statusCode).toBe(200);
      current = next;
    }
    const back = await change(cookie, current, 'Moon8!lake-Pine');
    expect(back.statusCode).toBe(400);
    expect(back.json().error.message).toBe('新密码不能与最近 5 次使用过的密码相同');
  });

  it('holds an account whose password is older than PASSWORD_MAX_AGE_DAYS to the password page', async () => {
    const expiring = await createTestApp({ PASSWORD_MAX_AGE_DAYS: 180 });
    try {
      await makeUser(expiring, {
        username: 'old-pw',
        role: 'province',
        passwordChangedAt: new Date(nowMs() - 181 * 86_400_000),
      });
      await makeUser(expiring, { username: 'new-pw', role: 'province' });
      const cookie = await login(expiring, 'old-pw');
      const me = (await expiring.app.inject({ url: '/api/auth/me', headers: { cookie } })).json();
      expect(me.mustChangePassword).toBe(true);
      expect((await expiring.app.inject({ url: '/api/orgs', headers: { cookie } })).json().error.code).toBe(
        'password_change_required',
      );
      const fresh = (
        await expiring.app.inject({ url: '/api/auth/me', headers: { cookie: await login(expiring, 'new-pw') } })
      ).json();
      expect(fresh).toMatchObject({
        mustChangePassword: false,
        passwordExpiresAt: new Date(Date.parse(fresh.passwordExpiresAt)).toISOString(),
      });
    } finally {
      await expiring.close();
    }
  });
});

describe('sessions', () => {
  it('ends a session 12 hours after login however busy it was', async () => {
    const cookie = await login(t, 'aged');
    await exec(
      t,
      sql`update sessions set created_at = ${new Date(nowMs() - 12 * 3_600_000 - 60_000)} where user_id = (select id from users where username = 'aged')`,
    );
    const r = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('session_expired');
  });

  it('gives a new session id at login and ends the one the browser came with', async () => {
    const before = await login(t, 'aged');
    const res = await post(
      '/api/auth/login',
      { username: 'aged', password: PASSWORD },
      { cookie: before },
      '192.0.2.9',
    );
    expect(res.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: before } })).statusCode).toBe(401);
  });
});

describe('my sessions', () => {
  it('lists my sessions with address and browser, and ends another one', async () => {
    const other = (
      await post(
        '/api/auth/login',
        { username: 'writer', password: PASSWORD },
        { 'user-agent': 'OtherBrowser/1.0' },
        '192.0.2.44',
      )
    ).cookies.find((c) => c.name === 'cjrh_sid')!;
    const cookie = await login(t, 'writer');
    const list = (await t.app.inject({ url: '/api/auth/sessions', headers: { cookie } })).json().items as {
      id: string;
      ip: string;
      userAgent: string;
      current: boolean;
    }[];
    const theirs = list.find((s) => s.ip === '192.0.2.44')!;
    expect(theirs).toMatchObject({ userAgent: 'OtherBrowser/1.0', current: false });
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${theirs.id}`, headers: { cookie } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ url: '/api/auth/me', headers: { cookie: `cjrh_sid=${other.value}` } })).statusCode,
    ).toBe(401);
    // Someone else's session cannot be ended through my account.
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${theirs.id}`, headers: { cookie } }))
        .statusCode,
    ).toBe(404);
  });
});

describe('cross-site writes and headers', () => {
  it('refuses a cross-origin text/plain POST and a sibling-origin JSON POST, and nothing changes', async () => {
    const cookie = await login(t, 'writer');
    const evil = await post('/api/auth/logout', 'x', {
      cookie,
      origin: 'https://evil.example',
      'content-type': 'text/plain',
    });
    expect(evil.statusCode).toBe(403);
    const sibling = await post(
      '/api/auth/logout',
      {},
      { cookie, origin: 'http://localhost:8080', host: 'localhost:3000' },
    );
    expect(sibling.statusCode).toBe(403);
    expect(sibling.json().error.message).toMatch(/来源不受信任/);
    const sameSite = await post('/api/auth/logout', {}, { cookie, 'sec-fetch-site': 'same-site' });
    expect(sameSite.statusCode).toBe(403);
    const plain = await post('/api/auth/logout', 'x', { cookie, 'content-type': 'text/plain' });
    expect(plain.statusCode).toBe(415);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    // The app's own origin (what the browser sends from the platform's pages) passes.
    const own = await post(
      '/api/auth/logout',
      {},
      { cookie, origin: 'http://localhost:3000', host: 'localhost:3000', 'sec-fetch-site': 'same-origin' },
    );
    expect(own.statusCode).toBe(200);
  });

  it('leaves an audit entry for refused calls and cross-site writes, labelled in Chinese', async () => {
    const cookie = await login(t, 'writer');
    expect((await t.app.inject({ url: '/api/orgs/999999', headers: { cookie } })).statusCode).toBe(404);
    expect((await post('/api/auth/logout', {}, { cookie, origin: 'https://evil.example' })).statusCode).toBe(403);
    type Row = { actor_name: string | null; after: { route: string; status: number; reason?: string } };
    const refused = async () =>
      (await exec(t, sql`select action, actor_name, after from audit_log where action = 'access.refused' order by id`))
        .rows as Row[];
    // Each refusal is audited as its response goes out (onResponse): on a busy PostgreSQL it may land a moment later,
    // and the two need not land in the order they were sent.
    const both = (rs: Row[]) =>
      rs.some((r) => r.after.route === '/api/orgs/:id') && rs.some((r) => r.after.reason === 'cross_site');
    let rows = await refused();
    for (let i = 0; i < 50 && !both(rows); i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await refused();
    }
    expect(rows).toContainEqual(
      expect.objectContaining({
        actor_name: 'writer',
        after: expect.objectContaining({ route: '/api/orgs/:id', status: 404 }),
      }),
    );
    expect(rows.some((r) => r.after.reason === 'cross_site')).toBe(true);
    const { AUDIT_ACTION_LABELS } = await import('@cjrh/domain');
    expect(AUDIT_ACTION_LABELS['access.refused']).toMatch(/拒绝/);
  });

  it('sends HSTS only with COOKIE_SECURE', async () => {
    expect((await t.app.inject({ url: '/api/health' })).headers['strict-transport-security']).toBeUndefined();
    const secure = await createTestApp({ COOKIE_SECURE: true, API_DOCS: false });
    try {
      const r = await secure.app.inject({ url: '/api/health' });
      expect(r.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      expect((await secure.app.inject({ url: '/api/openapi.json' })).statusCode).toBe(404);
    } finally {
      await secure.close();
    }
  });
});
