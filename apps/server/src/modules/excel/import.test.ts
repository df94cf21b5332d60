import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import {
  downloadTemplate,
  fillTemplate,
  type Fixture,
  formsState,
  importFile,
  loadBook,
  schoolRow,
  setUp,
  upload,
  waitJob,
  XY,
} from './excel.testkit';
import { colLetter, ERROR_HEADER, fieldColumn } from './layout';

// Each test imports for schools of its own (newSchools), so the tests pass alone and in any order: what one writes
// (forms, versions, audit entries) is counted by the others only for their own schools (stateOf). The fixture's
// schools are only named in files that are refused, which write nothing.
let t: TestApp;
let fx: Fixture;
let template: Buffer;
const col = (key: string) => fieldColumn(fx.def.fields.findIndex((f) => f.key === key));
const L = (key: string) => colLetter(col(key));

beforeAll(async () => {
  t = await createTestApp();
  fx = await setUp(t);
  template = await downloadTemplate(t, fx.cookies.xy);
});
afterAll(() => t.close());

type School = Fixture['xySchools'][number];
let made = 0;

/** New schools of Xiangyang (甲, 乙, 丙 … of a test of its own), none with a form yet. */
async function newSchools(n = 3): Promise<School[]> {
  const out: School[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      await makeOrg(t, {
        type: 'school',
        regionCode: XY,
        name: `襄阳导入测试${++made}技师学院`,
        schoolType: '技师学院',
      }),
    );
  return out;
}

/** The forms of these schools (by org), and the form audit entries and snapshots about them. */
async function stateOf(schools: School[]) {
  const ids = sql.join(
    schools.map((s) => sql`${s.id}`),
    sql`, `,
  );
  const forms = (
    await exec(
      t,
      sql`select org_id, version, state, row_count, data from forms where org_id in (${ids}) order by org_id`,
    )
  ).rows as { org_id: number; version: number; state: string; row_count: number; data: any }[];
  const theirs = sql`(select id::text from forms where org_id in (${ids}))`;
  const [{ n: audits }] = (
    await exec(
      t,
      sql`select count(*)::int as n from audit_log where action like 'form.%' and entity_type = 'form' and entity_id in ${theirs}`,
    )
  ).rows as { n: number }[];
  const [{ n: snapshots }] = (
    await exec(
      t,
      sql`select count(*)::int as n from form_snapshots where form_id in (select id from forms where org_id in (${ids}))`,
    )
  ).rows as { n: number }[];
  return { forms, audits, snapshots };
}

/** 2 + 1 + 3 rows for three schools; the third school fills its org columns on the first row only. */
function goodRows([a, b, c]: School[]) {
  const s = fx.specialties;
  const blankOrg = (values: Record<string, unknown>) =>
    fx.def.fields.map((f) => (f.scope === 'org' ? null : (values[f.key] ?? null)));
  return [
    schoolRow(fx.def, a, {
      specialtyCode: s[0],
      needType: '订单（定向）班',
      graduatesMidLevel: 40,
      availableFrom: '2025-09-01',
    }),
    schoolRow(fx.def, a, { specialtyCode: s[1], needType: '毕业生就业', targetIndustries: '汽车制造、高端装备' }),
    schoolRow(fx.def, b, { specialtyCode: s[2], needType: '教师企业实践', contactPhone: '13900001111' }),
    schoolRow(fx.def, c, { specialtyCode: s[0], needType: '学生实习实训基地' }),
    blankOrg({ specialtyCode: s[1], needType: '学生实习实训基地', needDetail: '接收实习生 20 人' }),
    blankOrg({ specialtyCode: s[2], needType: '其他', needDetail: '共建技能大师工作室' }),
  ];
}

/** Arrange: three new schools whose good rows the bureau has imported once (three draft forms), and that file. */
async function imported() {
  const schools = await newSchools();
  const file = await fillTemplate(template, goodRows(schools));
  const job = await importFile(t, fx.cookies.xy, file);
  expect(job.result, job.message).toMatchObject({ created: 3, errors: [] });
  return { schools, file };
}

