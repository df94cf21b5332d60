import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeUscc } from '@cjrh/domain';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';

let t: TestApp;
let ids: { xySchool: number; xySchool2: number; whSchool: number; whEnt: number };
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const xySchool = await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳测试技师学院' });
  const xySchool2 = await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳测试技工学校' });
  const whSchool = await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉测试技师学院' });
  const whEnt = await makeOrg(t, {
    type: 'enterprise',
    regionCode: '420100',
    name: '武汉测试装备有限公司',
    isKey: true,
  });
  ids = { xySchool: xySchool.id, xySchool2: xySchool2.id, whSchool: whSchool.id, whEnt: whEnt.id };
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'xys', role: 'school', regionCode: '420600', orgId: xySchool.id });
  await makeUser(t, { username: 'whe', role: 'enterprise', regionCode: '420100', orgId: whEnt.id });
  for (const u of ['prov', 'xy', 'wh', 'xys', 'whe']) cookies[u] = await login(t, u);
});
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ url, headers: who ? { cookie: cookies[who] } : {} });
const patch = (who: string, url: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url, headers: { cookie: cookies[who] }, payload });
const post = (who: string, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: cookies[who] }, payload });

describe('organisation scope', () => {
  it('anonymous callers get 401', async () => {
    expect((await get('', '/api/orgs')).statusCode).toBe(401);
    expect((await get('', `/api/orgs/${ids.xySchool}`)).statusCode).toBe(401);
  });

  it('the province lists all, a region only its own, a school only itself', async () => {
    // Another test creates an enterprise: the province's total is the table's count at this moment, with this file's
    // four organisations among the items.
    const all = (await get('prov', '/api/orgs')).json();
    const inTable = (await exec(t, sql`select count(*)::int as n from orgs`)).rows[0] as { n: number };
    expect(all.total).toBe(inTable.n);
    expect(all.items.map((o: { id: number }) => o.id)).toEqual(expect.arrayContaining(Object.values(ids)));
    const xy = (await get('xy', '/api/orgs?type=school')).json();
    expect(xy.items.map((o: { name: string }) => o.name).sort()).toEqual(
      ['襄阳测试技师学院', '襄阳测试技工学校'].sort(),
    );
    expect(xy.items[0]).toMatchObject({ type: 'school', regionCode: '420600', regionName: '襄阳市' });
    expect((await get('xy', '/api/orgs?region=420100')).json().total).toBe(0);
    const own = (await get('xys', '/api/orgs')).json();
    expect(own.items.map((o: { id: number }) => o.id)).toEqual([ids.xySchool]);
  });

  it("a region cannot read or edit another region's school (404, as if it did not exist)", async () => {
    expect((await get('xy', `/api/orgs/${ids.whSchool}`)).statusCode).toBe(404);
    const r = await patch('xy', `/api/orgs/${ids.whSchool}`, { version: 1, name: '改名' });
    expect(r.statusCode).toBe(404);
    const [row] = (await exec(t, sql`select name from orgs where id = ${ids.whSchool}`)).rows as { name: string }[];
    expect(row.name).toBe('武汉测试技师学院');
  });

  it('a school cannot read or edit another school, even in its own region', async () => {
    expect((await get('xys', `/api/orgs/${ids.xySchool2}`)).statusCode).toBe(404);
    expect((await patch('xys', `/api/orgs/${ids.xySchool2}`, { version: 1, address: 'x' })).statusCode).toBe(404);
  });

  it('a school edits its own record, with its specialties, and the change is audited', async () => {
    const before = (await get('xys', `/api/orgs/${ids.xySchool}`)).json();
    const spec = (
      await exec(t, sql`select code from dict_entries where kind = 'specialty' order by sort_order limit 2`)
    ).rows as { code: string }[];
    const r = await patch('xys', `/api/orgs/${ids.xySchool}`, {
      version: before.version,
      address: '襄阳市测试路 1 号',
      fullTimeTeachers: 120,
      specialties: [
        {
          specialtyCode: spec[0].code,
          enrolment: 300,
          graduatesPerYear: 100,
          integrated: true,
          isKey: true,
          backboneTeachers: 5,
        },
        { specialtyCode: spec[1].code, enrolment: 200, graduatesPerYear: 60, integrated: false, isKey: false },
      ],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      address: '襄阳市测试路 1 号',
      fullTimeTeachers: 120,
      version: before.version + 1,
    });
    expect(r.json().specialties).toHaveLength(2);
    expect(r.json().specialties[0].specialtyName).not.toBe(spec[0].code);
    const audit = (
      await exec(
        t,
        sql`select actor_name, before, after from audit_log where action = 'org.update' and entity_id = ${String(ids.xySchool)}`,
      )
    ).rows as { actor_name: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_name).toBe('xys');
    expect(audit[0].after.address).toBe('襄阳市测试路 1 号');
    expect(audit[0].before.address).toBe('');
  });

  it('a school cannot change its region or USCC; an enterprise cannot mark itself key', async () => {
    const d = (await get('xys', `/api/orgs/${ids.xySchool}`)).json();
    const r = await patch('xys', `/api/orgs/${ids.xySchool}`, { version: d.version, regionCode: '420100' });
    expect(r.statusCode).toBe(403);
    const e = (await get('whe', `/api/orgs/${ids.whEnt}`)).json();
    expect((await patch('whe', `/api/orgs/${ids.whEnt}`, { version: e.version, isKey: false })).statusCode).toBe(403);
  });

  it("a stale version answers 409 and loses nobody's change", async () => {
    const d = (await get('wh', `/api/orgs/${ids.whEnt}`)).json();
    expect((await patch('wh', `/api/orgs/${ids.whEnt}`, { version: d.version, employees: 500 })).statusCode).toBe(200);
    const stale = await patch('whe', `/api/orgs/${ids.whEnt}`, { version: d.version, employees: 900 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect((await get('wh', `/api/orgs/${ids.whEnt}`)).json().employees).toBe(500);
  });
});

describe('creating organisations', () => {
  const base = { type: 'enterprise', name: '襄阳新建测试企业', regionCode: '420600', industryCodes: [] as string[] };

  it('a region creates an enterprise in its region; a wrong USCC check digit is refused in Chinese', async () => {
    const uscc = makeUscc('91', '420600', 'MA4KXY001');
    const wrong = uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');
    const bad = await post('xy', '/api/orgs', { ...base, uscc: wrong });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('uscc_invalid');
    expect(bad.json().error.message).toMatch(/校验位错误/);
    const ok = await post('xy', '/api/orgs', { ...base, uscc });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ name: '襄阳新建测试企业', regionCode: '420600', type: 'enterprise' });
    const dup = await post('xy', '/api/orgs', { ...base, name: '另一家', uscc });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('uscc_duplicate');
  });

  it('a region cannot create in another region; a school cannot create at all', async () => {
    const uscc = makeUscc('91', '420100', 'MA4KXY002');
    expect((await post('xy', '/api/orgs', { ...base, regionCode: '420100', uscc })).statusCode).toBe(403);
    expect((await post('xys', '/api/orgs', { ...base, uscc })).statusCode).toBe(403);
    const n = (await exec(t, sql`select count(*)::int as n from orgs where uscc = ${uscc}`)).rows[0] as { n: number };
    expect(n.n).toBe(0);
  });

  it('refuses unknown fields, wrong types, unknown specialties and malformed JSON without a 500', async () => {
    const uscc = makeUscc('91', '420600', 'MA4KXY003');
    const unknown = await post('xy', '/api/orgs', { ...base, uscc, hacker: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/不允许的字段/);
    expect((await post('xy', '/api/orgs', { ...base, uscc, employees: -5 })).statusCode).toBe(400);
    expect((await post('xy', '/api/orgs', { ...base, uscc, employees: '很多' })).statusCode).toBe(400);
    const spec = await post('xy', '/api/orgs', {
      ...base,
      type: 'school',
      schoolType: '技工学校',
      uscc,
      specialties: [{ specialtyCode: 'NOPE', enrolment: 1, graduatesPerYear: 0, integrated: false, isKey: false }],
    });
    expect(spec.statusCode).toBe(400);
    expect(spec.json().error.code).toBe('unknown_reference');
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/orgs',
      headers: { cookie: cookies.xy, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_json');
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/orgs',
      headers: { cookie: cookies.xy, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...base, uscc, address: 'x'.repeat(2_000_000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('body_too_large');
    const n = (await exec(t, sql`select count(*)::int as n from orgs where uscc = ${uscc}`)).rows[0] as { n: number };
    expect(n.n).toBe(0);
  });

  it('filters by keyword across name and USCC, and caps the page size', async () => {
    const r = (await get('prov', `/api/orgs?q=${encodeURIComponent('技师')}`)).json();
    expect(r.items.map((o: { name: string }) => o.name).sort()).toEqual(
      ['武汉测试技师学院', '襄阳测试技师学院'].sort(),
    );
    expect((await get('prov', '/api/orgs?pageSize=100000')).statusCode).toBe(400);
    expect((await get('prov', '/api/orgs?type=factory')).statusCode).toBe(400);
  });
});
