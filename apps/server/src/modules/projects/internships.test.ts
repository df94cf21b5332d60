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

describe('internship cohorts need the other side', () => {
  let baseId: number;
  let bigId: number;

  it("a school's cohort waits for the host enterprise, and counts once it confirms", async () => {
    const r = await req('whs', 'POST', '/api/internships', cohort());
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ state: 'pending', awaitingSide: 'enterprise', canDecide: false });
    baseId = r.json().id;
    expect(await employment()).toEqual({ numerator: 0, denominator: 0 });
    expect((await inbox('ent')).some((n) => n.title.includes('武汉实习测试技师学院登记了实习批次'))).toBe(true);
    const listed = (await req('ent', 'GET', '/api/internships?state=pending')).json().items;
    expect(listed).toHaveLength(1);
    expect(listed[0].canDecide).toBe(true);
    const ok = await req('ent', 'POST', `/api/internships/${baseId}/actions`, {
      action: 'confirm',
      version: listed[0].version,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('confirmed');
    expect(await employment()).toEqual({ numerator: 10, denominator: 20 });
  });

  it('an enterprise records 500 uninsured, unpaid students for a school of another region: nothing changes until the school confirms', async () => {
    const r = await req(
      'ent',
      'POST',
      '/api/internships',
      cohort({ students: 500, employedAfter: 0, insured: false, paid: false, payPerMonth: 0 }),
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ state: 'pending', awaitingSide: 'school' });
    bigId = r.json().id;
    expect(await employment()).toEqual({ numerator: 10, denominator: 20 });
    // The bureau is not asked to follow up what the school has not agreed to; the school sees what it would confirm.
    const bureau = (await req('wh-b', 'GET', '/api/internships'))
      .json()
      .items.find((i: { id: number }) => i.id === bigId);
    expect(bureau.warnings).toEqual([]);
    const school = (await req('whs', 'GET', '/api/internships'))
      .json()
      .items.find((i: { id: number }) => i.id === bigId);
    expect(school.warnings.map((w: { message: string }) => w.message).join()).toMatch(/保险/);
    expect(school.canDecide).toBe(true);
  });

  it('only the side that was asked decides', async () => {
    const v = (await req('whs', 'GET', '/api/internships'))
      .json()
      .items.find((i: { id: number }) => i.id === bigId).version;
    for (const who of ['ent', 'wh-b', 'prov']) {
      const r = await req(who, 'POST', `/api/internships/${bigId}/actions`, { action: 'confirm', version: v });
      expect(r.statusCode).toBe(403);
      expect(r.json().error.message).toMatch(/只有实习学校可以确认/);
    }
    expect(await employment()).toEqual({ numerator: 10, denominator: 20 });
  });

  it('bad input is refused in Chinese and changes nothing', async () => {
    const v = (await req('whs', 'GET', '/api/internships'))
      .json()
      .items.find((i: { id: number }) => i.id === bigId).version;
    const noReason = await req('whs', 'POST', `/api/internships/${bigId}/actions`, { action: 'decline', version: v });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toMatch(/原因/);
    expect(
      (await req('whs', 'POST', `/api/internships/${bigId}/actions`, { action: 'approve', version: v })).statusCode,
    ).toBe(400);
    expect((await req('whs', 'POST', `/api/internships/${bigId}/actions`, { action: 'confirm' })).statusCode).toBe(400);
    expect(
      (await req('whs', 'POST', `/api/internships/${bigId}/actions`, { action: 'confirm', version: v + 5 })).statusCode,
    ).toBe(409);
    expect(
      (await req('whs', 'POST', '/api/internships/999999/actions', { action: 'confirm', version: 1 })).statusCode,
    ).toBe(404);
    expect((await req('whs', 'GET', '/api/internships?state=maybe')).statusCode).toBe(400);
    const again = await req('ent', 'POST', `/api/internships/${baseId}/actions`, { action: 'confirm', version: 2 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/已确认/);
    const still = (await req('whs', 'GET', '/api/internships'))
      .json()
      .items.find((i: { id: number }) => i.id === bigId);
    expect(still).toMatchObject({ state: 'pending', version: v });
  });

  it('the school returns it with a reason; the enterprise is told, corrects it and asks again; once confirmed it counts', async () => {
    const v = (await req('whs', 'GET', '/api/internships'))
      .json()
      .items.find((i: { id: number }) => i.id === bigId).version;
    const back = await req('whs', 'POST', `/api/internships/${bigId}/actions`, {
      action: 'decline',
      version: v,
      reason: '本校未派出这批学生',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ state: 'declined', declineReason: '本校未派出这批学生' });
    expect((await inbox('ent')).some((n) => n.title.includes('退回') && n.body.includes('本校未派出这批学生'))).toBe(
      true,
    );
    expect(await employment()).toEqual({ numerator: 10, denominator: 20 });
    const fixed = await req('ent', 'PATCH', `/api/internships/${bigId}`, {
      version: back.json().version,
      students: 50,
      employedAfter: 30,
      insured: true,
      paid: true,
      payPerMonth: 2500,
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ state: 'pending', awaitingSide: 'school', declineReason: null });
    expect(await employment()).toEqual({ numerator: 10, denominator: 20 });
    const ok = await req('whs', 'POST', `/api/internships/${bigId}/actions`, {
      action: 'confirm',
      version: fixed.json().version,
    });
    expect(ok.json().state).toBe('confirmed');
    expect(await employment()).toEqual({ numerator: 40, denominator: 70 });
  });

  it("a party's later change needs the other side again; until then the cohort does not count", async () => {
    const cur = (await req('whs', 'GET', '/api/internships')).json().items.find((i: { id: number }) => i.id === baseId);
    const r = await req('whs', 'PATCH', `/api/internships/${baseId}`, { version: cur.version, employedAfter: 20 });
    expect(r.json()).toMatchObject({ state: 'pending', awaitingSide: 'enterprise' });
    expect(await employment()).toEqual({ numerator: 30, denominator: 50 });
  });
});
