import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { openCampaign, createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { formInState } from '../../../test/forms';
import { internships, schoolSpecialties } from '../../db/schema/index';

// A small province built by hand. Campaign 2025; default thresholds: shortage ≥ 1.5, oversupply ≤ 0.5, low
// employment < 30% with ≥ 10 students. Every expected figure is worked out next to its arrangement.
let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};
const code: Record<string, string> = {};
const YEAR = 2025;

const get = (who: string, url: string) => t.app.inject({ url, headers: who ? { cookie: c[who] } : {} });
const put = (who: string, url: string, payload: object) =>
  t.app.inject({ method: 'PUT', url, headers: { cookie: c[who] }, payload });
const post = (who: string, url: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: c[who] }, payload });
const specialty = async (name: string) =>
  (await exec(t, sql`select code from dict_entries where kind = 'specialty' and name = ${name}`)).rows[0]
    .code as string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  id.X1 = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳一技' })).id;
  await makeUser(t, { username: 'sch', role: 'school', regionCode: '420600', orgId: id.X1 });
  for (const u of ['prov', 'xy-b', 'sch']) c[u] = await login(t, u);
  expect((await post('prov', '/api/campaigns', { year: YEAR })).statusCode).toBe(201);
  await openCampaign(t, c.prov, YEAR);
  code.cnc = await specialty('数控加工'); // leads to 车工, 铣工, 多工序数控机床操作调整工
  code.garment = await specialty('服装设计与制作'); // leads to 服装制版师, 裁剪工, 缝纫工 (shared only with 服装制作与生产管理)
  code.garmentMgmt = await specialty('服装制作与生产管理');
  code.weld = await specialty('焊接加工'); // leads to 焊工

  // Supply (graduates per year): 襄阳 数控加工 40 + 60 = 100, 襄阳 服装 100; 武汉 服装 50; 宜昌 焊接 30.
  id.X2 = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳二技' })).id;
  id.W1 = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉一技' })).id;
  id.Y1 = (await makeOrg(t, { type: 'school', regionCode: '420500', name: '宜昌一技' })).id;
  await db.insert(schoolSpecialties).values([
    { orgId: id.X1, specialtyCode: code.cnc, enrolment: 120, graduatesPerYear: 40 },
    { orgId: id.X1, specialtyCode: code.garment, enrolment: 300, graduatesPerYear: 100 },
    { orgId: id.X2, specialtyCode: code.cnc, enrolment: 200, graduatesPerYear: 60 },
    { orgId: id.W1, specialtyCode: code.garment, enrolment: 150, graduatesPerYear: 50 },
    { orgId: id.Y1, specialtyCode: code.weld, enrolment: 90, graduatesPerYear: 30 },
  ]);

  // Demand (published enterprise lines).
  id.E1 = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳机械' })).id;
  id.E2 = (await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '武汉服饰' })).id;
  id.E3 = (await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '武汉未接收' })).id;
  id.E4 = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳焊接' })).id;
  const line = (occupationCode: string, headcount: number) => ({
    occupationCode,
    postName: occupationCode,
    headcount,
    needType: '毕业生就业',
    needDetail: `招${occupationCode}`,
  });
  // 襄阳: 车工 120 + 铣工 30 → 数控加工 150; 缝纫工 50 → 服装 50 (and 服装制作与生产管理 50).
  await formInState(t, YEAR, id.E1, [line('车工', 120), line('铣工', 30), line('缝纫工', 50)]);
  // 武汉: 裁剪工 40 → 服装 40; 车工 20 is withdrawn below, so 武汉 gets no 数控加工 row at all.
  await formInState(t, YEAR, id.E2, [line('裁剪工', 40), line('车工', 20)]);
  // Not accepted by the province: never published, counts nowhere.
  await formInState(t, YEAR, id.E3, [line('缝纫工', 999)], 'with_province');
  // A school's line is an offer of graduates, not demand: its 40 must not reach 数控加工's demand.
  await formInState(t, YEAR, id.X1, [
    {
      specialtyCode: '数控加工',
      needType: '订单（定向）班',
      needDetail: '合办订单班',
      graduatesMidLevel: 40,
      availableFrom: '2025-09-01',
    },
  ]);
  expect((await post('prov', `/api/campaigns/${YEAR}/publications`, { note: 'v1' })).statusCode).toBe(201);
  // Version 2 adds 襄阳 焊工 10. Only the latest version counts: were v1 counted too, 襄阳 数控加工 would be 300.
  await formInState(t, YEAR, id.E4, [line('焊工', 10)]);
  expect((await post('prov', `/api/campaigns/${YEAR}/publications`, { note: 'v2' })).json().version).toBe(2);
  const lathe = (
    await exec(
      t,
      sql`select pi.id from published_items pi where pi.org_id = ${id.E2} and pi.occupation_code = '6-18-01-01' and pi.publication_id = (select max(id) from publications)`,
    )
  ).rows[0].id as number;
  expect((await post('prov', `/api/catalogue/items/${lathe}/withdraw`, { reason: '岗位已招满' })).statusCode).toBe(200);

  // Internships that ended in 2025 count; others do not.
  const cohort = { paid: true, payPerMonth: 2000, insured: true, safetyTrained: true, startDate: '2025-03-01' };
  await db.insert(internships).values([
    // 襄阳 数控加工: 5 of 20 kept → 25% < 30% with 20 students → low_employment.
    {
      ...cohort,
      schoolOrgId: id.X1,
      enterpriseOrgId: id.E1,
      regionCode: '420600',
      specialtyCode: code.cnc,
      students: 20,
      endDate: '2025-06-30',
      employedAfter: 5,
    },
    // Ended in 2024: not in the 2025 figure (it would lift 襄阳 to 15/30 = 50%).
    {
      ...cohort,
      startDate: '2024-03-01',
      schoolOrgId: id.X2,
      enterpriseOrgId: id.E1,
      regionCode: '420600',
      specialtyCode: code.cnc,
      students: 10,
      endDate: '2024-06-30',
      employedAfter: 10,
    },
    // 武汉 服装: 1 of 8 = 12.5%, but 8 students are too few to warn.
    {
      ...cohort,
      schoolOrgId: id.W1,
      enterpriseOrgId: id.E2,
      regionCode: '420100',
      specialtyCode: code.garment,
      students: 8,
      endDate: '2025-07-01',
      employedAfter: 1,
    },
    // 宜昌 焊接: 10 students, nobody recorded as kept → 0% with exactly 10 students → low_employment.
    {
      ...cohort,
      schoolOrgId: id.Y1,
      enterpriseOrgId: id.E1,
      regionCode: '420500',
      specialtyCode: code.weld,
      students: 10,
      endDate: '2025-07-01',
      employedAfter: null,
    },
  ]);
});
afterAll(() => t.close());

