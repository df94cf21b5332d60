import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { thisYear } from '../../lib/clock';
import { XLSX_TYPE } from '../excel/layout';

// Regions keep one test's records out of another's lists and counts, so the tests pass alone and in any order: 襄阳's
// two schools (甲, 乙) are the import's, and only the import test writes there; the record-keeping test has a new 宜昌
// school of its own, the two-schools test a new 十堰 school and a new 武汉 one.
let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};
const year = thisYear();
let spec = '';

beforeAll(async () => {
  t = await createTestApp();
  id.A = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '甲技师学院' })).id;
  id.B = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '乙技工学校' })).id;
  await makeOrg(t, { type: 'school', regionCode: '420100', name: '丙技师学院' });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'sy', role: 'region', regionCode: '420300' });
  await makeUser(t, { username: 'sa', role: 'school', regionCode: '420600', orgId: id.A });
  for (const u of ['prov', 'xy', 'sy', 'sa']) c[u] = await login(t, u);
  spec = (await exec(t, sql`select code from dict_entries where kind = 'specialty' and name = '数控加工'`)).rows[0]
    .code as string;
});
afterAll(() => t.close());

let schools = 0;
/** A new school of the region with a signed-in user; returns the user's name (cookie in `c`) and the school's name. */
async function newSchool(regionCode: string) {
  const n = ++schools;
  const name = `培训测试技师学院${n}`;
  const { id: orgId } = await makeOrg(t, { type: 'school', regionCode, name });
  const user = `s${n}`;
  await makeUser(t, { username: user, role: 'school', regionCode, orgId });
  c[user] = await login(t, user);
  return { user, name };
}

const call = (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: c[who] }, payload: payload as object });
const good = () => ({
  teacherName: '刘老师',
  specialtyCode: spec,
  startDate: `${year}-07-01`,
  endDate: `${year}-07-10`,
  hours: 80,
  provider: '省一体化师资培训基地',
});
const figure = async (who: string) =>
  (await call(who, 'GET', `/api/indicators?year=${year}`))
    .json()
    .items.find((i: { id: string }) => i.id === 'integrated_teachers_year').value;

describe('工学一体化师资培训 kept by the school', () => {
  it('a school records, edits and deletes its own trainings; the indicator counts them by end year', async () => {
    const { user, name } = await newSchool('420500');
    const made = await call(user, 'POST', '/api/trainings', good());
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json()).toMatchObject({
      schoolName: name,
      regionName: '宜昌市',
      specialtyName: '数控加工',
      hours: 80,
      version: 1,
    });
    expect(await figure(user)).toBe(1);
    const moved = await call(user, 'PUT', `/api/trainings/${made.json().id}`, {
      ...good(),
      startDate: `${year - 1}-12-20`,
      endDate: `${year - 1}-12-30`,
      version: 1,
    });
    expect(moved.json().version).toBe(2);
    expect(await figure(user)).toBe(0); // now ended last year
    const audit = (
      await exec(
        t,
        sql`select action, before, after from audit_log where entity_type = 'teacher_training' and entity_id = ${String(made.json().id)} order by id`,
      )
    ).rows;
    expect(audit.map((a) => a.action)).toEqual(['training.create', 'training.update']);
    expect(audit[1].after).toEqual({ startDate: `${year - 1}-12-20`, endDate: `${year - 1}-12-30` });
    expect((await call(user, 'DELETE', `/api/trainings/${made.json().id}?version=1`)).statusCode).toBe(409);
    expect((await call(user, 'DELETE', `/api/trainings/${made.json().id}?version=2`)).json()).toEqual({ ok: true });
    expect((await call(user, 'GET', '/api/trainings')).json()).toMatchObject({ total: 0, items: [] });
  });

  it('refuses bad input field by field in Chinese and writes nothing', async () => {
    const before = (await exec(t, sql`select count(*)::int as n from teacher_trainings`)).rows[0].n;
    const late = await call('sa', 'POST', '/api/trainings', { ...good(), endDate: `${year}-06-30` });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.message).toBe('结束日期：结束日期不能早于开始日期');
    const hours = await call('sa', 'POST', '/api/trainings', { ...good(), hours: 2001 });
    expect(hours.json().error.message).toBe('培训学时：培训学时应为 1–2000 的整数');
    const unknown = await call('sa', 'POST', '/api/trainings', { ...good(), specialtyCode: 'X999' });
    expect([unknown.statusCode, unknown.json().error.message]).toEqual([400, '专业：代码 X999 不在专业目录中']);
    expect((await call('xy', 'POST', '/api/trainings', good())).statusCode).toBe(403);
    expect((await exec(t, sql`select count(*)::int as n from teacher_trainings`)).rows[0].n).toBe(before);
  });

  it('another school can not touch a record (404, as if none); a bureau sees its region only', async () => {
    const own = await newSchool('420300');
    const other = await newSchool('420100');
    const province = (await call('prov', 'GET', `/api/trainings?year=${year}`)).json();
    const mine = (await call(own.user, 'POST', '/api/trainings', good())).json();
    await call(other.user, 'POST', '/api/trainings', { ...good(), teacherName: '吴老师' });
    expect((await call(other.user, 'PUT', `/api/trainings/${mine.id}`, { ...good(), version: 1 })).statusCode).toBe(
      404,
    );
    expect((await call(other.user, 'DELETE', `/api/trainings/${mine.id}?version=1`)).statusCode).toBe(404);
    expect(
      (await call('sy', 'GET', `/api/trainings?year=${year}`))
        .json()
        .items.map((r: { teacherName: string }) => r.teacherName),
    ).toEqual(['刘老师']);
    // The province sees both schools' records (compared with what it saw before: other tests keep theirs).
    expect((await call('prov', 'GET', `/api/trainings?year=${year}`)).json()).toMatchObject({
      total: province.total + 2,
      teachers: province.teachers + 2,
    });
  });
});

