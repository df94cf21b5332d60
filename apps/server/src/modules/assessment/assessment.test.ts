import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { REGIONS } from '@cjrh/domain';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { agreementParties, agreements } from '../../db/schema/index';
import { inflateEntry, readCentralDirectory } from '../excel/zip';

// The scheme: 60 for 开展校企合作的技工院校比例 (school_coverage, target 90%), 40 for a manual item.
// 襄阳: running schools A and B, only A signed with a key enterprise → 1/2 = 50%.
// 武汉: running school C signed with a key enterprise → 1/1 = 100%. Other regions: no schools → no value → 0.
// The organisations and agreements are read by every test; each test assesses a year of its own (a scheme is the
// year's), brought as far as it starts from by schemeIn / scoredYear / frozenYear, so the tests pass in any order.
let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};
const SCHEME = [
  { key: 'coverage', label: '校企合作覆盖面', kind: 'indicator', indicatorId: 'school_coverage', weight: 60 },
  { key: 'work', label: '工作推进成效', kind: 'manual', weight: 40, note: '按年度工作台账评分' },
];

const get = (who: string, url: string) => t.app.inject({ url, headers: who ? { cookie: c[who] } : {} });
const put = (who: string, url: string, payload: object) =>
  t.app.inject({ method: 'PUT', url, headers: { cookie: c[who] }, payload });
const post = (who: string, url: string) => t.app.inject({ method: 'POST', url, headers: { cookie: c[who] } });
/** The manual score entry of the year. */
const manualIn =
  (year: number) =>
  (who: string, regionCode: string, score: number, reason?: string, itemKey = 'work') =>
    put(who, `/api/assessment/${year}/manual`, {
      regionCode,
      itemKey,
      score,
      ...(reason === undefined ? {} : { reason }),
    });
const succeeds = async (pending: ReturnType<typeof get>) => {
  const r = await pending;
  expect(r.statusCode, r.body).toBe(200);
};

/** Arrange: the year's scheme as the province sets it, a first draft replaced by SCHEME (version 2). */
async function schemeIn(year: number) {
  await succeeds(
    put('prov', `/api/assessment/${year}/scheme`, { items: [{ ...SCHEME[0], label: '初稿' }, SCHEME[1]] }),
  );
  await succeeds(put('prov', `/api/assessment/${year}/scheme`, { items: SCHEME, version: 1 }));
}
/** Arrange: the scheme and the manual scores of 襄阳 (80) and 武汉 (70); the fifteen others not scored yet. */
async function scoredYear(year: number) {
  await schemeIn(year);
  await succeeds(manualIn(year)('prov', '420600', 80, '推进有力，台账完整'));
  await succeeds(manualIn(year)('prov', '420100', 70, '按期完成任务'));
}
/** Arrange: every region scored (the fifteen others 50) and the year frozen. */
async function frozenYear(year: number) {
  await scoredYear(year);
  for (const r of REGIONS.filter((x) => !['420600', '420100'].includes(x.code)))
    await succeeds(manualIn(year)('prov', r.code, 50, '常规推进'));
  await succeeds(post('prov', `/api/assessment/${year}/freeze`));
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  id.A = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳甲校' })).id;
  id.B = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳乙校' })).id;
  id.C = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉丙校' })).id;
  id.E1 = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳重点企业', isKey: true })).id;
  id.E2 = (await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '武汉重点企业', isKey: true })).id;
  for (const [no, region, school, ent] of [
    ['XY-1', '420600', id.A, id.E1],
    ['WH-1', '420100', id.C, id.E2],
  ] as const) {
    const [a] = await db
      .insert(agreements)
      .values({
        agreementNo: no,
        campaignYear: 2025,
        regionCode: region,
        title: no,
        termStart: '2025-01-01',
        termEnd: '2027-12-31',
        status: 'active',
      })
      .returning();
    await db.insert(agreementParties).values([
      { agreementId: a.id, orgId: school, side: 'school' },
      { agreementId: a.id, orgId: ent, side: 'enterprise' },
    ]);
  }
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'sch', role: 'school', regionCode: '420600', orgId: id.A });
  for (const u of ['prov', 'xy-b', 'sch']) c[u] = await login(t, u);
});
afterAll(() => t.close());

