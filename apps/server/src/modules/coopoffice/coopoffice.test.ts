import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';

let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  id.A = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '甲校' })).id;
  id.B = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '乙校' })).id;
  id.W = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉校' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'sa', role: 'school', regionCode: '420600', orgId: id.A });
  await makeUser(t, { username: 'sb', role: 'school', regionCode: '420600', orgId: id.B });
  for (const u of ['prov', 'xy', 'sa', 'sb']) c[u] = await login(t, u);
});
afterAll(() => t.close());

const call = (who: string, method: 'GET' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: c[who] }, payload: payload as object });
const office = (over: object = {}) => ({
  name: '校企合作办公室',
  responsibleName: '王主任',
  responsibleTitle: '副校长',
  responsiblePhone: '13800000000',
  establishedOn: '2024-09-01',
  members: [{ name: '李干事', title: '干事', duty: '协议管理' }],
  ...over,
});

describe('校企合作组织机构', () => {
  it('a school records its office; a bad phone is refused in Chinese; another school cannot write it', async () => {
    const bad = await call('sa', 'PUT', `/api/coop-offices/${id.A}`, office({ responsiblePhone: '123' }));
    expect([bad.statusCode, bad.json().error.message]).toEqual([400, '负责人电话：请填写手机号或座机号（区号-号码）']);
    expect((await call('sb', 'PUT', `/api/coop-offices/${id.A}`, office())).statusCode).toBe(404);
    // A bureau reads but never writes a school's office: outside its permission, a record answers 404 as unknown ones do.
    expect((await call('xy', 'PUT', `/api/coop-offices/${id.A}`, office())).statusCode).toBe(404);
    const ok = await call('sa', 'PUT', `/api/coop-offices/${id.A}`, office());
    expect(ok.json().office).toMatchObject({ responsibleName: '王主任', version: 1 });
    expect((await call('sa', 'PUT', `/api/coop-offices/${id.A}`, office({ version: 2 }))).statusCode).toBe(409);
    expect(
      (await call('sa', 'PUT', `/api/coop-offices/${id.A}`, office({ responsibleName: '赵主任', version: 1 }))).json()
        .office.version,
    ).toBe(2);
    await call('sb', 'PUT', `/api/coop-offices/${id.B}`, office({ members: [] }));
  });

  it('the region sees completeness of its schools; the province every 市州', async () => {
    const xy = (await call('xy', 'GET', '/api/coop-offices')).json();
    expect(xy.regions).toEqual([{ regionCode: '420600', regionName: '襄阳市', schools: 2, recorded: 2, complete: 1 }]);
    expect(xy.schools.map((s: { name: string; state: string }) => [s.name, s.state]).sort()).toEqual([
      ['乙校', 'incomplete'],
      ['甲校', 'complete'],
    ]);
    const prov = (await call('prov', 'GET', '/api/coop-offices')).json();
    expect(prov.regions.find((r: { regionCode: string }) => r.regionCode === '420100')).toMatchObject({
      schools: 1,
      recorded: 0,
      complete: 0,
    });
  });
});
