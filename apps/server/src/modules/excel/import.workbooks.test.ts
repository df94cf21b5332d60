import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCodeLists } from '@cjrh/domain';
import { createTestApp, exec, type TestApp } from '../../../test/app';
import {
  downloadTemplate,
  fillTemplate,
  type Fixture,
  formsState,
  importFile,
  makeZip,
  schoolRow,
  setUp,
  unzipAll,
  YEAR,
} from './excel.testkit';
import { inflateEntry, readCentralDirectory } from './zip';
import { addHiddenSheets, bufferedWriter, fieldColumn, headerText, planLists, SEQ_HEADER } from './layout';

// The shapes of workbook the import reads besides its own template: cached formula results, cells without shared
// strings (t="str", inline <is> strings), real dates, and rows pasted into a new workbook without the hidden _meta.
let t: TestApp;
let fx: Fixture;
let template: Buffer;
const col = (key: string) => fieldColumn(fx.def.fields.findIndex((f) => f.key === key));

beforeAll(async () => {
  t = await createTestApp();
  fx = await setUp(t);
  template = await downloadTemplate(t, fx.cookies.xy);
});
afterAll(() => t.close());

describe('import of workbooks made elsewhere', () => {
  it('a formula cell is read as its cached result, never evaluated', async () => {
    const rows = [
      schoolRow(fx.def, fx.xySchools[1], {
        specialtyCode: fx.specialties[2],
        needType: '教师企业实践',
        contactPhone: '13900001111',
      }),
    ];
    const file = await fillTemplate(template, rows, (ws) => {
      ws.getCell(3, col('graduatesMidLevel')).value = { formula: '20+22', result: 42 } as ExcelJS.CellFormulaValue;
      ws.getCell(3, col('preferredEnterprises')).value = {
        formula: 'UPPER("x")',
        result: '装备制造企业',
      } as ExcelJS.CellFormulaValue;
    });
    const job = await importFile(t, fx.cookies.xy, file);
    expect(job.state, job.message).toBe('done');
    const [f] = (await exec(t, sql`select data from forms where org_id = ${fx.xySchools[1].id}`)).rows;
    expect(f.data.rows[0].values).toMatchObject({ graduatesMidLevel: 42, preferredEnterprises: '装备制造企业' });
  });

  it('a workbook without shared strings (t="str" cells, and <is> inline strings) and with real dates imports fine; submit=true submits', async () => {
    const { wb, finish } = bufferedWriter(false);
    const ws = wb.addWorksheet(fx.def.sheetName);
    ws.getRow(1).values = [SEQ_HEADER, ...fx.def.fields.map(headerText)];
    ws.getRow(1).commit();
    const row = schoolRow(fx.def, fx.xySchools[2], {
      specialtyCode: fx.specialties[4],
      needType: '其他',
      availableFrom: new Date(Date.UTC(2025, 9, 8)),
    });
    ws.getRow(2).values = [1, ...(row as ExcelJS.CellValue[])];
    ws.getCell(2, col('availableFrom')).numFmt = 'yyyy-mm-dd';
    ws.getRow(2).commit();
    ws.commit();
    addHiddenSheets(wb, fx.def, planLists(fx.def, defaultCodeLists()), {
      kind: 'school',
      version: fx.def.version,
      campaignYear: YEAR,
    });
    const file = await finish();
    const entries = unzipAll(file);
    expect(entries.some((e) => e.name === 'xl/sharedStrings.xml')).toBe(false);
    const job = await importFile(t, fx.cookies.xy, file, 'kind=school&submit=true');
    expect(job.state, job.message).toBe('done');
    // This file's own database: the school has no form yet, so the import creates it.
    expect(job.result).toMatchObject({ created: 1, updated: 0, submitted: 1 });
    const [f] = (await exec(t, sql`select id, state, data from forms where org_id = ${fx.xySchools[2].id}`)).rows;
    expect(f.state).toBe('submitted');
    expect(f.data.rows).toHaveLength(1);
    expect(f.data.rows[0].values.availableFrom).toBe('2025-10-08');
    const tr = (
      await exec(
        t,
        sql`select action, from_state, to_state, comment, snapshot_id from form_transitions where form_id = ${f.id}`,
      )
    ).rows;
    expect(tr).toEqual([
      {
        action: 'submit',
        from_state: 'draft',
        to_state: 'submitted',
        comment: 'Excel 导入后提交',
        snapshot_id: expect.any(Number),
      },
    ]);

    // The same file again: the submitted form is unchanged, so it is neither refused nor touched.
    const before = await formsState(t);
    const again = await importFile(t, fx.cookies.xy, file, 'kind=school&submit=true');
    expect(again.result).toMatchObject({ unchanged: 1, submitted: 0 });
    expect(await formsState(t)).toEqual(before);
    // Real <is> inline strings (POI, openpyxl and others write them) read the same as ExcelJS's t="str" cells.
    const inline = makeZip(
      entries.map((e) =>
        e.name.startsWith('xl/worksheets/')
          ? {
              ...e,
              data: Buffer.from(
                e.data.toString('utf8').replace(/ t="str"><v>([^<]*)<\/v>/g, ' t="inlineStr"><is><t>$1</t></is>'),
              ),
            }
          : e,
      ),
    );
    expect(
      inflateEntry(
        inline,
        readCentralDirectory(inline).find((e) => e.name === 'xl/worksheets/sheet1.xml')!,
      ).toString(),
    ).toContain('<is><t>');
    expect((await importFile(t, fx.cookies.xy, inline)).result).toMatchObject({ unchanged: 1, errors: [] });
    // A change to a submitted form is refused on its USCC cell.
    const changed = await importFile(
      t,
      fx.cookies.xy,
      await fillTemplate(template, [
        schoolRow(fx.def, fx.xySchools[2], { specialtyCode: fx.specialties[0], needType: '其他' }),
      ]),
    );
    expect(changed.result.errors[0].message).toContain('已提交待审核');
  });

  it('a workbook without _meta is accepted when its headers match exactly (rows pasted into a new workbook)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow([SEQ_HEADER, ...fx.def.fields.map((f) => f.label)]); // without the * marks
    ws.addRow([
      1,
      ...schoolRow(fx.def, fx.xySchools[0], { specialtyCode: fx.specialties[0], needType: '订单（定向）班' }),
    ]);
    const job = await importFile(t, fx.cookies.xy, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(job.state, job.message).toBe('done');
    expect(job.result).toMatchObject({ orgs: 1, rowsRead: 1, errors: [] });
  });
});
