import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { nowMs } from '../../lib/clock';

let t: TestApp;
const c: Record<string, string> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  ids.s1 = (await makeOrg(t, { type: 'school', regionCode: '420600' })).id;
  ids.s2 = (await makeOrg(t, { type: 'school', regionCode: '420600' })).id;
  ids.e1 = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', isKey: true })).id;
  ids.e2 = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', isKey: true })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh-b', role: 'region', regionCode: '420100' });
  for (const k of ['s1', 's2', 'e1', 'e2'])
    await makeUser(t, {
      username: `u-${k}`,
      role: k.startsWith('s') ? 'school' : 'enterprise',
      regionCode: '420600',
      orgId: ids[k],
    });
  for (const u of ['prov', 'xy-b', 'wh-b', 'u-s1', 'u-s2', 'u-e1', 'u-e2']) c[u] = await login(t, u);
});
afterAll(() => t.close());

const post = (who: string, url: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: c[who] }, payload });
const inbox = async (who: string) =>
  (await t.app.inject({ url: '/api/notifications', headers: { cookie: c[who] } })).json().items as {
    title: string;
    body: string;
  }[];
const future = (h: number) => new Date(nowMs() + h * 3600_000).toISOString().replace(/\.\d+Z$/, '.000Z');

describe('matchmaking events', () => {
  let id: number;
  let slots: string[];

  it('a bureau creates an event; bad dates are refused; the public sees it', async () => {
    const bad = await post('xy-b', '/api/events', {
      title: '襄阳校企洽谈会',
      startsAt: future(50),
      endsAt: future(48),
      place: '襄阳',
      capacity: 10,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (
        await post('u-s1', '/api/events', {
          title: '学校自办',
          startsAt: future(48),
          endsAt: future(50),
          place: 'x',
          capacity: 10,
        })
      ).statusCode,
    ).toBe(403);
    const r = await post('xy-b', '/api/events', {
      title: '襄阳校企洽谈会',
      startsAt: future(48),
      endsAt: future(49),
      place: '襄阳市示例会展中心',
      capacity: 3,
      slotMinutes: 20,
    });
    expect(r.statusCode, r.body).toBe(201);
    id = r.json().id;
    const pub = (await t.app.inject({ url: '/api/events' })).json();
    expect(pub.items[0]).toMatchObject({ title: '襄阳校企洽谈会', registered: 0, canManage: false });
  });

  it('organisations register up to the capacity, once each', async () => {
    for (const u of ['u-s1', 'u-e1', 'u-e2'])
      expect((await post(u, `/api/events/${id}/registrations`, { attendees: 2 })).statusCode).toBe(201);
    expect((await post('u-e1', `/api/events/${id}/registrations`)).statusCode).toBe(409);
    const full = await post('u-s2', `/api/events/${id}/registrations`);
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message).toMatch(/已满/);
  });

  it('a slot booked by one side is a request until the other side accepts; the organiser cannot book for them', async () => {
    const m = (await t.app.inject({ url: `/api/events/${id}/meetings`, headers: { cookie: c['xy-b'] } })).json();
    slots = m.slots;
    expect(slots).toHaveLength(3);
    const byOrganiser = await post('xy-b', `/api/events/${id}/meetings`, {
      slotStart: slots[0],
      schoolOrgId: ids.s1,
      enterpriseOrgId: ids.e1,
    });
    expect(byOrganiser.statusCode).toBe(403);
    expect(byOrganiser.json().error.message).toMatch(/主办方不能代为预约/);
    expect(
      (
        await post('u-e2', `/api/events/${id}/meetings`, {
          slotStart: slots[0],
          schoolOrgId: ids.s1,
          enterpriseOrgId: ids.e1,
        })
      ).statusCode,
    ).toBe(403);
    const first = await post('u-s1', `/api/events/${id}/meetings`, {
      slotStart: slots[0],
      schoolOrgId: ids.s1,
      enterpriseOrgId: ids.e1,
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ state: 'requested', requestedByOrgId: ids.s1, canRespond: false });
    expect((await t.app.inject({ url: `/api/events/${id}` })).json().meetings).toBe(0);
    const twice = await post('u-s1', `/api/events/${id}/meetings`, {
      slotStart: slots[0],
      schoolOrgId: ids.s1,
      enterpriseOrgId: ids.e1,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/等待对方答复/);
    expect(
      (await post('u-s1', `/api/events/${id}/meetings/${first.json().id}/response`, { action: 'accept' })).statusCode,
    ).toBe(403);
    const seen = (await t.app.inject({ url: `/api/events/${id}/meetings`, headers: { cookie: c['u-e1'] } })).json()
      .items;
    expect(seen).toMatchObject([{ id: first.json().id, state: 'requested', canRespond: true }]);
    expect((await inbox('u-e1')).some((n) => n.title.includes('请求在') && n.title.includes('请接受或谢绝'))).toBe(
      true,
    );
    const ok = await post('u-e1', `/api/events/${id}/meetings/${first.json().id}/response`, { action: 'accept' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('accepted');
    expect((await inbox('u-s1')).some((n) => n.title.includes('接受了'))).toBe(true);
    expect((await t.app.inject({ url: `/api/events/${id}` })).json().meetings).toBe(1);
  });

  it('a side declines; a taken slot or a full schedule is refused in Chinese', async () => {
    const taken = await post('u-e2', `/api/events/${id}/meetings`, {
      slotStart: slots[0],
      schoolOrgId: ids.s1,
      enterpriseOrgId: ids.e2,
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toMatch(/对方在该时段已有洽谈/);
    const ask = await post('u-e2', `/api/events/${id}/meetings`, {
      slotStart: slots[1],
      schoolOrgId: ids.s1,
      enterpriseOrgId: ids.e2,
    });
    const no = await post('u-s1', `/api/events/${id}/meetings/${ask.json().id}/response`, {
      action: 'decline',
      reason: '该时段另有安排',
    });
    expect(no.json()).toMatchObject({ state: 'declined', declineReason: '该时段另有安排' });
    expect((await inbox('u-e2')).some((n) => n.title.includes('谢绝了') && n.body.includes('另有安排'))).toBe(true);
    // A declined request leaves the slot free; requests do not take it either, only acceptance does.
    const a = await post('u-e1', `/api/events/${id}/meetings`, {
      slotStart: slots[1],
      schoolOrgId: ids.s1,
      enterpriseOrgId: ids.e1,
    });
    expect(
      (await post('u-s1', `/api/events/${id}/meetings/${a.json().id}/response`, { action: 'accept' })).json().state,
    ).toBe('accepted');
    const fromE2 = await post('u-e2', `/api/events/${id}/meetings`, {
      slotStart: slots[2],
      schoolOrgId: ids.s1,
      enterpriseOrgId: ids.e2,
    });
    const fromE1 = await post('u-e1', `/api/events/${id}/meetings`, {
      slotStart: slots[2],
      schoolOrgId: ids.s1,
      enterpriseOrgId: ids.e1,
    });
    expect([fromE2.statusCode, fromE1.statusCode]).toEqual([201, 201]);
    expect(
      (await post('u-s1', `/api/events/${id}/meetings/${fromE2.json().id}/response`, { action: 'accept' })).json()
        .state,
    ).toBe('accepted');
    const clash = await post('u-s1', `/api/events/${id}/meetings/${fromE1.json().id}/response`, { action: 'accept' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.message).toMatch(/已有其他洽谈，不能接受/);
    const full = await post('u-e2', `/api/events/${id}/meetings`, {
      slotStart: slots[0],
      schoolOrgId: ids.s1,
      enterpriseOrgId: ids.e2,
    });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message).toMatch(/日程已满/);
    expect((await t.app.inject({ url: `/api/events/${id}` })).json().meetings).toBe(3);
  });

  it('bad input for requests and answers is refused in Chinese and changes nothing', async () => {
    const outside = await post('u-s1', `/api/events/${id}/meetings`, {
      slotStart: future(10),
      schoolOrgId: ids.s1,
      enterpriseOrgId: ids.e2,
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toMatch(/时段/);
    expect(
      (
        await post('u-s2', `/api/events/${id}/meetings`, {
          slotStart: slots[0],
          schoolOrgId: ids.s2,
          enterpriseOrgId: ids.e2,
        })
      ).statusCode,
    ).toBe(400); // s2 is not registered
    const items = (await t.app.inject({ url: `/api/events/${id}/meetings`, headers: { cookie: c['xy-b'] } })).json()
      .items as { id: number; state: string }[];
    const open = items.find((x) => x.state === 'requested')!;
    expect((await post('u-s1', `/api/events/${id}/meetings/${open.id}/response`, { action: 'maybe' })).statusCode).toBe(
      400,
    );
    expect((await post('u-s1', `/api/events/${id}/meetings/999999/response`, { action: 'accept' })).statusCode).toBe(
      404,
    );
    expect(
      (await post('xy-b', `/api/events/${id}/meetings/${open.id}/response`, { action: 'decline' })).statusCode,
    ).toBe(403);
    const done = items.find((x) => x.state === 'accepted')!;
    const again = await post('u-e1', `/api/events/${id}/meetings/${done.id}/response`, { action: 'decline' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/已确认/);
    const after = (await t.app.inject({ url: `/api/events/${id}/meetings`, headers: { cookie: c['xy-b'] } })).json()
      .items;
    expect(after).toEqual(items);
  });

  it('records what a meeting produced, once both sides agreed to it', async () => {
    const m = (await t.app.inject({ url: `/api/events/${id}/meetings`, headers: { cookie: c['u-e1'] } })).json();
    expect(m.items.every((x: { enterpriseOrgId: number }) => x.enterpriseOrgId === ids.e1)).toBe(true); // a party sees its own meetings only
    const pending = m.items.find((x: { state: string }) => x.state === 'requested');
    const early = await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${id}/meetings/${pending.id}`,
      headers: { cookie: c['u-e1'] },
      payload: { outcome: 'intent', outcomeNote: '' },
    });
    expect(early.statusCode).toBe(409);
    const accepted = m.items.find((x: { state: string }) => x.state === 'accepted');
    const r = await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${id}/meetings/${accepted.id}`,
      headers: { cookie: c['u-e1'] },
      payload: { outcome: 'agreement_to_sign', outcomeNote: '拟共建实训基地' },
    });
    expect(r.json()).toMatchObject({ outcome: 'agreement_to_sign', outcomeNote: '拟共建实训基地' });
  });

  it('the organiser closes registration, reopens it, and cancels with a reason that registrants are told', async () => {
    expect((await post('wh-b', `/api/events/${id}/status`, { status: 'closed' })).statusCode).toBe(403);
    expect((await post('u-s1', `/api/events/${id}/status`, { status: 'closed' })).statusCode).toBe(403);
    expect((await post('xy-b', `/api/events/${id}/status`, { status: 'closed' })).json().status).toBe('closed');
    const late = await post('u-s2', `/api/events/${id}/registrations`);
    expect(late.json().error.message).toMatch(/停止报名/);
    expect((await post('xy-b', `/api/events/${id}/status`, { status: 'open' })).json().status).toBe('open');
    const noReason = await post('xy-b', `/api/events/${id}/status`, { status: 'cancelled' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toMatch(/原因/);
    expect(
      (await post('xy-b', `/api/events/${id}/status`, { status: 'cancelled', reason: '场地检修，改期另行通知' })).json()
        .status,
    ).toBe('cancelled');
    const again = await post('xy-b', `/api/events/${id}/status`, { status: 'open' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/已取消/);
    const pub = (await t.app.inject({ url: '/api/events' })).json();
    expect(pub.items.map((e: { id: number }) => e.id)).not.toContain(id);
    const inbox = (await t.app.inject({ url: '/api/notifications', headers: { cookie: c['u-e2'] } })).json();
    expect(
      inbox.items.some(
        (n: { title: string; body: string }) => n.title.includes('已取消') && n.body.includes('场地检修'),
      ),
    ).toBe(true);
  });
});
