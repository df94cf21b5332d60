import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';

// Each test makes the schools it places, flags and counts, so the tests pass alone and in any order. 市州 keep one
// test's flagships, bases and rows out of another's: only the flagship test flags in 襄阳 (420600, where the counties
// test places schools without flagging) and 武汉 (420100); the bases and 达标 test works in 宜昌 (420500), the export in
// 荆门 (420800). 达标 items are province-wide: only the 达标 test defines them.
let t: TestApp;
const c: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'yc', role: 'region', regionCode: '420500' });
  for (const u of ['prov', 'xy', 'wh', 'yc']) c[u] = await login(t, u);
});
afterAll(() => t.close());

/** Arrange: a new school of the region (公办技师学院 unless told), its id. */
const school = async (regionCode: string, name: string, o: { schoolType?: string; schoolOwnership?: string } = {}) =>
  (await makeOrg(t, { type: 'school', regionCode, name, schoolType: '技师学院', schoolOwnership: '公办', ...o })).id;

const call = (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: c[who] }, payload: payload as object });
const layout = async (who: string, q = '') => (await call(who, 'GET', `/api/layout${q}`)).json();
const flag = (org: number, on = true, version = 1) =>
  call('prov', 'PUT', `/api/layout/schools/${org}/flagship`, {
    flagship: on,
    reason: on ? '装备制造龙头' : '',
    version,
  });

