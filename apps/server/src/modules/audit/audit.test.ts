import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeUser, type TestApp } from '../../../test/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
});
afterAll(() => t.close());

describe('audit log', () => {
  it('only the province reads it, filtered by actor and action', async () => {
    // An actor of this test's own, signed in once: other tests' logins (of 'xy', 'prov') do not reach its count.
    await makeUser(t, { username: 'yc-once', role: 'region', regionCode: '420500' });
    const prov = await login(t, 'prov');
    const yc = await login(t, 'yc-once');
    expect((await t.app.inject({ url: '/api/audit', headers: { cookie: yc } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/audit' })).statusCode).toBe(401);
    const r = (
      await t.app.inject({ url: '/api/audit?actor=yc-once&action=login.success', headers: { cookie: prov } })
    ).json();
    expect(r.total).toBe(1);
    expect(r.items[0]).toMatchObject({ actorName: 'yc-once', actorRole: 'region', action: 'login.success' });
  });

  it('exports the filtered entries to Excel with Chinese labels, and the export itself is audited', async () => {
    const prov = await login(t, 'prov');
    const res = await t.app.inject({ url: '/api/audit.xlsx?action=login.success', headers: { cookie: prov } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('审计日志')!;
    expect(ws.getRow(1).getCell(5).value).toBe('操作');
    expect(ws.getRow(2).getCell(5).value).toBe('登录成功');
    expect((await t.app.inject({ url: '/api/audit.xlsx', headers: { cookie: await login(t, 'xy') } })).statusCode).toBe(
      403,
    );
    await new Promise((r) => setTimeout(r, 50)); // the trail is written once the answer is sent
    const trail = (
      await exec(t, sql`select action, after->>'route' as route from audit_log where action = 'export.download'`)
    ).rows;
    expect(trail).toContainEqual({ action: 'export.download', route: '/api/audit.xlsx' });
  });

  it('is append-only: the database refuses updates and deletes', async () => {
    await login(t, 'xy'); // an entry of this test's own to update and delete
    const before = (await exec(t, sql`select id, action from audit_log order by id`)).rows;
    expect(before).toContainEqual(expect.objectContaining({ action: 'login.success' }));
    await expect(exec(t, sql`update audit_log set action = 'x'`)).rejects.toThrow();
    await expect(exec(t, sql`delete from audit_log`)).rejects.toThrow();
    expect((await exec(t, sql`select id, action from audit_log order by id`)).rows).toEqual(before);
  });
});