async function filled(who: string, rows: (string | number)[][]) {
  const r = await call(who, 'GET', '/api/trainings/import/template.xlsx');
  expect(r.statusCode, r.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('师资培训')!;
  rows.forEach((cells, i) => cells.forEach((v, k) => (ws.getRow(3 + i).getCell(2 + k).value = v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const upload = (who: string, body: Buffer) =>
  t.app.inject({
    method: 'POST',
    url: '/api/trainings/import',
    headers: { cookie: c[who], 'content-type': XLSX_TYPE },
    payload: body,
  });

describe('师资培训 import by the bureau', () => {
  it('refuses the whole file with each bad cell named, then imports a clean one', async () => {
    // 甲 has recorded 刘老师 itself; the bureau's import adds two more teachers of 襄阳.
    expect((await call('sa', 'POST', '/api/trainings', good())).statusCode).toBe(200);
    const before = (await exec(t, sql`select count(*)::int as n from teacher_trainings`)).rows[0].n;
    const bad = await filled('xy', [
      ['甲技师学院', '赵老师', '数控加工', `${year}-05-10`, `${year}-05-01`, 40, '基地'],
      ['丙技师学院', '钱老师', '数控加工', `${year}-05-01`, `${year}-05-10`, 40, '基地'],
      ['乙技工学校', '孙老师', '不存在的专业', `${year}-05-01`, `${year}-05-10`, 0, '基地'],
    ]);
    const r = await upload('xy', bad);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('import_failed');
    expect(
      r
        .json()
        .error.details.errors.map(
          (e: { row: number; column: string; message: string }) => `${e.row}${e.column} ${e.message}`,
        ),
    ).toEqual([
      '3F 结束日期不能早于开始日期',
      '4B 「丙技师学院」是武汉市的学校，只能导入本市州（襄阳市）学校的培训记录',
      '5D 专业“不存在的专业”不在专业目录中',
      '5G 应为不小于 1 的整数',
    ]);
    expect(r.json().error.details.errorWorkbook.length).toBeGreaterThan(100);
    expect((await exec(t, sql`select count(*)::int as n from teacher_trainings`)).rows[0].n).toBe(before);

    const ok = await upload(
      'xy',
      await filled('xy', [
        ['甲技师学院', '赵老师', '数控加工', `${year}-05-01`, `${year}-05-10`, 40, '基地'],
        ['乙技工学校', '孙老师', spec, `${year}-05-01`, `${year}-05-10`, 2000, '基地'],
      ]),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ created: 2, message: '导入完成：新增 2 条师资培训记录' });
    expect((await call('xy', 'GET', `/api/trainings?year=${year}`)).json().teachers).toBe(3); // 刘老师 (甲) + 赵老师 + 孙老师
    expect(
      (
        await exec(
          t,
          sql`select count(*)::int as n from audit_log where action = 'training.create' and after->>'source' = 'import'`,
        )
      ).rows[0].n,
    ).toBe(2);
  });

  it('keeps schools out of the import and a non-Excel upload out of the parser', async () => {
    expect((await call('sa', 'GET', '/api/trainings/import/template.xlsx')).statusCode).toBe(403);
    const notXlsx = await upload('xy', Buffer.from('hello, not a workbook'));
    expect([notXlsx.statusCode, notXlsx.json().error.code]).toEqual([400, 'file_type']);
  });
});
