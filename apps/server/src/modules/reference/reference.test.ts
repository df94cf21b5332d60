import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPECIALTIES } from '@cjrh/domain';
import { createTestApp, login, makeUser, type TestApp } from '../../../test/app';

let t: TestApp;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  cookies.prov = await login(t, 'prov');
  cookies.xy = await login(t, 'xy');
});
afterAll(() => t.close());

describe('reference data', () => {
  it('serves the 17 regions and the specialty catalogue without login', async () => {
    const regions = (await t.app.inject({ url: '/api/reference/regions' })).json();
    expect(regions.items).toHaveLength(17);
    expect(regions.items[0]).toMatchObject({ code: '420100', name: '武汉市' });
    const specs = (await t.app.inject({ url: '/api/reference/dicts/specialty' })).json();
    expect(specs.items.length).toBe(SPECIALTIES.length);
    expect(specs.items).toHaveLength(207);
    const q = (await t.app.inject({ url: `/api/reference/dicts/specialty?q=${encodeURIComponent('数控')}` })).json();
    expect(q.items.map((i: { code: string; name: string }) => `${i.code} ${i.name}`).sort()).toEqual([
      '0102 数控加工',
      '0103 数控机床装配与维修',
      '0112 数控编程',
    ]);
  });

  it('the crosswalk maps every specialty to occupations and industries', async () => {
    const cw = (await t.app.inject({ url: '/api/reference/crosswalk' })).json();
    expect(cw.items.length).toBe(SPECIALTIES.length);
    type Row = { specialtyName: string; occupations: unknown[]; industries: unknown[] };
    const rows: Row[] = cw.items;
    expect(rows.filter((r) => !r.occupations.length || !r.industries.length).map((r) => r.specialtyName)).toEqual([]);
    // The links of the domain's crosswalk (packages/domain/src/reference/crosswalk.test.ts), all served.
    expect(rows.reduce((n, r) => n + r.occupations.length, 0)).toBe(380);
    expect(rows.reduce((n, r) => n + r.industries.length, 0)).toBe(484);
  });

  it('the province adds an industry (audited); a region may not; unknown kinds are refused', async () => {
    const body = { code: 'IND-X01', name: '示例特色产业集群', data: { group: 'characteristic' } };
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/reference/dicts/industry',
          headers: { cookie: cookies.xy },
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/reference/dicts/industry',
      headers: { cookie: cookies.prov },
      payload: body,
    });
    expect(r.statusCode).toBe(201);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/reference/dicts/industry',
      headers: { cookie: cookies.prov },
      payload: body,
    });
    expect(again.statusCode).toBe(409);
    const list = (await t.app.inject({ url: '/api/reference/dicts/industry' })).json();
    expect(list.items.map((i: { code: string }) => i.code)).toContain('IND-X01');
    const audit = (
      await t.app.inject({ url: '/api/audit?action=dict.create', headers: { cookie: cookies.prov } })
    ).json();
    expect(audit.items[0]).toMatchObject({ actorName: 'prov', entityType: 'dict:industry', entityId: 'IND-X01' });
    expect((await t.app.inject({ url: '/api/reference/dicts/weather' })).statusCode).toBe(400);
  });

  it("editing a specialty's occupations refuses codes that do not exist", async () => {
    const spec = SPECIALTIES[0];
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/api/reference/dicts/specialty/${spec.code}`,
      headers: { cookie: cookies.prov },
      payload: { name: spec.name, data: { occupationCodes: ['9-99-99-99'] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('unknown_reference');
  });
});
