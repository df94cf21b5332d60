import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCampaign, createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { formInState } from '../../../test/forms';

// Open data as a person re-using it would meet it (issue 18 part 3): read by tools no one here wrote — Python's csv
// module, openpyxl and LibreOffice when installed — the codes stay text (专业代码 0102 is not 102), every code has its
// name from the dictionaries beside it, and the data dictionary describes exactly the columns the files have.
// Two published years: without a year the files are the latest one's, as the public page.

const PY = '/usr/bin/python3';
const hasOpenpyxl = existsSync(PY) && spawnSync(PY, ['-c', 'import openpyxl']).status === 0;
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

let t: TestApp;
let prov = '';
let dir = '';

beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(join(tmpdir(), 'opendata-'));
  const school = (
    await makeOrg(t, {
      type: 'school',
      regionCode: '420600',
      name: '襄阳开放数据测试技师学院',
      contactName: '张明华',
      contactPhone: '13812341234',
    })
  ).id;
  const ent = (
    await makeOrg(t, {
      type: 'enterprise',
      regionCode: '420100',
      name: '武汉开放数据测试机械有限公司',
      isKey: true,
      contactName: '李强',
      contactPhone: '13900001111',
    })
  ).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  prov = await login(t, 'prov');
  const publish = async (year: number) => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/campaigns/${year}/publications`,
      headers: { cookie: prov },
      payload: {},
    });
    if (r.statusCode !== 201) throw new Error(r.body);
  };
  await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: prov }, payload: { year: 2025 } });
  await openCampaign(t, prov, 2025);
  await formInState(t, 2025, school, [
    {
      specialtyCode: '数控加工',
      needType: '订单（定向）班',
      needDetail: '=HYPERLINK("http://x") 合办订单班',
      graduatesMidLevel: 40,
      availableFrom: '2025-09-01',
    },
  ]);
  await formInState(t, 2025, ent, [
    {
      occupationCode: '车工',
      postName: '数控车工',
      headcount: 12,
      needType: '毕业生就业',
      needDetail: '招收数控车工',
      skillLevel: '中级工',
    },
  ]);
  await publish(2025);
  await t.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: prov }, payload: { year: 2026 } });
  await openCampaign(t, prov, 2026);
  await formInState(t, 2026, school, [
    {
      specialtyCode: '数控加工',
      needType: '毕业生就业',
      needDetail: '2026 年毕业生',
      graduatesMidLevel: 20,
      availableFrom: '2026-09-01',
    },
  ]);
  await publish(2026);
}, 120_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

const get = (url: string) => t.app.inject({ url });
const dictNames = async (kind: string) =>
  new Map(
    ((await get(`/api/reference/dicts/${kind}`)).json().items as { code: string; name: string }[]).map((e) => [
      e.code,
      e.name,
    ]),
  );

function python(script: string, file: string) {
  const r = spawnSync(PY, ['-c', script, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

/** Rows of a CSV as Python reads it when unquoted fields are numbers (csv.QUOTE_NONNUMERIC): [header, ...rows]. */
const readCsv = (file: string) =>
  python(
    `import csv, json, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    rows = list(csv.reader(f, quoting=csv.QUOTE_NONNUMERIC))
