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
  o.whEnt = (await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '武汉变更测试装备有限公司' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'whe', role: 'enterprise', regionCode: '420100', orgId: o.whEnt });
  for (const u of ['prov', 'xy', 'wh', 'whe']) c[u] = await login(t, u);
});
afterAll(() => t.close());

// Each test renames schools of its own (and asks for names no other test asks for), so the tests pass in any order.
let schools = 0;
/** A new 襄阳 school with a signed-in user. */
async function school() {
  const k = ++schools;
  const name = `襄阳变更测试技师学院${k}`;
  const id = (await makeOrg(t, { type: 'school', regionCode: '420600', name })).id;
  const user = `xys${k}`;
  await makeUser(t, { username: user, role: 'school', regionCode: '420600', orgId: id });
  c[user] = await login(t, user);
  return { id, name, user };
}
/** A new 襄阳 school that has asked to be renamed `newName`. */
async function pending(newName: string) {
  const s = await school();
  const r = await ask(s.user, s.id, 'name', newName);
  expect(r.statusCode, r.body).toBe(201);
  return { ...s, requestId: r.json().id as number };
}

describe('name and USCC change only through the bureau', () => {
  it('a school cannot rename itself directly', async () => {
    const s = await school();
    const r = await req(s.user, 'PATCH', `/api/orgs/${s.id}`, { version: 1, name: '襄阳自改名技师学院' });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toMatch(/提交变更申请/);
    expect((await nameOf(s.id)).name).toBe(s.name);
  });

  it('bad requests are refused in Chinese and file nothing', async () => {
    const s = await school();
    const twin = await school();
    const before = await requests('prov');
    for (const name of [twin.name, `  ${twin.name} `]) {
      const r = await ask(s.user, s.id, 'name', name);
      expect(r.statusCode).toBe(409);
      expect(r.json().error.message).toMatch(/不能重复/);
    }
    expect((await ask(s.user, s.id, 'name', s.name)).json().error.message).toMatch(/与现在的相同/);
    expect((await ask(s.user, s.id, 'address', '新地址')).statusCode).toBe(400);
    const noReason = await ask(s.user, s.id, 'name', '襄阳智能制造技师学院', '  ');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toMatch(/变更原因/);
    expect((await ask(s.user, s.id, 'uscc', '123')).json().error.code).toBe('uscc_invalid');
    expect((await ask(s.user, twin.id, 'name', '别人的学校')).statusCode).toBe(404);
    expect((await ask('xy', s.id, 'name', '襄阳智能制造技师学院')).statusCode).toBe(403);
    expect(await requests('prov')).toEqual(before);
  });

  it('the school files a rename; its bureau is asked; a second one waits', async () => {
    const s = await school();
    const r = await ask(s.user, s.id, 'name', ' 襄阳智能制造技师学院 ');
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      state: 'pending',
      oldValue: s.name,
      newValue: '襄阳智能制造技师学院',
      canDecide: false,
    });
    const requestId = r.json().id;
    expect((await inbox('xy')).some((n) => n.title.includes('申请变更单位名称为“襄阳智能制造技师学院”'))).toBe(true);
    const twice = await ask(s.user, s.id, 'name', '襄阳另一个名字技师学院');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/待审核/);
    expect((await requests(s.user)).map((x) => x.id)).toEqual([requestId]);
    expect((await requests('wh')).some((x) => x.id === requestId)).toBe(false);
    expect((await requests('xy', '?state=pending')).find((x) => x.id === requestId)).toMatchObject({
      canDecide: true,
    });
    expect((await nameOf(s.id)).name).toBe(s.name);
  });

  it('only the bureau of the region or the province decides', async () => {
    const { id, name, user, requestId } = await pending('襄阳决定权测试技师学院');
    expect(
      (await req(user, 'POST', `/api/org-change-requests/${requestId}/decision`, { action: 'approve' })).statusCode,
    ).toBe(403);
    expect(
      (await req('wh', 'POST', `/api/org-change-requests/${requestId}/decision`, { action: 'approve' })).statusCode,
    ).toBe(404);
    expect(
      (await req('xy', 'POST', `/api/org-change-requests/${requestId}/decision`, { action: 'yes' })).statusCode,
    ).toBe(400);
    expect((await nameOf(id)).name).toBe(name);
  });

  it('a name taken meanwhile is refused at approval, and nothing changes', async () => {
    const { id, name, requestId } = await pending('襄阳智能装备技师学院');
    const other = await school();
    const v = (await nameOf(other.id)).version;
    const direct = await req('xy', 'PATCH', `/api/orgs/${other.id}`, { version: v, name: '襄阳智能装备技师学院' });
    expect(direct.statusCode, direct.body).toBe(200); // a bureau still edits directly
    const r = await req('xy', 'POST', `/api/org-change-requests/${requestId}/decision`, { action: 'approve' });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('org_name_duplicate');
    expect((await nameOf(id)).name).toBe(name);
    expect((await requests('xy')).find((x) => x.id === requestId)?.state).toBe('pending');
  });

  it('a bureau editing directly obeys the same-name rule', async () => {
    const [a, b] = [await school(), await school()];
    const v = (await nameOf(b.id)).version;
    const r = await req('xy', 'PATCH', `/api/orgs/${b.id}`, { version: v, name: `${a.name} ` });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.message).toMatch(/不能重复/);
    expect((await nameOf(b.id)).name).toBe(b.name);
  });

  it('the bureau rejects with a reason; the province approves the next request and the record changes', async () => {
    const { id, user, requestId } = await pending('襄阳数控技术技师学院');
    const noNote = await req('xy', 'POST', `/api/org-change-requests/${requestId}/decision`, { action: 'reject' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.message).toMatch(/原因/);
    const rej = await req('xy', 'POST', `/api/org-change-requests/${requestId}/decision`, {
      action: 'reject',
      note: '该名称已被其他学校使用',
    });
    expect(rej.json()).toMatchObject({ state: 'rejected', decisionNote: '该名称已被其他学校使用' });
    expect((await inbox(user)).some((n) => n.title.startsWith('已驳回') && n.body.includes('已被其他学校使用'))).toBe(
      true,
    );
    expect(
      (await req('xy', 'POST', `/api/org-change-requests/${requestId}/decision`, { action: 'approve' })).statusCode,
    ).toBe(409);
    const next = await ask(user, id, 'name', '襄阳先进制造技师学院');
    const ok = await req('prov', 'POST', `/api/org-change-requests/${next.json().id}/decision`, { action: 'approve' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'approved', decidedByName: expect.any(String) });
    expect((await nameOf(id)).name).toBe('襄阳先进制造技师学院');
    expect(
      (await inbox(user)).some((n) => n.title.includes('已批准') && n.title.includes('襄阳先进制造技师学院')),
    ).toBe(true);
    // Filing is logged on the school, each decision on its request.
    const requestIds = [String(requestId), String(next.json().id)];
    const audits = (
      await exec(
        t,
        sql`select action from audit_log where action like 'org.change%' and ((entity_type = 'org' and entity_id = ${String(id)}) or (entity_type = 'org_change_request' and entity_id in ${requestIds})) order by id`,
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