describe('import', () => {
  it('a region imports the filled template for 3 schools: one form each with the right rows, audited', async () => {
    const schools = await newSchools();
    // An importer of its own, so that the audit page's 操作人 filter below finds this test's entries only.
    await makeUser(t, { username: 'xy-importer', displayName: '襄阳市人社局', role: 'region', regionCode: XY });
    const cookie = await login(t, 'xy-importer');
    const job = await importFile(t, cookie, await fillTemplate(template, goodRows(schools)));
    expect(job.state, job.message).toBe('done');
    expect(job.result).toMatchObject({
      orgs: 3,
      rowsRead: 6,
      rowsImported: 6,
      rowsSkipped: 0,
      created: 3,
      updated: 0,
      unchanged: 0,
      submitted: 0,
      errors: [],
    });
    expect(job.processedRows).toBe(job.totalRows);
    const { forms, audits } = await stateOf(schools);
    expect(forms.map((f) => [f.org_id, f.row_count, f.state, f.version])).toEqual(
      schools.map((s, i) => [s.id, [2, 1, 3][i], 'draft', 1]),
    );
    const a = forms[0].data;
    expect(a.org).toMatchObject({
      regionCode: '420600',
      schoolName: schools[0].name,
      uscc: schools[0].uscc,
      contactPhone: '0710-3456789',
    });
    expect(a.rows[0].values).toMatchObject({
      needType: '订单（定向）班',
      graduatesMidLevel: 40,
      availableFrom: '2025-09-01',
    });
    expect(a.rows[0].values.specialtyCode).toMatch(/^\w+$/); // stored as a code, typed as a name
    expect(a.rows[1].values.targetIndustries).toHaveLength(2);
    expect(forms[2].data.org.contactName).toBe('李老师'); // continuation rows belong to the school above
    expect(audits).toBe(3);
    const [entry] = (
      await exec(
        t,
        sql`select actor_name, after from audit_log where action = 'form.import' and entity_type = 'form'
            and entity_id = (select id::text from forms where org_id = ${schools[0].id})`,
      )
    ).rows;
    expect(entry).toMatchObject({ actor_name: 'xy-importer', after: { jobId: job.id, rows: 2, created: true } });
    // The audit page's 操作人 filter finds an import's entries by the username, like any single save (not the display name).
    const found = await t.app.inject({
      method: 'GET',
      url: '/api/audit?actor=xy-importer&action=form.import',
      headers: { cookie: fx.cookies.prov },
    });
    expect(found.json().total).toBe(3);
  });

  it('re-importing the same file changes nothing: no version bump, no audit entry', async () => {
    const { schools, file } = await imported();
    const before = await stateOf(schools);
    const job = await importFile(t, fx.cookies.xy, file);
    expect(job.result).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await stateOf(schools)).toEqual(before);
  });

  it('three kinds of bad cells: the job fails, nothing is written, the error workbook marks exactly those cells', async () => {
    const before = await formsState(t);
    const rows = goodRows(await newSchools());
    rows[0][col('specialtyCode') - 2] = '不存在的专业';
    rows[1][col('graduatesMidLevel') - 2] = -5;
    rows[2][col('contactPhone') - 2] = '12345';
    rows[3][col('needDetail') - 2] = '改动了但不应写入';
    const r = await upload(t, fx.cookies.xy, await fillTemplate(template, rows));
    const job = await waitJob(t, fx.cookies.xy, r.json().jobId);
    expect(job.state).toBe('failed');
    expect(job.message).toMatch(/^第 3 行等 3 处错误，未导入任何数据/);
    expect(job.result.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, L('specialtyCode')],
      [4, L('graduatesMidLevel')],
      [5, L('contactPhone')],
    ]);
    expect(job.hasErrorFile).toBe(true);
    expect(await formsState(t)).toEqual(before);

    const res = await t.app.inject({ url: `/api/imports/${job.id}/errors.xlsx`, headers: { cookie: fx.cookies.xy } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = await loadBook(res.rawPayload);
    const ws = wb.getWorksheet(fx.def.sheetName)!;
    const header = ws.getRow(1).values as string[];
    expect(header[header.length - 1]).toBe(ERROR_HEADER);
    const red: string[] = [];
    ws.eachRow((row) =>
      row.eachCell(
        (c) =>
          (c.fill as ExcelJS.FillPattern)?.fgColor?.argb === 'FFFFC7CE' &&
          red.push(`${c.address}:${c.note ? 'note' : ''}`),
      ),
    );
    expect(red.sort()).toEqual(
      [`${L('specialtyCode')}3:note`, `${L('graduatesMidLevel')}4:note`, `${L('contactPhone')}5:note`].sort(),
    );
    expect(ws.getCell(`${L('specialtyCode')}3`).note).toContain('不在专业目录中');
    expect(ws.getCell(`${L('graduatesMidLevel')}4`).note).toContain('整数');
    expect(ws.getCell(`${L('contactPhone')}5`).note).toContain('联系电话格式不正确');
    const errCol = header.length - 1;
    expect(String(ws.getRow(3).getCell(errCol).value)).toContain('专业（群）名称：');
    expect(ws.getRow(6).getCell(errCol).value).toBeNull(); // a good row says nothing
    // The user's own values come back, at the same rows; the example row stays.
    expect(ws.getCell(`${L('specialtyCode')}3`).value).toBe('不存在的专业');
    expect(ws.getRow(6).getCell(col('needDetail')).value).toBe('改动了但不应写入');
    expect(ws.getCell('A2').value).toBe('示例');
    expect(wb.getWorksheet('_meta')?.state).toBe('veryHidden'); // fix and upload again

    // The job belongs to its owner (and the province); the school account does not see it.
    expect(
      (await t.app.inject({ url: `/api/imports/${job.id}`, headers: { cookie: fx.cookies.xys } })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/imports/${job.id}`, headers: { cookie: fx.cookies.prov } })).statusCode,
    ).toBe(200);
  });

  it('skipBadRows writes the organisations whose rows are all good and lists the rest', async () => {
    const { schools } = await imported();
    const rows = goodRows(schools);
    rows[0][col('needDetail') - 2] = '甲校的新需求';
    rows[2][col('needDetail') - 2] = '乙校的新需求';
    rows[3][col('contactPhone') - 2] = '0710-1111111'; // 丙: disagrees with nothing yet …
    rows.push(
      schoolRow(fx.def, schools[2], {
        contactPhone: '0710-2222222',
        specialtyCode: fx.specialties[3],
        needType: '其他',
      }),
    ); // … but this row does
    rows.push(
      schoolRow(fx.def, schools[1], {
        specialtyCode: fx.specialties[2],
        needType: '教师企业实践',
        contactPhone: '13900001111',
      }),
    ); // 乙: duplicate row
    const before = await stateOf(schools);
    const job = await importFile(t, fx.cookies.xy, await fillTemplate(template, rows), 'kind=school&skipBadRows=true');
    expect(job.state, job.message).toBe('done');
    expect(job.result).toMatchObject({ orgs: 3, rowsRead: 8, updated: 1, created: 0, rowsImported: 2, rowsSkipped: 6 });
    expect(job.result.errors).toEqual([
      expect.objectContaining({
        row: 9,
        column: L('contactPhone'),
        message: expect.stringContaining('与本单位第 6 行的“联系电话”不一致'),
      }),
      expect.objectContaining({
        row: 10,
        column: L('specialtyCode'),
        message: expect.stringContaining('与第 5 行重复'),
      }),
    ]);
    expect(job.hasErrorFile).toBe(true);
    const after = await stateOf(schools);
    expect(after.forms[0].data.rows[0].values.needDetail).toBe('甲校的新需求');
    expect(after.forms[0].version).toBe(before.forms[0].version + 1);
    expect(after.forms.slice(1)).toEqual(before.forms.slice(1));
    expect(after.audits).toBe(before.audits + 1);
  });

  it("a school of another region in a region's file is an error on its USCC cell", async () => {
    const rows = [
      schoolRow(fx.def, fx.whSchool, { regionCode: '武汉市', specialtyCode: fx.specialties[0], needType: '其他' }),
    ];
    const job = await importFile(t, fx.cookies.xy, await fillTemplate(template, rows));
    expect(job.state).toBe('failed');
    expect(job.result.errors).toEqual([
      {
        row: 3,
        column: L('uscc'),
        field: '统一社会信用代码',
        message: expect.stringContaining('不在本地区的单位名录中'),
      },
    ]);
    const [{ n }] = (await exec(t, sql`select count(*)::int as n from forms where org_id = ${fx.whSchool.id}`)).rows;
    expect(n).toBe(0);
  });

  it('a school imports only itself', async () => {
    const rows = [schoolRow(fx.def, fx.xySchools[1], { specialtyCode: fx.specialties[0], needType: '其他' })];
    const job = await importFile(t, fx.cookies.xys, await fillTemplate(template, rows));
    expect(job.result.errors[0]).toMatchObject({
      column: L('uscc'),
      message: expect.stringContaining('只能导入本单位'),
    });
  });

  it('a returned form takes only the changes its return reasons unlocked', async () => {
    const [b] = await newSchools(1);
    const row = (values: Record<string, unknown>) =>
      schoolRow(fx.def, b, {
        specialtyCode: fx.specialties[2],
        needType: '教师企业实践',
        contactPhone: '13900001111',
        ...values,
      });
    expect(
      (
        await importFile(
          t,
          fx.cookies.xy,
          await fillTemplate(template, [row({ needDetail: '初稿' })]),
          'kind=school&submit=true',
        )
      ).result,
    ).toMatchObject({ submitted: 1 });
    const [f] = (await exec(t, sql`select id, version, data from forms where org_id = ${b.id}`)).rows;
    const ret = await t.app.inject({
      method: 'POST',
      url: `/api/forms/${f.id}/actions`,
      headers: { cookie: fx.cookies.xy },
      payload: {
        action: 'return',
        version: f.version,
        reasons: [{ rowKey: f.data.rows[0].key, fieldKey: 'needDetail', text: '请写明接收人数' }],
      },
    });
    expect(ret.statusCode, ret.body).toBe(200);
    const ok = await importFile(
      t,
      fx.cookies.xy,
      await fillTemplate(template, [row({ needDetail: '每年接收教师 10 人' })]),
    );
    expect(ok.result).toMatchObject({ updated: 1, errors: [] });
    const locked = await importFile(
      t,
      fx.cookies.xy,
      await fillTemplate(template, [row({ needDetail: '每年接收教师 10 人', specialtyEnrolment: 300 })]),
    );
    expect(locked.state).toBe('failed');
    expect(locked.result.errors).toEqual([
      expect.objectContaining({ row: 3, column: L('specialtyEnrolment'), message: '退回意见未涉及此项，不能修改' }),
    ]);
    const [after] = (await exec(t, sql`select state, data from forms where org_id = ${b.id}`)).rows;
    expect(after.state).toBe('returned');
    expect(after.data.rows[0].values).toMatchObject({ needDetail: '每年接收教师 10 人', specialtyEnrolment: null });
  });
});
