import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { nowMs } from '../../lib/clock';

// Each test holds its own event with its own schools and firms (newEvent, party), so the tests pass alone and in any
// order: capacities, slots, meetings and inboxes are the test's own. The bureaus only read or organise.
let t: TestApp;
const c: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh-b', role: 'region', regionCode: '420100' });
  for (const u of ['prov', 'xy-b', 'wh-b']) c[u] = await login(t, u);
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

let parties = 0;
/** Arrange: a new 襄阳 school or (key) enterprise with a signed-in user; its org id and the user's name (cookie in `c`). */
async function party(type: 'school' | 'enterprise') {
  const org = await makeOrg(t, { type, regionCode: '420600', ...(type === 'enterprise' ? { isKey: true } : {}) });
  const who = `u-${type}-${++parties}`;
  await makeUser(t, { username: who, role: type, regionCode: '420600', orgId: org.id });
  c[who] = await login(t, who);
  return { id: org.id, who };
}

/**
 * Arrange: 襄阳's event in two days, an hour long in 20-minute slots (three) with room for three organisations; the
 * given parties registered. Returns its id and its slots.
 */
let eventCount = 0;
async function newEvent(...registered: { who: string }[]) {
  // A title of its own: the same title at the same start (tests run within one second) is refused as a double submit.
  const r = await post('xy-b', '/api/events', {
    title: `襄阳校企洽谈会（第 ${++eventCount} 场）`,
    startsAt: future(48),
    endsAt: future(49),
    place: '襄阳市示例会展中心',
    capacity: 3,
    slotMinutes: 20,
  });
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json().id as number;
  for (const p of registered)
    expect((await post(p.who, `/api/events/${id}/registrations`, { attendees: 2 })).statusCode).toBe(201);
  const slots = (await t.app.inject({ url: `/api/events/${id}/meetings`, headers: { cookie: c['xy-b'] } })).json()
    .slots as string[];
  return { id, slots };
}

/** Arrange: `by` asks for a meeting of school and firm at the slot; the other side answers when `answer` is given. */
async function meeting(
  event: number,
  slotStart: string,
  school: { id: number; who: string },
  firm: { id: number; who: string },
  by: 'school' | 'enterprise',
  answer?: 'accept' | 'decline',
) {
  const [asker, other] = by === 'school' ? [school, firm] : [firm, school];
  const r = await post(asker.who, `/api/events/${event}/meetings`, {
    slotStart,
    schoolOrgId: school.id,
    enterpriseOrgId: firm.id,
  });
  expect(r.statusCode, r.body).toBe(201);
  if (!answer) return r.json() as { id: number; state: string };
  const a = await post(other.who, `/api/events/${event}/meetings/${r.json().id}/response`, { action: answer });
  expect(a.statusCode, a.body).toBe(200);
  return a.json() as { id: number; state: string };
}

