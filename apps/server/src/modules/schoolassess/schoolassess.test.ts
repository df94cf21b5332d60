import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { TEST_TODAY } from '../../../test/clock-setup';
import { addDaysIso } from '../../lib/clock';

// Issue 19 part 7 (notice 三(五), 三(四)): a city bureau assesses its schools on the regional engine, freezes and
// publishes; the province compiles a priority list with evidence from the records and exports it.
// Tests pass alone and in any order: an assessment is per region and frozen once published, so each test that writes
// one has a region of its own. 襄阳 (420600) is the scoring test's; the export test and the priority list's evidence
// each get a published assessment of a new region (publishedAssessment); bad schemes are tried by 荆门's bureau, whose
// region never gets one; 武汉 (420100) has none either.
let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, { id: number; name: string }> = {};
const year = Number(TEST_TODAY.slice(0, 4));
const req = (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: c[who] },
    ...(payload !== undefined ? { payload: payload as never } : {}),
  });
const tables = async () =>
  JSON.stringify(
    (
      await exec(
        t,
        sql`select (select json_agg(x order by x.id) from school_assessments x) as a, (select json_agg(y order by y.id) from school_assessment_scores y) as s, (select json_agg(z order by z.id) from priority_entries z) as e`,
      )
    ).rows,
  );
const SCHEME = [
  {
    key: 'teachers',
    label: '工学一体化教师培训',
    kind: 'indicator',
    indicatorId: 'integrated_teachers_year',
    weight: 60,
    target: 2,
  },
  { key: 'office', label: '校企合作机构建设', kind: 'manual', weight: 40 },
];

beforeAll(async () => {
  t = await createTestApp();
  o.a = await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳考核测试甲技师学院' });
  o.b = await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳考核测试乙技工学校' });
  o.wh = await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉考核测试技师学院' });
  o.ent = await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳考核测试公司' });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'jm-b', role: 'region', regionCode: '420800' });
  await makeUser(t, { username: 'sch-a', role: 'school', regionCode: '420600', orgId: o.a.id });
  await makeUser(t, { username: 'sch-b', role: 'school', regionCode: '420600', orgId: o.b.id });
  for (const u of ['prov', 'xy-b', 'jm-b', 'sch-a', 'sch-b']) c[u] = await login(t, u);
  spec = (await exec(t, sql`select code from dict_entries where kind = 'specialty' and active order by code limit 1`))
    .rows[0].code;
  // School A trained one teacher this year: half of its target of 2.
  await trainOneTeacher('sch-a');
});
afterAll(() => t.close());

let spec = '';
async function trainOneTeacher(who: string) {
  const tr = await req(who, 'POST', '/api/trainings', {
    teacherName: '王老师',
    specialtyCode: spec,
    startDate: addDaysIso(TEST_TODAY, -3),
    endDate: addDaysIso(TEST_TODAY, -2),
    hours: 80,
    provider: '省工学一体化教师培训基地',
  });
  expect(tr.statusCode, tr.body).toBe(200);
}

/**
 * Arrange: a region's assessment scored, frozen and published as the scoring test does it: its school A (one teacher
 * trained, 机构 90) totals 66 and ranks first of two, school B (机构 60) 24. Returns the schools and the accounts.
 */
async function publishedAssessment(regionCode: string) {
  const n = regionCode.slice(2, 4);
  const a = await makeOrg(t, { type: 'school', regionCode, name: `考核测试甲技师学院${n}` });
  const b = await makeOrg(t, { type: 'school', regionCode, name: `考核测试乙技工学校${n}` });
  const [bureau, schA, schB] = [`b${n}`, `a${n}`, `s${n}`];
  await makeUser(t, { username: bureau, role: 'region', regionCode });
  await makeUser(t, { username: schA, role: 'school', regionCode, orgId: a.id });
  await makeUser(t, { username: schB, role: 'school', regionCode, orgId: b.id });
  for (const u of [bureau, schA, schB]) c[u] = await login(t, u);
  await trainOneTeacher(schA);
  expect((await req(bureau, 'PUT', `/api/school-assessments/${year}/scheme`, { items: SCHEME })).statusCode).toBe(200);
  for (const [org, score, reason, evidence] of [
    [a, 90, '机构健全制度完善', `/orgs/${a.id}`],
    [b, 60, '已设合作办公室', undefined],
  ] as const) {
    const r = await req(bureau, 'PUT', `/api/school-assessments/${year}/scores`, {
      schoolOrgId: org.id,
      itemKey: 'office',
      score,
      reason,
      ...(evidence ? { evidence } : {}),
    });
    expect(r.statusCode, r.body).toBe(200);
  }
  expect((await req(bureau, 'POST', `/api/school-assessments/${year}/freeze`)).statusCode).toBe(200);
  expect((await req(bureau, 'POST', `/api/school-assessments/${year}/publish`)).statusCode).toBe(200);
  return { a, b, bureau, schB };
}