type Row = {
  regionCode: string;
  regionName: string;
  total: number;
  rank: number;
  complete: boolean;
  items: {
    key: string;
    value: number | null;
    score: number | null;
    weighted: number;
    evidence: string | null;
    reason: string | null;
  }[];
};
const rowOf = (rows: Row[], code: string) => rows.find((r) => r.regionCode === code)!;

describe('annual assessment of the regions', () => {
  it('the province sets a valid scheme; weights must add up to 100', async () => {
    const YEAR = 2025;
    expect((await get('prov', `/api/assessment/${YEAR}`)).json()).toMatchObject({
      status: 'none',
      scheme: [],
      rows: [],
    });
    const off = await put('prov', `/api/assessment/${YEAR}/scheme`, {
      items: [SCHEME[0], { ...SCHEME[1], weight: 35 }],
    });
    expect(off.statusCode).toBe(400);
    expect(off.json().error.message).toBe('各项权重之和应为 100，当前为 95');
    const schoolOnly = await put('prov', `/api/assessment/${YEAR}/scheme`, {
      items: [{ ...SCHEME[0], indicatorId: 'mentor_ratio' }, SCHEME[1]],
    });
    expect(schoolOnly.json().error.message).toMatch(/不能按市州计算/);
    expect((await put('xy-b', `/api/assessment/${YEAR}/scheme`, { items: SCHEME })).statusCode).toBe(403);

    const first = await put('prov', `/api/assessment/${YEAR}/scheme`, {
      items: [{ ...SCHEME[0], label: '初稿' }, SCHEME[1]],
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'draft', version: 1, live: true });
    expect(first.json().rows).toHaveLength(17);
    // Replacing while draft bumps the version; a stale version is refused.
    const second = await put('prov', `/api/assessment/${YEAR}/scheme`, { items: SCHEME, version: 1 });
    expect(second.json()).toMatchObject({ version: 2, scheme: SCHEME });
    expect((await put('prov', `/api/assessment/${YEAR}/scheme`, { items: SCHEME, version: 1 })).statusCode).toBe(409);
  });

  it('manual scores: 0–100, a reason of at least 4 characters, manual items only, province only', async () => {
    const YEAR = 2026;
    await schemeIn(YEAR);
    const manual = manualIn(YEAR);
    const high = await manual('prov', '420600', 120, '成效显著突出');
    expect([high.statusCode, high.json().error.message]).toEqual([400, '人工评分应在 0 到 100 之间']);
    const noReason = await manual('prov', '420600', 80);
    expect([noReason.statusCode, noReason.json().error.message]).toEqual([400, '请填写评分理由（至少 4 个字）']);
    expect((await manual('prov', '420600', 80, '很好')).statusCode).toBe(400);
    expect((await manual('prov', '420600', 80, '台账完整规范', 'coverage')).json().error.message).toMatch(
      /不能人工评分/,
    );
    expect((await manual('prov', '999999', 80, '台账完整规范')).statusCode).toBe(400);
    expect((await manual('xy-b', '420600', 100, '本地区自评满分')).statusCode).toBe(403);
    const entered = sql`select count(*)::int as n from assessment_manual_scores m
      join assessment_schemes s on s.id = m.scheme_id where s.year = ${YEAR}`;
    expect((await exec(t, entered)).rows[0].n).toBe(0);

    const ok = await manual('prov', '420600', 80, '推进有力，台账完整');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ regionCode: '420600', itemKey: 'work', score: 80, reason: '推进有力，台账完整' });
    expect((await manual('prov', '420100', 70, '按期完成任务')).statusCode).toBe(200);
    const audits = (
      await exec(
        t,
        sql`select action, region_code, after from audit_log
          where action like 'assessment.%' and entity_id = ${String(YEAR)} order by id`,
      )
    ).rows;
    expect(audits.map((a) => a.action)).toEqual([
      'assessment.scheme.create',
      'assessment.scheme.replace',
      'assessment.manual',
      'assessment.manual',
    ]);
    expect(audits[2]).toMatchObject({
      region_code: '420600',
      after: { itemKey: 'work', score: 80, reason: '推进有力，台账完整' },
    });
  });

  it('computes the table live: 60/40 exactly for two regions, ties share a rank', async () => {
    const YEAR = 2027;
    await scoredYear(YEAR);
    const r = (await get('prov', `/api/assessment/${YEAR}`)).json();
    // 襄阳: 50% of a 90% target → 55.555…; 60 × 55.555… / 100 = 33.333… + 40 × 80 / 100 = 32 → 65.33.
    const xy = rowOf(r.rows, '420600');
    expect(xy.total).toBe(65.33);
    expect(xy.items[0]).toMatchObject({
      key: 'coverage',
      value: 0.5,
      evidence: `/indicators/school_coverage?region=420600&year=${YEAR}`,
      reason: null,
    });
    expect(xy.items[0].score).toBeCloseTo(55.5556, 4);
    expect(xy.items[0].weighted).toBeCloseTo(33.3333, 4);
    expect(xy.items[1]).toMatchObject({
      key: 'work',
      score: 80,
      weighted: 32,
      reason: '推进有力，台账完整',
      evidence: null,
    });
    // 武汉: 100% ≥ 90% → capped at 100 → 60 + 40 × 70 / 100 = 28 → 88.
    expect(rowOf(r.rows, '420100')).toMatchObject({ total: 88, rank: 1, complete: true });
    expect(xy.rank).toBe(2);
    // Every other region: no schools → no value → 0, no manual score yet → 0: fifteen share rank 3.
    const rest = r.rows.filter((x: Row) => !['420600', '420100'].includes(x.regionCode));
    expect(rest).toHaveLength(15);
    expect(rest.every((x: Row) => x.total === 0 && x.rank === 3 && !x.complete)).toBe(true);
    expect(r.missing).toHaveLength(15);
    // A bureau sees the scheme and its own row only.
    const own = (await get('xy-b', `/api/assessment/${YEAR}`)).json();
    expect(own.scheme).toEqual(SCHEME);
    expect(own.rows.map((x: Row) => [x.regionCode, x.total, x.rank])).toEqual([['420600', 65.33, 2]]);
    expect(own.missing).toEqual([]);
    expect((await get('sch', `/api/assessment/${YEAR}`)).statusCode).toBe(403);
  });

  it('freezing needs every manual score; afterwards nothing changes and the result is never recomputed', async () => {
    const YEAR = 2028;
    await scoredYear(YEAR);
    const manual = manualIn(YEAR);
    const early = await post('prov', `/api/assessment/${YEAR}/freeze`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe('还有 15 个地区共 15 项人工评分未录入，不能冻结');
    expect(early.json().error.details.missing).toHaveLength(15);
    expect(early.json().error.details.missing[0]).toEqual({
      regionCode: '420200',
      regionName: '黄石市',
      itemKey: 'work',
      itemLabel: '工作推进成效',
    });
    expect((await get('prov', `/api/assessment/${YEAR}/result.xlsx`)).statusCode).toBe(409);
    expect((await get('prov', `/api/assessment/${YEAR}/report.docx`)).statusCode).toBe(409);

    for (const r of REGIONS.filter((x) => !['420600', '420100'].includes(x.code)))
      expect((await manual('prov', r.code, 50, '常规推进')).statusCode).toBe(200);
    expect((await post('xy-b', `/api/assessment/${YEAR}/freeze`)).statusCode).toBe(403);
    const frozen = await post('prov', `/api/assessment/${YEAR}/freeze`);
    expect(frozen.statusCode).toBe(200);
    expect(frozen.json()).toMatchObject({ status: 'frozen', live: false, version: 3, missing: [] });
    // The fifteen now have 40 × 50 / 100 = 20 each and still share rank 3.
    expect(
      frozen
        .json()
        .rows.slice(0, 3)
        .map((x: Row) => [x.regionName, x.total, x.rank]),
    ).toEqual([
      ['武汉市', 88, 1],
      ['襄阳市', 65.33, 2],
      ['黄石市', 20, 3],
    ]);

    expect((await put('prov', `/api/assessment/${YEAR}/scheme`, { items: SCHEME })).statusCode).toBe(409);
    const late = await manual('prov', '420600', 100, '冻结后补充材料');
    expect([late.statusCode, late.json().error.message]).toEqual([
      409,
      '该年度考核结果已冻结，方案和人工评分不能再修改',
    ]);
    expect((await post('prov', `/api/assessment/${YEAR}/freeze`)).statusCode).toBe(409);

    // The agreement behind 襄阳's figure ends: the live indicator drops to 0, the frozen year does not move. (It is
    // put back at the end of the test: the other tests' years read it live.)
    await exec(t, sql`update agreements set status = 'terminated' where agreement_no = 'XY-1'`);
    try {
      const live = (await get('prov', `/api/indicators/school_coverage/regions?year=${YEAR}`)).json().items;
      expect(live.find((x: { regionCode: string }) => x.regionCode === '420600').value).toBe(0);
      const again = (await get('prov', `/api/assessment/${YEAR}`)).json();
      expect(rowOf(again.rows, '420600')).toMatchObject({ total: 65.33, rank: 2 });
      expect(again.asOf).toBe(again.frozenAt);
      expect((await get('xy-b', `/api/assessment/${YEAR}`)).json().rows.map((x: Row) => x.regionCode)).toEqual([
        '420600',
      ]);
      const years = (await get('xy-b', '/api/assessment')).json().items;
      expect(years.find((y: { year: number }) => y.year === YEAR)).toEqual({
        year: YEAR,
        title: `${YEAR} 年度“产教融合·技能助跑”专项行动市州考核评估方案`,
        status: 'frozen',
        version: 3,
        itemCount: 2,
        frozenAt: again.frozenAt,
      });
    } finally {
      await exec(t, sql`update agreements set status = 'active' where agreement_no = 'XY-1'`);
    }
  });

  it('exports the frozen result as .xlsx and the report as .docx', async () => {
    const YEAR = 2029;
    await frozenYear(YEAR);
    const x = await get('prov', `/api/assessment/${YEAR}/result.xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ranking: (string | number)[][] = [];
    wb.getWorksheet('考核排名')!.eachRow((row) => {
      if (typeof row.getCell(1).value === 'number')
        ranking.push([row.getCell(1).value as number, row.getCell(2).value as string, row.getCell(5).value as number]);
    });
    expect(ranking).toHaveLength(17);
    expect(ranking.slice(0, 2)).toEqual([
      [1, '武汉市', 88],
      [2, '襄阳市', 65.33],
    ]);
    expect(ranking.filter((r) => r[0] === 3)).toHaveLength(15);
    const detail: string[] = [];
    wb.getWorksheet('评分明细')!.eachRow((row) => detail.push(String(row.getCell(9).value)));
    expect(detail).toEqual(
      expect.arrayContaining([`/indicators/school_coverage?region=420600&year=${YEAR}`, '推进有力，台账完整']),
    );
    expect((await get('xy-b', `/api/assessment/${YEAR}/result.xlsx`)).statusCode).toBe(403);

    const d = await get('prov', `/api/assessment/${YEAR}/report.docx`);
    expect(d.statusCode).toBe(200);
    const buf = d.rawPayload;
    const xml = inflateEntry(
      buf,
      readCentralDirectory(buf).find((e) => e.name === 'word/document.xml')!,
    ).toString('utf8');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain(`${YEAR} 年度“产教融合·技能助跑”专项行动市州考核评估报告`);
    for (const r of REGIONS) expect(text).toContain(r.name);
    expect(text).toContain('襄阳市：总分 65.33 分，排名第 2 位');
    expect(text).toContain('推进有力，台账完整');
    expect(xml).toContain('w:eastAsia="宋体"');
  });
});
