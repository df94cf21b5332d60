import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { idNumberCheckChar } from '@cjrh/domain';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { thisYear } from '../../lib/clock';
import { hashIdNumbers } from '../projects/refs';
import { agreements, projects } from '../../db/schema/index';

let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};
const year = thisYear();
let spec = '';
const idn = (first17: string) => first17 + idNumberCheckChar(first17);
const WANG = idn('42060219800101001');
const LI = idn('42060219850505002');

beforeAll(async () => {
  t = await createTestApp();
  id.A = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '甲校' })).id;
  id.C = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '丙校' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'sa', role: 'school', regionCode: '420600', orgId: id.A });
  await makeUser(t, { username: 'sc', role: 'school', regionCode: '420100', orgId: id.C });
  for (const u of ['prov', 'sa', 'sc']) c[u] = await login(t, u);
  spec = (await exec(t, sql`select code from dict_entries where kind = 'specialty' and name = '数控加工'`)).rows[0]
    .code as string;
  // 王 is also a mentor in one of 甲校's projects, keyed the way projects key him.
  const db = t.database.db;
  const [a] = await db
    .insert(agreements)
    .values({
      agreementNo: 'M1',
      campaignYear: year,
      regionCode: '420600',
      title: 'M1',
      termStart: `${year}-01-01`,
      termEnd: `${year + 1}-12-31`,
      status: 'active',
    })
    .returning();
  const data = await hashIdNumbers(db, {
    mentors: [{ name: '王师傅', idNumber: WANG, termStart: `${year}-01-01`, termEnd: `${year}-12-31` }],
  });
  await db.insert(projects).values({
    agreementId: a.id,
    type: 'mentor',
    title: '导师项目',
    campaignYear: year,
    regionCode: '420600',
    schoolOrgId: id.A,
    startDate: `${year}-01-10`,
    status: 'running',
    data,
  });
});
afterAll(() => t.close());

const call = (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: c[who] }, payload: payload as object });
const mentor = (over: object = {}) => ({
  name: '王师傅',
  enterprise: '示例机床厂',
  specialtyCode: spec,
  termStart: `${year}-03-01`,
  termEnd: `${year + 1}-02-28`,
  idNumber: WANG,
  ...over,
});
const guest = async () =>
  (await call('prov', 'GET', `/api/indicators?year=${year}`))
    .json()
    .items.find((i: { id: string }) => i.id === 'guest_mentors').numerator;

describe('学校导师名册', () => {
  it('counts a roster mentor once with the same person in a project, and a new one on top', async () => {
    expect(await guest()).toBe(1);
    const wang = await call('sa', 'POST', '/api/mentors', mentor());
    expect(wang.statusCode, wang.body).toBe(200);
    expect(wang.json()).not.toHaveProperty('idNumber');
    expect(await guest()).toBe(1); // the same person: once
    expect((await call('sa', 'POST', '/api/mentors', mentor({ name: '李师傅', idNumber: LI }))).statusCode).toBe(200);
    expect(await guest()).toBe(2);
    // Only the keyed hash is stored; the number appears nowhere, not even in the audit log.
    const stored =
      JSON.stringify((await exec(t, sql`select * from school_mentors`)).rows) +
      JSON.stringify((await exec(t, sql`select before, after from audit_log`)).rows);
    expect(stored).not.toContain(WANG);
    expect(stored).not.toContain(LI);
  });

  it('refuses a wrong check digit, a term ending before it starts and a person twice, in Chinese', async () => {
    const bad = await call(
      'sa',
      'POST',
      '/api/mentors',
      mentor({ idNumber: WANG.slice(0, 17) + (WANG[17] === '0' ? '1' : '0') }),
    );
    expect([bad.statusCode, bad.json().error.message]).toEqual([400, '身份证号码：身份证号码校验位不正确，请核对']);
    const term = await call('sa', 'POST', '/api/mentors', mentor({ termEnd: `${year}-01-01` }));
    expect(term.json().error.message).toBe('聘期结束：聘期结束不能早于聘期开始');
    const twice = await call('sa', 'POST', '/api/mentors', mentor({ name: '王二' }));
    expect([twice.statusCode, twice.json().error.message]).toEqual([
      409,
      '该身份证号码的导师已在本校名册中，请修改原记录',
    ]);
  });

  it('another school can not edit or delete, the owner can', async () => {
    const [li] = (await call('sa', 'GET', '/api/mentors'))
      .json()
      .items.filter((m: { name: string }) => m.name === '李师傅');
    expect((await call('sc', 'DELETE', `/api/mentors/${li.id}?version=1`)).statusCode).toBe(404);
    const { idNumber: _omit, ...rest } = mentor({ name: '李师傅' });
    void _omit;
    const edited = await call('sa', 'PUT', `/api/mentors/${li.id}`, { ...rest, enterprise: '另一家厂', version: 1 });
    expect(edited.json()).toMatchObject({ enterprise: '另一家厂', version: 2 });
    expect((await call('sa', 'DELETE', `/api/mentors/${li.id}?version=2`)).json()).toEqual({ ok: true });
    expect(await guest()).toBe(1);
  });
});
