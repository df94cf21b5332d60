import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeUser, type TestApp } from '../../../test/app';
import { TEST_TODAY } from '../../../test/clock-setup';
import { XLSX_TYPE } from '../excel/layout';

let t: TestApp;
const c: Record<string, string> = {};
let ind: { code: string; name: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  for (const u of ['prov', 'xy']) c[u] = await login(t, u);
  ind = (
    await exec(t, sql`select code, name from dict_entries where kind = 'industry' and active order by code limit 3`)
  ).rows as { code: string; name: string }[];
});
afterAll(() => t.close());

const call = (who: string, method: 'GET' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: c[who] }, payload: payload as object });
const of = async (region: string) =>
  (await call('prov', 'GET', '/api/key-industries'))
    .json()
    .items.find((r: { regionCode: string }) => r.regionCode === region);
/** A region's list as the province saves it (each test keeps to its own regions). */
const keep = async (region: string, industryCodes: string[]) => {
  const r = await call('prov', 'PUT', `/api/key-industries/${region}`, { industryCodes });
  if (r.statusCode !== 200) throw new Error(`key industries of ${region}: ${r.body}`);
};

describe('各市州重点产业, kept by the province', () => {
  it('lists the 17 regions and saves one region’s list, audited once per change', async () => {
    const list = (await call('prov', 'GET', '/api/key-industries')).json().items;
    expect(list).toHaveLength(17);
    expect(list[0]).toMatchObject({ regionCode: '420100', regionName: '武汉市', industryCodes: [] });
    const saved = await call('prov', 'PUT', '/api/key-industries/420600', {
      industryCodes: [ind[1].code, ind[0].code, ind[0].code],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().industryCodes).toEqual([ind[0].code, ind[1].code].sort());
    await call('prov', 'PUT', '/api/key-industries/420600', { industryCodes: [ind[0].code, ind[1].code] }); // the same: no entry
    const audit = (
      await exec(
        t,
        sql`select before, after from audit_log where action = 'keyindustry.update' and entity_id = '420600'`,
      )
    ).rows;
    expect(audit).toEqual([
      {
        before: { industryCodes: [] },
        after: { industryCodes: [ind[0].code, ind[1].code].sort(), effectiveFrom: TEST_TODAY, changeReason: '' },
      },
    ]);
  });

  it('refuses an unknown industry, an unknown region and anyone but the province', async () => {
    await keep('420500', [ind[0].code, ind[1].code]);
    const bad = await call('prov', 'PUT', '/api/key-industries/420500', { industryCodes: [ind[2].code, 'NOPE'] });
    expect([bad.statusCode, bad.json().error.message]).toEqual([400, '重点产业：代码 NOPE 不在产业目录中']);
    expect((await of('420500')).industryCodes).toEqual([ind[0].code, ind[1].code].sort());
    expect((await call('prov', 'PUT', '/api/key-industries/110000', { industryCodes: [] })).statusCode).toBe(404);
    expect((await call('xy', 'GET', '/api/key-industries')).statusCode).toBe(403);
    expect((await call('xy', 'PUT', '/api/key-industries/420600', { industryCodes: [] })).statusCode).toBe(403);
  });

  it('imports a workbook all or nothing: one row per region replaces its list', async () => {
    await keep('420800', [ind[0].code, ind[1].code]);
    const tpl = await call('prov', 'GET', '/api/key-industries/import/template.xlsx');
    expect(tpl.statusCode).toBe(200);
    const fill = async (rows: string[][]) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('重点产业')!;
      rows.forEach((cells, i) => cells.forEach((v, k) => (ws.getRow(3 + i).getCell(2 + k).value = v)));
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const up = async (b: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: '/api/key-industries/import',
        headers: { cookie: c.prov, 'content-type': XLSX_TYPE },
        payload: b,
      });
    const refused = await up(
      await fill([
        ['420700', `${ind[0].name}、不存在产业`],
        ['荆门市', ind[2].code],
        ['鄂州市', ind[1].name],
      ]),
    );
    expect(refused.statusCode).toBe(400);
    expect(
      refused
        .json()
        .error.details.errors.map(
          (e: { row: number; column: string; message: string }) => `${e.row}${e.column} ${e.message}`,
        ),
    ).toEqual(['3C 产业“不存在产业”不在产业目录中', '5B 鄂州市与第 3 行重复，每个市州只填一行']);
    expect((await of('420800')).industryCodes).toEqual([ind[0].code, ind[1].code].sort());
    expect((await of('420700')).industryCodes).toEqual([]);
    const ok = await up(
      await fill([
        ['420700', `${ind[0].name}、${ind[1].code}`],
        ['荆门市', ind[0].code + '、' + ind[1].code],
      ]),
    );
    expect(ok.json()).toEqual({ updated: 1, unchanged: 1, message: '导入完成：更新 1 个市州的重点产业，1 个无变化' });
    expect((await of('420700')).industryCodes).toEqual([ind[0].code, ind[1].code].sort());
  });
});
