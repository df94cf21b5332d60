import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { today } from '../../lib/clock';

let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, number> = {};
// Cohorts of this year that have ended by today: they count in this year's figure once recorded (a past year's figure
// never takes records entered later, docs/indicators.md "As of a date"). On an early-January day they end yesterday.
const year = Number(today().slice(0, 4));
const yesterday = new Date(Date.parse(`${today()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const cohortEnd = yesterday < `${year}-06-30` ? yesterday : `${year}-06-30`;

const req = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: c[who] },
    ...(payload !== undefined ? { payload: payload as never } : {}),
  });
const employment = async () => {
  const k = (await req('prov', 'GET', `/api/indicators?year=${year}&region=420100`))
    .json()
    .items.find((i: { id: string }) => i.id === 'internship_employment');
  return { numerator: k.numerator, denominator: k.denominator };
};
const cohort = (over: object = {}) => ({
  schoolOrgId: o.whSchool,
  enterpriseOrgId: o.xyEnt,
  specialtyCode: '0102',
  students: 20,
  startDate: `${year}-01-01`,
  endDate: cohortEnd,
  paid: true,
  payPerMonth: 2000,
  insured: true,
  safetyTrained: true,
  employedAfter: 10,
  ...over,
});
const inbox = async (who: string) =>
  (await req(who, 'GET', '/api/notifications')).json().items as { title: string; body: string }[];

beforeAll(async () => {
  t = await createTestApp();
  o.whSchool = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉实习测试技师学院' })).id;
  o.xyEnt = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳实习测试电子有限公司' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'wh-b', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'whs', role: 'school', regionCode: '420100', orgId: o.whSchool });
  await makeUser(t, { username: 'ent', role: 'enterprise', regionCode: '420600', orgId: o.xyEnt });
  for (const u of ['prov', 'wh-b', 'whs', 'ent']) c[u] = await login(t, u);
});
afterAll(() => t.close());

// Each case records its own cohorts (a different head count each, so none is a duplicate of another's) and reads the
// figure before and after, so the cases hold in any order.
const plus = (before: { numerator: number; denominator: number }, employed: number, students: number) => ({
  numerator: before.numerator + employed,
  denominator: before.denominator + students,
});
/** A cohort the enterprise records for the school: pending until the school confirms. */
const askSchool = async (students: number, over: object = {}) => {
  const r = await req('ent', 'POST', '/api/internships', cohort({ students, ...over }));
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: number; version: number; state: string; awaitingSide: string };
};
/** A cohort the school records and the enterprise confirms: it counts. */
const confirmed = async (students: number, employedAfter: number) => {
  const r = await req('whs', 'POST', '/api/internships', cohort({ students, employedAfter }));
  expect(r.statusCode, r.body).toBe(201);
  const ok = await req('ent', 'POST', `/api/internships/${r.json().id}/actions`, {
    action: 'confirm',
    version: r.json().version,
  });
  expect(ok.statusCode, ok.body).toBe(200);
  return ok.json() as { id: number; version: number };
};
const seenBy = async (who: string, id: number) =>
  (await req(who, 'GET', '/api/internships')).json().items.find((i: { id: number }) => i.id === id);

describe('internship cohorts need the other side', () => {
  it("a school's cohort waits for the host enterprise, and counts once it confirms", async () => {
    const before = await employment();
    const r = await req('whs', 'POST', '/api/internships', cohort());
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ state: 'pending', awaitingSide: 'enterprise', canDecide: false });
    const id = r.json().id;
    expect(await employment()).toEqual(before);
    expect((await inbox('ent')).some((n) => n.title.includes('武汉实习测试技师学院登记了实习批次'))).toBe(true);
    const listed = (await req('ent', 'GET', '/api/internships?state=pending')).json().items;
    const mine = listed.find((i: { id: number }) => i.id === id);
    expect(mine.canDecide).toBe(true);
    const ok = await req('ent', 'POST', `/api/internships/${id}/actions`, { action: 'confirm', version: mine.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('confirmed');
    expect(await employment()).toEqual(plus(before, 10, 20));
  });

  it('an enterprise records 500 uninsured, unpaid students for a school of another region: nothing changes until the school confirms', async () => {
    const before = await employment();
    const big = await askSchool(500, { employedAfter: 0, insured: false, paid: false, payPerMonth: 0 });
    expect(big).toMatchObject({ state: 'pending', awaitingSide: 'school' });
    expect(await employment()).toEqual(before);
    // The bureau is not asked to follow up what the school has not agreed to; the school sees what it would confirm.
    expect((await seenBy('wh-b', big.id)).warnings).toEqual([]);
    const school = await seenBy('whs', big.id);
    expect(school.warnings.map((w: { message: string }) => w.message).join()).toMatch(/保险/);
    expect(school.canDecide).toBe(true);
  });

  it('only the side that was asked decides', async () => {
    const big = await askSchool(501);
    const before = await employment();
    for (const who of ['ent', 'wh-b', 'prov']) {
      const r = await req(who, 'POST', `/api/internships/${big.id}/actions`, {
        action: 'confirm',
        version: big.version,
      });
      expect(r.statusCode).toBe(403);
      expect(r.json().error.message).toMatch(/只有实习学校可以确认/);
    }
    expect(await employment()).toEqual(before);
  });

  it('bad input is refused in Chinese and changes nothing', async () => {
    const big = await askSchool(502);
    const base = await confirmed(21, 10);
    const v = big.version;
    const noReason = await req('whs', 'POST', `/api/internships/${big.id}/actions`, { action: 'decline', version: v });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toMatch(/原因/);
    expect(
      (await req('whs', 'POST', `/api/internships/${big.id}/actions`, { action: 'approve', version: v })).statusCode,
    ).toBe(400);
    expect((await req('whs', 'POST', `/api/internships/${big.id}/actions`, { action: 'confirm' })).statusCode).toBe(
      400,
    );
    expect(
      (await req('whs', 'POST', `/api/internships/${big.id}/actions`, { action: 'confirm', version: v + 5 }))
        .statusCode,
    ).toBe(409);
    expect(
      (await req('whs', 'POST', '/api/internships/999999/actions', { action: 'confirm', version: 1 })).statusCode,
    ).toBe(404);
    expect((await req('whs', 'GET', '/api/internships?state=maybe')).statusCode).toBe(400);
    const again = await req('ent', 'POST', `/api/internships/${base.id}/actions`, {
      action: 'confirm',
      version: base.version,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/已确认/);
    expect(await seenBy('whs', big.id)).toMatchObject({ state: 'pending', version: v });
  });

  it('the school returns it with a reason; the enterprise is told, corrects it and asks again; once confirmed it counts', async () => {
    const big = await askSchool(503, { employedAfter: 0, insured: false, paid: false, payPerMonth: 0 });
    const before = await employment();
    const back = await req('whs', 'POST', `/api/internships/${big.id}/actions`, {
      action: 'decline',
      version: big.version,
      reason: '本校未派出这批学生',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ state: 'declined', declineReason: '本校未派出这批学生' });
    expect((await inbox('ent')).some((n) => n.title.includes('退回') && n.body.includes('本校未派出这批学生'))).toBe(
      true,
    );
    expect(await employment()).toEqual(before);
    const fixed = await req('ent', 'PATCH', `/api/internships/${big.id}`, {
      version: back.json().version,
      students: 50,
      employedAfter: 30,
      insured: true,
      paid: true,
      payPerMonth: 2500,
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ state: 'pending', awaitingSide: 'school', declineReason: null });
    expect(await employment()).toEqual(before);
    const ok = await req('whs', 'POST', `/api/internships/${big.id}/actions`, {
      action: 'confirm',
      version: fixed.json().version,
    });
    expect(ok.json().state).toBe('confirmed');
    expect(await employment()).toEqual(plus(before, 30, 50));
  });

  it("a party's later change needs the other side again; until then the cohort does not count", async () => {
    const before = await employment();
    const base = await confirmed(22, 10);
    expect(await employment()).toEqual(plus(before, 10, 22));
    const r = await req('whs', 'PATCH', `/api/internships/${base.id}`, { version: base.version, employedAfter: 20 });
    expect(r.json()).toMatchObject({ state: 'pending', awaitingSide: 'enterprise' });
    expect(await employment()).toEqual(before);
  });
});
