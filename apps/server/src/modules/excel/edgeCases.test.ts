// Issue 18 part 4 on the demand-form import: merged cells, formulas without a stored result, the data sheet found by its
// stamp, .ods/.xls told apart by their bytes, and error rows far from the top. Each bad file is built here (ExcelJS,
// or the test zip writer where ExcelJS can not say it), and each refusal leaves the database as it was.
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeOrg, type TestApp } from '../../../test/app';
import {
  downloadTemplate,
  fillTemplate,
  type Fixture,
  formsState,
  importFile,
  loadBook,
  makeZip,
  schoolRow,
  setUp,
  unzipAll,
  upload,
  XY,
} from './excel.testkit';
import { colLetter, fieldColumn } from './layout';
import { NO_RESULT_MESSAGE } from './reader';
import { peekWorkbook } from './peek';
import { checkUpload, ODS_MESSAGE, OLD_XLS_MESSAGE } from './safety';

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

/**
 * A new school of Xiangyang without a form: each test whose file is imported writes to a school of its own, so the
 * tests pass alone and in any order (the refused files name the fixture's schools: they write nothing).
 */
const newSchool = async (): Promise<School> =>
  makeOrg(t, { type: 'school', regionCode: XY, name: `襄阳边界测试${++made}技师学院`, schoolType: '技师学院' });

/** Three needs of one school on rows 3–5. */
const threeNeeds = (a: School = fx.xySchools[0]) => {
  const s = fx.specialties;
  return [
    schoolRow(fx.def, a, { specialtyCode: s[0], needType: '订单（定向）班' }),
    schoolRow(fx.def, a, { specialtyCode: s[1], needType: '毕业生就业' }),
    schoolRow(fx.def, a, { specialtyCode: s[2], needType: '其他' }),
  ];
};

/** Refused while the job reads the file: failed, nothing written; the errors as [row, column, message]. */
async function failed(body: Buffer) {
  const before = await formsState(t);
  const job = await importFile(t, fx.cookies.xy, body);
  expect(job.state, job.message).toBe('failed');
  expect(await formsState(t)).toEqual(before);
  return {
    job,
    errors: (job.result.errors as { row: number; column: string; message: string }[]).map(
      (e) => [e.row, e.column, e.message] as const,
    ),
  };
}

async function refusedAtUpload(body: Buffer) {
  const before = await formsState(t);
  const r = await upload(t, fx.cookies.xy, body);
  expect(r.statusCode, r.body).toBe(400);
  expect(await formsState(t)).toEqual(before);
  return r.json().error as { code: string; message: string };
}

/** Edits the XML of one entry of a real workbook and zips it again. */
function rezip(buf: Buffer, edits: Record<string, (xml: string) => string>) {
  return makeZip(
    unzipAll(buf).map((e) => (edits[e.name] ? { ...e, data: Buffer.from(edits[e.name](e.data.toString('utf8'))) } : e)),
  );
}

describe('merged cells', () => {
  it('a column merged down over a school’s rows gives every row the value, and the job says so', async () => {
    const school = await newSchool();
    const rows = threeNeeds(school);
    // The bureau merges 需求类型 of rows 3–5 (one value for three needs) and the school's name column too.
    const body = await fillTemplate(template, rows, (ws) => {
      ws.mergeCells(`${L('needType')}3:${L('needType')}5`);
      ws.mergeCells(`${L('schoolName')}3:${L('schoolName')}5`);
    });
    const job = await importFile(t, fx.cookies.xy, body);
    expect(job.state, JSON.stringify(job.result.errors)).toBe('done');
    expect(job.result).toMatchObject({ orgs: 1, rowsRead: 3, rowsImported: 3, errors: [] });
    const { forms } = await formsState(t);
    const form = forms.find((f) => f.org_id === school.id)!;
    expect(form.data.rows.map((r: { values: Record<string, unknown> }) => r.values.needType)).toEqual([
      '订单（定向）班',
      '订单（定向）班',
      '订单（定向）班',
    ]);
    expect([...job.result.notices].sort()).toEqual(
      [
        `第 3～5 行 ${L('schoolName')} 列是合并单元格，已按合并的值读取到每一行`,
        `第 3～5 行 ${L('needType')} 列是合并单元格，已按合并的值读取到每一行`,
      ].sort(),
    );
  });

  it('a merge running on into blank rows makes no data rows of them', async () => {
    const rows = threeNeeds(await newSchool()).slice(0, 1);
    const body = await fillTemplate(template, rows, (ws) => ws.mergeCells(`${L('needType')}3:${L('needType')}9`));
    const job = await importFile(t, fx.cookies.xy, body);
    expect(job.state, JSON.stringify(job.result.errors)).toBe('done');
    expect(job.result.rowsRead).toBe(1);
  });

  it('a merge across two columns is refused at the covered cell, never as 「必填」', async () => {
    const [from, to] = [L('contactName'), colLetter(col('contactName') + 1)];
    const body = await fillTemplate(template, threeNeeds(), (ws) => ws.mergeCells(`${from}4:${to}4`));
    const { errors } = await failed(body);
    expect(errors).toEqual([[4, to, `是跨列的合并单元格（${from}4:${to}4），请取消合并，每一列分别填写`]]);
  });
});

