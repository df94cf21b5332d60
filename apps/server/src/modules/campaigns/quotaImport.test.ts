import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '@cjrh/domain';
import { openCampaign, createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { XLSX_TYPE } from '../excel/layout';

// The campaign every test only reads; a test that changes quotas makes its own year (campaign()).
const YEAR = 2025;
const TEMPLATE = `/api/campaigns/${YEAR}/quotas/template.xlsx`;
const templateOf = (year: number) => `/api/campaigns/${year}/quotas/template.xlsx`;
// Row 1 is the header, the 17 regions follow, then 各地区合计 (formula) and 全省总数.
const SUM_ROW = 2 + REGIONS.length;
const TOTAL_ROW = SUM_ROW + 1;

let t: TestApp;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const school = await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳测试技师学院' });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'xys', role: 'school', regionCode: '420600', orgId: school.id });
  for (const u of ['prov', 'xy', 'xys']) cookies[u] = await login(t, u);
  await campaign(YEAR);
});
afterAll(() => t.close());

/** An open campaign of that year, its quotas as the province left them at creation. */
async function campaign(year: number) {
  const c = await t.app.inject({
    method: 'POST',
    url: '/api/campaigns',
    headers: { cookie: cookies.prov },
    payload: { year },
  });
  expect(c.statusCode, c.body).toBe(201);
  await openCampaign(t, cookies.prov, year);
  return year;
}

async function download(cookie = cookies.prov, year = YEAR): Promise<Buffer> {
  const r = await t.app.inject({ url: templateOf(year), headers: { cookie } });
  expect(r.statusCode, r.body).toBe(200);
  expect(r.headers['content-type']).toBe(XLSX_TYPE);
  return r.rawPayload;
}

async function load(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** Edits the template the way a person would in Excel and saves it as a normal workbook. */
async function fill(template: Buffer, edit: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = await load(template);
  edit(wb.getWorksheet('任务分配')!);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (body: Buffer, cookie = cookies.prov, type = XLSX_TYPE, year = YEAR) =>
  t.app.inject({
    method: 'POST',
    url: `/api/campaigns/${year}/quotas/import`,
    headers: { cookie, 'content-type': type },
    payload: body,
  });
const quotas = async (year = YEAR) =>
  (await t.app.inject({ url: `/api/campaigns/${year}/quotas`, headers: { cookie: cookies.prov } })).json();
const auditCount = async (year = YEAR) =>
  (
    (
      await exec(
        t,
        sql`select count(*)::int as n from audit_log where action = 'campaign.quotas' and entity_id = ${String(year)}`,
      )
    ).rows[0] as { n: number }
  ).n;

/** The round trip's figures: projects 10..26 (sum 306, the total), 35 key enterprises each (595, total left blank). */
const roundTripFigures = (ws: ExcelJS.Worksheet) => {
  REGIONS.forEach((_, i) => {
    ws.getCell(2 + i, 3).value = 10 + i; // 10..26, sum 306
    ws.getCell(2 + i, 4).value = i === 0 ? { formula: '30+5', result: 35 } : 35; // a formula counts by its value: 17 × 35 = 595
  });
  ws.getCell('E2').value = '示例：省会城市';
  ws.getCell(`C${TOTAL_ROW}`).value = 306;
  ws.getCell(`D${TOTAL_ROW}`).value = null; // blank: the sum becomes the total
};

describe('quota template', () => {
  it('lists the 17 regions with code and name locked, today’s figures, notes, a frozen header and a hidden stamp', async () => {
    const wb = await load(await download());
    const ws = wb.getWorksheet('任务分配')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '地区代码',
      '地区名称',
      '*合作共建项目任务数',
      '*重点企业参与数',
      '备注',
    ]);
    expect(String(ws.getCell('C1').note ?? '')).toBeTruthy();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    REGIONS.forEach((r, i) => {
      const row = ws.getRow(2 + i);
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]).toEqual([
        r.code,
        r.name,
        0,
        0,
      ]);
      expect(row.getCell(1).protection?.locked ?? true).toBe(true); // locked is Excel's default, so a reader may omit it
      expect(row.getCell(3).protection?.locked).toBe(false);
    });
    expect(ws.getCell(`A${SUM_ROW}`).value).toBe('各地区合计');
    expect(ws.getCell(`A${TOTAL_ROW}`).value).toBe('全省总数');
    expect(ws.getCell(`D${TOTAL_ROW}`).value).toBe(600); // the campaign's default total of key enterprises
    expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    const meta = wb.getWorksheet('_meta')!;
    expect(meta.state).toBe('veryHidden');
    const stamp = Object.fromEntries((meta.getSheetValues() as unknown[][]).filter(Boolean).map((v) => [v[1], v[2]]));
    expect(stamp).toMatchObject({ app: 'cjrh-quota-table', campaignYear: String(YEAR), version: '1' });
  });

  it('is for the province only', async () => {
    expect((await t.app.inject({ url: TEMPLATE, headers: { cookie: cookies.xy } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: TEMPLATE, headers: { cookie: cookies.xys } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: TEMPLATE })).statusCode).toBe(401);
  });
});

