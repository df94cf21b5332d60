import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { agreementParties, agreements, progressReports, projects } from '../../db/schema/index';
import { thisYear } from '../../lib/clock';

// Issue 13 parts 3 and 4: person-times count once the bureau accepts the report; nothing is reported under an
// agreement not in force; a moved project's open reports go to the new bureau; after an agreement ends, its stopped or
// completed projects are corrected or deleted by their bureau (or the province) with a reason, never by the parties.
// The agreements are shared and never changed; each test makes the projects and reports it acts on, and reads the
// person-times before and after, so the tests pass alone and in any order.
let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, number> = {};
const ag: Record<string, number> = {};
const year = thisYear();

const req = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: c[who] },
    ...(payload !== undefined ? { payload: payload as never } : {}),
  });
const trained = async (scope = '') =>
  (await req('prov', 'GET', `/api/indicators?year=${year}${scope}`))
    .json()
    .items.find((i: { id: string }) => i.id === 'people_trained_year').numerator as number;
const report = async (id: number) =>
  (await exec(t, sql`select state, region_code, version from progress_reports where id = ${id}`)).rows[0] as {
    state: string;
    region_code: string;
    version: number;
  };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  o.school = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳计数测试技师学院' })).id;
  o.ent = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳计数测试机械有限公司' })).id;
  o.whSchool = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉计数测试技师学院' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh-b', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'sch', role: 'school', regionCode: '420600', orgId: o.school });
  for (const u of ['prov', 'xy-b', 'wh-b', 'sch']) c[u] = await login(t, u);
  const agreement = async (
    no: string,
    region: string,
    status: 'draft' | 'active' | 'terminated',
    schools: number[],
  ) => {
    const [a] = await db
      .insert(agreements)
      .values({
        agreementNo: no,
        campaignYear: year,
        regionCode: region,
        title: no,
        termStart: `${year - 1}-01-01`,
        termEnd: `${year + 2}-12-31`,
        status,
        ...(status === 'terminated' ? { terminatedOn: `${year}-06-30` } : {}),
      })
      .returning();
    await db
      .insert(agreementParties)
      .values([
        ...schools.map((orgId) => ({ agreementId: a.id, orgId, side: 'school' as const })),
        { agreementId: a.id, orgId: o.ent, side: 'enterprise' },
      ]);
    return a.id;
  };
  ag.draft = await agreement('D1', '420600', 'draft', [o.school]);
  ag.active = await agreement('A1', '420600', 'active', [o.school]);
  ag.wuhan = await agreement('W1', '420100', 'active', [o.whSchool, o.school]);
  ag.ended = await agreement('T1', '420600', 'terminated', [o.school]);
});
afterAll(() => t.close());

/** A project of 襄阳's school under the agreement (stopped ones with the agreement's reason and date). */
const project = async (agreementId: number, title: string, status: 'planned' | 'running' | 'completed' | 'stopped') =>
  (
    await t.database.db
      .insert(projects)
      .values({
        agreementId,
        type: 'training_eval',
        title,
        campaignYear: year,
        regionCode: '420600',
        schoolOrgId: o.school,
        status,
        startDate: `${year}-01-10`,
        data: {},
        ...(status === 'stopped' ? { stopReason: '协议终止', stoppedOn: `${year}-06-30` } : {}),
      })
      .returning()
  )[0].id;
/** A progress report of the project for a month of this year, with the bureau of 襄阳. */
const rep = async (projectId: number, month: string, state: 'draft' | 'submitted' | 'accepted', personTimes: number) =>
  (
    await t.database.db
      .insert(progressReports)
      .values({
        projectId,
        period: `${year}-${month}`,
        dueDate: `${year}-${month}-28`,
        state,
        metrics: { personTimes },
        regionCode: '420600',
      })
      .returning()
  )[0].id;
/** People trained this year: the province's figure, 襄阳's and 武汉's. */
const figures = async () => [await trained(), await trained('&region=420600'), await trained('&region=420100')];