describe('formulas', () => {
  it('a formula without a stored result is refused naming the cell; with a result it counts by the result', async () => {
    const rows = threeNeeds();
    const c = L('graduatesMidLevel');
    // ExcelJS writes <f> without <v> when no result is given: what a program that never ran Excel leaves behind.
    const body = await fillTemplate(template, rows, (ws) => {
      ws.getCell(`${c}3`).value = { formula: '20+20' } as ExcelJS.CellFormulaValue;
      ws.getCell(`${c}4`).value = { formula: '10+5', result: 15 } as ExcelJS.CellFormulaValue;
    });
    const sheetXml = unzipAll(body)
      .find((e) => e.name === 'xl/worksheets/sheet1.xml')!
      .data.toString();
    expect(sheetXml).toMatch(new RegExp(`<c r="${c}3"[^>]*><f>20\\+20</f></c>`));
    const { errors, job } = await failed(body);
    expect(errors).toEqual([[3, c, `${NO_RESULT_MESSAGE}（公式 =20+20）`]]);
    const res = await t.app.inject({ url: `/api/imports/${job.id}/errors.xlsx`, headers: { cookie: fx.cookies.xy } });
    const ws = (await loadBook(res.rawPayload)).worksheets[0];
    expect(ws.getCell(`${c}3`).note).toContain(NO_RESULT_MESSAGE);
    expect(ws.getCell(`${c}3`).formula).toBe('20+20'); // given back as the formula, to be opened and saved in Excel
  });

  it('openpyxl (a reader nobody here wrote) sees the test file as claimed: a formula without a cached value, the merge, the stamp', async () => {
    if (!existsSync('/usr/bin/python3') || spawnOk('/usr/bin/python3', ['-c', 'import openpyxl']) === false) return;
    const body = await fillTemplate(template, threeNeeds(), (ws) => {
      ws.getCell(`${L('graduatesMidLevel')}3`).value = { formula: '20+20' } as ExcelJS.CellFormulaValue;
      ws.mergeCells(`${L('needType')}3:${L('needType')}5`);
    });
    const dir = mkdtempSync(join(tmpdir(), 'edge-'));
    try {
      writeFileSync(join(dir, 'f.xlsx'), body);
      const cell = `${L('graduatesMidLevel')}3`;
      const script = [
        'import openpyxl,sys',
        'f=sys.argv[1]',
        `print(openpyxl.load_workbook(f).worksheets[0]['${cell}'].value)`,
        `print(openpyxl.load_workbook(f, data_only=True).worksheets[0]['${cell}'].value)`,
        'print(openpyxl.load_workbook(f).worksheets[0].merged_cells.ranges[0].coord)',
        "print(openpyxl.load_workbook(f).defined_names['_cjrh_data'].attr_text)",
      ].join('\n');
      const out = execFileSync('/usr/bin/python3', ['-c', script, join(dir, 'f.xlsx')])
        .toString()
        .trim()
        .split('\n');
      expect(out).toEqual(['=20+20', 'None', `${L('needType')}3:${L('needType')}5`, `'${fx.def.sheetName}'!$A$1`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function spawnOk(cmd: string, args: string[]) {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('the data sheet is found by its stamp', () => {
  it('renamed and moved behind a new visible sheet (as Excel does it: the defined name follows): still imported', async () => {
    const filled = await fillTemplate(template, threeNeeds(await newSchool()), (ws) => {
      const wb = ws.workbook;
      const intro = wb.addWorksheet('填表说明');
      intro.getCell('A1').value = '本表由襄阳市人社局汇总';
      (intro as unknown as { orderNo: number }).orderNo = -1; // first in the tab order
    });
    const renamed = rezip(filled, {
      'xl/workbook.xml': (x) =>
        x
          .replaceAll(`name="${fx.def.sheetName}"`, 'name="襄阳汇总"')
          .replaceAll(`'${fx.def.sheetName}'!`, `'襄阳汇总'!`),
    });
    const wb = await loadBook(renamed);
    expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual(['填表说明', '襄阳汇总']);
    const job = await importFile(t, fx.cookies.xy, renamed);
    expect(job.state, job.message).toBe('done');
    expect(job.result.rowsRead).toBe(3);
  });

  it('an unstamped workbook: the sheet whose headers are the template’s is read; with none, a clear message', async () => {
    const school = await newSchool();
    const tpl = await loadBook(template);
    const headers = (tpl.worksheets[0].getRow(1).values as unknown[]).slice(1);
    const build = async (withHeaders: boolean) => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('说明').getCell('A1').value = '汇总说明';
      const ws = wb.addWorksheet('数据');
      ws.addRow(withHeaders ? headers : ['序号', '学校', '专业']);
      threeNeeds(school).forEach((r, i) => ws.addRow([i + 1, ...r]));
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const job = await importFile(t, fx.cookies.xy, await build(true));
    expect(job.state, job.message).toBe('done');
    const e = await refusedAtUpload(await build(false));
    expect(e.code).toBe('template_mismatch');
    expect(e.message).toMatch(/^工作表“说明”第 A 列的表头应为“序号”/);
    expect(e.message).toContain('没有系统模板的标记');
  });
});

describe('files that are not .xlsx, told by their bytes', () => {
  it('a renamed .ods (OpenDocument zip) and an old .xls (OLE2)', async () => {
    const ods = makeZip([
      { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), store: true },
      { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
      { name: 'META-INF/manifest.xml', data: Buffer.from('<manifest:manifest/>') },
    ]);
    expect(await refusedAtUpload(ods)).toEqual({ code: 'file_type', message: ODS_MESSAGE });
    expect(ODS_MESSAGE).toMatch(/^这是 OpenDocument（\.ods）表格文件.*另存为”Excel 工作簿（\.xlsx）后再上传$/);
    const xls = Buffer.concat([
      Buffer.from('D0CF11E0A1B11AE1', 'hex'),
      Buffer.alloc(504),
      Buffer.from('Workbook', 'utf16le'),
      Buffer.alloc(512),
    ]);
    expect(await refusedAtUpload(xls)).toEqual({ code: 'file_type', message: OLD_XLS_MESSAGE });
    expect(OLD_XLS_MESSAGE).toMatch(/^这是旧版 Excel（\.xls）文件/);
    expect((await refusedAtUpload(Buffer.from('%PDF-1.7\n'))).message).toMatch(/^这是 PDF 文件/);
    expect((await refusedAtUpload(Buffer.from('<html><table><tr><td>1</td></tr></table></html>'))).message).toMatch(
      /^这是网页或 XML 格式的表格/,
    );
    expect(
      (await refusedAtUpload(makeZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]))).message,
    ).toMatch(/^这是 Word 文档/);
  });

  it(
    'LibreOffice’s own .ods and .xls of the template, renamed .xlsx (when LibreOffice is installed)',
    { timeout: 120_000 },
    async () => {
      if (!existsSync('/usr/bin/soffice')) return;
      const dir = mkdtempSync(join(tmpdir(), 'edge-'));
      try {
        writeFileSync(join(dir, 'in.xlsx'), template);
        for (const to of ['ods', 'xls']) {
          execFileSync(
            '/usr/bin/soffice',
            [
              `-env:UserInstallation=file://${dir}/profile`,
              '--headless',
              '--convert-to',
              to,
              '--outdir',
              dir,
              join(dir, 'in.xlsx'),
            ],
            { stdio: 'ignore', timeout: 90_000 },
          );
          const e = await refusedAtUpload(readFileSync(join(dir, `in.${to}`)));
          expect(e.message).toBe(to === 'ods' ? ODS_MESSAGE : OLD_XLS_MESSAGE);
        }
        // The template re-saved by LibreOffice as .xlsx keeps the data sheet's stamp.
        mkdirSync(join(dir, 'resaved'));
        execFileSync(
          '/usr/bin/soffice',
          [
            `-env:UserInstallation=file://${dir}/profile`,
            '--headless',
            '--convert-to',
            'xlsx',
            '--outdir',
            join(dir, 'resaved'),
            join(dir, 'in.xlsx'),
          ],
          { stdio: 'ignore', timeout: 90_000 },
        );
        const resaved = readFileSync(join(dir, 'resaved', 'in.xlsx'));
        expect(peekWorkbook(resaved, checkUpload(resaved).entries).stamped?.name).toBe(fx.def.sheetName);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('row numbers', () => {
  it('an error on row 7 of a school that starts on row 3: the other rows’ note says row 7', async () => {
    const s = fx.specialties;
    const b = fx.xySchools[1];
    const rows = [0, 1, 2, 3, 4].map((i) =>
      schoolRow(fx.def, b, {
        specialtyCode: s[i % s.length],
        needType: ['订单（定向）班', '毕业生就业', '其他', '教师企业实践', '学生实习实训基地'][i],
      }),
    );
    rows[4][col('graduatesMidLevel') - 2] = -1; // row 7
    const { errors, job } = await failed(await fillTemplate(template, rows));
    expect(errors.map(([r, c]) => [r, c])).toEqual([[7, L('graduatesMidLevel')]]);
    const res = await t.app.inject({ url: `/api/imports/${job.id}/errors.xlsx`, headers: { cookie: fx.cookies.xy } });
    const ws = (await loadBook(res.rawPayload)).worksheets[0];
    const noteCol = fx.def.fields.length + 2;
    expect(ws.getRow(3).getCell(noteCol).value).toBe('本单位第 7 行有错误，其全部数据行均未导入');
    expect(String(ws.getRow(7).getCell(noteCol).value)).toContain('整数');
  });

  it('rows after blank rows and beyond row 1,000 are named by their sheet row, in the list and in the workbook', async () => {
    const [a, , c] = fx.xySchools;
    const body = await fillTemplate(
      template,
      [schoolRow(fx.def, a, { specialtyCode: fx.specialties[0], needType: '其他' })],
      (ws) => {
        const put = (n: number, values: unknown[]) =>
          values.forEach((v, i) => (ws.getRow(n).getCell(i + 2).value = v as ExcelJS.CellValue));
        put(40, schoolRow(fx.def, c, { specialtyCode: '不存在的专业', needType: '其他' }));
        put(1205, schoolRow(fx.def, c, { specialtyCode: fx.specialties[1], needType: '其他', contactPhone: '12345' }));
      },
    );
    const { errors, job } = await failed(body);
    expect(errors.map(([r, c2]) => [r, c2])).toEqual([
      [40, L('specialtyCode')],
      [1205, L('contactPhone')],
    ]);
    expect(job.message).toMatch(/^第 40 行等 2 处错误/);
    const res = await t.app.inject({ url: `/api/imports/${job.id}/errors.xlsx`, headers: { cookie: fx.cookies.xy } });
    const ws = (await loadBook(res.rawPayload)).worksheets[0];
    expect(ws.getCell(`${L('contactPhone')}1205`).note).toContain('联系电话格式不正确');
    expect((ws.getCell(`${L('contactPhone')}1205`).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(ws.getRow(1205).getCell(col('schoolName')).value).toBe(c.name);
  });
});