describe('quota import', () => {
  it('round trip: download, fill, import → the quotas change and one audit entry is written; the same file again changes nothing', async () => {
    const year = await campaign(2026);
    const up = (body: Buffer) => upload(body, cookies.prov, XLSX_TYPE, year);
    const before = await auditCount(year);
    const file = await fill(await download(cookies.prov, year), roundTripFigures);
    const r = await up(file);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      changed: true,
      quotas: { provinceProjectTotal: 306, provinceKeyEnterpriseTotal: 595, balanced: true },
    });
    const q = await quotas(year);
    expect(q.items[0]).toMatchObject({
      regionCode: REGIONS[0].code,
      projectQuota: 10,
      keyEnterpriseQuota: 35,
      remark: '示例：省会城市',
    });
    expect(q.items[16]).toMatchObject({ projectQuota: 26, keyEnterpriseQuota: 35 });
    expect(await auditCount(year)).toBe(before + 1);
    const [entry] = (
      await exec(
        t,
        sql`select actor_name, entity_id, after from audit_log where action = 'campaign.quotas' order by id desc limit 1`,
      )
    ).rows as { actor_name: string; entity_id: string; after: { projectQuota: number }[] }[];
    expect(entry).toMatchObject({ actor_name: 'prov', entity_id: String(year) });
    expect(entry.after[0].projectQuota).toBe(10);

    const again = await up(file);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().changed).toBe(false);
    expect(await auditCount(year)).toBe(before + 1);

    // A freshly downloaded template carries today's figures: importing it untouched is also no change.
    const fresh = await up(await download(cookies.prov, year));
    expect(fresh.json().changed).toBe(false);
    expect(await auditCount(year)).toBe(before + 1);
  });

  it('refuses a workbook with bad cells, names each one, and changes nothing', async () => {
    const before = { q: await quotas(), audits: await auditCount() };
    const file = await fill(await download(), (ws) => {
      ws.getCell('A4').value = '429999'; // not a region of Hubei
      ws.getCell('C6').value = -3; // negative
      ws.getCell('D7').value = '十个'; // not a number
      ws.getCell('C8').value = 2.5; // not whole
      ws.getCell('A9').value = REGIONS[0].code; // the first region a second time
    });
    const r = await upload(file);
    expect(r.statusCode).toBe(400);
    const body = r.json().error;
    expect(body.code).toBe('import_failed');
    expect(body.message).toMatch(/未导入任何数据/);
    const cells = (body.details.errors as { sheet: string; row: number | null; column: string; message: string }[]).map(
      (e) => `${e.sheet}!${e.column}${e.row ?? ''}`,
    );
    expect(cells).toEqual(
      expect.arrayContaining(['任务分配!A4', '任务分配!C6', '任务分配!D7', '任务分配!C8', '任务分配!A9']),
    );
    const msg = (cell: string) =>
      body.details.errors.find((e: { column: string; row: number }) => `${e.column}${e.row}` === cell)?.message;
    expect(msg('A4')).toMatch(/429999.*不是湖北省的市州代码/);
    expect(msg('C6')).toMatch(/不能为负数/);
    expect(msg('D7')).toMatch(/应为整数/);
    expect(msg('C8')).toMatch(/应为整数/);
    expect(msg('A9')).toMatch(/重复.*第 2 行/);
    // Row 4 and row 9 were replaced, so their regions are missing: said once each, for the whole table.
    expect(
      body.details.errors
        .filter((e: { row: number | null }) => e.row === null)
        .map((e: { message: string }) => e.message)
        .join(),
    ).toMatch(new RegExp(`${REGIONS[2].name}.*${REGIONS[7].name}`));
    expect(await quotas()).toEqual(before.q);
    expect(await auditCount()).toBe(before.audits);
  });

  it('refuses regions that do not add up to the provincial total, at the total cell', async () => {
    const year = await campaign(2027);
    const arranged = await upload(
      await fill(await download(cookies.prov, year), roundTripFigures),
      cookies.prov,
      XLSX_TYPE,
      year,
    );
    expect(arranged.statusCode, arranged.body).toBe(200);
    const before = await quotas(year);
    const file = await fill(await download(cookies.prov, year), (ws) => {
      ws.getCell('C2').value = 11; // sum 307, total still 306
    });
    const r = await upload(file, cookies.prov, XLSX_TYPE, year);
    expect(r.statusCode).toBe(400);
    const [e] = r.json().error.details.errors;
    expect(e).toMatchObject({ sheet: '任务分配', row: TOTAL_ROW, column: 'C' });
    expect(e.message).toMatch(/之和为 307.*306.*多 1/);
    expect(await quotas(year)).toEqual(before);
  });

  it('refuses anyone but the province', async () => {
    const file = await download();
    for (const u of ['xy', 'xys']) {
      const r = await upload(file, cookies[u]);
      expect(r.statusCode).toBe(403);
      expect(r.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('refuses a file that is not an .xlsx workbook, in Chinese', async () => {
    const r = await upload(Buffer.from('地区代码,合作共建项目任务数\n420100,10\n', 'utf8'));
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'file_type' });
    expect(r.json().error.message).toMatch(/^这是文本（CSV 等）文件，不是 \.xlsx 工作簿/); // told by its bytes, not its name
    const csv = await upload(Buffer.from('a,b'), cookies.prov, 'text/csv');
    expect(csv.statusCode).toBe(415);
  });

  it('refuses a demand-form template and a template of another year', async () => {
    const form = await t.app.inject({
      url: `/api/campaigns/${YEAR}/forms/school/template.xlsx`,
      headers: { cookie: cookies.prov },
    });
    const r = await upload(form.rawPayload);
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'template_mismatch' });
    expect(r.json().error.message).toMatch(/需求信息征集表的模板/);

    const wb = await load(await download());
    const meta = wb.getWorksheet('_meta')!;
    meta.eachRow((row) => {
      if (row.getCell(1).value === 'campaignYear') row.getCell(2).value = '2024';
    });
    const old = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(old.statusCode).toBe(400);
    expect(old.json().error.message).toMatch(/2024 年度的配额模板/);
  });
});