describe('report figures count when the bureau accepts them', () => {
  it('a report under an agreement not yet in force cannot be submitted (409 in Chinese) and counts nothing', async () => {
    const draftReport = await rep(await project(ag.draft, '草稿协议下的培训', 'planned'), '01', 'draft', 3000);
    const before = await trained();
    const r = await req('sch', 'POST', `/api/reports/${draftReport}/actions`, { action: 'submit', version: 1 });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.message).toBe('所属协议“草稿”，不能提交进展报告（协议须经各方确认：已签署或履行中）');
    expect(await report(draftReport)).toMatchObject({ state: 'draft', version: 1 });
    expect(await trained()).toBe(before); // its 3000 person-times are not counted
  });

  it('a submitted report waits for the bureau; accepted, it counts', async () => {
    const activeReport = await rep(await project(ag.active, '履行中协议下的培训', 'running'), '01', 'draft', 150);
    const before = await trained();
    const sub = await req('sch', 'POST', `/api/reports/${activeReport}/actions`, { action: 'submit', version: 1 });
    expect(sub.statusCode, sub.body).toBe(200);
    expect(await trained()).toBe(before);
    const acc = await req('xy-b', 'POST', `/api/reports/${activeReport}/actions`, {
      action: 'accept',
      version: sub.json().version,
    });
    expect(acc.json().state).toBe('accepted');
    expect(await trained()).toBe(before + 150);
  });

  it("moving a project hands its open reports to the new region's bureau; accepted ones stay with the bureau that accepted them", async () => {
    const moving = await project(ag.active, '将移往武汉的培训', 'running');
    const movingOpen = await rep(moving, '02', 'submitted', 300);
    const movingDone = await rep(moving, '01', 'accepted', 100);
    const before = await figures();
    const { version } = (await req('prov', 'GET', `/api/projects/${moving}`)).json();
    const moved = await req('prov', 'POST', `/api/projects/${moving}/move`, { agreementId: ag.wuhan, version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await report(movingOpen)).toMatchObject({ state: 'submitted', region_code: '420100' });
    expect(await report(movingDone)).toMatchObject({ state: 'accepted', region_code: '420600' });
    const audit = (
      await exec(t, sql`select after from audit_log where action = 'project.move' and entity_id = ${String(moving)}`)
    ).rows[0].after as { reportsMoved: number[] };
    expect(audit.reportsMoved).toEqual([movingOpen]);
    // The old bureau is told where it went (issue 13: not "not found"); the new one accepts it.
    const old = await req('xy-b', 'POST', `/api/reports/${movingOpen}/actions`, { action: 'accept', version: 1 });
    expect([old.statusCode, old.json().error.message]).toEqual([
      403,
      '该项目现属武汉市人社局管理（项目已由省人社厅移至武汉市的协议下），襄阳市人社局不能再办理，请联系武汉市人社局',
    ]);
    const acc = await req('wh-b', 'POST', `/api/reports/${movingOpen}/actions`, { action: 'accept', version: 1 });
    expect(acc.statusCode, acc.body).toBe(200);
    // The province's figure gains the 300 just accepted; the project's 100 and 300 now count for 武汉, not 襄阳.
    expect(await figures()).toEqual([before[0] + 300, before[1] - 100, before[2] + 400]);
  });
});

describe('reports of an ended agreement', () => {
  it("periods that ended by the agreement's last day may still be reported; later ones not", async () => {
    const { submitRefusal } = await import('./reports.service');
    const ended = { status: 'terminated' as const, termEnd: `${year + 2}-12-31`, terminatedOn: `${year}-06-30` };
    expect(submitRefusal(ended, `${year}-06`)).toBeNull();
    expect(submitRefusal(ended, `${year}-Q2`)).toBeNull();
    expect(submitRefusal(ended, `${year}-07`)).toBe(
      `所属协议已终止（${year}-06-30），${year}-07 期不在协议期内，不能提交进展报告`,
    );
    expect(submitRefusal({ status: 'expired', termEnd: `${year}-08-31`, terminatedOn: null }, `${year}-Q3`)).toBe(
      `所属协议已到期（${year}-08-31），${year}-Q3 期不在协议期内，不能提交进展报告`,
    );
    expect(
      submitRefusal({ status: 'pending_confirmation', termEnd: `${year}-08-31`, terminatedOn: null }, `${year}-01`),
    ).toBe('所属协议“待各方确认”，不能提交进展报告（协议须经各方确认：已签署或履行中）');
  });
});

