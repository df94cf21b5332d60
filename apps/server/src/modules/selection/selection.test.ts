import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, solveCaptcha, type TestApp } from '../../../test/app';
import { confirmByAllParties, SCAN_PDF } from '../../../test/agreements';
import { nowMs } from '../../lib/clock';
import { auditActionLabel } from '@cjrh/domain';

// One demonstration round from nomination to published result, built through the real API.
let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, { id: number; name: string }> = {};
const u: Record<string, number> = {};
const p: Record<string, number> = {};
let agreementNoA = '';
let roundId = 0;
const nom: Record<string, number> = {};
const dayMs = 86_400_000;
const bj = (offsetDays = 0) => new Date(nowMs() + 8 * 3_600_000 + offsetDays * dayMs).toISOString().slice(0, 10);
// The programme year whose first months are over (in early January, last year's): its projects have reports due.
const year = Number(bj(-90).slice(0, 4));
const PDF = SCAN_PDF;
const rubric = [
  { key: 'cooperation', label: '合作深度', max: 40 },
  { key: 'outcomes', label: '育人成效', max: 40 },
  { key: 'demonstration', label: '示范引领', max: 20 },
];
const sheet = (a: number, b: number, d: number) => ({
  scores: { cooperation: a, outcomes: b, demonstration: d },
  comment: '',
});

// Anonymous objections carry a captcha (its answer read from the app's state, as a person reads the picture).
const objectTo = async (nominationId: number, body: object) =>
  req(null, 'POST', `/api/selection/nominations/${nominationId}/objections`, { ...body, ...(await solveCaptcha(t)) });
const req = (
  who: string | null,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { ...(who ? { cookie: c[who] } : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as never } : {}),
  });
const selectionStatus = async (id: number) =>
  (await exec(t, sql`select selection_status from projects where id = ${id}`)).rows[0].selection_status;

