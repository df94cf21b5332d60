import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { now } from '../../lib/clock';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { REGIONS } from '@cjrh/domain';
import { openCampaign, createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { formInState } from '../../../test/forms';
import { pagePlan } from '../excel/print';
import { storedCompiled } from './compiled';

// The compiled 需求信息汇编 of a published version: small campaigns over two regions, read back with ExcelJS. The
// year 2032 is published once before the tests and only read (its version 1 is what the catalogue serves by default:
// no test publishes a later year); a test that publishes again or withdraws a line publishes a year of its own
// (publishedYear), so the tests pass alone and in any order.
let t: TestApp;
let prov = '';
const SHARED = 2032;
const titleOf = (year: number, version = 1) => `湖北省“产教融合·技能助跑”需求信息汇编（${year}年 第${version}版）`;

/** Arrange: the campaign `year` with 襄阳's school (1 line) and firm (数控车工, 焊工) and 武汉's firm (维修电工), all
 * accepted, published as version 1. */
async function publishedYear(year: number) {
  const school = await makeOrg(t, {
    type: 'school',
    regionCode: '420600',
    name: '襄阳汇编测试技师学院',
    contactName: '张明华',
    contactPhone: '13812341234',
  });
  const ent = await makeOrg(t, {
    type: 'enterprise',
    regionCode: '420600',
    name: '襄阳汇编测试机械有限公司',
    contactName: '李强',
    contactPhone: '027-87654321',
  });
  const ent2 = await makeOrg(t, {
    type: 'enterprise',
    regionCode: '420100',
    name: '武汉汇编测试电子有限公司',
    contactName: '王芳',
    contactPhone: '13900001111',
  });
  const made = await t.app.inject({
    method: 'POST',
    url: '/api/campaigns',
    headers: { cookie: prov },
    payload: { year },
  });
  expect(made.statusCode, made.body).toBe(201);
  await openCampaign(t, prov, year);
  await formInState(t, year, school.id, [
    {
      specialtyCode: '数控加工',
      needType: '订单（定向）班',
      needDetail: '合办数控订单班，40 人',
      graduatesMidLevel: 40,
      availableFrom: '2025-09-01',
    },
  ]);
  await formInState(t, year, ent.id, [
    {
      occupationCode: '车工',
      postName: '数控车工',
      headcount: 12,
      needType: '毕业生就业',
      needDetail: '招收数控车工 12 人',
      skillLevel: '中级工',
    },
    {
      occupationCode: '焊工',
      postName: '焊工',
      headcount: 5,
      needType: '学生实习实训基地',
      needDetail: '提供焊接实习岗位',
    },
  ]);
  await formInState(t, year, ent2.id, [
    { occupationCode: '电工', postName: '维修电工', headcount: 30, needType: '毕业生就业', needDetail: '招电工' },
  ]);
  expect((await publishAgain(year, '首次发布')).statusCode).toBe(201);
}

const publishAgain = (year: number, note: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/campaigns/${year}/publications`,
    headers: { cookie: prov },
    payload: { note },
  });

/** The id of the year's line of that post in its latest version. */
async function lineOf(year: number, postName: string) {
  const { rows } = await exec(
    t,
    sql`select i.id from published_items i join campaigns c on c.id = i.campaign_id
        where c.year = ${year} and i.post_name = ${postName} order by i.publication_id desc limit 1`,
  );
  return rows[0].id as number;
}

/** The ids of the year's publications. */
const publicationsOf = async (year: number) =>
  (
    await exec(
      t,
      sql`select p.id from publications p join campaigns c on c.id = p.campaign_id where c.year = ${year} order by p.id`,
    )
  ).rows.map((r) => r.id as number);

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'prov', role: 'province' });
  prov = await login(t, 'prov');
  await publishedYear(SHARED);
});
afterAll(() => t.close());

const download = (url = '/api/catalogue/compiled.xlsx') => t.app.inject({ url });

async function workbookOf(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

/** The data rows of a region sheet (below title, caption and header) as header → value. */
function linesOf(ws: ExcelJS.Worksheet) {
  const header = (ws.getRow(3).values as ExcelJS.CellValue[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  for (let r = 4; r <= ws.rowCount; r++) {
    const v = ws.getRow(r).values as ExcelJS.CellValue[];
    if (v.length) out.push(Object.fromEntries(header.map((h, i) => [h, v[i + 1] ?? null])));
  }
  return out;
}

describe('需求信息汇编 (Excel)', () => {
  it('answers 404 with a Chinese message before anything is published', async () => {
    // Nothing published at all: an app of its own (this file's app has a publication from the start).
    const empty = await createTestApp();
    try {
      const r = await empty.app.inject({ url: '/api/catalogue/compiled.xlsx' });
      expect(r.statusCode).toBe(404);
      expect(r.json().error.message).toContain('尚未发布');
    } finally {
      await empty.close();
    }
  });

  it('has 汇总 first, then a 学校 and an 企业 sheet per region in region-code order, each titled with the version', async () => {
    const r = await download();
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(r.headers['content-disposition']))).toContain(
      `需求信息汇编（${SHARED}年第1版）.xlsx`,
    );
    // Without a year: the latest version of the latest published year, the same file as asked for by year.
    expect((await download(`/api/catalogue/compiled.xlsx?year=${SHARED}&version=1`)).headers.etag).toBe(r.headers.etag);
    const wb = await workbookOf(r.rawPayload);
    const regions = [...REGIONS].sort((a, b) => a.code.localeCompare(b.code));
    expect(regions).toHaveLength(17);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总',
      ...regions.flatMap((g) => [`${g.name}·学校`, `${g.name}·企业`]),
      '学校·全部栏目',
      '企业·全部栏目',
    ]);
    for (const ws of wb.worksheets) {
      expect(ws.getCell('A1').value).toBe(titleOf(SHARED));
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws.pageSetup.printTitlesRow).toBe('1:3');
      expect(ws.pageSetup.paperSize).toBe(9);
    }
  });

  it('prints each region sheet one A4 landscape page wide at ≥ 9 pt with whole rows, the full columns split 先行后列', async () => {
    const wb = await workbookOf((await download()).rawPayload);
    for (const name of ['汇总', '襄阳市·学校', '襄阳市·企业']) {
      const ws = wb.getWorksheet(name)!;
      const widths = ws.columns.map((c) => c.width ?? 9);
      const plan = pagePlan(widths);
      expect(plan.fitToWidth).toBe(true);
      expect(plan.smallestPt).toBeGreaterThanOrEqual(9);
      expect(ws.pageSetup).toMatchObject({ fitToWidth: 1, fitToHeight: 0 });
      expect(ws.headerFooter.oddFooter).toContain('第 &P 页，共 &N 页');
      expect(ws.headerFooter.oddHeader).toContain('需求信息汇编');
    }
    const region = wb.getWorksheet('襄阳市·学校')!;
    // 具体需求内容 wraps (never cut): its cells wrap and the row is as tall as its text.
    const detailCol = (region.getRow(3).values as string[]).indexOf('具体需求内容');
    expect(region.getRow(4).getCell(detailCol).alignment?.wrapText).toBe(true);
    expect((region.getRow(3).values as string[]).slice(1)).not.toContain('统一社会信用代码');
    const full = wb.getWorksheet('学校·全部栏目')!;
    expect((full.getRow(3).values as string[]).slice(1)).toContain('统一社会信用代码');
    expect(linesOf(full)).toHaveLength(1);
    expect(full.pageSetup).toMatchObject({
      orientation: 'landscape',
      pageOrder: 'overThenDown',
      printTitlesColumn: 'A:C',
    });
    expect(full.pageSetup.scale).toBeGreaterThanOrEqual(82);
  });

  it("puts each line on its region's sheet in the form template's columns, with contacts masked", async () => {
    const wb = await workbookOf((await download()).rawPayload);
    const xySchool = linesOf(wb.getWorksheet('襄阳市·学校')!);
    expect(xySchool).toHaveLength(1);
    expect(xySchool[0]).toMatchObject({
      序号: 1,
      学校名称: '襄阳汇编测试技师学院',
      具体需求内容: '合办数控订单班，40 人',
      '可输送毕业生数—中级工': 40,
      联系人: '张**',
      联系电话: '138****1234',
    });
    const xyEnt = linesOf(wb.getWorksheet('襄阳市·企业')!);
    expect(xyEnt.map((l) => l.岗位名称).sort()).toEqual(['数控车工', '焊工']);
    expect(xyEnt.every((l) => l.联系电话 === '027-****4321' && l.企业名称 === '襄阳汇编测试机械有限公司')).toBe(true);
    expect(linesOf(wb.getWorksheet('武汉市·企业')!).map((l) => [l.岗位名称, l.需求人数])).toEqual([['维修电工', 30]]);
    expect(linesOf(wb.getWorksheet('武汉市·学校')!)).toEqual([]);
    expect(linesOf(wb.getWorksheet('宜昌市·企业')!)).toEqual([]);
    // Nowhere in the workbook is a full phone number.
    const text = wb.worksheets
      .flatMap((ws) => ws.getSheetValues().flat())
      .map(String)
      .join('|');
    expect(text).not.toContain('13812341234');
    expect(text).not.toContain('87654321');
  });

  it('counts on 汇总 match the region sheets', async () => {
    const wb = await workbookOf((await download()).rawPayload);
    const sum = wb.getWorksheet('汇总')!;
    const header = (sum.getRow(3).values as ExcelJS.CellValue[]).slice(1);
    expect(header).toEqual([
      '序号',
      '地区',
      '学校需求（条）',
      '企业需求（条）',
      '需求合计（条）',
      '学校可输送毕业生（人）',
      '企业需求人数（人）',
      '人数合计（人）',
    ]);
    const byRegion = new Map<string, unknown[]>();
    for (let r = 4; r <= sum.rowCount; r++) {
      const v = sum.getRow(r).values as unknown[];
      byRegion.set(String(v[2]), v.slice(3));
    }
    expect(byRegion.get('襄阳市')).toEqual([1, 2, 3, 40, 17, 57]);
    expect(byRegion.get('武汉市')).toEqual([0, 1, 1, 0, 30, 30]);
    expect(byRegion.get('全省合计')).toEqual([1, 3, 4, 40, 47, 87]);
    for (const [name, [schools, ents]] of byRegion) {
      if (name === '全省合计') continue;
      expect(linesOf(wb.getWorksheet(`${name}·学校`)!)).toHaveLength(schools as number);
      expect(linesOf(wb.getWorksheet(`${name}·企业`)!)).toHaveLength(ents as number);
    }
  });

  it('serves an earlier version on request, leaves withdrawn lines out, and refuses an unknown version', async () => {
    await publishedYear(2025);
    const id = await lineOf(2025, '焊工');
    // Withdrawn since the first version: a change, so the second publication is taken (one with nothing new is refused).
    await exec(
      t,
      sql`update published_items set status = 'withdrawn', withdrawn_reason = '岗位已招满', withdrawn_at = ${now()} where id = ${id}`,
    );
    expect((await publishAgain(2025, '第二版')).statusCode).toBe(201);
    const v2 = await workbookOf((await download('/api/catalogue/compiled.xlsx?year=2025')).rawPayload);
    expect(v2.getWorksheet('汇总')!.getCell('A1').value).toBe(titleOf(2025, 2));
    expect(linesOf(v2.getWorksheet('襄阳市·企业')!).map((l) => l.岗位名称)).toEqual(['数控车工']);
    const v1 = await workbookOf((await download('/api/catalogue/compiled.xlsx?year=2025&version=1')).rawPayload);
    expect(v1.getWorksheet('汇总')!.getCell('A1').value).toBe(titleOf(2025));
    const missing = await download('/api/catalogue/compiled.xlsx?year=2025&version=9');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('2025 年度没有第 9 版需求信息');
    expect((await download('/api/catalogue/compiled.xlsx?year=2040')).statusCode).toBe(404); // no such campaign
    expect((await download('/api/catalogue/compiled.xlsx?version=abc')).statusCode).toBe(400);
  });

  it('builds a version once and serves the stored bytes to every reader, with an ETag that answers 304', async () => {
    await publishedYear(2026);
    const url = '/api/catalogue/compiled.xlsx?year=2026';
    const [pubId] = await publicationsOf(2026);
    await exec(t, sql`delete from compiled_workbooks where publication_id = ${pubId}`);
    const storedOf = () =>
      exec(t, sql`select publication_id, built_at from compiled_workbooks where publication_id = ${pubId}`);
    // Two readers at once on a version nobody has downloaded yet: one builds, the other waits and reads what it stored.
    const [a, b] = await Promise.all([
      storedCompiled(t.database.db, { year: 2026 }),
      storedCompiled(t.database.db, { year: 2026 }),
    ]);
    expect([a.built, b.built].sort()).toEqual([false, true]);
    expect(a.etag).toBe(b.etag);
    expect(Buffer.compare(await a.content(), await b.content())).toBe(0);
    const stored = await storedOf();
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].publication_id).toBe(pubId);
    const r1 = await download(url);
    const r2 = await download(url);
    expect(r1.statusCode).toBe(200);
    expect(Buffer.compare(r1.rawPayload, r2.rawPayload)).toBe(0);
    expect(Buffer.compare(r1.rawPayload, await a.content())).toBe(0);
    expect(r1.headers.etag).toBe(a.etag);
    expect(r1.headers['cache-control']).toBe('public, no-cache');
    expect((await storedOf()).rows).toEqual(stored.rows);
    const again = await t.app.inject({ url, headers: { 'if-none-match': String(r1.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload).toHaveLength(0);
  });

  it('a withdrawal gives that version a new file; a new publication a file of its own, the old one kept', async () => {
    await publishedYear(2027);
    const url = '/api/catalogue/compiled.xlsx?year=2027';
    const before = await download(url);
    const id = await lineOf(2027, '数控车工');
    const w = await t.app.inject({
      method: 'POST',
      url: `/api/catalogue/items/${id}/withdraw`,
      headers: { cookie: prov },
      payload: { reason: '岗位已招满' },
    });
    expect(w.statusCode, w.body).toBe(200);
    const after = await download(url);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(linesOf((await workbookOf(after.rawPayload)).getWorksheet('襄阳市·企业')!).map((l) => l.岗位名称)).toEqual([
      '焊工',
    ]);
    // The reader's old copy is no longer current: 200 with the new file, not 304.
    expect((await t.app.inject({ url, headers: { 'if-none-match': String(before.headers.etag) } })).statusCode).toBe(
      200,
    );

    expect((await publishAgain(2027, '第二版')).statusCode).toBe(201);
    const v2 = await download(url);
    expect(v2.headers.etag).not.toBe(after.headers.etag);
    expect((await workbookOf(v2.rawPayload)).getWorksheet('汇总')!.getCell('A1').value).toBe(titleOf(2027, 2));
    const v1 = await download(`${url}&version=1`);
    expect(v1.headers.etag).toBe(after.headers.etag);
    const kept = sql.join(
      (await publicationsOf(2027)).map((p) => sql`${p}`),
      sql`, `,
    );
    expect(
      (await exec(t, sql`select count(*)::int as n from compiled_workbooks where publication_id in (${kept})`)).rows[0]
        .n,
    ).toBe(2);
  });
});