describe('a city bureau assesses its schools', () => {
  it('bad schemes and scores: a clear Chinese 400, nothing changed', async () => {
    const before = await tables();
    const bad: [unknown[], RegExp][] = [
      [[{ ...SCHEME[0], weight: 50 }, SCHEME[1]], /各项权重之和应为 100，当前为 90/],
      [[{ ...SCHEME[0], indicatorId: 'school_coverage' }, SCHEME[1]], /不能按学校计算/],
      [[{ ...SCHEME[0], target: undefined }, SCHEME[1]], /请为“工学一体化教师培训”设定学校的目标值/],
    ];
    for (const [items, msg] of bad) {
      const r = await req('jm-b', 'PUT', `/api/school-assessments/${year}/scheme`, { items });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.message).toMatch(msg);
    }
    expect((await req('prov', 'PUT', `/api/school-assessments/${year}/scheme`, { items: SCHEME })).statusCode).toBe(
      403,
    );
    expect(await tables()).toBe(before);
  });

  it("the template is the province's scheme with weights still adding up to 100", async () => {
    const r = (await req('xy-b', 'GET', `/api/school-assessments/${year}/template`)).json();
    expect(r.items.reduce((s: number, i: { weight: number }) => s + i.weight, 0)).toBe(100);
  });

  it('scores its schools with the engine and evidence, freezes only when complete, publishes', async () => {
    const s = await req('xy-b', 'PUT', `/api/school-assessments/${year}/scheme`, { items: SCHEME });
    expect(s.statusCode, s.body).toBe(200);
    const rowA = s.json().rows.find((r: { schoolOrgId: number }) => r.schoolOrgId === o.a.id);
    expect(rowA.items[0]).toMatchObject({
      value: 1,
      score: 50,
      evidence: `/indicators/integrated_teachers_year?school=${o.a.id}&year=${year}`,
    });
    expect(s.json().rows.map((r: { schoolOrgId: number }) => r.schoolOrgId)).not.toContain(o.wh.id);
    const badScore = await req('xy-b', 'PUT', `/api/school-assessments/${year}/scores`, {
      schoolOrgId: o.a.id,
      itemKey: 'office',
      score: 90,
      reason: '好',
      evidence: 'http://x',
    });
    expect(badScore.statusCode).toBe(400);
    expect(
      (
        await req('xy-b', 'PUT', `/api/school-assessments/${year}/scores`, {
          schoolOrgId: o.wh.id,
          itemKey: 'office',
          score: 90,
          reason: '机构健全制度完善',
        })
      ).json().error.message,
    ).toMatch(/只能为本地区的技工院校评分/);
    expect(
      (
        await req('xy-b', 'PUT', `/api/school-assessments/${year}/scores`, {
          schoolOrgId: o.a.id,
          itemKey: 'office',
          score: 90,
          reason: '机构健全制度完善',
          evidence: `/orgs/${o.a.id}`,
        })
      ).statusCode,
    ).toBe(200);
    const early = await req('xy-b', 'POST', `/api/school-assessments/${year}/freeze`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/还有 1 所学校共 1 项人工评分未录入/);
    await req('xy-b', 'PUT', `/api/school-assessments/${year}/scores`, {
      schoolOrgId: o.b.id,
      itemKey: 'office',
      score: 60,
      reason: '已设合作办公室',
    });
    const f = await req('xy-b', 'POST', `/api/school-assessments/${year}/freeze`);
    expect(f.statusCode, f.body).toBe(200);
    expect(
      f.json().rows.map((r: { schoolName: string; total: number; rank: number }) => [r.schoolName, r.total, r.rank]),
    ).toEqual([
      [o.a.name, 66, 1],
      [o.b.name, 24, 2],
    ]);
    // Not seen by a school before publication; then only its own row.
    expect((await req('sch-b', 'GET', `/api/school-assessments/${year}/region`)).json()).toMatchObject({
      status: 'none',
      rows: [],
    });
    expect((await req('xy-b', 'POST', `/api/school-assessments/${year}/publish`)).statusCode).toBe(200);
    const own = (await req('sch-b', 'GET', `/api/school-assessments/${year}/region`)).json();
    expect(own.rows.map((r: { schoolOrgId: number }) => r.schoolOrgId)).toEqual([o.b.id]);
    expect((await req('xy-b', 'PUT', `/api/school-assessments/${year}/scheme`, { items: SCHEME })).statusCode).toBe(
      409,
    );
    expect((await req('prov', 'GET', `/api/school-assessments/${year}/region?region=420600`)).json().status).toBe(
      'published',
    );
  });

  it('exports the result as Excel laid out for A4: ranking, every item with its evidence, the scheme', async () => {
    const { a, b, schB } = await publishedAssessment('420500');
    // Nothing to export before a scheme exists: a Chinese 409, not an empty file.
    const none = await req('prov', 'GET', `/api/school-assessments/${year}/result.xlsx?region=420100`);
    expect(none.statusCode).toBe(409);
    expect(none.json().error.message).toMatch(/武汉市.*尚未制定学校考核方案/);
    const x = await req('prov', 'GET', `/api/school-assessments/${year}/result.xlsx?region=420500`);
    expect(x.statusCode, x.body).toBe(200);
    expect(decodeURIComponent(String(x.headers['content-disposition']))).toContain(
      `宜昌市${year}年度技工院校考核结果.xlsx`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['考核排名', '评分明细', '考核方案']);
    const rank = wb.getWorksheet('考核排名')!;
    expect(String(rank.getCell('A2').value)).toMatch(/已公布/);
    expect([rank.getRow(5).getCell(1).value, rank.getRow(5).getCell(2).value, rank.getRow(5).getCell(5).value]).toEqual(
      [1, a.name, 66],
    );
    expect([rank.getRow(6).getCell(1).value, rank.getRow(6).getCell(2).value]).toEqual([2, b.name]);
    // The shared A4 layout (decision 0013): title rows repeated, school column kept on screen, as-of date in the footer.
    expect(rank.pageSetup).toMatchObject({ paperSize: 9, printTitlesRow: '1:4' });
    expect(rank.headerFooter.oddFooter).toMatch(new RegExp(`数据截至 ${year}-\\d{2}-\\d{2}`));
    const detail = wb.getWorksheet('评分明细')!;
    const lines = detail
      .getSheetValues()
      .slice(2)
      .map((r) => (r as ExcelJS.CellValue[]).slice(1, 10));
    expect(lines).toContainEqual([
      a.name,
      '校企合作机构建设',
      '人工评分',
      '90',
      '—',
      90,
      40,
      36,
      `机构健全制度完善\n/orgs/${a.id}`,
    ]);
    expect(lines.find((l) => l[0] === a.name && l[1] === '工学一体化教师培训')?.[8]).toBe(
      `/indicators/integrated_teachers_year?school=${a.id}&year=${year}`,
    );
    // A school reads only its own published row; the export is the same.
    const mine = await req(schB, 'GET', `/api/school-assessments/${year}/result.xlsx`);
    const own = new ExcelJS.Workbook();
    await own.xlsx.load(mine.rawPayload as never);
    expect(own.getWorksheet('考核排名')!.getRow(5).getCell(2).value).toBe(b.name);
    expect(own.getWorksheet('考核排名')!.getRow(6).getCell(2).value).toBeNull();
  });
});

