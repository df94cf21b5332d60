import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, uniqueUscc, type TestApp } from '../../../test/app';

let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, number> = {};

const req = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: c[who] },
    ...(payload !== undefined ? { payload: payload as never } : {}),
  });
const nameOf = async (id: number) =>
  (await exec(t, sql`select name, uscc, version from orgs where id = ${id}`)).rows[0] as {
    name: string;
    uscc: string;
    version: number;
  };
const ask = (who: string, orgId: number, field: string, newValue: string, reason = '更名经主管部门批准') =>
  req(who, 'POST', `/api/orgs/${orgId}/change-requests`, { field, newValue, reason });
const requests = async (who: string, q = '') =>
  (await req(who, 'GET', `/api/org-change-requests${q}`)).json().items as {
    id: number;
    state: string;
    newValue: string;
    canDecide: boolean;
  }[];
const inbox = async (who: string) =>
  (await req(who, 'GET', '/api/notifications')).json().items as { title: string; body: string }[];

beforeAll(async () => {
  t = await createTestApp();
  o.xySchool = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳变更测试技师学院' })).id;
  o.xySchool2 = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳变更测试技工学校' })).id;
  o.whEnt = (await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '武汉变更测试装备有限公司' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'xys', role: 'school', regionCode: '420600', orgId: o.xySchool });
  await makeUser(t, { username: 'whe', role: 'enterprise', regionCode: '420100', orgId: o.whEnt });
  for (const u of ['prov', 'xy', 'wh', 'xys', 'whe']) c[u] = await login(t, u);
});
afterAll(() => t.close());

