// One-time passwords (set by someone other than the owner) and demo accounts on a real deployment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { testEnv } from '../../env';
import { createTestApp, login, makeOrg, makeUser, PASSWORD, type TestApp } from '../../../test/app';

let t: TestApp;
let prov: string;
let schoolOrg: number;
beforeAll(async () => {
  t = await createTestApp();
  schoolOrg = (await makeOrg(t, { type: 'school', regionCode: '420600' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-bureau', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'demo-prov', role: 'province', isDemo: true });
  prov = await login(t, 'prov');
});
afterAll(() => t.close());

const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });
// A sample across modules: reading, writing and a query string on a route outside the allowed three.
const SAMPLE: [method: 'GET' | 'POST', url: string][] = [
  ['GET', '/api/orgs'],
  ['GET', '/api/accounts?page=1'],
  ['GET', '/api/notifications'],
  ['GET', '/api/campaigns'],
  ['GET', '/api/auth/me/../../orgs'],
  ['POST', '/api/orgs'],
];

describe('a password set by someone else is one-time', () => {
  it('an account the province creates must change its password before anything else', async () => {
    const created = await call(prov, 'POST', '/api/accounts', {
      username: 'new-bureau',
      displayName: '襄阳市人社局',
      role: 'region',
      regionCode: '420600',
      password: 'Given@2025',
    });
    expect(created.statusCode).toBe(201);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'new-bureau', password: 'Given@2025' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().mustChangePassword).toBe(true);
    const cookie = `cjrh_sid=${res.cookies.find((c) => c.name === 'cjrh_sid')!.value}`;
    const me = await call(cookie, 'GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().mustChangePassword).toBe(true);
    for (const [method, url] of SAMPLE) {
      const r = await call(cookie, method, url, method === 'POST' ? {} : undefined);
      expect(r.statusCode, `${method} ${url}`).toBe(403);
      expect(r.json().error).toMatchObject({
        code: 'password_change_required',
        message: '首次登录或密码被重置后，请先修改密码',
      });
    }
    // The same password again is refused: it must really change.
    const same = await call(cookie, 'POST', '/api/auth/password', {
      oldPassword: 'Given@2025',
      newPassword: 'Given@2025',
    });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.code).toBe('password_reused');
    const changed = await call(cookie, 'POST', '/api/auth/password', {
      oldPassword: 'Given@2025',
      newPassword: 'Mine@2025x',
    });
    expect(changed.statusCode).toBe(200);
    expect((await call(cookie, 'GET', '/api/auth/me')).json().mustChangePassword).toBe(false);
    expect((await call(cookie, 'GET', '/api/orgs')).statusCode).toBe(200);
    expect((await call(cookie, 'GET', '/api/campaigns')).statusCode).toBe(200);
  });

  it('a reset through 账号管理 makes the password one-time again; logout still works meanwhile', async () => {
    const list = (await call(prov, 'GET', '/api/accounts?q=xy-bureau')).json();
    const id = list.items[0].id;
    expect((await call(prov, 'PATCH', `/api/accounts/${id}`, { password: 'Reset@2025' })).statusCode).toBe(200);
    const cookie = await login(t, 'xy-bureau', 'Reset@2025');
    expect((await call(cookie, 'GET', '/api/auth/me')).json().mustChangePassword).toBe(true);
    expect((await call(cookie, 'GET', '/api/orgs')).json().error.code).toBe('password_change_required');
    expect((await call(cookie, 'POST', '/api/auth/logout')).statusCode).toBe(200);
    expect((await call(cookie, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('an account the owner already uses is not held back', async () => {
    const me = await call(prov, 'GET', '/api/auth/me');
    expect(me.json().mustChangePassword).toBe(false);
    expect((await call(prov, 'GET', `/api/orgs/${schoolOrg}`)).statusCode).toBe(200);
  });
});

describe('demo accounts on a deployment without demo data', () => {
  it('cannot log in: the answer is the same as for a wrong password', async () => {
    const demo = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'demo-prov', password: PASSWORD },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: PASSWORD },
    });
    expect(demo.statusCode).toBe(401);
    expect(demo.json()).toEqual(unknown.json());
    expect(demo.json().error.code).toBe('invalid_credentials');
    expect(demo.cookies.find((c) => c.name === 'cjrh_sid')).toBeUndefined();
  });

  it('can log in when the server runs with demo data, and its session ends when it no longer does', async () => {
    const withDemo = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', DEMO_DATA: true }), db: t.database });
    try {
      const res = await withDemo.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'demo-prov', password: PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      const cookie = `cjrh_sid=${res.cookies.find((c) => c.name === 'cjrh_sid')!.value}`;
      expect((await withDemo.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
      // The same session on the server started with DEMO_DATA=false (same secret in tests) counts as none.
      expect((await call(cookie, 'GET', '/api/auth/me')).statusCode).toBe(401);
    } finally {
      await withDemo.close();
    }
  });
});
