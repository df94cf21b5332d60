import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { addDaysIso, thisYear, today } from '../../lib/clock';
import { schoolSpecialties } from '../../db/schema/index';

// Each test opens a school of its own (newSchool) with the specialties it starts from, so the tests pass alone and in
// any order; the indicator is compared before/after within a test.
let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};
let spec = '';
let old = '';
const year = thisYear();

beforeAll(async () => {
  t = await createTestApp();
  id.E1 = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳机床厂' })).id;
  id.E2 = (await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '武汉汽车厂' })).id;
  id.E3 = (await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '无关企业' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh', role: 'region', regionCode: '420100' });
  for (const [u, o] of [
    ['e1', id.E1],
    ['e2', id.E2],
    ['e3', id.E3],
  ] as const)
    await makeUser(t, { username: u, role: 'enterprise', regionCode: '420600', orgId: o });
  for (const u of ['prov', 'xy', 'wh', 'e1', 'e2', 'e3']) c[u] = await login(t, u);
  const codes = (
    await exec(t, sql`select code from dict_entries where kind = 'specialty' and active order by code limit 2`)
  ).rows.map((r) => r.code as string);
  [spec, old] = codes;
});
afterAll(() => t.close());

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: c[who] }, payload: payload as object });
let schools = 0;
/** Arrange: a new 襄阳 school running `specialties` (200 enrolled each) and its signed-in account `ss<n>`. */
async function newSchool(specialties: string[]) {
  const n = ++schools;
  const { id: orgId } = await makeOrg(t, {
    type: 'school',
    regionCode: '420600',
    name: `襄阳专业测试技师学院${n}`,
    runsProgrammes: true,
  });
  for (const specialtyCode of specialties)
    await t.database.db.insert(schoolSpecialties).values({ orgId, specialtyCode, enrolment: 200 });
  const user = `ss${n}`;
  await makeUser(t, { username: user, role: 'school', regionCode: '420600', orgId });
  c[user] = await login(t, user);
  return { orgId, user };
}
type School = Awaited<ReturnType<typeof newSchool>>;

const apply = (s: School, over: object = {}) =>
  call(s.user, 'POST', '/api/specialty-applications', {
    specialtyCode: spec,
    level: '高级工',
    plannedEnrolment: 80,
    reason: '对接本地新能源汽车产业',
    partnerOrgIds: [id.E1, id.E2],
    ...over,
  });
const specialtiesOf = async (s: School) =>
  (await call('prov', 'GET', `/api/orgs/${s.orgId}`))
    .json()
    .specialties.map((s: { specialtyCode: string }) => s.specialtyCode)
    .sort();
// A day asked for is looked at in its own year (on a year start, yesterday is last year's).
const matchDen = async (asOf?: string) =>
  (await call('prov', 'GET', `/api/indicators?year=${asOf ? asOf.slice(0, 4) : year}${asOf ? `&asOf=${asOf}` : ''}`))
    .json()
    .items.find((i: { id: string }) => i.id === 'specialty_industry_match').denominator;