describe('name and USCC change only through the bureau', () => {
  let requestId: number;

  it('a school cannot rename itself directly', async () => {
    const r = await req('xys', 'PATCH', `/api/orgs/${o.xySchool}`, { version: 1, name: '襄阳自改名技师学院' });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toMatch(/提交变更申请/);
    expect((await nameOf(o.xySchool)).name).toBe('襄阳变更测试技师学院');
  });

  it('bad requests are refused in Chinese and file nothing', async () => {
    for (const twin of ['襄阳变更测试技工学校', '  襄阳变更测试技工学校 ']) {
      const r = await ask('xys', o.xySchool, 'name', twin);
      expect(r.statusCode).toBe(409);
      expect(r.json().error.message).toMatch(/不能重复/);
    }
    expect((await ask('xys', o.xySchool, 'name', '襄阳变更测试技师学院')).json().error.message).toMatch(/与现在的相同/);
    expect((await ask('xys', o.xySchool, 'address', '新地址')).statusCode).toBe(400);
    const noReason = await ask('xys', o.xySchool, 'name', '襄阳智能制造技师学院', '  ');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toMatch(/变更原因/);
    expect((await ask('xys', o.xySchool, 'uscc', '123')).json().error.code).toBe('uscc_invalid');
    expect((await ask('xys', o.xySchool2, 'name', '别人的学校')).statusCode).toBe(404);
    expect((await ask('xy', o.xySchool, 'name', '襄阳智能制造技师学院')).statusCode).toBe(403);
    expect(await requests('prov')).toEqual([]);
  });

  it('the school files a rename; its bureau is asked; a second one waits', async () => {
    const r = await ask('xys', o.xySchool, 'name', ' 襄阳智能制造技师学院 ');
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      state: 'pending',
      oldValue: '襄阳变更测试技师学院',
      newValue: '襄阳智能制造技师学院',
      canDecide: false,
    });
    requestId = r.json().id;
    expect((await inbox('xy')).some((n) => n.title.includes('申请变更单位名称为“襄阳智能制造技师学院”'))).toBe(true);
    const twice = await ask('xys', o.xySchool, 'name', '襄阳另一个名字技师学院');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/待审核/);
    expect((await requests('xys')).map((x) => x.id)).toEqual([requestId]);
    expect(await requests('wh')).toEqual([]);
    expect((await requests('xy', '?state=pending'))[0]).toMatchObject({ id: requestId, canDecide: true });
    expect((await nameOf(o.xySchool)).name).toBe('襄阳变更测试技师学院');
  });

  it('only the bureau of the region or the province decides', async () => {
    expect(
      (await req('xys', 'POST', `/api/org-change-requests/${requestId}/decision`, { action: 'approve' })).statusCode,
    ).toBe(403);
    expect(
      (await req('wh', 'POST', `/api/org-change-requests/${requestId}/decision`, { action: 'approve' })).statusCode,
    ).toBe(404);
    expect(
      (await req('xy', 'POST', `/api/org-change-requests/${requestId}/decision`, { action: 'yes' })).statusCode,
    ).toBe(400);
    expect((await nameOf(o.xySchool)).name).toBe('襄阳变更测试技师学院');
  });

  it('a name taken meanwhile is refused at approval, and nothing changes', async () => {
    const v = (await nameOf(o.xySchool2)).version;
    const direct = await req('xy', 'PATCH', `/api/orgs/${o.xySchool2}`, { version: v, name: '襄阳智能制造技师学院' });
    expect(direct.statusCode, direct.body).toBe(200); // a bureau still edits directly
    const r = await req('xy', 'POST', `/api/org-change-requests/${requestId}/decision`, { action: 'approve' });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('org_name_duplicate');
    expect((await nameOf(o.xySchool)).name).toBe('襄阳变更测试技师学院');
    expect((await requests('xy'))[0].state).toBe('pending');
  });

  it('a bureau editing directly obeys the same-name rule', async () => {
    const v = (await nameOf(o.xySchool2)).version;
    const r = await req('xy', 'PATCH', `/api/orgs/${o.xySchool2}`, { version: v, name: '襄阳变更测试技师学院 ' });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.message).toMatch(/不能重复/);
    expect((await nameOf(o.xySchool2)).name).toBe('襄阳智能制造技师学院');
  });

  it('the bureau rejects with a reason; the province approves the next request and the record changes', async () => {
    const noNote = await req('xy', 'POST', `/api/org-change-requests/${requestId}/decision`, { action: 'reject' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.message).toMatch(/原因/);
    const rej = await req('xy', 'POST', `/api/org-change-requests/${requestId}/decision`, {
      action: 'reject',
      note: '该名称已被其他学校使用',
    });
    expect(rej.json()).toMatchObject({ state: 'rejected', decisionNote: '该名称已被其他学校使用' });
    expect((await inbox('xys')).some((n) => n.title.startsWith('已驳回') && n.body.includes('已被其他学校使用'))).toBe(
      true,
    );
    expect(
      (await req('xy', 'POST', `/api/org-change-requests/${requestId}/decision`, { action: 'approve' })).statusCode,
    ).toBe(409);
    const next = await ask('xys', o.xySchool, 'name', '襄阳先进制造技师学院');
    const ok = await req('prov', 'POST', `/api/org-change-requests/${next.json().id}/decision`, { action: 'approve' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'approved', decidedByName: expect.any(String) });
    expect((await nameOf(o.xySchool)).name).toBe('襄阳先进制造技师学院');
    expect(
      (await inbox('xys')).some((n) => n.title.includes('已批准') && n.title.includes('襄阳先进制造技师学院')),
    ).toBe(true);
    const audits = (
      await exec(
        t,
        sql`select action from audit_log where entity_type in ('org', 'org_change_request') and action like 'org.change%' order by id`,
      )
    ).rows.map((x) => x.action);
    expect(audits).toEqual(['org.change_request', 'org.change_reject', 'org.change_request', 'org.change_approve']);
  });

  it('an enterprise changes its USCC through its bureau', async () => {
    const uscc = await uniqueUscc('420100');
    const r = await ask('whe', o.whEnt, 'uscc', uscc.toLowerCase());
    expect(r.statusCode, r.body).toBe(201);
    const ok = await req('wh', 'POST', `/api/org-change-requests/${r.json().id}/decision`, {
      action: 'approve',
      note: '核对营业执照无误',
    });
    expect(ok.json().state).toBe('approved');
    expect((await nameOf(o.whEnt)).uscc).toBe(uscc);
  });
});