async function signedAgreement(who: string, school: number, ent: number, title: string) {
  const a = await req(who, 'POST', '/api/agreements', {
    title,
    schoolOrgIds: [school],
    enterpriseOrgIds: [ent],
    areas: ['学生实习就业基地共建'],
    termStart: `${year - 1}-09-01`,
    termEnd: `${year + 2}-08-31`,
  });
  expect(a.statusCode, a.body).toBe(201);
  const scan = await req(who, 'POST', `/api/agreements/${a.json().id}/scan`, PDF, {
    'content-type': 'application/pdf',
  });
  const signed = await req(who, 'POST', `/api/agreements/${a.json().id}/actions`, {
    action: 'sign',
    version: scan.json().version,
    signingDate: `${year - 1}-08-28`,
  });
  expect(signed.json().status).toBe('pending_confirmation');
  const confirmed = await confirmByAllParties(t, a.json().id);
  expect(confirmed.status).toBe('active');
  return confirmed as { id: number; agreementNo: string };
}
async function project(who: string, agreementId: number, type: string, title: string, data: Record<string, unknown>) {
  const r = await req(who, 'POST', `/api/agreements/${agreementId}/projects`, {
    type,
    title,
    startDate: `${year}-01-01`,
    data,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as number;
}
/** Fills the project's first report, submits it, and the bureau accepts it. */
async function acceptedReport(school: string, bureau: string, projectId: number, metrics: Record<string, unknown>) {
  const list = (await req(school, 'GET', `/api/projects/${projectId}/reports`)).json().items;
  const rep = list[list.length - 1];
  const saved = await req(school, 'PUT', `/api/reports/${rep.id}`, { version: rep.version, metrics });
  expect(saved.statusCode, saved.body).toBe(200);
  const sub = await req(school, 'POST', `/api/reports/${rep.id}/actions`, {
    action: 'submit',
    version: saved.json().version,
  });
  const acc = await req(bureau, 'POST', `/api/reports/${rep.id}/actions`, {
    action: 'accept',
    version: sub.json().version,
  });
  expect(acc.json().state).toBe('accepted');
}

beforeAll(async () => {
  t = await createTestApp();
  const contact = { contactName: '张联系人', contactPhone: '13800001111' };
  o.schA = await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳示范测试技师学院', ...contact });
  o.entA = await makeOrg(t, {
    type: 'enterprise',
    regionCode: '420600',
    name: '襄阳示范测试汽车有限公司',
    contactName: '李联系人',
    contactPhone: '13900002222',
  });
  o.schB = await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳第二测试技工学校' });
  o.entB = await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳测试轴承有限公司' });
  o.schC = await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉示范测试技师学院' });
  o.entC = await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '武汉测试光电有限公司' });
  const users: [string, Parameters<typeof makeUser>[1]][] = [
    ['prov', { username: 'prov', role: 'province' }],
    ['xy-b', { username: 'xy-b', role: 'region', regionCode: '420600' }],
    ['wh-b', { username: 'wh-b', role: 'region', regionCode: '420100' }],
    ['sch-a', { username: 'sch-a', role: 'school', regionCode: '420600', orgId: o.schA.id }],
    ['sch-b', { username: 'sch-b', role: 'school', regionCode: '420600', orgId: o.schB.id }],
    ['sch-c', { username: 'sch-c', role: 'school', regionCode: '420100', orgId: o.schC.id }],
    ['ent-a', { username: 'ent-a', role: 'enterprise', regionCode: '420600', orgId: o.entA.id }],
    ...[1, 2, 3, 4, 5, 7].map(
      (i) =>
        [`ex${i}`, { username: `ex${i}`, displayName: `专家${i}`, role: 'expert' }] as [
          string,
          Parameters<typeof makeUser>[1],
        ],
    ),
    // Works for the enterprise of agreement A: conflicted on project A without having to say so.
    ['ex6', { username: 'ex6', displayName: '专家6', role: 'expert', orgId: o.entA.id }],
  ];
  for (const [key, def] of users) {
    u[key] = (await makeUser(t, def)).id;
    c[key] = await login(t, def.username);
  }
  const occupation = (
    await exec(
      t,
      sql`select code from dict_entries where kind = 'occupation' and data->>'level' = 'detail' order by code limit 1`,
    )
  ).rows[0].code;
  const level = (await exec(t, sql`select code from dict_entries where kind = 'skill_level' order by code limit 1`))
    .rows[0].code;

  const a = await signedAgreement('sch-a', o.schA.id, o.entA.id, '襄阳汽车实训基地共建协议');
  agreementNoA = a.agreementNo;
  expect((await req('xy-b', 'POST', `/api/agreements/${a.id}/key`, { keyProject: true })).json().keyProject).toBe(true);
  p.A = await project('sch-a', a.id, 'base', '汽车智能制造实训基地', {
    location: '襄阳市高新区',
    mode: '校企一体',
    productive: true,
    capacity: 200,
    specialtyCodes: ['0102'],
  });
  p.train = await project('sch-a', a.id, 'training_eval', '岗位技能提升培训', {
    mode: '岗位技能提升',
    occupationCode: occupation,
    plannedPersonTimes: 200,
    actualPersonTimes: 150,
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
  });
  await project('sch-a', a.id, 'order_class', '汽车订单班', {
    specialtyCode: '0102',
    level: '中级工',
    students: 40,
    startDate: `${year}-09-01`,
    endDate: `${year + 3}-06-30`,
    hiringCommitment: 30,
  });
  await acceptedReport('sch-a', 'xy-b', p.A, { studentsHosted: 30, productiveOutputValue: 12.5 });
  await acceptedReport('sch-a', 'xy-b', p.train, { personTimes: 120, certificatesByLevel: { [level]: 30 } });
  const intern = await req('sch-a', 'POST', '/api/internships', {
    schoolOrgId: o.schA.id,
    enterpriseOrgId: o.entA.id,
    specialtyCode: '0102',
    students: 20,
    startDate: `${year}-03-01`,
    endDate: `${year}-06-30`,
    paid: true,
    payPerMonth: 2000,
    insured: true,
    safetyTrained: true,
    employedAfter: 12,
  });
  expect(intern.statusCode, intern.body).toBe(201);
  // The school's cohort counts as evidence once the host enterprise has confirmed it.
  expect(
    (
      await req('ent-a', 'POST', `/api/internships/${intern.json().id}/actions`, {
        action: 'confirm',
        version: intern.json().version,
      })
    ).statusCode,
  ).toBe(200);

  const b = await signedAgreement('sch-b', o.schB.id, o.entB.id, '襄阳轴承实训基地协议');
  p.B = await project('sch-b', b.id, 'base', '轴承精密加工实训基地', {
    location: '襄阳市樊城区',
    mode: '引企入校',
    productive: false,
    capacity: 80,
    specialtyCodes: ['0102'],
  });
  const cc = await signedAgreement('sch-c', o.schC.id, o.entC.id, '武汉光电特色专业共建协议');
  p.C = await project('sch-c', cc.id, 'specialty', '光电智能制造专业群', {
    groupName: '光电智能制造专业群',
    specialtyCodes: ['0102'],
    coBuiltCurriculum: true,
    coBuiltMaterials: 2,
    integrated: true,
  });
});
afterAll(() => t.close());