describe('the province compiles a priority list', () => {
  it('with evidence pulled from the records, refusing the wrong kind of organisation', async () => {
    const { a } = await publishedAssessment('420700');
    const l = await req('prov', 'POST', '/api/priority-lists', { year, applicationType: 'secondary_capacity' });
    expect(l.statusCode, l.body).toBe(200);
    const id = l.json().id;
    expect(
      (await req('prov', 'POST', '/api/priority-lists', { year, applicationType: 'secondary_capacity' })).statusCode,
    ).toBe(409);
    const cand = (await req('prov', 'GET', `/api/priority-lists/${id}/candidates`)).json().items;
    expect(cand.every((x: { type: string }) => x.type === 'school')).toBe(true);
    const before = await tables();
    const wrong = await req('prov', 'POST', `/api/priority-lists/${id}/entries`, {
      orgId: o.ent.id,
      reason: '企业培训成效突出',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toMatch(/只面向技工院校/);
    expect(
      (await req('prov', 'POST', `/api/priority-lists/${id}/entries`, { orgId: a.id, reason: '短' })).statusCode,
    ).toBe(400);
    expect(await tables()).toBe(before);
    const add = await req('prov', 'POST', `/api/priority-lists/${id}/entries`, {
      orgId: a.id,
      reason: '学校考核全市第一',
    });
    expect(add.statusCode, add.body).toBe(200);
    const ev = add.json().entries[0].evidence;
    expect(ev.find((e: { label: string }) => e.label === '学校考核').value).toBe(`${year} 年度 66 分，本市州第 1/2 名`);
  });

  it('is seen by bureaus once published, exported as Excel, and frozen', async () => {
    // A list of its own (one per year and application) with one school on it, still a draft.
    const l = await req('prov', 'POST', '/api/priority-lists', { year, applicationType: 'provincial_base' });
    expect(l.statusCode, l.body).toBe(200);
    const id = l.json().id;
    const add = await req('prov', 'POST', `/api/priority-lists/${id}/entries`, {
      orgId: o.a.id,
      reason: '学校考核全市第一',
    });
    expect(add.statusCode, add.body).toBe(200);
    expect((await req('xy-b', 'GET', `/api/priority-lists/${id}`)).statusCode).toBe(404);
    expect((await req('prov', 'POST', `/api/priority-lists/${id}/publish`)).json().status).toBe('published');
    expect((await req('xy-b', 'GET', '/api/priority-lists')).json().items).toHaveLength(1);
    expect(
      (await req('prov', 'POST', `/api/priority-lists/${id}/entries`, { orgId: o.b.id, reason: '合作成效较好' }))
        .statusCode,
    ).toBe(409);
    const x = await req('xy-b', 'GET', `/api/priority-lists/${id}/export.xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const ws = wb.getWorksheet('倾斜名单')!;
    expect(ws.getRow(4).getCell(2).value).toBe(o.a.name);
    expect(String(ws.getRow(4).getCell(5).value)).toBe('学校考核全市第一');
  });
});