describe('matchmaking events', () => {
  it('a bureau creates an event; bad dates are refused; the public sees it', async () => {
    const s1 = await party('school');
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
        await post(s1.who, '/api/events', {
          title: '学校自办',
          startsAt: future(48),
          endsAt: future(50),
          place: 'x',
          capacity: 10,
        })
      ).statusCode,
    ).toBe(403);
    const r = await post('xy-b', '/api/events', {
      title: '襄阳校企洽谈会（新建）',
      startsAt: future(48),
      endsAt: future(49),
      place: '襄阳市示例会展中心',
      capacity: 3,
      slotMinutes: 20,
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id;
    const pub = (await t.app.inject({ url: '/api/events' })).json();
    expect(pub.items.find((e: { id: number }) => e.id === id)).toMatchObject({
      title: '襄阳校企洽谈会（新建）',
      registered: 0,
      canManage: false,
    });
  });

  it('organisations register up to the capacity, once each', async () => {
    const [s1, e1, e2, s2] = [
      await party('school'),
      await party('enterprise'),
      await party('enterprise'),
      await party('school'),
    ];
    const { id } = await newEvent();
    for (const p of [s1, e1, e2])
      expect((await post(p.who, `/api/events/${id}/registrations`, { attendees: 2 })).statusCode).toBe(201);
    expect((await post(e1.who, `/api/events/${id}/registrations`)).statusCode).toBe(409);
    const full = await post(s2.who, `/api/events/${id}/registrations`);
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message).toMatch(/已满/);
  });

  it('a slot booked by one side is a request until the other side accepts; the organiser cannot book for them', async () => {
    const [s1, e1, e2] = [await party('school'), await party('enterprise'), await party('enterprise')];
    const { id } = await newEvent(s1, e1, e2);
    const m = (await t.app.inject({ url: `/api/events/${id}/meetings`, headers: { cookie: c['xy-b'] } })).json();
    const slots = m.slots;
    expect(slots).toHaveLength(3);
    const byOrganiser = await post('xy-b', `/api/events/${id}/meetings`, {
      slotStart: slots[0],
      schoolOrgId: s1.id,
      enterpriseOrgId: e1.id,
    });
    expect(byOrganiser.statusCode).toBe(403);
    expect(byOrganiser.json().error.message).toMatch(/主办方不能代为预约/);
    expect(
      (
        await post(e2.who, `/api/events/${id}/meetings`, {
          slotStart: slots[0],
          schoolOrgId: s1.id,
          enterpriseOrgId: e1.id,
        })
      ).statusCode,
    ).toBe(403);
    const first = await post(s1.who, `/api/events/${id}/meetings`, {
      slotStart: slots[0],
      schoolOrgId: s1.id,
      enterpriseOrgId: e1.id,
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ state: 'requested', requestedByOrgId: s1.id, canRespond: false });
    expect((await t.app.inject({ url: `/api/events/${id}` })).json().meetings).toBe(0);
    const twice = await post(s1.who, `/api/events/${id}/meetings`, {
      slotStart: slots[0],
      schoolOrgId: s1.id,
      enterpriseOrgId: e1.id,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/等待对方答复/);
    expect(
      (await post(s1.who, `/api/events/${id}/meetings/${first.json().id}/response`, { action: 'accept' })).statusCode,
    ).toBe(403);
    const seen = (await t.app.inject({ url: `/api/events/${id}/meetings`, headers: { cookie: c[e1.who] } })).json()
      .items;
    expect(seen).toMatchObject([{ id: first.json().id, state: 'requested', canRespond: true }]);
    expect((await inbox(e1.who)).some((n) => n.title.includes('请求在') && n.title.includes('请接受或谢绝'))).toBe(
      true,
    );
    const ok = await post(e1.who, `/api/events/${id}/meetings/${first.json().id}/response`, { action: 'accept' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('accepted');
    expect((await inbox(s1.who)).some((n) => n.title.includes('接受了'))).toBe(true);
    expect((await t.app.inject({ url: `/api/events/${id}` })).json().meetings).toBe(1);
  });

  it('a side declines; a taken slot or a full schedule is refused in Chinese', async () => {
    const [s1, e1, e2] = [await party('school'), await party('enterprise'), await party('enterprise')];
    const { id, slots } = await newEvent(s1, e1, e2);
    await meeting(id, slots[0], s1, e1, 'school', 'accept');
    const taken = await post(e2.who, `/api/events/${id}/meetings`, {
      slotStart: slots[0],
      schoolOrgId: s1.id,
      enterpriseOrgId: e2.id,
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toMatch(/对方在该时段已有洽谈/);
    const ask = await post(e2.who, `/api/events/${id}/meetings`, {
      slotStart: slots[1],
      schoolOrgId: s1.id,
      enterpriseOrgId: e2.id,
    });
    const no = await post(s1.who, `/api/events/${id}/meetings/${ask.json().id}/response`, {
      action: 'decline',
      reason: '该时段另有安排',
    });
    expect(no.json()).toMatchObject({ state: 'declined', declineReason: '该时段另有安排' });
    expect((await inbox(e2.who)).some((n) => n.title.includes('谢绝了') && n.body.includes('另有安排'))).toBe(true);
    // A declined request leaves the slot free; requests do not take it either, only acceptance does.
    const a = await post(e1.who, `/api/events/${id}/meetings`, {
      slotStart: slots[1],
      schoolOrgId: s1.id,
      enterpriseOrgId: e1.id,
    });
    expect(
      (await post(s1.who, `/api/events/${id}/meetings/${a.json().id}/response`, { action: 'accept' })).json().state,
    ).toBe('accepted');
    const fromE2 = await post(e2.who, `/api/events/${id}/meetings`, {
      slotStart: slots[2],
      schoolOrgId: s1.id,
      enterpriseOrgId: e2.id,
    });
    const fromE1 = await post(e1.who, `/api/events/${id}/meetings`, {
      slotStart: slots[2],
      schoolOrgId: s1.id,
      enterpriseOrgId: e1.id,
    });
    expect([fromE2.statusCode, fromE1.statusCode]).toEqual([201, 201]);
    expect(
      (await post(s1.who, `/api/events/${id}/meetings/${fromE2.json().id}/response`, { action: 'accept' })).json()
        .state,
    ).toBe('accepted');
    const clash = await post(s1.who, `/api/events/${id}/meetings/${fromE1.json().id}/response`, { action: 'accept' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.message).toMatch(/已有其他洽谈，不能接受/);
    const full = await post(e2.who, `/api/events/${id}/meetings`, {
      slotStart: slots[0],
      schoolOrgId: s1.id,
      enterpriseOrgId: e2.id,
    });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message).toMatch(/日程已满/);
    expect((await t.app.inject({ url: `/api/events/${id}` })).json().meetings).toBe(3);
  });

  it('bad input for requests and answers is refused in Chinese and changes nothing', async () => {
    const [s1, e1, e2, s2] = [
      await party('school'),
      await party('enterprise'),
      await party('enterprise'),
      await party('school'),
    ];
    const { id, slots } = await newEvent(s1, e1, e2);
    await meeting(id, slots[0], s1, e1, 'school', 'accept');
    await meeting(id, slots[1], s1, e2, 'enterprise');
    const outside = await post(s1.who, `/api/events/${id}/meetings`, {
      slotStart: future(10),
      schoolOrgId: s1.id,
      enterpriseOrgId: e2.id,
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toMatch(/时段/);
    expect(
      (
        await post(s2.who, `/api/events/${id}/meetings`, {
          slotStart: slots[0],
          schoolOrgId: s2.id,
          enterpriseOrgId: e2.id,
        })
      ).statusCode,
    ).toBe(400); // s2 is not registered
    const items = (await t.app.inject({ url: `/api/events/${id}/meetings`, headers: { cookie: c['xy-b'] } })).json()
      .items as { id: number; state: string }[];
    const open = items.find((x) => x.state === 'requested')!;
    expect((await post(s1.who, `/api/events/${id}/meetings/${open.id}/response`, { action: 'maybe' })).statusCode).toBe(
      400,
    );
    expect((await post(s1.who, `/api/events/${id}/meetings/999999/response`, { action: 'accept' })).statusCode).toBe(
      404,
    );
    expect(
      (await post('xy-b', `/api/events/${id}/meetings/${open.id}/response`, { action: 'decline' })).statusCode,
    ).toBe(403);
    const done = items.find((x) => x.state === 'accepted')!;
    const again = await post(e1.who, `/api/events/${id}/meetings/${done.id}/response`, { action: 'decline' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/已确认/);
    const after = (await t.app.inject({ url: `/api/events/${id}/meetings`, headers: { cookie: c['xy-b'] } })).json()
      .items;
    expect(after).toEqual(items);
  });

  it('records what a meeting produced, once both sides agreed to it', async () => {
    const [s1, e1, e2] = [await party('school'), await party('enterprise'), await party('enterprise')];
    const { id, slots } = await newEvent(s1, e1, e2);
    await meeting(id, slots[0], s1, e1, 'school', 'accept');
    await meeting(id, slots[1], s1, e1, 'enterprise');
    await meeting(id, slots[2], s1, e2, 'enterprise', 'accept');
    const m = (await t.app.inject({ url: `/api/events/${id}/meetings`, headers: { cookie: c[e1.who] } })).json();
    expect(m.items).toHaveLength(2);
    expect(m.items.every((x: { enterpriseOrgId: number }) => x.enterpriseOrgId === e1.id)).toBe(true); // a party sees its own meetings only
    const pending = m.items.find((x: { state: string }) => x.state === 'requested');
    const early = await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${id}/meetings/${pending.id}`,
      headers: { cookie: c[e1.who] },
      payload: { outcome: 'intent', outcomeNote: '' },
    });
    expect(early.statusCode).toBe(409);
    const accepted = m.items.find((x: { state: string }) => x.state === 'accepted');
    const r = await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${id}/meetings/${accepted.id}`,
      headers: { cookie: c[e1.who] },
      payload: { outcome: 'agreement_to_sign', outcomeNote: '拟共建实训基地' },
    });
    expect(r.json()).toMatchObject({ outcome: 'agreement_to_sign', outcomeNote: '拟共建实训基地' });
  });

  it('the organiser closes registration, reopens it, and cancels with a reason that registrants are told', async () => {
    const [s1, e2, s2] = [await party('school'), await party('enterprise'), await party('school')];
    const { id } = await newEvent(s1, e2);
    expect((await post('wh-b', `/api/events/${id}/status`, { status: 'closed' })).statusCode).toBe(403);
    expect((await post(s1.who, `/api/events/${id}/status`, { status: 'closed' })).statusCode).toBe(403);
    expect((await post('xy-b', `/api/events/${id}/status`, { status: 'closed' })).json().status).toBe('closed');
    const late = await post(s2.who, `/api/events/${id}/registrations`);
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
    const told = (await t.app.inject({ url: '/api/notifications', headers: { cookie: c[e2.who] } })).json();
    expect(
      told.items.some(
        (n: { title: string; body: string }) => n.title.includes('已取消') && n.body.includes('场地检修'),
      ),
    ).toBe(true);
  });
});
