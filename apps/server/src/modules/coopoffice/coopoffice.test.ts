import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';

// Tests pass alone and in any order: the write test uses 襄阳's 甲校/乙校; the completeness test records offices of
// 宜昌's own two schools (420500) and reads that region; 武汉's one school never records one.
let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  id.A = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '甲校' })).id;
  id.B = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '乙校' })).id;
  id.W = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉校' })).id;
  id.C = (await makeOrg(t, { type: 'school', regionCode: '420500', name: '丙校' })).id;
  id.D = (await makeOrg(t, { type: 'school', regionCode: '420500', name: '丁校' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'sa', role: 'school', regionCode: '420600', orgId: id.A });
  await makeUser(t, { username: 'sb', role: 'school', regionCode: '420600', orgId: id.B });
  await makeUser(t, { username: 'yc', role: 'region', regionCode: '420500' });
  await makeUser(t, { username: 'sc', role: 'school', regionCode: '420500', orgId: id.C });
  await makeUser(t, { username: 'sd', role: 'school', regionCode: '420500', orgId: id.D });
  for (const u of ['prov', 'xy', 'sa', 'sb', 'yc', 'sc', 'sd']) c[u] = await login(t, u);
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
  });

  it('the region sees completeness of its schools; the province every 市州', async () => {
    expect((await call('sc', 'PUT', `/api/coop-offices/${id.C}`, office())).statusCode).toBe(200);
    expect((await call('sd', 'PUT', `/api/coop-offices/${id.D}`, office({ members: [] }))).statusCode).toBe(200);
    const yc = (await call('yc', 'GET', '/api/coop-offices')).json();
    expect(yc.regions).toEqual([{ regionCode: '420500', regionName: '宜昌市', schools: 2, recorded: 2, complete: 1 }]);
    expect(yc.schools.map((s: { name: string; state: string }) => [s.name, s.state]).sort()).toEqual([
      ['丁校', 'incomplete'],
      ['丙校', 'complete'],
    ]);
    const prov = (await call('prov', 'GET', '/api/coop-offices')).json();
    expect(prov.regions.find((r: { regionCode: string }) => r.regionCode === '420100')).toMatchObject({
      schools: 1,
      recorded: 0,
      complete: 0,
    });
  });
});
