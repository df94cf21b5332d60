import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, solveCaptcha, type TestApp } from '../../../test/app';
import { confirmByAllParties, SCAN_PDF } from '../../../test/agreements';
import { nowMs } from '../../lib/clock';

// Demonstration rounds built through the real API. The three test files (nomination, review, notice) each start from a
// fresh database: setUp() makes the organisations, accounts, agreements and projects, and a test that changes a round
// takes a round of its own (ownRound) and the steps below, so no test depends on what another one did.
export let t: TestApp;
const c: Record<string, string> = {};
export const o: Record<string, { id: number; name: string }> = {};
export const u: Record<string, number> = {};
export const p: Record<string, number> = {};
export let agreementNoA = '';
/** The three signed agreements (A: 襄阳 school A with its enterprise, B: 襄阳 school B, C: 武汉). */
const agreement: Record<string, number> = {};
const dayMs = 86_400_000;
export const bj = (offsetDays = 0) => new Date(nowMs() + 8 * 3_600_000 + offsetDays * dayMs).toISOString().slice(0, 10);
// The programme year whose first months are over (in early January, last year's): its projects have reports due.
export const year = Number(bj(-90).slice(0, 4));
const PDF = SCAN_PDF;
export const rubric = [
  { key: 'cooperation', label: '合作深度', max: 40 },
  { key: 'outcomes', label: '育人成效', max: 40 },
  { key: 'demonstration', label: '示范引领', max: 20 },
];
export const sheet = (a: number, b: number, d: number) => ({
  scores: { cooperation: a, outcomes: b, demonstration: d },
  comment: '',
});

// Anonymous objections carry a captcha (its answer read from the app's state, as a person reads the picture).
export const objectTo = async (nominationId: number, body: object) =>
  req(null, 'POST', `/api/selection/nominations/${nominationId}/objections`, { ...body, ...(await solveCaptcha(t)) });
