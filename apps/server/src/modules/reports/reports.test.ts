import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app';
import type { Database } from '../../db/client';
import { DEMO_PASSWORD, seedDemo } from '../../demo-data/demo';
import { testEnv } from '../../env';
import { freshDatabase } from '../../../test/db';
import { pagePlan } from '../excel/print';
import { inflateEntry, readCentralDirectory } from '../excel/zip';
import { sqlRows } from '../../db/rows';

// 上报 and the list exports on the demo province, read back with ExcelJS as a user would open them.
let db: Database;
let app: FastifyInstance;
const cookies = new Map<string, string>();

beforeAll(async () => {
  db = await freshDatabase();
  await seedDemo(db.db, { matchmaking: true });
  app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', DEMO_DATA: true }), db });
  await app.ready();
}, 300_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function login(username: string) {
  if (cookies.has(username)) return cookies.get(username)!;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  const c = `cjrh_sid=${res.cookies.find((x) => x.name === 'cjrh_sid')!.value}`;
  cookies.set(username, c);
  return c;
}
const get = async (url: string, who = 'province') => app.inject({ url, headers: { cookie: await login(who) } });
async function book(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}
/** Data rows below title, caption and header, as header → value. */
function rowsOf(ws: ExcelJS.Worksheet) {
  const header = (ws.getRow(3).values as ExcelJS.CellValue[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  for (let r = 4; r <= ws.rowCount; r++)
    out.push(Object.fromEntries(header.map((h, i) => [h, ws.getRow(r).getCell(i + 1).value ?? null])));
  return out;
}
const WUHAN = '420100';

describe('上报: 全省专项行动进展统计表', () => {
  it("gives the province every indicator, every region, and the year's lists as sheets, in the print layout", async () => {
    const r = await get('/api/reports/progress.xlsx');
    expect(r.statusCode, r.body).toBe(200);
    const cd = String(r.headers['content-disposition']);
    expect(cd).toMatch(/filename="progress-\d{4}-\d{2}-\d{2}\.xlsx"/);
    expect(decodeURIComponent(cd)).toContain('全省专项行动进展统计表');
    const wb = await book(r.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '指标汇总',
      '分地区指标',
      '合作协议',
      '合作项目',
      '岗位实习',
      '任务完成',
    ]);
    const summary = rowsOf(wb.getWorksheet('指标汇总')!);
    const cards = (await get('/api/indicators')).json().items as { label: string; numerator: number }[];
    expect(summary.map((s) => s.指标)).toEqual(cards.map((c) => c.label));
    expect(summary.map((s) => s.分子)).toEqual(cards.map((c) => c.numerator));
    const regions = rowsOf(wb.getWorksheet('分地区指标')!);
    expect(regions).toHaveLength(17);
    // The regional sheet agrees with the map of one indicator.
    const map = (await get('/api/indicators/quota_completion/regions')).json();
    const wuhan = map.items.find((x: { regionCode: string }) => x.regionCode === WUHAN);
    const label = map.indicator.label as string;
    const shown = regions.find((x) => x.地区 === '武汉市')![label];
    expect(shown).toBe(wuhan.value == null ? '—' : `${(wuhan.value * 100).toFixed(1)}%`);
    const year = (await get('/api/indicators')).json().year;
    const agreements = (await get(`/api/agreements?pageSize=1&year=${year}`)).json();
    expect(rowsOf(wb.getWorksheet('合作协议')!).filter((x) => typeof x.序号 === 'number')).toHaveLength(
      agreements.total,
    );
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup).toMatchObject({ paperSize: 9 });
      expect(ws.pageSetup.printTitlesRow).toBe('1:3');
      expect(ws.headerFooter.oddFooter).toContain('第 &P 页，共 &N 页');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(pagePlan(ws.columns.map((c) => c.width ?? 9)).smallestPt).toBeGreaterThanOrEqual(9);
    }
  });

  it('gives a bureau its own region only, and refuses schools', async () => {
    const r = await get('/api/reports/progress.xlsx', `region-${WUHAN}`);
    expect(r.statusCode, r.body).toBe(200);
    const wb = await book(r.rawPayload);
    expect(rowsOf(wb.getWorksheet('分地区指标')!).map((x) => x.地区)).toEqual(['武汉市']);
    expect(String(wb.getWorksheet('指标汇总')!.getCell('A1').value)).toContain('武汉市专项行动进展统计表');
    const school = await get('/api/reports/progress.xlsx', `school-${WUHAN}-01`);
    expect(school.statusCode).toBe(403);
  });

  it('stands at the asked day, says so, and an empty year is a workbook that says so', async () => {
    const r = await get('/api/reports/progress.xlsx?asOf=2025-07-01');
    expect(r.statusCode, r.body).toBe(200);
    const wb = await book(r.rawPayload);
    expect(String(wb.getWorksheet('指标汇总')!.getCell('A2').value)).toContain('2025-07-01');
    expect(String(wb.getWorksheet('指标汇总')!.getCell('A2').value)).toContain('之前没有统计数据');
    const empty = await book((await get('/api/reports/progress.xlsx?year=2025')).rawPayload);
    expect(empty.worksheets).toHaveLength(6);
    const bad = await get('/api/reports/progress.xlsx?asOf=2025-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('无效');
  });

  it('has a Word summary in zh-CN with the indicator table', async () => {
    const r = await get('/api/reports/progress.docx');
    expect(r.statusCode, r.body).toBe(200);
    expect(String(r.headers['content-disposition'])).toMatch(/filename="progress-[\d-]+\.docx"; filename\*=UTF-8''/);
    const parts = new Map(
      readCentralDirectory(r.rawPayload).map((e) => [e.name, inflateEntry(r.rawPayload, e).toString('utf8')]),
    );
    const xml = parts.get('word/document.xml')!;
    expect(xml).toContain('指标完成情况');
    expect(xml).toContain('分地区情况');
    expect(parts.get('word/styles.xml')!).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
  });
});

describe("list exports with the list's filters", () => {
  it('exports the agreements the list shows, with the same filter, and audits it as personal data', async () => {
    const list = (await get(`/api/agreements?region=${WUHAN}&pageSize=200`)).json();
    const r = await get(`/api/agreements/export.xlsx?region=${WUHAN}`);
    expect(r.statusCode, r.body).toBe(200);
    const rows = rowsOf((await book(r.rawPayload)).worksheets[0]).filter((x) => typeof x.序号 === 'number');
    expect(rows.map((x) => x.协议编号).sort()).toEqual(
      list.items.map((a: { agreementNo: string }) => a.agreementNo).sort(),
    );
    expect(rows.every((x) => x.地区 === '武汉市')).toBe(true);
    expect(rows.some((x) => /\d{3}/.test(String(x.学校联系人)))).toBe(true);
    const [audit] = await sqlRows<{ after: { route: string; personalData?: boolean } }>(
      db.db,
      sql`select after from audit_log where action = 'export.download' order by id desc limit 1`,
    );
    expect(audit.after).toMatchObject({ route: '/api/agreements/export.xlsx', personalData: true });
  });

  it('exports projects, internships and quota completion in scope; an empty filter gives a sheet that says so', async () => {
    const projects = (await get(`/api/projects?pageSize=1&status=running`, `region-${WUHAN}`)).json();
    const p = rowsOf(
      (await book((await get('/api/projects/export.xlsx?status=running', `region-${WUHAN}`)).rawPayload)).worksheets[0],
    ).filter((x) => typeof x.序号 === 'number');
    expect(p).toHaveLength(projects.total);
    expect(p.every((x) => x.状态 === '实施中')).toBe(true);
    const none = await book((await get('/api/projects/export.xlsx?q=不存在的项目名称')).rawPayload);
    expect(none.worksheets[0].getCell('A4').value).toBe('没有符合条件的项目');
    const i = await get('/api/internships/export.xlsx?state=confirmed');
    expect(i.statusCode).toBe(200);
    expect(
      rowsOf((await book(i.rawPayload)).worksheets[0]).every(
        (x) => x.状态 === '已确认' || x.序号 === '没有符合条件的实习批次',
      ),
    ).toBe(true);
    const [{ year }] = await sqlRows<{ year: number }>(db.db, sql`select max(year)::int as year from campaigns`);
    const q = await get(`/api/campaigns/${year}/quota/export.xlsx`, `region-${WUHAN}`);
    expect(q.statusCode, q.body).toBe(200);
    expect(rowsOf((await book(q.rawPayload)).worksheets[0]).map((x) => x.地区)).toEqual(['武汉市']);
    expect((await get(`/api/projects/export.xlsx?region=abc`)).statusCode).toBe(400);
  });
});
