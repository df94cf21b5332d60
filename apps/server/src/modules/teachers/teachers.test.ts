import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { idNumberCheckChar } from '@cjrh/domain';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { thisYear } from '../../lib/clock';
import { inflateEntry, readCentralDirectory } from '../excel/zip';

// Each test signs in a new school of its own (newSchool) and arranges its teacher and stints (zhangAt), so the tests
// pass alone and in any order. Only the one-month-rule test has a 襄阳 school: the 襄阳 bureau's figure is its own;
// the others' schools are in 宜昌, and 武汉 (乙校) has no teachers.
let t: TestApp;
const c: Record<string, string> = {};
const year = thisYear();
let spec = '';
const idn = (first17: string) => first17 + idNumberCheckChar(first17);
const ZHANG = idn('42060219800101003');
const LIU = idn('42060219850505004');

beforeAll(async () => {
  t = await createTestApp();
  const other = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '乙校' })).id;
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'sb', role: 'school', regionCode: '420100', orgId: other });
  for (const u of ['xy', 'wh', 'sb']) c[u] = await login(t, u);
  spec = (await exec(t, sql`select code from dict_entries where kind = 'specialty' and name = '数控加工'`)).rows[0]
    .code as string;
});
afterAll(() => t.close());

const call = (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: c[who] }, payload: payload as object });
const teacher = (over: object = {}) => ({
  name: '张老师',
  specialtyCode: spec,
  isKey: true,
  fromEnterprise: false,
  title: '讲师',
  idNumber: ZHANG,
  ...over,
});
const stint = (over: object = {}) => ({
  enterprise: '示例机床厂',
  startOn: `${year}-03-01`,
  endOn: `${year}-03-20`,
  days: 20,
  content: '数控车间跟岗',
  evidence: '',
  ...over,
});

let schools = 0;
/** A new school of the region with a signed-in user; returns its id and the user's name (cookie in `c`). */
async function newSchool(regionCode = '420500') {
  const n = ++schools;
  const { id } = await makeOrg(t, { type: 'school', regionCode, name: `教师测试学校${n}` });
  const user = `s${n}`;
  await makeUser(t, { username: user, role: 'school', regionCode, orgId: id });
  c[user] = await login(t, user);
  return { id, user };
}

/** Arrange: key teacher 张 on the school's roster, with the given practice stints; returns his id. */
async function zhangAt(user: string, stints: object[] = []) {
  const made = await call(user, 'POST', '/api/teachers', teacher());
  expect(made.statusCode, made.body).toBe(200);
  const { id } = made.json() as { id: number };
  for (const s of stints)
    expect((await call(user, 'POST', `/api/teachers/${id}/practices`, stint(s))).statusCode).toBe(200);
  return id;
}

describe('教师名册与企业实践', () => {
  it('stores the ID number only as the keyed hash; a wrong check digit is refused in Chinese', async () => {
    const a = await newSchool();
    const bad = await call(
      a.user,
      'POST',
      '/api/teachers',
      teacher({ idNumber: ZHANG.slice(0, 17) + (ZHANG[17] === '0' ? '1' : '0') }),
    );
    expect([bad.statusCode, bad.json().error.message]).toEqual([400, '身份证号码：身份证号码校验位不正确，请核对']);
    const made = await call(a.user, 'POST', '/api/teachers', teacher());
    expect(made.statusCode, made.body).toBe(200);
    expect((await call(a.user, 'POST', '/api/teachers', teacher({ name: '张二' }))).statusCode).toBe(409);
    await call(a.user, 'POST', '/api/teachers', teacher({ name: '刘老师', idNumber: LIU, isKey: false }));
    // The same key as a mentor of the same person would get (projects/refs.ts).
    const keys = (
      await exec(t, sql`select id_key from school_teachers where school_org_id = ${a.id} order by id`)
    ).rows.map((r) => r.id_key);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    const stored =
      JSON.stringify((await exec(t, sql`select * from school_teachers`)).rows) +
      JSON.stringify((await exec(t, sql`select before, after from audit_log`)).rows);
    expect(stored).not.toContain(ZHANG);
  });

  it('refuses a practice overlapping another of the same teacher, and counts the one-month rule over key teachers', async () => {
    const a = await newSchool('420600');
    const zhang = { id: await zhangAt(a.user, [{}]) };
    const overlap = await call(
      a.user,
      'POST',
      `/api/teachers/${zhang.id}/practices`,
      stint({ startOn: `${year}-03-15`, endOn: `${year}-04-05`, days: 10 }),
    );
    expect([overlap.statusCode, overlap.json().error.message]).toEqual([
      409,
      `与该教师已有的企业实践记录（示例机床厂，${year}-03-01 至 ${year}-03-20）时间重叠，请核对日期`,
    ]);
    const tooMany = await call(
      a.user,
      'POST',
      `/api/teachers/${zhang.id}/practices`,
      stint({ startOn: `${year}-05-01`, endOn: `${year}-05-02`, days: 5 }),
    );
    expect(tooMany.json().error.message).toBe('实践天数：实践天数不能超过起止日期之间的天数');
    expect(
      (
        await call(
          'sb',
          'POST',
          `/api/teachers/${zhang.id}/practices`,
          stint({ startOn: `${year}-06-01`, endOn: `${year}-06-02`, days: 2 }),
        )
      ).statusCode,
    ).toBe(404);
    let list = (await call('xy', 'GET', `/api/teachers?year=${year}`)).json();
    expect(list.figure).toMatchObject({ keyTeachers: 1, meeting: 0, requiredDays: 30 });
    expect(
      (
        await call(
          a.user,
          'POST',
          `/api/teachers/${zhang.id}/practices`,
          stint({ startOn: `${year}-07-01`, endOn: `${year}-07-15`, days: 12 }),
        )
      ).statusCode,
    ).toBe(200);
    list = (await call('xy', 'GET', `/api/teachers?year=${year}`)).json();
    expect(list.figure).toMatchObject({ keyTeachers: 1, meeting: 1, ratio: 1 });
    expect(list.items.find((x: { name: string }) => x.name === '张老师').practiceDays).toBe(32);
    expect((await call('wh', 'GET', '/api/teachers')).json().items).toEqual([]);
  });

  it('exports the teacher record as a zh-CN Word document with every stint', async () => {
    const a = await newSchool();
    const zhang = {
      id: await zhangAt(a.user, [{}, { startOn: `${year}-07-01`, endOn: `${year}-07-15`, days: 12 }]),
    };
    const res = await call(a.user, 'GET', `/api/teachers/${zhang.id}/record.docx`);
    expect(res.statusCode).toBe(200);
    const buf = res.rawPayload;
    const xml = inflateEntry(
      buf,
      readCentralDirectory(buf).find((e) => e.name === 'word/document.xml')!,
    ).toString('utf8');
    const styles = inflateEntry(
      buf,
      readCentralDirectory(buf).find((e) => e.name === 'word/styles.xml')!,
    ).toString('utf8');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('教师校企合作工作记录');
    expect(text).toContain(`${year} 年：企业实践 32 天，达到骨干教师每年不少于 1 个月的要求`);
    expect(text).toContain(`${year}-07-01 至 ${year}-07-15`);
    expect(styles + xml).toMatch(/w:eastAsia="zh-CN"/);
    expect(text).not.toContain(ZHANG);
    expect((await call('sb', 'GET', `/api/teachers/${zhang.id}/record.docx`)).statusCode).toBe(404);
  });
});