print(json.dumps([[{'t': type(v).__name__, 'v': v} for v in r] for r in rows], ensure_ascii=False))`,
    file,
  ) as { t: string; v: string | number }[][];

/** Every sheet of a workbook as openpyxl reads it: each cell's value and openpyxl's data type ('s' text, 'n' number). */
const readXlsx = (file: string) =>
  python(
    `import openpyxl, json, sys
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({ws.title: [[{'t': c.data_type, 'v': c.value} for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}, ensure_ascii=False, default=str))`,
    file,
  ) as Record<string, { t: string; v: unknown }[][]>;

describe('open data', () => {
  it('shows the latest published year by default and keeps 2025 reachable with ?year=, on the page and in the files', async () => {
    const page = (await get('/api/catalogue')).json();
    expect(page.year).toBe(2026);
    expect(page.years).toEqual([
      { year: 2026, count: 1 },
      { year: 2025, count: 2 },
    ]);
    expect(page.items.map((i: { year: number }) => i.year)).toEqual([2026]);
    expect((await get('/api/catalogue?year=2025')).json()).toMatchObject({ year: 2025, total: 2 });
    const json = (await get('/api/catalogue/open-data.json')).json();
    expect(json).toMatchObject({ year: 2026, count: 1 });
    expect((await get('/api/catalogue/open-data.json?year=2025')).json()).toMatchObject({ year: 2025, count: 2 });
    expect((await get('/api/catalogue/open-data.json?year=abc')).statusCode).toBe(400);
  });

  it('puts every code beside its name from the dictionaries, in the JSON', async () => {
    const { items } = (await get('/api/catalogue/open-data.json?year=2025')).json();
    const [specialty, occupation, industry, level] = await Promise.all(
      ['specialty', 'occupation', 'industry', 'skill_level'].map(dictNames),
    );
    const school = items.find((i: { orgType: string }) => i.orgType === '技工院校');
    expect(school.specialtyCode).toMatch(/^0\d{3}$/);
    expect(school.specialtyName).toBe(specialty.get(school.specialtyCode));
    expect(school.specialtyName).toBe('数控加工');
    expect(school.industryNames).toEqual(school.industryCodes.map((c: string) => industry.get(c)));
    const ent = items.find((i: { orgType: string }) => i.orgType === '企业');
    expect(ent.occupationName).toBe(occupation.get(ent.occupationCode));
    expect(ent.skillLevelName).toBe(level.get(ent.skillLevel));
    expect(ent).toMatchObject({
      regionCode: '420100',
      region: '武汉市',
      skillLevelName: '中级工',
      contactName: '李*',
      contactPhone: '139****1111',
    });
  });

  it('has a data dictionary that describes exactly the columns of the CSV and the workbook', async () => {
    const d = (await get('/api/catalogue/open-data-dictionary.json?year=2025')).json();
    const csv = (await get('/api/catalogue/open-data.csv?year=2025')).body;
    const header = csv.replace(/^\uFEFF/, '').split('\r\n')[0];
    expect(header).toBe(d.fields.map((f: { label: string }) => `"${f.label}"`).join(','));
    for (const f of d.fields) {
      expect(f.label, f.key).toMatch(/[\u4e00-\u9fa5]/);
      expect(['integer', 'text', 'code', 'date']).toContain(f.type);
      if (f.type === 'code') expect(f.list, f.key).toMatch(/GET \/api\/reference\//);
    }
    // A code column is followed by its name column.
    const keys = d.fields.map((f: { key: string }) => f.key);
    for (const [code, name] of [
      ['regionCode', 'region'],
      ['specialtyCode', 'specialtyName'],
      ['occupationCode', 'occupationName'],
      ['industryCodes', 'industryNames'],
      ['skillLevel', 'skillLevelName'],
    ])
      expect(keys.indexOf(name), code).toBe(keys.indexOf(code) + 1);
    expect(d.fields.find((f: { key: string }) => f.key === 'specialtyCode').example).toMatch(/^0\d{3}$/);
    const dc = await get('/api/catalogue/open-data-dictionary.csv');
    expect(dc.headers['content-disposition']).toMatch(/filename="catalogue-dictionary\.csv"; filename\*=UTF-8''/);
    expect(dc.body.startsWith('\uFEFF"字段（中文）","字段名（JSON）","类型","代码来源","说明","示例"')).toBe(true);
  });

  it('writes a CSV whose codes stay text for a reader that honours quotes, and whose text never runs as a formula', async () => {
    const res = await get('/api/catalogue/open-data.csv?year=2025');
    expect(res.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const file = join(dir, 'open.csv');
    writeFileSync(file, res.rawPayload);
    const body = res.body;
    expect(body).not.toContain('"=HYPERLINK');
    expect(body).toContain(`"'=HYPERLINK`);
    if (!existsSync(PY)) return;
    const [header, ...rows] = readCsv(file);
    const col = (label: string) => header.findIndex((h) => h.v === label);
    const school = rows.find((r) => r[col('单位类型')].v === '技工院校')!;
    expect(school[col('专业代码')]).toEqual({ t: 'str', v: '0102' });
    expect(school[col('专业名称')]).toEqual({ t: 'str', v: '数控加工' });
    expect(school[col('地区代码')]).toEqual({ t: 'str', v: '420600' });
    expect(school[col('人数')]).toEqual({ t: 'float', v: 40 });
    expect(school[col('年度')]).toEqual({ t: 'float', v: 2025 });
  });

  it.skipIf(!hasOpenpyxl)(
    'gives a companion .xlsx where openpyxl reads the codes as text cells and the names match the dictionaries',
    async () => {
      const res = await get('/api/catalogue/open-data.xlsx?year=2025');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/filename="catalogue\.xlsx"; filename\*=UTF-8''/);
      const file = join(dir, 'open.xlsx');
      writeFileSync(file, res.rawPayload);
      const book = readXlsx(file);
      expect(Object.keys(book)).toEqual(['需求信息', '数据字典']);
      const [header, ...rows] = book['需求信息'];
      const col = (label: string) => header.findIndex((h) => h.v === label);
      const [specialty, industry] = await Promise.all(['specialty', 'industry'].map(dictNames));
      const school = rows.find((r) => r[col('单位类型')].v === '技工院校')!;
      expect(school[col('专业代码')]).toEqual({ t: 's', v: '0102' });
      expect(school[col('专业名称')].v).toBe(specialty.get('0102'));
      expect(school[col('人数')]).toEqual({ t: 'n', v: 40 });
      const codes = String(school[col('产业代码')].v).split('、');
      expect(String(school[col('产业名称')].v).split('、')).toEqual(codes.map((c) => industry.get(c)));
      for (const r of rows)
        for (const label of ['地区代码', '专业代码', '职业代码', '产业代码', '技能等级代码'])
          if (r[col(label)].v != null) expect(r[col(label)].t, label).toBe('s');
      // The dictionary sheet lists every column of the data sheet.
      const dictLabels = book['数据字典']
        .slice(1)
        .map((r) => r[0].v)
        .filter(Boolean);
      for (const h of header) expect(dictLabels).toContain(h.v);
    },
  );

  it.skipIf(!SOFFICE || !hasOpenpyxl)(
    'survives LibreOffice: the CSV imported with quoted fields as text, and the .xlsx re-saved, keep 0102',
    async () => {
      writeFileSync(join(dir, 'viacsv.csv'), (await get('/api/catalogue/open-data.csv?year=2025')).rawPayload);
      writeFileSync(join(dir, 'resaved.xlsx'), (await get('/api/catalogue/open-data.xlsx?year=2025')).rawPayload);
      const out = join(dir, 'out');
      const soffice = (args: string[]) => {
        const r = spawnSync(
          SOFFICE!,
          ['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, ...args, '--outdir', out],
          { encoding: 'utf8', timeout: 120_000 },
        );
        expect(r.status, r.stderr).toBe(0);
      };
      // CSV filter: comma, double quote, UTF-8, from line 1, no column types, language zh-CN, quoted field as text.
      soffice([
        '--infilter=CSV:44,34,76,1,,2052,true',
        '--convert-to',
        'xlsx:Calc MS Excel 2007 XML',
        join(dir, 'viacsv.csv'),
      ]);
      // The workbook opened and saved by LibreOffice (as .ods, then back to .xlsx).
      soffice(['--convert-to', 'ods', join(dir, 'resaved.xlsx')]);
      soffice(['--convert-to', 'xlsx:Calc MS Excel 2007 XML', join(out, 'resaved.ods')]);
      for (const name of ['viacsv.xlsx', 'resaved.xlsx']) {
        const [header, ...rows] = Object.values(readXlsx(join(out, name)))[0];
        const col = (label: string) => header.findIndex((h) => h.v === label);
        const school = rows.find((r) => r[col('单位类型')].v === '技工院校')!;
        expect(school[col('专业代码')], name).toEqual({ t: 's', v: '0102' });
        expect(school[col('地区代码')], name).toEqual({ t: 's', v: '420600' });
        expect(school[col('专业名称')].v, name).toBe('数控加工');
      }
    },
  );
});