type Row = {
  regionCode: string;
  specialtyCode: string;
  supply: number;
  demand: number;
  ratio: number | null;
  employment: number | null;
  students: number;
  flags: string[];
  regionName: string;
  specialtyName: string;
};
const find = (rows: Row[], region: string, spec: string) =>
  rows.find((r) => r.regionCode === region && r.specialtyCode === spec);

describe('specialty early warning', () => {
  it('computes supply, demand, ratio, employment and flags per region × specialty', async () => {
    const r = await get('prov', `/api/warning?year=${YEAR}`);
    expect(r.statusCode).toBe(200);
    const { rows, thresholds } = r.json() as { rows: Row[]; thresholds: object };
    expect(thresholds).toEqual({ shortageRatio: 1.5, oversupplyRatio: 0.5, minEmployment: 0.3 });
    // 襄阳 数控加工: 150 ÷ 100 = 1.5, exactly the shortage threshold; 25% employment → both flags.
    expect(find(rows, '420600', code.cnc)).toEqual({
      regionCode: '420600',
      regionName: '襄阳市',
      specialtyCode: code.cnc,
      specialtyName: '数控加工',
      supply: 100,
      demand: 150,
      ratio: 1.5,
      employment: 0.25,
      students: 20,
      flags: ['shortage', 'low_employment'],
    });
    // 襄阳 服装: 50 ÷ 100 = 0.5, exactly the oversupply threshold; no internships.
    expect(find(rows, '420600', code.garment)).toMatchObject({
      supply: 100,
      demand: 50,
      ratio: 0.5,
      employment: null,
      students: 0,
      flags: ['oversupply'],
    });
    // 服装制作与生产管理 leads to the same occupations but nobody teaches it in 襄阳: demand without supply → shortage.
    expect(find(rows, '420600', code.garmentMgmt)).toMatchObject({
      supply: 0,
      demand: 50,
      ratio: null,
      flags: ['shortage'],
    });
    // 襄阳 焊接: the v2 line (焊工 10), no school → shortage.
    expect(find(rows, '420600', code.weld)).toMatchObject({ supply: 0, demand: 10, ratio: null, flags: ['shortage'] });
    // 武汉 服装: 40 ÷ 50 = 0.8 → no flag; 12.5% employment of 8 students → no flag (fewer than 10).
    expect(find(rows, '420100', code.garment)).toMatchObject({
      supply: 50,
      demand: 40,
      ratio: 0.8,
      employment: 0.125,
      students: 8,
      flags: [],
    });
    // 武汉 数控加工: the only line (车工 20) was withdrawn → no row.
    expect(find(rows, '420100', code.cnc)).toBeUndefined();
    // 宜昌 焊接: no enterprise of 宜昌 has published demand this year, so 30 graduates against 0 is not an oversupply
    // but "no published demand yet" (no ratio); 0 of 10 kept → low employment.
    expect(find(rows, '420500', code.weld)).toMatchObject({
      supply: 30,
      demand: 0,
      ratio: null,
      employment: 0,
      students: 10,
      flags: ['no_demand', 'low_employment'],
    });
    // 2024 has no campaign (nothing published) and only the 2024 cohort (10 of 10 kept): supply alone is not an
    // oversupply but "no published demand".
    const other = (await get('prov', '/api/warning?year=2024')).json() as { rows: Row[] };
    expect(find(other.rows, '420600', code.cnc)).toMatchObject({
      supply: 100,
      demand: 0,
      ratio: null,
      employment: 1,
      students: 10,
      flags: ['no_demand'],
    });
  });

  it('shapes an ECharts heatmap: regions × top specialties by supply + demand, value = ratio', async () => {
    // Volumes: 数控加工 100 + 150 = 250; 服装 (100 + 50) + (50 + 40) = 240; 数控编程 and 机械加工技术 150 each …
    const h = (await get('prov', `/api/warning?year=${YEAR}&top=2`)).json().heatmap;
    expect(h.xAxis).toEqual(['数控加工', '服装设计与制作']);
    expect(h.yAxis).toHaveLength(17);
    const y = (name: string) => h.yAxis.indexOf(name);
    expect(h.data).toEqual(
      expect.arrayContaining([
        [0, y('襄阳市'), 1.5],
        [1, y('襄阳市'), 0.5],
        [1, y('武汉市'), 0.8],
      ]),
    );
    expect(h.data).toHaveLength(3);
    expect(h.max).toBe(1.5);
    const all = (await get('prov', `/api/warning?year=${YEAR}`)).json().heatmap;
    // 服装制作与生产管理 (襄阳 and 武汉) has demand without supply: no finite value, listed as unbounded.
    const gx = all.xCodes.indexOf(code.garmentMgmt);
    expect(all.unbounded).toEqual(
      expect.arrayContaining([
        [gx, y('襄阳市')],
        [gx, y('武汉市')],
      ]),
    );
  });

  it('without a year shows the current campaign, and keeps "no published demand" out of the ratios', async () => {
    const r = (await get('prov', '/api/warning')).json();
    expect(r.year).toBe(YEAR); // the open campaign, not the calendar year of the pinned clock
    const wx = r.heatmap.xCodes.indexOf(code.weld);
    const yc = r.heatmap.yAxis.indexOf('宜昌市');
    expect(r.heatmap.noDemand).toContainEqual([wx, yc]);
    expect(r.heatmap.data.some((d: number[]) => d[0] === wx && d[1] === yc)).toBe(false);
  });

  it('a bureau sees only its own region; schools and strangers are refused', async () => {
    const own = (await get('xy-b', `/api/warning?year=${YEAR}`)).json();
    expect(own.rows.length).toBeGreaterThan(3);
    expect(own.rows.every((r: Row) => r.regionCode === '420600')).toBe(true);
    expect(own.heatmap.yAxis).toEqual(['襄阳市']);
    expect((await get('xy-b', `/api/warning?year=${YEAR}&region=420100`)).statusCode).toBe(403);
    expect((await get('sch', `/api/warning?year=${YEAR}`)).statusCode).toBe(403);
    expect((await get('', `/api/warning?year=${YEAR}`)).statusCode).toBe(401);
    const wuhan = (await get('prov', `/api/warning?year=${YEAR}&region=420100`)).json();
    expect(wuhan.rows.every((r: Row) => r.regionCode === '420100')).toBe(true);
    expect((await get('prov', `/api/warning?region=999999`)).statusCode).toBe(400);
  });

  it('exports the table with flagged cells coloured', async () => {
    const r = await get('prov', `/api/warning/export.xlsx?year=${YEAR}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('专业预警')!;
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row) => rows.push(row));
    const cnc = rows.find((row) => row.getCell(1).value === '襄阳市' && row.getCell(3).value === '数控加工')!;
    expect([cnc.getCell(4).value, cnc.getCell(5).value, cnc.getCell(6).value, cnc.getCell(9).value]).toEqual([
      100,
      150,
      1.5,
      '紧缺、实习就业率偏低',
    ]);
    expect((cnc.getCell(6).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFDE2E2');
    expect((cnc.getCell(7).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFE6E8F5');
    const plain = rows.find((row) => row.getCell(1).value === '武汉市' && row.getCell(3).value === '服装设计与制作')!;
    expect(plain.getCell(6).fill).toBeUndefined();
  });

  it('thresholds: the province edits them (validated, audited) and the flags follow', async () => {
    expect((await get('prov', '/api/warning/settings')).json()).toMatchObject({
      shortageRatio: 1.5,
      oversupplyRatio: 0.5,
      minEmployment: 0.3,
      isDefault: true,
    });
    const bad = async (body: object) => (await put('prov', '/api/warning/settings', body)).json().error.message;
    expect(await bad({ shortageRatio: 1, oversupplyRatio: 1, minEmployment: 0.3 })).toBe('紧缺阈值应大于供过于求阈值');
    expect(await bad({ shortageRatio: 25, oversupplyRatio: 0.5, minEmployment: 0.3 })).toBe('紧缺阈值不能大于 20');
    expect(await bad({ shortageRatio: 2, oversupplyRatio: 0, minEmployment: 0.3 })).toBe('供过于求阈值应大于 0');
    expect(await bad({ shortageRatio: 2, oversupplyRatio: 0.5, minEmployment: 1.5 })).toBe(
      '最低实习就业率应在 0 到 1 之间（0%–100%）',
    );
    expect(
      (await put('xy-b', '/api/warning/settings', { shortageRatio: 2, oversupplyRatio: 0.4, minEmployment: 0.2 }))
        .statusCode,
    ).toBe(403);
    expect((await exec(t, sql`select count(*)::int as n from warning_settings`)).rows[0].n).toBe(0);

    const ok = await put('prov', '/api/warning/settings', {
      shortageRatio: 2,
      oversupplyRatio: 0.4,
      minEmployment: 0.2,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ shortageRatio: 2, oversupplyRatio: 0.4, minEmployment: 0.2, isDefault: false });
    const audit = (
      await exec(t, sql`select before, after, actor_name from audit_log where action = 'warning.settings'`)
    ).rows;
    expect(audit).toEqual([
      {
        before: { shortageRatio: 1.5, oversupplyRatio: 0.5, minEmployment: 0.3 },
        after: { shortageRatio: 2, oversupplyRatio: 0.4, minEmployment: 0.2 },
        actor_name: 'prov',
      },
    ]);
    // 襄阳 数控加工 1.5 < 2 and 25% ≥ 20% → no flag; 襄阳 服装 0.5 > 0.4 → no flag; 宜昌 焊接 0 ≤ 0.4 and 0% < 20% → both.
    const rows = (await get('prov', `/api/warning?year=${YEAR}`)).json().rows as Row[];
    expect(find(rows, '420600', code.cnc)!.flags).toEqual([]);
    expect(find(rows, '420600', code.garment)!.flags).toEqual([]);
    expect(find(rows, '420500', code.weld)!.flags).toEqual(['no_demand', 'low_employment']);
    // The bureau reads the thresholds its flags were judged by.
    expect((await get('xy-b', '/api/warning/settings')).json()).toMatchObject({
      shortageRatio: 2,
      oversupplyRatio: 0.4,
      minEmployment: 0.2,
    });
  });
});