export const req = (
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
export const selectionStatus = async (id: number) =>
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

/** The organisations, accounts (province, two bureaus, schools, experts), agreements, projects and reports. */
export async function setUp() {
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
  agreement.A = a.id;
  expect((await req('xy-b', 'POST', `/api/agreements/${a.id}/key`, { keyProject: true })).json().keyProject).toBe(true);
  p.A = await projectA();
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

  agreement.B = (await signedAgreement('sch-b', o.schB.id, o.entB.id, '襄阳轴承实训基地协议')).id;
  agreement.C = (await signedAgreement('sch-c', o.schC.id, o.entC.id, '武汉光电特色专业共建协议')).id;
  p.B = await projectB();
  p.C = await projectC();
}
const projectA = (prefix = '') =>
  project('sch-a', agreement.A, 'base', `${prefix}汽车智能制造实训基地`, {
    location: '襄阳市高新区',
    mode: '校企一体',
    productive: true,
    capacity: 200,
    specialtyCodes: ['0102'],
  });
const projectB = (prefix = '') =>
  project('sch-b', agreement.B, 'base', `${prefix}轴承精密加工实训基地`, {
    location: '襄阳市樊城区',
    mode: '引企入校',
    productive: false,
    capacity: 80,
    specialtyCodes: ['0102'],
  });
const projectC = (prefix = '') =>
  project('sch-c', agreement.C, 'specialty', `${prefix}光电智能制造专业群`, {
    groupName: '光电智能制造专业群',
    specialtyCodes: ['0102'],
    coBuiltCurriculum: true,
    coBuiltMaterials: 2,
    integrated: true,
  });

/** A round in the nomination stage, created as the province does; returns its id. */
export async function createRound(title = `${year} 年度示范性合作项目遴选`) {
  const r = await req('prov', 'POST', '/api/selection/rounds', {
    year,
    title,
    projectTypes: ['base', 'specialty'],
    rubric,
    quota: { base: 1, specialty: 1 },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as number;
}

/** 襄阳 nominates A and B, 武汉 nominates C: the round's own projects, their nomination ids put into `into`. */
async function nominateAll(roundId: number, projects: Record<string, number>, into: Record<string, number>) {
  const nominate = async (who: string, projectId: number, statement: string) => {
    const r = await req(who, 'POST', `/api/selection/rounds/${roundId}/nominations`, { projectId, statement });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  into.A = await nominate('xy-b', projects.A, '校企一体共建生产性实训基地，成效显著。');
  into.B = await nominate('xy-b', projects.B, '引企入校共建轴承加工实训基地。');
  into.C = await nominate('wh-b', projects.C, '光电专业群校企共建课程成效好。');
}

/** Experts 1–6 appointed: the review starts. */
async function appointExperts(roundId: number) {
  const r = await req('prov', 'POST', `/api/selection/rounds/${roundId}/experts`, {
    userIds: [1, 2, 3, 4, 5, 6].map((i) => u[`ex${i}`]),
  });
  expect(r.statusCode, r.body).toBe(200);
}

export interface OwnRound {
  id: number;
  p: Record<string, number>;
  nom: Record<string, number>;
}
let rounds = 0;
/**
 * Arrange: a round of its own (a title of its own) in which new projects of the same kind as setUp's A, B and C (on
 * the same agreements, so ex6 is conflicted on A) are nominated by their regions; with `review`, experts 1–6 are
 * appointed. A test that changes a round takes one of these, so it never depends on what another test did.
 */
export async function ownRound(stage: 'nomination' | 'review' = 'nomination'): Promise<OwnRound> {
  const n = ++rounds;
  const r: OwnRound = { id: await createRound(`${year} 年度示范性合作项目遴选（测试轮 ${n}）`), p: {}, nom: {} };
  // An agreement takes each project title once: the round's projects are told apart by a prefix.
  r.p.A = await projectA(`测试轮${n}·`);
  r.p.B = await projectB(`测试轮${n}·`);
  r.p.C = await projectC(`测试轮${n}·`);
  await nominateAll(r.id, r.p, r.nom);
  if (stage === 'review') await appointExperts(r.id);
  return r;
}

/** The review's declarations and scores (A: 90, 78 revised to 80, 85, 70, 60; B: 70, 75, 72, 68, 100; C: 88, 82 and,
 *  unless `withoutLastOfC`, 79). */
export async function scoreAll(noms: Record<string, number>, { withoutLastOfC = false } = {}) {
  const declare = (who: string, n: number) =>
    req(who, 'POST', `/api/selection/nominations/${n}/declaration`, { conflict: false });
  const score = async (who: string, n: number, s: readonly [number, number, number]) => {
    const r = await req(who, 'PUT', `/api/selection/nominations/${n}/score`, sheet(...s));
    expect(r.statusCode, r.body).toBe(200);
  };
  for (const who of ['ex1', 'ex2', 'ex3', 'ex4', 'ex5']) await declare(who, noms.A);
  for (const who of ['ex1', 'ex2', 'ex3', 'ex4', 'ex6']) await declare(who, noms.B);
  for (const who of ['ex1', 'ex2', 'ex3']) await declare(who, noms.C);
  type Sheet = [string, number, readonly [number, number, number]];
  const lastOfC: Sheet[] = withoutLastOfC ? [] : [['ex3', noms.C, [32, 31, 16]]];
  const sheets: Sheet[] = [
    ['ex1', noms.A, [36, 36, 18]],
    ['ex2', noms.A, [31, 31, 16]],
    ['ex2', noms.A, [32, 32, 16]],
    ['ex3', noms.A, [34, 34, 17]],
    ['ex4', noms.A, [28, 28, 14]],
    ['ex5', noms.A, [24, 24, 12]],
    ['ex1', noms.B, [28, 28, 14]],
    ['ex2', noms.B, [30, 30, 15]],
    ['ex3', noms.B, [29, 29, 14]],
    ['ex4', noms.B, [27, 27, 14]],
    ['ex6', noms.B, [40, 40, 20]],
    ['ex1', noms.C, [35, 35, 18]],
    ['ex2', noms.C, [33, 33, 16]],
    ...lastOfC,
  ];
  for (const [who, n, s] of sheets) await score(who, n, s);
}
