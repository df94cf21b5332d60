import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeOrg, makeUser, PASSWORD, type TestApp } from '../../../test/app';

let t: TestApp;
const cookies: Record<string, string> = {};
let xySchool: number;
let whSchool: number;

beforeAll(async () => {
  t = await createTestApp();
  xySchool = (await makeOrg(t, { type: 'school', regionCode: '420600' })).id;
  whSchool = (await makeOrg(t, { type: 'school', regionCode: '420100' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-bureau', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'xys', role: 'school', regionCode: '420600', orgId: xySchool });
  for (const u of ['prov', 'xy-bureau', 'xys']) cookies[u] = await login(t, u);
  cookies.xy = cookies['xy-bureau'];
});
afterAll(() => t.close());

const post = (who: string, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/accounts', headers: { cookie: cookies[who] }, payload });

describe('accounts', () => {
  it('a region bureau creates an account for a school of its region, which can then log in', async () => {
    const r = await post('xy', {
      username: 'new-school',
      displayName: '新学校账号',
      role: 'school',
      orgId: xySchool,
      password: 'Kx9#mwq-Tulip',
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ role: 'school', regionCode: '420600', orgId: xySchool });
    const cookie = await login(t, 'new-school', 'Kx9#mwq-Tulip');
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.json().orgId).toBe(xySchool);
  });

  it("a region cannot create accounts for another region's school, nor region or province accounts", async () => {
    expect(
      (
        await post('xy', {
          username: 'other-1',
          displayName: 'x',
          role: 'school',
          orgId: whSchool,
          password: 'Kx9#mwq-Tulip',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await post('xy', { username: 'other-2', displayName: 'x', role: 'province', password: 'Kx9#mwq-Tulip' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await post('xys', {
          username: 'other-3',
          displayName: 'x',
          role: 'school',
          orgId: xySchool,
          password: 'Kx9#mwq-Tulip',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('enforces the password policy and unique usernames', async () => {
    const weak = await post('prov', { username: 'weak', displayName: 'w', role: 'expert', password: 'password' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('weak_password');
    const dup = await post('prov', {
      username: 'xy-bureau',
      displayName: 'dup',
      role: 'expert',
      password: 'Kx9#mwq-Tulip',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('username_taken');
  });

  it("lists only the region's accounts for a region bureau", async () => {
    const r = (await t.app.inject({ url: '/api/accounts', headers: { cookie: cookies.xy } })).json();
    expect(r.items.every((a: { regionCode: string }) => a.regionCode === '420600')).toBe(true);
    expect(r.items.map((a: { username: string }) => a.username)).toContain('xys');
    const all = (await t.app.inject({ url: '/api/accounts', headers: { cookie: cookies.prov } })).json();
    expect(all.total).toBeGreaterThan(r.total);
  });

  it('the province disables an account and it can no longer log in', async () => {
    await makeUser(t, { username: 'to-disable', role: 'school', regionCode: '420600', orgId: xySchool });
    await login(t, 'to-disable'); // it logs in before
    const list = (await t.app.inject({ url: '/api/accounts?q=to-disable', headers: { cookie: cookies.prov } })).json();
    expect(list.items).toHaveLength(1);
    const id = list.items[0].id;
    const r = await t.app.inject({
      method: 'PATCH',
      url: `/api/accounts/${id}`,
      headers: { cookie: cookies.prov },
      payload: { disabled: true },
    });
    expect(r.json().disabled).toBe(true);
    const l = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'to-disable', password: PASSWORD },
    });
    // The same answer as a wrong password: a stranger learns nothing about the account.
    expect(l.statusCode).toBe(401);
    expect(l.json().error.code).toBe('invalid_credentials');
  });
});