describe('技工院校布局', () => {
  it('a bureau places its schools in its own counties only; another bureau cannot', async () => {
    const a = await school('420600', '襄阳县域甲技师学院');
    const b = await school('420600', '襄阳县域乙高级技工学校');
    await school('420100', '武汉县域丁技工学校', { schoolType: '技工学校', schoolOwnership: '民办' });
    await makeUser(t, { username: 'county-sa', role: 'school', regionCode: '420600', orgId: a });
    const sa = await login(t, 'county-sa');
    expect(
      (await call('xy', 'PUT', `/api/layout/schools/${a}/county`, { countyCode: '420606', version: 1 })).statusCode,
    ).toBe(200);
    const wrong = await call('xy', 'PUT', `/api/layout/schools/${b}/county`, { countyCode: '420102', version: 1 });
    expect([wrong.statusCode, wrong.json().error.message]).toEqual([400, '所选县（市、区）不属于该单位所在市州']);
    expect(
      (await call('wh', 'PUT', `/api/layout/schools/${b}/county`, { countyCode: '420606', version: 1 })).statusCode,
    ).toBe(404);
    const bySchool = await t.app.inject({
      method: 'PUT',
      url: `/api/layout/schools/${a}/county`,
      headers: { cookie: sa },
      payload: { countyCode: '420606', version: 2 },
    });
    expect(bySchool.statusCode).toBe(404);
    const stale = await call('xy', 'PUT', `/api/layout/schools/${a}/county`, { countyCode: '420607', version: 1 });
    expect(stale.statusCode).toBe(409);
    const placed = (await layout('xy')).schools.find((s: { orgId: number }) => s.orgId === a);
    expect(placed).toMatchObject({ countyCode: '420606', countyName: '樊城区', regionName: '襄阳市', version: 2 });
    // A region bureau sees its own schools only.
    expect((await layout('xy')).schools.map((s: { name: string }) => s.name)).not.toContain('武汉县域丁技工学校');
  });

  it('the province designates at most two flagships per 市州: a third is refused in Chinese and nothing changes', async () => {
    const a = await school('420600', '襄阳甲技师学院');
    const b = await school('420600', '襄阳乙高级技工学校');
    const cc = await school('420600', '襄阳丙技工学校');
    const w = await school('420100', '武汉丁技工学校', { schoolType: '技工学校', schoolOwnership: '民办' });
    expect((await flag(a)).statusCode).toBe(200);
    expect((await flag(b)).statusCode).toBe(200);
    const third = await flag(cc);
    expect([third.statusCode, third.json().error.code, third.json().error.message]).toEqual([
      409,
      'flagship_limit',
      '襄阳市已有 2 所龙头院校，每个市州最多 2 所，请先取消一所再认定',
    ]);
    expect(
      (await layout('prov', '?flagship=yes&regionCode=420600')).schools.map((s: { orgId: number }) => s.orgId).sort(),
    ).toEqual([a, b].sort());
    // Another 市州 has its own two; lifting one makes room.
    expect((await flag(w)).statusCode).toBe(200);
    expect((await flag(b, false, 2)).statusCode).toBe(200);
    expect((await flag(cc)).statusCode).toBe(200);
    const noReason = await call('prov', 'PUT', `/api/layout/schools/${b}/flagship`, {
      flagship: true,
      reason: '',
      version: 3,
    });
    expect(noReason.statusCode).toBe(400);
    expect(
      (await call('xy', 'PUT', `/api/layout/schools/${b}/flagship`, { flagship: false, reason: '', version: 3 }))
        .statusCode,
    ).toBe(403);
    const mine = sql.join(
      [a, b, cc, w].map((o) => sql`${String(o)}`),
      sql`, `,
    );
    const audits = (
      await exec(
        t,
        sql`select action from audit_log where action like 'layout.flagship%' and entity_id in (${mine}) order by id`,
      )
    ).rows.map((r) => r.action);
    expect(audits).toEqual([
      'layout.flagship',
      'layout.flagship',
      'layout.flagship',
      'layout.flagship_lift',
      'layout.flagship',
    ]);
  });

  it('bases by county with capacity and status; 达标 items the province defines and bureaus fill in', async () => {
    const a = await school('420500', '宜昌甲技师学院');
    const cc = await school('420500', '宜昌丙技工学校');
    expect(
      (await call('yc', 'PUT', `/api/layout/schools/${a}/county`, { countyCode: '420502', version: 1 })).statusCode,
    ).toBe(200);
    expect((await flag(a, true, 2)).statusCode).toBe(200);
    const base = await call('yc', 'POST', '/api/layout/bases', {
      name: '西陵区公共实训基地',
      countyCode: '420502',
      ownerOrgId: a,
      capacity: 300,
      status: 'operating',
    });
    expect(base.statusCode, base.body).toBe(200);
    expect(
      (
        await call('yc', 'POST', '/api/layout/bases', {
          name: '汉阳基地',
          countyCode: '420105',
          ownerOrgId: null,
          capacity: 10,
          status: 'planned',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await call('yc', 'POST', '/api/layout/bases', {
          name: '负数',
          countyCode: '420502',
          ownerOrgId: null,
          capacity: -1,
          status: 'planned',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await call('yc', 'POST', '/api/layout/standard-items', {
          code: 'land',
          name: '占地面积',
          requirement: '≥ 60 亩',
          sortOrder: 1,
          active: true,
        })
      ).statusCode,
    ).toBe(403);
    const land = (
      await call('prov', 'POST', '/api/layout/standard-items', {
        code: 'land',
        name: '占地面积',
        requirement: '≥ 60 亩',
        sortOrder: 1,
        active: true,
      })
    ).json();
    const ratio = (
      await call('prov', 'POST', '/api/layout/standard-items', {
        code: 'ratio',
        name: '生师比',
        requirement: '≤ 20:1',
        sortOrder: 2,
        active: true,
      })
    ).json();
    expect(
      (
        await call('prov', 'POST', '/api/layout/standard-items', {
          code: 'land',
          name: '重复',
          requirement: 'x',
          sortOrder: 3,
          active: true,
        })
      ).statusCode,
    ).toBe(409);
    const put = await call('yc', 'PUT', `/api/layout/schools/${a}/standards`, {
      items: [
        { itemId: land.id, status: 'met', note: '' },
        { itemId: ratio.id, status: 'met', note: '' },
      ],
    });
    expect(put.json().items.map((i: { status: string }) => i.status)).toEqual(['met', 'met']);
    await call('yc', 'PUT', `/api/layout/schools/${cc}/standards`, {
      items: [{ itemId: land.id, status: 'unmet', note: '在建' }],
    });
    const v = await layout('yc', '?standard=met');
    expect(v.schools.map((s: { orgId: number }) => s.orgId)).toEqual([a]);
    expect(v.schools[0]).toMatchObject({ standardsMet: 2, standardsTotal: 2 });
    expect(v.counties.find((x: { countyCode: string }) => x.countyCode === '420502')).toMatchObject({
      countyName: '西陵区',
      schools: 1,
      flagships: 1,
      bases: 1,
      baseCapacity: 300,
    });
  });

  it('exports the filtered table to Excel; an enterprise or school cannot read the layout', async () => {
    const a = await school('420800', '荆门甲技师学院');
    await school('420800', '荆门乙高级技工学校');
    await school('420800', '荆门丙技工学校');
    await school('420100', '武汉导出技工学校');
    const base = await call('prov', 'POST', '/api/layout/bases', {
      name: '东宝区公共实训基地',
      countyCode: '420802',
      ownerOrgId: a,
      capacity: 200,
      status: 'operating',
    });
    expect(base.statusCode, base.body).toBe(200);
    const res = await call('prov', 'GET', '/api/layout/export.xlsx?regionCode=420800');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = wb.getWorksheet('院校布局')!.getColumn(4).values.slice(2);
    expect([...names].sort()).toEqual(['荆门丙技工学校', '荆门甲技师学院', '荆门乙高级技工学校'].sort());
    expect(wb.getWorksheet('县域公共实训基地')!.getRow(2).getCell(3).value).toBe('东宝区公共实训基地');
    await makeUser(t, { username: 'export-sa', role: 'school', regionCode: '420800', orgId: a });
    const ent = await makeOrg(t, { type: 'enterprise', regionCode: '420800' });
    await makeUser(t, { username: 'export-ent', role: 'enterprise', regionCode: '420800', orgId: ent.id });
    for (const u of ['export-sa', 'export-ent']) {
      const r = await t.app.inject({ url: '/api/layout', headers: { cookie: await login(t, u) } });
      expect(r.statusCode).toBe(403);
    }
  });
});