describe('新设专业申请', () => {
  it('needs a partner that confirmed in its own account; the bureau approves and the specialty appears on the school', async () => {
    const s = await newSchool([old]);
    expect((await apply(s, { partnerOrgIds: [] })).json().error.message).toContain('请至少选择一家合作企业');
    const made = await apply(s);
    expect(made.statusCode, made.body).toBe(200);
    const app = made.json();
    expect(app).toMatchObject({ state: 'awaiting_partners', partners: [{ state: 'pending' }, { state: 'pending' }] });
    const early = await call(s.user, 'POST', `/api/specialty-applications/${app.id}/submit`);
    expect([early.statusCode, early.json().error.message]).toEqual([
      409,
      '新专业申请须至少有一家合作企业在本单位账号中确认参与',
    ]);
    expect(
      (await call('e3', 'POST', `/api/specialty-applications/${app.id}/partner`, { confirm: true })).statusCode,
    ).toBe(404);
    expect((await call('e3', 'GET', '/api/specialty-applications')).json().items).toEqual([]);
    expect(
      (await call('e2', 'POST', `/api/specialty-applications/${app.id}/partner`, { confirm: false }))
        .json()
        .partners.find((p: { orgId: number }) => p.orgId === id.E2).state,
    ).toBe('declined');
    expect((await call(s.user, 'POST', `/api/specialty-applications/${app.id}/submit`)).statusCode).toBe(409);
    await call('e1', 'POST', `/api/specialty-applications/${app.id}/partner`, { confirm: true });
    expect((await call(s.user, 'POST', `/api/specialty-applications/${app.id}/submit`)).json().state).toBe('submitted');
    // Consent is closed once submitted.
    expect(
      (await call('e2', 'POST', `/api/specialty-applications/${app.id}/partner`, { confirm: true })).statusCode,
    ).toBe(409);
    expect(
      (await call('wh', 'POST', `/api/specialty-applications/${app.id}/decide`, { approve: true, note: '' }))
        .statusCode,
    ).toBe(404);
    const denBefore = await matchDen();
    const effectiveOn = addDaysIso(today(), 10);
    const ok = await call('xy', 'POST', `/api/specialty-applications/${app.id}/decide`, {
      approve: true,
      note: '同意',
      effectiveOn,
    });
    expect(ok.json()).toMatchObject({ state: 'approved', effectiveOn });
    expect(await specialtiesOf(s)).toEqual([old, spec].sort());
    // In force from its effective day only: today's matching figure does not count it yet.
    expect(await matchDen()).toBe(denBefore);
    expect(
      (await call('xy', 'POST', `/api/specialty-applications/${app.id}/decide`, { approve: false, note: 'x' })).json()
        .error.code,
    ).toBe('application_state');
    expect((await apply(s)).json().error.code).toBe('specialty_exists');
  });
});

describe('预警专业处置', () => {
  it('a decision to withdraw is followed up: done removes the specialty, which still counts on an earlier day', async () => {
    const s = await newSchool([old, spec]);
    const bad = await call('xy', 'POST', '/api/specialty-decisions', {
      schoolOrgId: s.orgId,
      specialtyCode: old,
      warningYear: year,
      decision: 'reduce',
      reason: '供过于求',
      effectiveYear: year + 1,
      newEnrolment: null,
    });
    expect([bad.statusCode, bad.json().error.message]).toEqual([400, '调减后招生人数：调减规模须填写调减后的招生人数']);
    expect(
      (
        await call('wh', 'POST', '/api/specialty-decisions', {
          schoolOrgId: s.orgId,
          specialtyCode: old,
          warningYear: year,
          decision: 'withdraw',
          reason: '供过于求',
          effectiveYear: year + 1,
          newEnrolment: null,
        })
      ).statusCode,
    ).toBe(404);
    const d = (
      await call('xy', 'POST', '/api/specialty-decisions', {
        schoolOrgId: s.orgId,
        specialtyCode: old,
        warningYear: year,
        decision: 'withdraw',
        reason: '连续两年供过于求',
        effectiveYear: year + 1,
        newEnrolment: null,
      })
    ).json();
    expect(d).toMatchObject({ state: 'open', decision: 'withdraw' });
    expect(
      (
        await call('xy', 'POST', '/api/specialty-decisions', {
          schoolOrgId: s.orgId,
          specialtyCode: old,
          warningYear: year,
          decision: 'keep',
          reason: '再议',
          effectiveYear: year,
          newEnrolment: null,
        })
      ).statusCode,
    ).toBe(409);
    const yesterday = addDaysIso(today(), -1);
    const denYesterday = await matchDen(yesterday);
    const done = await call('xy', 'POST', `/api/specialty-decisions/${d.id}/done`, { followUp: '已停止招生' });
    expect(done.json()).toMatchObject({ state: 'done', doneOn: today() });
    expect(await specialtiesOf(s)).toEqual([spec]);
    expect(await matchDen(yesterday)).toBe(denYesterday);
    expect(
      (await call('xy', 'POST', `/api/specialty-decisions/${d.id}/done`, { followUp: '再次' })).json().error.code,
    ).toBe('decision_state');
    expect((await call(s.user, 'GET', '/api/specialty-decisions')).json().items).toHaveLength(1);
  });
});
