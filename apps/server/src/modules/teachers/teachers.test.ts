import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { idNumberCheckChar } from '@cjrh/domain';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { thisYear } from '../../lib/clock';
import { inflateEntry, readCentralDirectory } from '../excel/zip';

let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};
const year = thisYear();
let spec = '';
const idn = (first17: string) => first17 + idNumberCheckChar(first17);
const ZHANG = idn('42060219800101003');
const LIU = idn('42060219850505004');

beforeAll(async () => {
  t = await createTestApp();
  id.A = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '甲校' })).id;
  id.B = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '乙校' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'sa', role: 'school', regionCode: '420600', orgId: id.A });
  await makeUser(t, { username: 'sb', role: 'school', regionCode: '420100', orgId: id.B });
  for (const u of ['prov', 'xy', 'wh', 'sa', 'sb']) c[u] = await login(t, u);
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

describe('教师名册与企业实践', () => {
  it('stores the ID number only as the keyed hash; a wrong check digit is refused in Chinese', async () => {
    const bad = await call(
      'sa',
      'POST',
      '/api/teachers',
      teacher({ idNumber: ZHANG.slice(0, 17) + (ZHANG[17] === '0' ? '1' : '0') }),
    );
    expect([bad.statusCode, bad.json().error.message]).toEqual([400, '身份证号码：身份证号码校验位不正确，请核对']);
    const made = await call('sa', 'POST', '/api/teachers', teacher());
    expect(made.statusCode, made.body).toBe(200);
    expect((await call('sa', 'POST', '/api/teachers', teacher({ name: '张二' }))).statusCode).toBe(409);
    await call('sa', 'POST', '/api/teachers', teacher({ name: '刘老师', idNumber: LIU, isKey: false }));
    // The same key as a mentor of the same person would get (projects/refs.ts).
    const keys = (await exec(t, sql`select id_key from school_teachers order by id`)).rows.map((r) => r.id_key);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    const stored =
      JSON.stringify((await exec(t, sql`select * from school_teachers`)).rows) +
      JSON.stringify((await exec(t, sql`select before, after from audit_log`)).rows);
    expect(stored).not.toContain(ZHANG);
  });

  it('refuses a practice overlapping another of the same teacher, and counts the one-month rule over key teachers', async () => {
    const [zhang] = (await call('sa', 'GET', '/api/teachers'))
      .json()
      .items.filter((x: { name: string }) => x.name === '张老师');
    expect((await call('sa', 'POST', `/api/teachers/${zhang.id}/practices`, stint())).statusCode).toBe(200);
    const overlap = await call(
      'sa',
      'POST',
      `/api/teachers/${zhang.id}/practices`,
      stint({ startOn: `${year}-03-15`, endOn: `${year}-04-05`, days: 10 }),
    );
    expect([overlap.statusCode, overlap.json().error.message]).toEqual([
      409,
      `与该教师已有的企业实践记录（示例机床厂，${year}-03-01 至 ${year}-03-20）时间重叠，请核对日期`,
    ]);
    const tooMany = await call(
      'sa',
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
          'sa',
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
    const [zhang] = (await call('sa', 'GET', '/api/teachers'))
      .json()
      .items.filter((x: { name: string }) => x.name === '张老师');
    const res = await call('sa', 'GET', `/api/teachers/${zhang.id}/record.docx`);
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
