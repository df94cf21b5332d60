import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { idNumberCheckChar } from '@cjrh/domain';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { thisYear } from '../../lib/clock';
import { hashIdNumbers } from '../projects/refs';
import { agreements, projects } from '../../db/schema/index';

// Each test signs in a new school of its own (newSchool) and counts guest mentors of that school only, so the tests
// pass alone and in any order. 丙校 (武汉) only tries to touch other schools' records.
let t: TestApp;
const c: Record<string, string> = {};
const year = thisYear();
let spec = '';
const idn = (first17: string) => first17 + idNumberCheckChar(first17);
const WANG = idn('42060219800101001');
const LI = idn('42060219850505002');

beforeAll(async () => {
  t = await createTestApp();
  const other = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '丙校' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'sc', role: 'school', regionCode: '420100', orgId: other });
  for (const u of ['prov', 'sc']) c[u] = await login(t, u);
  spec = (await exec(t, sql`select code from dict_entries where kind = 'specialty' and name = '数控加工'`)).rows[0]
    .code as string;
});
afterAll(() => t.close());

let schools = 0;
/** A new 襄阳 school with a signed-in user; returns its id and the user's name (cookie in `c`). */
async function newSchool() {
  const n = ++schools;
  const { id } = await makeOrg(t, { type: 'school', regionCode: '420600', name: `导师测试学校${n}` });
  const user = `s${n}`;
  await makeUser(t, { username: user, role: 'school', regionCode: '420600', orgId: id });
  c[user] = await login(t, user);
  return { id, user };
}

/** Arrange: 王 is a mentor in one of the school's projects, keyed the way projects key him. */
async function projectMentor(schoolOrgId: number) {
  const db = t.database.db;
  const [a] = await db
    .insert(agreements)
    .values({
      agreementNo: `M${schoolOrgId}`,
      campaignYear: year,
      regionCode: '420600',
      title: `M${schoolOrgId}`,
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
    schoolOrgId,
    startDate: `${year}-01-10`,
    status: 'running',
    data,
  });
}

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
/** The province's 外聘导师 figure for one school. */
const guest = async (school: number) =>
  (await call('prov', 'GET', `/api/indicators?year=${year}&school=${school}`))
    .json()
    .items.find((i: { id: string }) => i.id === 'guest_mentors').numerator;

describe('学校导师名册', () => {
  it('counts a roster mentor once with the same person in a project, and a new one on top', async () => {
    const a = await newSchool();
    await projectMentor(a.id);
    expect(await guest(a.id)).toBe(1);
    const wang = await call(a.user, 'POST', '/api/mentors', mentor());
    expect(wang.statusCode, wang.body).toBe(200);
    expect(wang.json()).not.toHaveProperty('idNumber');
    expect(await guest(a.id)).toBe(1); // the same person: once
    expect((await call(a.user, 'POST', '/api/mentors', mentor({ name: '李师傅', idNumber: LI }))).statusCode).toBe(200);
    expect(await guest(a.id)).toBe(2);
    // Only the keyed hash is stored; the number appears nowhere, not even in the audit log.
    const stored =
      JSON.stringify((await exec(t, sql`select * from school_mentors`)).rows) +
      JSON.stringify((await exec(t, sql`select before, after from audit_log`)).rows);
    expect(stored).not.toContain(WANG);
    expect(stored).not.toContain(LI);
  });

  it('refuses a wrong check digit, a term ending before it starts and a person twice, in Chinese', async () => {
    const a = await newSchool();
    expect((await call(a.user, 'POST', '/api/mentors', mentor())).statusCode).toBe(200);
    const bad = await call(
      a.user,
      'POST',
      '/api/mentors',
      mentor({ idNumber: WANG.slice(0, 17) + (WANG[17] === '0' ? '1' : '0') }),
    );
    expect([bad.statusCode, bad.json().error.message]).toEqual([400, '身份证号码：身份证号码校验位不正确，请核对']);
    const term = await call(a.user, 'POST', '/api/mentors', mentor({ termEnd: `${year}-01-01` }));
    expect(term.json().error.message).toBe('聘期结束：聘期结束不能早于聘期开始');
    const twice = await call(a.user, 'POST', '/api/mentors', mentor({ name: '王二' }));
    expect([twice.statusCode, twice.json().error.message]).toEqual([
      409,
      '该身份证号码的导师已在本校名册中，请修改原记录',
    ]);
  });

  it('another school can not edit or delete, the owner can', async () => {
    const a = await newSchool();
    const li = (await call(a.user, 'POST', '/api/mentors', mentor({ name: '李师傅', idNumber: LI }))).json();
    expect(await guest(a.id)).toBe(1);
    expect((await call('sc', 'DELETE', `/api/mentors/${li.id}?version=1`)).statusCode).toBe(404);
    const { idNumber: _omit, ...rest } = mentor({ name: '李师傅' });
    void _omit;
    const edited = await call(a.user, 'PUT', `/api/mentors/${li.id}`, { ...rest, enterprise: '另一家厂', version: 1 });
    expect(edited.json()).toMatchObject({ enterprise: '另一家厂', version: 2 });
    expect((await call(a.user, 'DELETE', `/api/mentors/${li.id}?version=2`)).json()).toEqual({ ok: true });
    expect(await guest(a.id)).toBe(0);
  });
});