describe('after an agreement ends, its bureau corrects or deletes its projects with a reason', () => {
  it('the parties are refused; the bureau needs a reason; a correction is audited with it', async () => {
    const stopped = await project(ag.ended, '随协议终止而中止的培训', 'stopped');
    const before = (await req('xy-b', 'GET', `/api/projects/${stopped}`)).json();
    expect([before.canEdit, before.canCorrect]).toEqual([false, true]);
    expect((await req('sch', 'GET', `/api/projects/${stopped}`)).json().canCorrect).toBe(false);
    const school = await req('sch', 'PATCH', `/api/projects/${stopped}`, {
      version: before.version,
      endDate: `${year}-06-30`,
      reason: '补录结束日期',
    });
    expect(school.statusCode).toBe(409);
    expect(school.json().error.message).toBe(
      '协议已终止或到期：项目只能由所属地区人社部门或省人社厅在项目中止或完成后修改',
    );
    const noReason = await req('xy-b', 'PATCH', `/api/projects/${stopped}`, {
      version: before.version,
      endDate: `${year}-06-30`,
      reason: '  ',
    });
    expect([noReason.statusCode, noReason.json().error.message]).toEqual([400, '协议已终止或到期，修改项目须填写原因']);
    expect(
      (
        await req('wh-b', 'PATCH', `/api/projects/${stopped}`, {
          version: before.version,
          endDate: `${year}-06-30`,
          reason: '越权',
        })
      ).statusCode,
    ).toBe(404);
    const ok = await req('xy-b', 'PATCH', `/api/projects/${stopped}`, {
      version: before.version,
      endDate: `${year}-06-30`,
      reason: '补录结束日期',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      endDate: `${year}-06-30`,
      status: 'stopped',
      version: before.version + 1,
      canEdit: false,
      canCorrect: true,
    });
    const audit = (
      await exec(
        t,
        sql`select action, after from audit_log where entity_type = 'project' and entity_id = ${String(stopped)} order by id desc limit 1`,
      )
    ).rows[0];
    expect(audit).toMatchObject({
      action: 'project.correct',
      after: { reason: '补录结束日期', endDate: `${year}-06-30` },
    });
    // Stop and complete stay refused for everyone: the agreement's end already decided the project's state.
    expect(
      (
        await req('xy-b', 'POST', `/api/projects/${stopped}/actions`, {
          action: 'complete',
          version: before.version + 1,
        })
      ).statusCode,
    ).toBe(409);
  });

  it('deletion: refused to the school, needs a reason from the bureau, and the province may do it too', async () => {
    const completed = await project(ag.ended, '协议终止前完成的培训', 'completed');
    expect(
      (await req('sch', 'DELETE', `/api/projects/${completed}?reason=${encodeURIComponent('重复登记')}`)).statusCode,
    ).toBe(409);
    const noReason = await req('xy-b', 'DELETE', `/api/projects/${completed}`);
    expect([noReason.statusCode, noReason.json().error.message]).toEqual([400, '协议已终止或到期，删除项目须填写原因']);
    expect(
      (await req('prov', 'DELETE', `/api/projects/${completed}?reason=${encodeURIComponent('重复登记')}`)).statusCode,
    ).toBe(200);
    expect((await req('xy-b', 'GET', `/api/projects/${completed}`)).statusCode).toBe(404);
    const audit = (
      await exec(
        t,
        sql`select action, after from audit_log where entity_type = 'project' and entity_id = ${String(completed)}`,
      )
    ).rows;
    expect(audit).toEqual([{ action: 'project.delete', after: { reason: '重复登记' } }]);
  });

  it('a planned or running project of an ended agreement is not a correction: refused for the bureau too', async () => {
    const [row] = await t.database.db
      .insert(projects)
      .values({
        agreementId: ag.ended,
        type: 'rnd',
        title: '未随协议中止的项目',
        campaignYear: year,
        regionCode: '420600',
        schoolOrgId: o.school,
        status: 'running',
        startDate: `${year}-01-10`,
        data: {},
      })
      .returning();
    const r = await req('xy-b', 'DELETE', `/api/projects/${row.id}?reason=${encodeURIComponent('清理')}`);
    expect(r.statusCode).toBe(409);
  });
});