describe('a demonstration round', () => {
  it('the province opens it; bad input gets Chinese messages; nobody else may', async () => {
    const bad = await req('prov', 'POST', '/api/selection/rounds', {
      year,
      title: '示范遴选',
      projectTypes: ['base'],
      rubric,
      quota: { base: 1, alliance: 2 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/名额中的类型“alliance”不在本轮遴选范围内/);
    expect(
      (
        await req('xy-b', 'POST', '/api/selection/rounds', {
          year,
          title: '示范遴选',
          projectTypes: ['base'],
          rubric,
          quota: { base: 1 },
        })
      ).statusCode,
    ).toBe(403);
    const r = await req('prov', 'POST', '/api/selection/rounds', {
      year,
      title: `${year} 年度示范性合作项目遴选`,
      projectTypes: ['base', 'specialty'],
      rubric,
      quota: { base: 1, specialty: 1 },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ status: 'nomination', allowedActions: ['assign_experts'] });
    roundId = r.json().id;
    expect((await req('xy-b', 'GET', '/api/selection/rounds')).json().items[0].allowedActions).toEqual(['nominate']);
  });

  it('a region nominates its own project, with evidence pulled from tracked data', async () => {
    const other = await req('xy-b', 'POST', `/api/selection/rounds/${roundId}/nominations`, {
      projectId: p.C,
      statement: '跨地区推荐的测试理由文字',
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.message).toBe('项目不存在或不属于本地区，只能推荐本地区的项目');
    const wrongType = await req('xy-b', 'POST', `/api/selection/rounds/${roundId}/nominations`, {
      projectId: p.train,
      statement: '培训项目不在本轮遴选范围内',
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.message).toMatch(/本轮遴选只接受/);

    const r = await req('xy-b', 'POST', `/api/selection/rounds/${roundId}/nominations`, {
      projectId: p.A,
      statement: '校企一体共建生产性实训基地，成效显著。',
    });
    expect(r.statusCode, r.body).toBe(201);
    nom.A = r.json().id;
    const ev = r.json().evidence;
    expect(ev.agreement).toMatchObject({ agreementNo: agreementNoA, status: 'active', keyProject: true });
    expect(ev.agreement.parties.map((x: { name: string }) => x.name).sort()).toEqual([o.schA.name, o.entA.name].sort());
    expect(ev.internships).toEqual({ cohorts: 1, students: 20, employedAfter: 12, employmentRate: 0.6 });
    expect(ev.reports).toMatchObject({
      accepted: 1,
      pending: 0,
      totals: { studentsHosted: 30, productiveOutputValue: 12.5 },
    });
    expect(ev.training).toMatchObject({ personTimes: 120, certificates: 30, reports: 1 });
    expect(ev.orderClasses).toEqual({ classes: 1, students: 40, hiringCommitment: 30 });
    expect(await selectionStatus(p.A)).toBe('nominated');

    const again = await req('xy-b', 'POST', `/api/selection/rounds/${roundId}/nominations`, {
      projectId: p.A,
      statement: '重复推荐同一个项目的理由',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_nominated');
    nom.B = (
      await req('xy-b', 'POST', `/api/selection/rounds/${roundId}/nominations`, {
        projectId: p.B,
        statement: '引企入校共建轴承加工实训基地。',
      })
    ).json().id;
    nom.C = (
      await req('wh-b', 'POST', `/api/selection/rounds/${roundId}/nominations`, {
        projectId: p.C,
        statement: '光电专业群校企共建课程成效好。',
      })
    ).json().id;
  });

  it('each region sees only its own nominations; anonymous callers nothing', async () => {
    const ids = async (who: string) =>
      (await req(who, 'GET', `/api/selection/rounds/${roundId}`)).json().nominations.map((n: { id: number }) => n.id);
    expect(await ids('xy-b')).toEqual([nom.A, nom.B]);
    expect(await ids('wh-b')).toEqual([nom.C]);
    expect(await ids('prov')).toEqual([nom.A, nom.B, nom.C]);
    expect((await req(null, 'GET', `/api/selection/rounds/${roundId}`)).statusCode).toBe(401);
    expect((await req(null, 'GET', '/api/selection/rounds')).statusCode).toBe(401);
  });

  it('the addresses before the rename (/api/demo/…) answer as the same routes, marked deprecated', async () => {
    const now = await req('xy-b', 'GET', `/api/selection/rounds/${roundId}`);
    const old = await req('xy-b', 'GET', `/api/demo/rounds/${roundId}`);
    expect(old.statusCode).toBe(200);
    expect(old.json()).toEqual(now.json());
    expect(old.headers.deprecation).toBe('true');
    expect(now.headers.deprecation).toBeUndefined();
    // Same access rules: the other region's bureau may not see a nomination it does not own, under either address.
    expect(
      (await req('wh-b', 'GET', `/api/demo/rounds/${roundId}`)).json().nominations.map((n: { id: number }) => n.id),
    ).toEqual([nom.C]);
    expect((await req(null, 'GET', '/api/demo/rounds')).statusCode).toBe(401);
  });

  it('the province appoints experts (only expert accounts); the review starts', async () => {
    const bad = await req('prov', 'POST', `/api/selection/rounds/${roundId}/experts`, { userIds: [u.ex1, u['sch-a']] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('not_experts');
    const r = await req('prov', 'POST', `/api/selection/rounds/${roundId}/experts`, {
      userIds: [1, 2, 3, 4, 5, 6].map((i) => u[`ex${i}`]),
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('review');
    expect(r.json().nominations.map((n: { status: string }) => n.status)).toEqual([
      'under_review',
      'under_review',
      'under_review',
    ]);
    expect(await selectionStatus(p.B)).toBe('under_review');
    expect(
      (
        await req('xy-b', 'POST', `/api/selection/rounds/${roundId}/nominations`, {
          projectId: p.A,
          statement: '评审开始后再推荐的理由',
        })
      ).statusCode,
    ).toBe(409);
    expect((await req('ex7', 'GET', `/api/selection/rounds/${roundId}`)).statusCode).toBe(404);
    expect((await req('ex7', 'GET', '/api/selection/rounds')).json().items).toEqual([]);
  });

  it('a conflicted expert is refused when scoring (409), whether it declared or the platform found it', async () => {
    const auto = await req('ex6', 'PUT', `/api/selection/nominations/${nom.A}/score`, sheet(40, 40, 20));
    expect(auto.statusCode).toBe(409);
    expect(auto.json().error).toMatchObject({
      code: 'conflict_of_interest',
      message: '已声明利益冲突，不能对该项目评分',
    });
    expect(
      (await req('ex6', 'POST', `/api/selection/nominations/${nom.A}/declaration`, { conflict: false })).json().error
        .code,
    ).toBe('already_declared');
    const declared = await req('ex5', 'POST', `/api/selection/nominations/${nom.B}/declaration`, {
      conflict: true,
      reason: '本人曾在该校兼职授课',
    });
    expect(declared.statusCode).toBe(201);
    const refused = await req('ex5', 'PUT', `/api/selection/nominations/${nom.B}/score`, sheet(30, 30, 15));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'conflict_of_interest',
      message: '已声明利益冲突，不能对该项目评分',
    });
    expect(
      (await req('ex1', 'PUT', `/api/selection/nominations/${nom.A}/score`, sheet(30, 30, 15))).json().error.code,
    ).toBe('declaration_required');
  });

  it("experts score against the rubric and may revise; they never see each other's scores", async () => {
    const declare = (who: string, n: number) =>
      req(who, 'POST', `/api/selection/nominations/${n}/declaration`, { conflict: false });
    for (const who of ['ex1', 'ex2', 'ex3', 'ex4', 'ex5']) expect((await declare(who, nom.A)).statusCode).toBe(201);
    for (const who of ['ex1', 'ex2', 'ex3', 'ex4', 'ex6']) await declare(who, nom.B);
    for (const who of ['ex1', 'ex2', 'ex3']) await declare(who, nom.C);
    const over = await req('ex1', 'PUT', `/api/selection/nominations/${nom.A}/score`, sheet(45, 30, 15));
    expect(over.statusCode).toBe(400);
    expect(over.json().error.message).toBe('“合作深度”的分数应在 0 至 40 分之间');
    const missing = await req('ex1', 'PUT', `/api/selection/nominations/${nom.A}/score`, {
      scores: { cooperation: 30, outcomes: 30 },
    });
    expect(missing.json().error.message).toBe('请为“示范引领”打分');
    const score = async (who: string, n: number, s: [number, number, number]) => {
      const r = await req(who, 'PUT', `/api/selection/nominations/${n}/score`, sheet(...s));
      expect(r.statusCode, r.body).toBe(200);
      return r.json().total;
    };
    // A: 90, 80 (after a revision from 78), 85, 70, 60.
    expect(await score('ex1', nom.A, [36, 36, 18])).toBe(90);
    expect(await score('ex2', nom.A, [31, 31, 16])).toBe(78);
    expect(await score('ex2', nom.A, [32, 32, 16])).toBe(80);
    await score('ex3', nom.A, [34, 34, 17]);
    await score('ex4', nom.A, [28, 28, 14]);
    await score('ex5', nom.A, [24, 24, 12]);
    // B: 70, 75, 72, 68 and 100 from ex6 (no conflict on B).
    for (const [who, s] of [
      ['ex1', [28, 28, 14]],
      ['ex2', [30, 30, 15]],
      ['ex3', [29, 29, 14]],
      ['ex4', [27, 27, 14]],
      ['ex6', [40, 40, 20]],
    ] as const)
      await score(who, nom.B, [...s]);
    // C: only two so far.
    await score('ex1', nom.C, [35, 35, 18]);
    await score('ex2', nom.C, [33, 33, 16]);

    const seen = (await req('ex1', 'GET', `/api/selection/rounds/${roundId}`)).json().nominations;
    expect(seen).toHaveLength(3);
    const a = seen.find((n: { id: number }) => n.id === nom.A);
    expect(a.myScore.total).toBe(90);
    expect(a.finalScore).toBeNull();
    expect(a.scores).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain('"total":80');
    const mine6 = (await req('ex6', 'GET', `/api/selection/rounds/${roundId}`))
      .json()
      .nominations.find((n: { id: number }) => n.id === nom.A);
    expect(mine6).toMatchObject({ myDeclaration: { conflict: true, automatic: true }, allowedActions: [] });
  });

  it('the shortlist needs 3 valid scores each, drops the extremes from 5, and follows the quota per type', async () => {
    const early = await req('prov', 'POST', `/api/selection/rounds/${roundId}/shortlist`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'not_enough_scores',
      message: expect.stringContaining('光电智能制造专业群”（2 份）'),
    });
    await req('ex3', 'PUT', `/api/selection/nominations/${nom.C}/score`, sheet(32, 31, 16));
    const r = await req('prov', 'POST', `/api/selection/rounds/${roundId}/shortlist`);
    expect(r.statusCode, r.body).toBe(200);
    const by = Object.fromEntries(
      r
        .json()
        .nominations.map((n: { id: number; status: string; finalScore: number; validScoreCount: number }) => [
          n.id,
          [n.status, n.finalScore, n.validScoreCount],
        ]),
    );
    // A: drop 90 and 60 → (80 + 85 + 70) / 3 = 78.33. B: ex5 conflicted, drop 100 and 68 → (70 + 72 + 75) / 3 = 72.33.
    // C: three scores, no trimming → (88 + 82 + 79) / 3 = 83. Quota base 1: A beats B.
    expect(by[nom.A]).toEqual(['shortlisted', 78.33, 5]);
    expect(by[nom.B]).toEqual(['not_selected', 72.33, 5]);
    expect(by[nom.C]).toEqual(['shortlisted', 83, 3]);
    expect([await selectionStatus(p.A), await selectionStatus(p.B)]).toEqual(['shortlisted', 'not_selected']);
    const late = await req('ex1', 'PUT', `/api/selection/nominations/${nom.A}/score`, sheet(40, 40, 20));
    expect(late.statusCode).toBe(409);
  });

  it('public notice: objections only inside the period, each resolved before the result is published', async () => {
    const n = await req('prov', 'POST', `/api/selection/rounds/${roundId}/notice`, { from: bj(1), to: bj(7) });
    expect(n.statusCode, n.body).toBe(200);
    expect(n.json().status).toBe('public_notice');
    const objection = { name: '王某', contact: '13712345678', content: '该基地实际接收学生人数与申报不符，请核实。' };
    const early = await objectTo(nom.A, objection);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'outside_notice_period',
      message: expect.stringContaining('不在公示期内，不受理异议'),
    });
    expect((await req(null, 'GET', '/api/results/demonstrations')).json().inNotice).toEqual([]);

    // A day passes: the notice has begun (dates shifted in the database instead of the clock).
    await exec(t, sql`update selection_rounds set notice_from = ${bj()} where id = ${roundId}`);
    const pub = (await req(null, 'GET', `/api/results/demonstrations?year=${year}`)).json().inNotice[0];
    expect(pub).toMatchObject({ roundId, acceptingObjections: true });
    // Only the shortlisted projects are on the notice (B, not selected, is not).
    expect(pub.items.map((i: { projectId: number }) => i.projectId).sort((x: number, y: number) => x - y)).toEqual(
      [p.A, p.C].sort((x, y) => x - y),
    );
    expect(pub.items.find((i: { projectId: number }) => i.projectId === p.A).objectionPath).toBe(
      `/api/selection/nominations/${nom.A}/objections`,
    );
    const short = await objectTo(nom.A, { ...objection, content: '不符' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/异议内容至少 10 个字/);
    // Without a captcha, or with a wrong or spent one: refused, nothing recorded.
    const bare = await req(null, 'POST', `/api/selection/nominations/${nom.A}/objections`, objection);
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error).toMatchObject({ code: 'captcha_required', message: '请输入图形验证码' });
    const wrong = await req(null, 'POST', `/api/selection/nominations/${nom.A}/objections`, {
      ...objection,
      captchaId: (await solveCaptcha(t)).captchaId,
      captchaAnswer: 'zzzz',
    });
    expect(wrong.json().error).toMatchObject({ code: 'captcha_invalid', message: '验证码错误或已过期，请重新输入' });
    const spent = await solveCaptcha(t);
    expect(
      (
        await req(null, 'POST', `/api/selection/nominations/${nom.A}/objections`, {
          ...objection,
          captchaId: spent.captchaId,
          captchaAnswer: 'zzzz',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await req(null, 'POST', `/api/selection/nominations/${nom.A}/objections`, { ...objection, ...spent })).json()
        .error.code,
    ).toBe('captcha_invalid');
    expect((await exec(t, sql`select count(*)::int as n from selection_objections`)).rows[0].n).toBe(0);
    const ok = await objectTo(nom.A, objection);
    expect(ok.statusCode, ok.body).toBe(201);
    const onC = await objectTo(nom.C, {
      name: '赵某',
      contact: 'zhao@example.com',
      content: '该专业群课程并非校企共建，存在材料不实。',
    });
    expect(onC.statusCode).toBe(201);
    expect((await objectTo(nom.B, objection)).statusCode).toBe(409);
    const tooEarly = await req('prov', 'POST', `/api/selection/rounds/${roundId}/publish`);
    expect(tooEarly.json().error.code).toBe('notice_not_over');

    // The notice ends.
    await exec(
      t,
      sql`update selection_rounds set notice_from = ${bj(-8)}, notice_to = ${bj(-1)} where id = ${roundId}`,
    );
    expect((await objectTo(nom.A, objection)).json().error.code).toBe('outside_notice_period');
    const unresolved = await req('prov', 'POST', `/api/selection/rounds/${roundId}/publish`);
    expect(unresolved.statusCode).toBe(409);
    expect(unresolved.json().error).toEqual({
      code: 'objections_open',
      message: '还有 2 条异议未处理，全部处理后才能发布遴选结果',
    });

    const detail = (await req('prov', 'GET', `/api/selection/rounds/${roundId}`)).json();
    const objA = detail.nominations.find((x: { id: number }) => x.id === nom.A).objections[0];
    const objC = detail.nominations.find((x: { id: number }) => x.id === nom.C).objections[0];
    expect(objA.submitterContact).toBe('13712345678');
    const regionView = (await req('xy-b', 'GET', `/api/selection/rounds/${roundId}`))
      .json()
      .nominations.find((x: { id: number }) => x.id === nom.A).objections[0];
    expect(regionView.submitterContact).toBeUndefined();
    expect(
      (
        await req('xy-b', 'POST', `/api/selection/objections/${objA.id}/resolve`, {
          status: 'dismissed',
          resolution: '经核实材料属实',
        })
      ).statusCode,
    ).toBe(403);
    const dismissed = await req('prov', 'POST', `/api/selection/objections/${objA.id}/resolve`, {
      status: 'dismissed',
      resolution: '经核实，接收学生人数与台账一致',
    });
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', resolution: '经核实，接收学生人数与台账一致' });
    expect(
      (
        await req('prov', 'POST', `/api/selection/objections/${objA.id}/resolve`, {
          status: 'upheld',
          resolution: '再次处理',
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await req('prov', 'POST', `/api/selection/objections/${objC.id}/resolve`, {
          status: 'upheld',
          resolution: '经核实，课程系学校单独开发',
        })
      ).statusCode,
    ).toBe(200);
    expect(await selectionStatus(p.C)).toBe('not_selected');
  });

  it('publishing selects the projects left on the list; the indicator and the public page count them', async () => {
    const r = await req('prov', 'POST', `/api/selection/rounds/${roundId}/publish`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('published');
    expect([await selectionStatus(p.A), await selectionStatus(p.B), await selectionStatus(p.C)]).toEqual([
      'selected',
      'not_selected',
      'not_selected',
    ]);
    const ind = (await req('prov', 'GET', '/api/indicators')).json().items;
    expect(ind.find((i: { id: string }) => i.id === 'demo_bases').numerator).toBe(1);
    expect(ind.find((i: { id: string }) => i.id === 'demo_specialties').numerator).toBe(0);
    const notes = (await req('sch-a', 'GET', '/api/notifications')).json().items;
    expect(
      notes.some(
        (x: { kind: string; title: string }) =>
          x.kind === 'selection_selected' && x.title.includes('汽车智能制造实训基地'),
      ),
    ).toBe(true);

    const pub = await req(null, 'GET', `/api/results/demonstrations?year=${year}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json().inNotice).toEqual([]);
    const [round] = pub.json().published;
    expect(round.items).toEqual([
      {
        nominationId: nom.A,
        projectId: p.A,
        title: '汽车智能制造实训基地',
        type: 'base',
        typeLabel: '实习实训基地',
        regionCode: '420600',
        regionName: '襄阳市',
        school: { orgId: o.schA.id, name: o.schA.name },
        partners: [{ orgId: o.entA.id, name: o.entA.name, side: 'enterprise' }],
      },
    ]);
    for (const secret of ['张联系人', '13800001111', '李联系人', '13900002222', '13712345678'])
      expect(pub.body).not.toContain(secret);
  });

  it("every move is in the audit log, without the objector's contact", async () => {
    const rows = (await exec(t, sql`select action, after from audit_log where action like 'selection.%' order by id`))
      .rows;
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      'selection.round.create',
      'selection.nominate',
      'selection.experts',
      'selection.declare',
      'selection.score',
      'selection.score.revise',
      'selection.shortlist',
      'selection.notice',
      'selection.objection',
      'selection.objection.resolve',
      'selection.publish',
    ])
      expect(actions).toContain(a);
    expect(JSON.stringify(rows.filter((r) => r.action === 'selection.objection'))).not.toContain('13712345678');
    // Entries written before the rename keep their demo.* code (the log is append-only) and read with the same label.
    expect(auditActionLabel('demo.nominate')).toBe(auditActionLabel('selection.nominate'));
    expect(auditActionLabel('selection.nominate')).toBe('推荐示范项目');
    expect(auditActionLabel('demo.remove')).toBe('删除示例数据');
  });
});
