import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_TYPE_HINTS, formDefinition } from '@cjrh/domain';
import { createTestApp, type TestApp } from '../../../test/app';
import {
  downloadTemplate,
  fillTemplate,
  type Fixture,
  importFile,
  loadBook,
  schoolRow,
  setUp,
  XY,
  YEAR,
} from './excel.testkit';
import { colLetter, ERROR_FILL, EXAMPLE_MARK, fieldColumn, TEMPLATE_DATA_ROWS } from './layout';
import { nowMs } from '../../lib/clock';

let t: TestApp;
let fx: Fixture;
beforeAll(async () => {
  t = await createTestApp();
  fx = await setUp(t);
});
afterAll(() => t.close());

describe('template download', () => {
  it('is generated from the definition: headers, notes, dropdowns on _lists, whole numbers, example row, stamp', async () => {
    const wb = await loadBook(await downloadTemplate(t, fx.cookies.xys));
    const def = fx.def;
    const ws = wb.getWorksheet(def.sheetName)!;
    expect(ws.name).toBe(def.sheetName);
    expect(wb.worksheets[0].name).toBe(def.sheetName);
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(['序号', ...def.fields.map((f) => `${f.required ? '*' : ''}${f.label}`)]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    // Every field column has a note with the type hint; enums list their options.
    def.fields.forEach((f, i) => {
      const note = ws.getCell(1, fieldColumn(i)).note as string;
      expect(note).toContain(FIELD_TYPE_HINTS[f.type]);
      if (f.options) expect(note).toContain(f.options.join('、'));
      if (f.help) expect(note).toContain(f.help);
    });

    // Dropdowns point at the veryHidden _lists sheet holding the live dictionary names; integers are whole numbers.
    const dv = (ws as any).dataValidations.model as Record<string, ExcelJS.DataValidation>;
    const lists = wb.getWorksheet('_lists')!;
    expect(lists.state).toBe('veryHidden');
    const last = TEMPLATE_DATA_ROWS + 2;
    def.fields.forEach((f, i) => {
      const col = colLetter(fieldColumn(i));
      const rule = dv[`${col}3`] ?? dv[`${col}3:${col}${last}`];
      const atEnd = dv[`${col}${last}`] ?? rule;
      if (['enum', 'region', 'specialty', 'boolean'].includes(f.type)) {
        expect(rule?.type, f.key).toBe('list');
        expect(atEnd?.type).toBe('list');
        expect(rule!.formulae[0]).toMatch(/^'_lists'!\$[A-Z]+\$2:\$[A-Z]+\$\d+$/);
      } else if (f.type === 'integer') {
        expect(rule?.type, f.key).toBe('whole');
      } else expect(rule, f.key).toBeUndefined();
    });
    const specialtyCol = colLetter(fieldColumn(def.fields.findIndex((f) => f.type === 'specialty')));
    const ref = dv[`${specialtyCol}3`]!.formulae[0] as string;
    const listCol = /\$([A-Z]+)\$2/.exec(ref)![1];
    const names = (lists.getColumn(listCol).values as string[]).slice(2);
    expect(names).toEqual(expect.arrayContaining(fx.specialties));

    // Row 2: the example, marked 示例, grey italic, built from each field's example.
    const ex = ws.getRow(2);
    expect(ex.getCell(1).value).toBe(EXAMPLE_MARK);
    expect(ex.getCell(2).font?.italic).toBe(true);
    def.fields.forEach((f, i) => {
      if (f.example !== undefined && f.example !== '') expect(ex.getCell(fieldColumn(i)).value).toEqual(f.example);
    });
    // Data rows are left empty.
    expect(ws.getRow(3).hasValues).toBe(false);

    const meta = wb.getWorksheet('_meta')!;
    expect(meta.state).toBe('veryHidden');
    const stamp = Object.fromEntries((meta.getSheetValues() as unknown[][]).filter(Boolean).map((r) => [r[1], r[2]]));
    expect(stamp).toMatchObject({ kind: 'school', version: def.version, campaignYear: String(YEAR) });
    expect(Date.parse(stamp.generatedAt as string)).toBeGreaterThan(nowMs() - 60_000);
  });

  it('the enterprise template follows its own definition; anonymous callers get 401', async () => {
    const wb = await loadBook(await downloadTemplate(t, fx.cookies.xy, 'enterprise'));
    const def = formDefinition('enterprise', YEAR);
    expect((wb.worksheets[0].getRow(1).values as string[]).slice(2)).toEqual(
      def.fields.map((f) => `${f.required ? '*' : ''}${f.label}`),
    );
    expect((await t.app.inject({ url: `/api/campaigns/${YEAR}/forms/school/template.xlsx` })).statusCode).toBe(401);
    expect(
      (
        await t.app.inject({
          url: `/api/campaigns/1999/forms/school/template.xlsx`,
          headers: { cookie: fx.cookies.xy },
        })
      ).statusCode,
    ).toBe(400);
  });
});

describe('export', () => {
  it('lists approved forms only by default, all with state=all, in the template layout with 状态 last', async () => {
    const rows = [
      schoolRow(fx.def, fx.xySchools[0], {
        specialtyCode: fx.specialties[0],
        needType: '订单（定向）班',
        graduatesMidLevel: 12,
      }),
      schoolRow(fx.def, fx.xySchools[0], { specialtyCode: fx.specialties[1], needType: '毕业生就业' }),
    ];
    const job = await importFile(t, fx.cookies.xy, await fillTemplate(await downloadTemplate(t, fx.cookies.xy), rows));
    expect(job.state).toBe('done');
    const get = (q: string) =>
      t.app.inject({
        url: `/api/campaigns/${YEAR}/forms/school/export.xlsx${q}`,
        headers: { cookie: fx.cookies.prov },
      });
    const read = loadBook;
    const approved = await read((await get('')).rawPayload);
    expect(approved.worksheets).toHaveLength(1);
    expect(approved.worksheets[0].rowCount).toBe(1); // headers only: nothing approved yet

    const all = await read((await get('?state=all')).rawPayload);
    expect(all.worksheets.map((w) => w.name)).toEqual(['襄阳市']); // the province gets a sheet per region
    const ws = all.worksheets[0];
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(['序号', ...fx.def.fields.map((f) => `${f.required ? '*' : ''}${f.label}`), '状态']);
    expect(ws.rowCount).toBe(3);
    const col = (key: string) => fieldColumn(fx.def.fields.findIndex((f) => f.key === key));
    expect(ws.getRow(2).getCell(col('specialtyCode')).value).toBe(fx.specialties[0]); // the name, not the code
    expect(ws.getRow(2).getCell(col('regionCode')).value).toBe('襄阳市');
    expect(ws.getRow(2).getCell(col('graduatesMidLevel')).value).toBe(12);
    expect(ws.getRow(3).getCell(col('schoolName')).value).toBe(fx.xySchools[0].name); // org columns repeated
    expect(ws.getRow(2).getCell(header.length).value).toBe('草稿');
    expect(ws.getRow(2).getCell(2).fill).not.toEqual(ERROR_FILL);

    // A region sees its own region only.
    const mine = await read(
      (
        await t.app.inject({
          url: `/api/campaigns/${YEAR}/forms/school/export.xlsx?state=all&region=${XY}`,
          headers: { cookie: fx.cookies.xy },
        })
      ).rawPayload,
    );
    expect(mine.worksheets[0].rowCount).toBe(3);
    const other = await read(
      (
        await t.app.inject({
          url: `/api/campaigns/${YEAR}/forms/school/export.xlsx?state=all&region=420100`,
          headers: { cookie: fx.cookies.xy },
        })
      ).rawPayload,
    );
    expect(other.worksheets[0].rowCount).toBe(1);
  });
});
