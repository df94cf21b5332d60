// Issue 18 part 4 on the other imports (单位名单, 附件3 quotas, 重点产业): they share the reader, the stamp and the
// upload checks with the demand-form import (edgeCases.test.ts), and this proves they say the same things.
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, exec, login, makeUser, openCampaign, type TestApp } from '../../../test/app';
import {
  download as onboardTemplate,
  fill as onboardFill,
  upload as onboardUpload,
  uscc,
} from '../onboarding/onboarding.testkit';
import { makeZip, unzipAll } from './excel.testkit';
import { XLSX_TYPE } from './layout';
import { NO_RESULT_MESSAGE } from './reader';
import { ODS_MESSAGE } from './safety';

const YEAR = 2025;
let t: TestApp;
const c: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  for (const u of ['prov', 'xy']) c[u] = await login(t, u);
  expect(
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/campaigns',
        headers: { cookie: c.prov },
        payload: { year: YEAR },
      })
    ).statusCode,
  ).toBe(201);
  await openCampaign(t, c.prov, YEAR);
});
afterAll(() => t.close());

const count = async (table: 'orgs' | 'audit_log') =>
  ((await exec(t, sql.raw(`select count(*)::int as n from ${table}`))).rows[0] as { n: number }).n;
const post = (url: string, body: Buffer, who = 'prov') =>
  t.app.inject({ method: 'POST', url, headers: { cookie: c[who], 'content-type': XLSX_TYPE }, payload: body });
const book = async (buf: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
};
const save = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());
const cells = (r: { json(): { error: { details: { errors: { row: number; column: string; message: string }[] } } } }) =>
  r.json().error.details.errors.map((e) => `${e.row}${e.column} ${e.message}`);

/** A new visible first sheet, and the data sheet renamed as Excel renames it (the defined name follows). */
async function hideBehind(buf: Buffer, sheet: string, newName: string) {
  const wb = await book(buf);
  const intro = wb.addWorksheet('封面');
  intro.getCell('A1').value = '报送说明';
  (intro as unknown as { orderNo: number }).orderNo = -1; // first in the tab order
  const saved = await save(wb);
  return makeZip(
    unzipAll(saved).map((e) =>
      e.name === 'xl/workbook.xml'
        ? {
            ...e,
            data: Buffer.from(
              e.data
                .toString()
                .replaceAll(`name="${sheet}"`, `name="${newName}"`)
                .replaceAll(`'${sheet}'!`, `'${newName}'!`),
            ),
          }
        : e,
    ),
  );
}

describe('单位名单 (onboarding)', () => {
  it('单位类型 merged down over two organisations is read on both; a formula without a result is named, not 「必填」', async () => {
    const tpl = await onboardTemplate(t, c.xy);
    const lines = [
      { name: '襄阳合并甲技师学院', uscc: uscc() },
      { name: '襄阳合并乙技工学校', uscc: uscc(), schoolType: '技工学校' },
    ];
    const wb = await book(await onboardFill(tpl, lines));
    const ws = wb.getWorksheet('单位名单')!;
    ws.getCell('C4').value = null;
    ws.mergeCells('C3:C4');
    ws.getCell('F4').value = { formula: 'F3' } as ExcelJS.CellFormulaValue; // 联系人 copied by a formula never calculated
    const before = await count('orgs');
    const refused = await onboardUpload(t, c.xy, await save(wb));
    expect(refused.statusCode, refused.body).toBe(400);
    expect(cells(refused)).toEqual([`4F ${NO_RESULT_MESSAGE}（公式 =F3）`]);
    expect(await count('orgs')).toBe(before);

    ws.getCell('F4').value = '赵老师';
    const ok = await onboardUpload(t, c.xy, await save(wb));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ created: 2 });
    const types = (await exec(t, sql`select name, type from orgs where name like '襄阳合并%' order by name`)).rows;
    expect(types).toEqual([
      { name: '襄阳合并乙技工学校', type: 'school' },
      { name: '襄阳合并甲技师学院', type: 'school' },
    ]);
  });

  it('the 单位名单 renamed and moved behind a cover sheet is still the one read', async () => {
    const file = await hideBehind(
      await onboardFill(await onboardTemplate(t, c.xy), [{ name: '襄阳改名技师学院', uscc: uscc() }]),
      '单位名单',
      '襄阳新增单位',
    );
    const r = await onboardUpload(t, c.xy, file);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ created: 1 });
  });
});

describe('附件3 quotas', () => {
  const URL = `/api/campaigns/${YEAR}/quotas/import`;
  const template = async () =>
    (await t.app.inject({ url: `/api/campaigns/${YEAR}/quotas/template.xlsx`, headers: { cookie: c.prov } }))
      .rawPayload;

  it('renamed and behind a cover sheet: imported; a quota given by a formula without a result: refused at its cell', async () => {
    const wb = await book(await template());
    const ws = wb.getWorksheet('任务分配')!;
    ws.getCell('C2').value = 7;
    ws.getCell('C3').value = { formula: 'C2*2' } as ExcelJS.CellFormulaValue;
    ws.getCell('C20').value = null; // 全省总数 blank: the regions' sum is saved
    ws.getCell('D20').value = null;
    const audits = await count('audit_log');
    const bad = await post(URL, await hideBehind(await save(wb), '任务分配', '分配表'));
    expect(bad.statusCode, bad.body).toBe(400);
    expect(cells(bad)).toEqual([`3C 黄石市的合作共建项目任务数${NO_RESULT_MESSAGE}（公式 =C2*2）`]);
    expect(await count('audit_log')).toBe(audits);

    ws.getCell('C3').value = { formula: 'C2*2', result: 14 } as ExcelJS.CellFormulaValue;
    const ok = await post(URL, await hideBehind(await save(wb), '任务分配', '分配表'));
    expect(ok.statusCode, ok.body).toBe(200);
    const q = (await t.app.inject({ url: `/api/campaigns/${YEAR}/quotas`, headers: { cookie: c.prov } })).json();
    expect(q.items.slice(0, 2).map((i: { projectQuota: number }) => i.projectQuota)).toEqual([7, 14]);
  });

  it('a renamed .ods is told apart from a broken workbook', async () => {
    const ods = makeZip([
      { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), store: true },
      { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
    ]);
    const r = await post(URL, ods);
    expect([r.statusCode, r.json().error.message]).toEqual([400, ODS_MESSAGE]);
  });
});

describe('重点产业 (list workbook)', () => {
  it('a region merged across 市州 and 重点产业 is refused at the covered cell', async () => {
    const tpl = (await t.app.inject({ url: '/api/key-industries/import/template.xlsx', headers: { cookie: c.prov } }))
      .rawPayload;
    const wb = await book(tpl);
    const ws = wb.getWorksheet('重点产业')!;
    ws.getCell('B3').value = '襄阳市';
    ws.mergeCells('B3:C3');
    const r = await post('/api/key-industries/import', await save(wb));
    expect(r.statusCode, r.body).toBe(400);
    expect(cells(r)).toEqual(['3C 是跨列的合并单元格（B3:C3），请取消合并，每一列分别填写']);
  });
});
