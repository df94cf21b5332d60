import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';

let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const [k, name] of [
    ['A', '襄阳甲技师学院'],
    ['B', '襄阳乙高级技工学校'],
    ['C', '襄阳丙技工学校'],
  ] as const)
    id[k] = (
      await makeOrg(t, { type: 'school', regionCode: '420600', name, schoolType: '技师学院', schoolOwnership: '公办' })
    ).id;
  id.W = (
    await makeOrg(t, {
      type: 'school',
      regionCode: '420100',
      name: '武汉丁技工学校',
      schoolType: '技工学校',
      schoolOwnership: '民办',
    })
  ).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'sa', role: 'school', regionCode: '420600', orgId: id.A });
  for (const u of ['prov', 'xy', 'wh', 'sa']) c[u] = await login(t, u);
});
afterAll(() => t.close());

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
    expect(
      (await call('xy', 'PUT', `/api/layout/schools/${id.A}/county`, { countyCode: '420606', version: 1 })).statusCode,
    ).toBe(200);
    const wrong = await call('xy', 'PUT', `/api/layout/schools/${id.B}/county`, { countyCode: '420102', version: 1 });
    expect([wrong.statusCode, wrong.json().error.message]).toEqual([400, '所选县（市、区）不属于该单位所在市州']);
    expect(
      (await call('wh', 'PUT', `/api/layout/schools/${id.B}/county`, { countyCode: '420606', version: 1 })).statusCode,
    ).toBe(404);
    expect(
      (await call('sa', 'PUT', `/api/layout/schools/${id.A}/county`, { countyCode: '420606', version: 2 })).statusCode,
    ).toBe(404);
    const stale = await call('xy', 'PUT', `/api/layout/schools/${id.A}/county`, { countyCode: '420607', version: 1 });
    expect(stale.statusCode).toBe(409);
    const a = (await layout('xy')).schools.find((s: { orgId: number }) => s.orgId === id.A);
    expect(a).toMatchObject({ countyCode: '420606', countyName: '樊城区', regionName: '襄阳市', version: 2 });
    // A region bureau sees its own schools only.
    expect((await layout('xy')).schools.map((s: { name: string }) => s.name)).not.toContain('武汉丁技工学校');
  });

  it('the province designates at most two flagships per 市州: a third is refused in Chinese and nothing changes', async () => {
    expect((await flag(id.A, true, 2)).statusCode).toBe(200);
    expect((await flag(id.B)).statusCode).toBe(200);
    const third = await flag(id.C);
    expect([third.statusCode, third.json().error.code, third.json().error.message]).toEqual([
      409,
      'flagship_limit',
      '襄阳市已有 2 所龙头院校，每个市州最多 2 所，请先取消一所再认定',
    ]);
    expect((await layout('prov', '?flagship=yes')).schools.map((s: { orgId: number }) => s.orgId).sort()).toEqual(
      [id.A, id.B].sort(),
    );
    // Another 市州 has its own two; lifting one makes room.
    expect((await flag(id.W)).statusCode).toBe(200);
    expect((await flag(id.B, false, 2)).statusCode).toBe(200);
    expect((await flag(id.C)).statusCode).toBe(200);
    const noReason = await call('prov', 'PUT', `/api/layout/schools/${id.B}/flagship`, {
      flagship: true,
      reason: '',
      version: 3,
    });
    expect(noReason.statusCode).toBe(400);
    expect(
      (await call('xy', 'PUT', `/api/layout/schools/${id.B}/flagship`, { flagship: false, reason: '', version: 3 }))
        .statusCode,
    ).toBe(403);
    const audits = (
      await exec(t, sql`select action from audit_log where action like 'layout.flagship%' order by id`)
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
    const base = await call('xy', 'POST', '/api/layout/bases', {
      name: '樊城区公共实训基地',
      countyCode: '420606',
      ownerOrgId: id.A,
      capacity: 300,
      status: 'operating',
    });
    expect(base.statusCode, base.body).toBe(200);
    expect(
      (
        await call('xy', 'POST', '/api/layout/bases', {
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
        await call('xy', 'POST', '/api/layout/bases', {
          name: '负数',
          countyCode: '420606',
          ownerOrgId: null,
          capacity: -1,
          status: 'planned',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await call('xy', 'POST', '/api/layout/standard-items', {
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
    const put = await call('xy', 'PUT', `/api/layout/schools/${id.A}/standards`, {
      items: [
        { itemId: land.id, status: 'met', note: '' },
        { itemId: ratio.id, status: 'met', note: '' },
      ],
    });
    expect(put.json().items.map((i: { status: string }) => i.status)).toEqual(['met', 'met']);
    await call('xy', 'PUT', `/api/layout/schools/${id.C}/standards`, {
      items: [{ itemId: land.id, status: 'unmet', note: '在建' }],
    });
    const v = await layout('xy', '?standard=met');
    expect(v.schools.map((s: { orgId: number }) => s.orgId)).toEqual([id.A]);
    expect(v.schools[0]).toMatchObject({ standardsMet: 2, standardsTotal: 2 });
    expect(v.counties.find((x: { countyCode: string }) => x.countyCode === '420606')).toMatchObject({
      countyName: '樊城区',
      schools: 1,
      flagships: 1,
      bases: 1,
      baseCapacity: 300,
    });
  });

  it('exports the filtered table to Excel; an enterprise or school cannot read the layout', async () => {
    const res = await call('prov', 'GET', '/api/layout/export.xlsx?regionCode=420600');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = wb.getWorksheet('院校布局')!.getColumn(4).values.slice(2);
    expect([...names].sort()).toEqual(['襄阳丙技工学校', '襄阳甲技师学院', '襄阳乙高级技工学校'].sort());
    expect(wb.getWorksheet('县域公共实训基地')!.getRow(2).getCell(3).value).toBe('樊城区公共实训基地');
    expect((await call('sa', 'GET', '/api/layout')).statusCode).toBe(403);
  });
});
