import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import ExcelJS from 'exceljs';
import { idNumberCheckChar, REGIONS } from '@cjrh/domain';
import { XLSX_TYPE } from '../src/modules/excel/layout';
import { download as downloadOnboarding, fill as fillOnboarding } from '../src/modules/onboarding/onboarding.testkit';
import { schoolRow } from '../src/modules/excel/excel.testkit';
import { formDefinition } from '@cjrh/domain';
import { SCAN_PDF } from './agreements';
import type { TestApp } from './app';
import type { orgs, users } from '../src/db/schema/index';
import { selectionCases } from './concurrencySelection';
import { assessmentCases } from './concurrencyAssessment';

// The cases of src/http/concurrency.test.ts: for every write route of the OpenAPI document, how to arrange one valid
// request. Each case makes the state it needs itself (through the API where it can), so cases do not depend on each
// other's order except where noted.

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export interface Sample {
  who: string;
  method: Method;
  url: string;
  body?: unknown;
  /** A file upload (content type and bytes) instead of JSON. */
  raw?: { type: string; body: Buffer };
}
export interface Ctx {
  readonly t: TestApp;
  c: Record<string, string>;
  ids: Record<string, number>;
  run: string;
  uscc(region?: string): Promise<string>;
  makeOrg(o: Partial<typeof orgs.$inferInsert> & { type: 'school' | 'enterprise'; regionCode: string }): Promise<{ id: number }>;
  makeUser(u: Partial<typeof users.$inferInsert> & { username: string; role: (typeof users.$inferInsert)['role'] }): Promise<{ id: number }>;
  login(username: string): Promise<string>;
  formInState(year: number, orgId: number, rows: Record<string, unknown>[], state?: string): Promise<{ id: number }>;
  get(who: string, url: string): Promise<any>;
  send(who: string, method: Method | 'GET', url: string, body?: unknown): Promise<any>;
  sql(q: SQL): Promise<any[]>;
}
export interface Case {
  route: string;
  label?: string;
  arrange(x: Ctx): Promise<Sample>;
  /** Ten identical requests may all answer 2xx (there is nothing left to do after the first): still one effect. */
  idempotent?: boolean;
  /** Refusal statuses besides 409 that are right here (404 for a record the first request removed). */
  refusals?: number[];
  /** Audit entries for the one effect (default 1). */
  audits?: number;
  check?(x: Ctx, s: Sample, ok: any[]): Promise<void>;
}

let n = 0;
const uniq = () => `${process.pid % 10000}-${++n}`;
const future = (days: number) => new Date(Date.parse('2026-11-30T09:00:00+08:00') + days * 86_400_000).toISOString();

/** A fresh school + enterprise pair in 襄阳 with accounts, for cases that need parties of their own. */
async function pair(x: Ctx) {
  const k = uniq();
  const school = (await x.makeOrg({ type: 'school', regionCode: '420600', name: `襄阳并发学校${k}` })).id;
  const ent = (await x.makeOrg({ type: 'enterprise', regionCode: '420600', name: `襄阳并发企业${k}` })).id;
  const su = `cc-s-${k}`;
  const eu = `cc-e-${k}`;
  await x.makeUser({ username: su, role: 'school', regionCode: '420600', orgId: school });
  await x.makeUser({ username: eu, role: 'enterprise', regionCode: '420600', orgId: ent });
  x.c[su] = await x.login(su);
  x.c[eu] = await x.login(eu);
  return { school, ent, su, eu };
}

/** A specialty the test school runs (specialty decisions are about those). */
async function schoolSpecialty(x: Ctx) {
  const code = await specialty(x, 1);
  await x.sql(sql`insert into school_specialties (org_id, specialty_code, enrolment) values (${x.ids.school}, ${code}, 200) on conflict do nothing`);
  return code;
}
const specialty = async (x: Ctx, i = 0) => (await x.sql(sql`select code from dict_entries where kind = 'specialty' and active order by code limit 1 offset ${i}`))[0].code as string;
/** A valid 18-digit ID number (check character computed), different on every call. */
const idNumber = () => {
  const first17 = `42060219800101${String(n++ % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
};

async function intent(x: Ctx) {
  const p = await pair(x);
  const i = await x.send(p.su, 'POST', '/api/intents', { toOrgId: p.ent, cooperationType: '订单（定向）班', message: '希望合作开设订单班' });
  return { ...p, intent: i };
}

const recruit = async (x: Ctx) => ({ name: `并发技能大师${uniq()}`, category: 'master', fromEnterprise: '襄阳并发测试机械有限公司', specialtyCode: await specialty(x), post: '实训指导教师', startOn: '2026-09-01', evidence: '', idNumber: idNumber() });
const integratedBase = () => ({ name: `襄阳并发一体化基地${uniq()}`, partnerEnterprise: '襄阳并发测试机械有限公司', specialtyArea: '数控技术', capacity: 60, establishedOn: '2026-09-01' });
const PRACTICE = { enterprise: '襄阳并发测试机械有限公司', startOn: '2026-07-01', endOn: '2026-07-10', days: 10, content: '跟岗实践数控加工', evidence: '实践鉴定表' };
const SKILL_TRAINING = { kind: 'training', occupationCode: '6-18-02-04', level: 'ZJG', startDate: '2026-06-01', endDate: '2026-06-30', people: 30, certificates: 25 };
const CONTEST = { name: '并发技能大赛', organiser: '襄阳市人社局', occupationCode: '6-18-02-04', heldOn: '2026-06-15', participants: 40, winners: 5 };
const CASE = { year: 2025, title: '并发典型案例', summary: '订单班 40 人，企业承诺录用 30 人。', body: '学校与企业共同制定培养方案，岗位实习后直接就业，用于测试并发新建。' };
const AGREEMENT = { title: '校企合作协议', areas: ['订单（定向）班'], termStart: '2026-01-01', termEnd: '2028-12-31' };
async function draftAgreement(x: Ctx) {
  const p = await pair(x);
  const a = await x.send(p.su, 'POST', '/api/agreements', { ...AGREEMENT, title: `校企合作协议${uniq()}`, schoolOrgIds: [p.school], enterpriseOrgIds: [p.ent] });
  return { ...p, agreement: a };
}
async function uploadScan(x: Ctx, who: string, id: number) {
  const r = await x.t.app.inject({ method: 'POST', url: `/api/agreements/${id}/scan`, headers: { cookie: x.c[who], 'content-type': 'application/pdf' }, payload: SCAN_PDF });
  if (r.statusCode >= 300) throw new Error(`scan: ${r.statusCode} ${r.body}`);
}
async function activeAgreement(x: Ctx) {
  const d = await draftAgreement(x);
  await uploadScan(x, d.su, d.agreement.id);
  let a = await x.get(d.su, `/api/agreements/${d.agreement.id}`);
  a = await x.send(d.su, 'POST', `/api/agreements/${a.id}/actions`, { action: 'sign', version: a.version, signingDate: '2026-11-20' });
  a = await x.get(d.eu, `/api/agreements/${a.id}`);
  a = await x.send(d.eu, 'POST', `/api/agreements/${a.id}/actions`, { action: 'confirm', version: a.version });
  return { ...d, agreement: a };
}

/** A project in an active agreement, as its school registered it. */
async function project(x: Ctx, kind: { type: string; data: Record<string, unknown> } = { type: 'rnd', data: { kind: '课程开发', outcome: '新课程', outputs: 1 } }) {
  const a = await activeAgreement(x);
  const p = await x.send(a.su, 'POST', `/api/agreements/${a.agreement.id}/projects`, { type: kind.type, title: `并发项目${uniq()}`, startDate: '2026-03-01', data: kind.data });
  return { a, p: { ...p, who: a.su } };
}
const cohort = (school: number, ent: number) => ({ schoolOrgId: school, enterpriseOrgId: ent, specialtyCode: '0102', students: 20, startDate: '2026-01-01', endDate: '2026-06-30', paid: true, payPerMonth: 2000, insured: true, safetyTrained: true, employedAfter: 10 });
/** An open fair both parties of a fresh pair registered for, with its free slots. */
async function fair(x: Ctx) {
  const q = await pair(x);
  const e = await x.send('cc-reg', 'POST', '/api/events', { title: `襄阳并发洽谈${uniq()}`, startsAt: future(40), endsAt: future(40.2), place: '襄阳', capacity: 20, slotMinutes: 20 });
  await x.send(q.su, 'POST', `/api/events/${e.id}/registrations`, { attendees: 1 });
  await x.send(q.eu, 'POST', `/api/events/${e.id}/registrations`, { attendees: 1 });
  const slots = (await x.get('cc-reg', `/api/events/${e.id}/meetings`)).slots as string[];
  return { q, e, slots };
}

export const CASES: Case[] = [
  // --- accounts and sign-in ---
  {
    route: 'POST /api/auth/password',
    arrange: async (x) => {
      const u = `cc-pw-${uniq()}`;
      await x.makeUser({ username: u, role: 'region', regionCode: '420600' });
      x.c[u] = await x.login(u);
      return { who: u, method: 'POST', url: '/api/auth/password', body: { oldPassword: 'Test@2025', newPassword: 'N3w!Password-cc' } };
    },
    // After the first change the old password is wrong: 400 「原密码错误」 for the others.
    refusals: [400],
  },
  {
    route: 'DELETE /api/auth/sessions/{id}',
    arrange: async (x) => {
      const u = `cc-ss-${uniq()}`;
      await x.makeUser({ username: u, role: 'region', regionCode: '420600' });
      x.c[u] = await x.login(u);
      await x.login(u); // a second session to end
      const s = (await x.get(u, '/api/auth/sessions')).items.find((i: { current: boolean }) => !i.current);
      return { who: u, method: 'DELETE', url: `/api/auth/sessions/${s.id}` };
    },
    refusals: [404],
  },
  {
    route: 'PATCH /api/auth/profile',
    arrange: async () => ({ who: 'cc-reg', method: 'PATCH', url: '/api/auth/profile', body: { phone: '13800138000' } }),
    idempotent: true,
  },
  {
    route: 'POST /api/accounts',
    arrange: async (x) => ({ who: 'cc-prov', method: 'POST', url: '/api/accounts', body: { username: `cc-new-${x.run}`, role: 'region', regionCode: '420600', displayName: '并发新账号', password: 'Str0ng!Passw0rd-cc' } }),
  },
  {
    route: 'PATCH /api/accounts/{id}',
    arrange: async (x) => {
      const u = await x.makeUser({ username: `cc-acc-${uniq()}`, role: 'region', regionCode: '420600' });
      return { who: 'cc-prov', method: 'PATCH', url: `/api/accounts/${u.id}`, body: { disabled: true } };
    },
    idempotent: true,
  },
  // --- organisations and reference data ---
  {
    route: 'POST /api/orgs',
    arrange: async (x) => ({ who: 'cc-prov', method: 'POST', url: '/api/orgs', body: { type: 'enterprise', name: `并发新建有限公司${x.run}`, uscc: await x.uscc('420600'), regionCode: '420600' } }),
  },
  {
    route: 'PATCH /api/orgs/{id}',
    arrange: async (x) => {
      const org = await x.get('cc-prov', `/api/orgs/${x.ids.school}`);
      return { who: 'cc-prov', method: 'PATCH', url: `/api/orgs/${x.ids.school}`, body: { version: org.version, address: `襄阳市并发路 ${x.run} 号` } };
    },
  },
  {
    route: 'POST /api/orgs/{id}/change-requests',
    arrange: async (x) => {
      const p = await pair(x);
      return { who: p.eu, method: 'POST', url: `/api/orgs/${p.ent}/change-requests`, body: { field: 'name', newValue: `襄阳并发改名有限公司${uniq()}`, reason: '工商变更' } };
    },
  },
  {
    route: 'POST /api/org-change-requests/{id}/decision',
    audits: 2, // the organisation's update and the decision
    arrange: async (x) => {
      const p = await pair(x);
      const r = await x.send(p.eu, 'POST', `/api/orgs/${p.ent}/change-requests`, { field: 'name', newValue: `襄阳并发核准有限公司${uniq()}`, reason: '工商变更' });
      return { who: 'cc-reg', method: 'POST', url: `/api/org-change-requests/${r.id}/decision`, body: { action: 'approve' } };
    },
  },
  {
    route: 'POST /api/reference/dicts/{kind}',
    arrange: async (x) => ({ who: 'cc-prov', method: 'POST', url: '/api/reference/dicts/industry', body: { code: `CC${x.run}`, name: `并发行业${x.run}` } }),
  },
  {
    route: 'PATCH /api/reference/dicts/{kind}/{code}',
    arrange: async (x) => {
      await x.send('cc-prov', 'POST', '/api/reference/dicts/industry', { code: `CD${x.run}`, name: `并发改名前${x.run}` });
      return { who: 'cc-prov', method: 'PATCH', url: `/api/reference/dicts/industry/CD${x.run}`, body: { name: `并发改名后${x.run}` } };
    },
    idempotent: true,
  },
  // --- the year, its quotas and forms ---
  {
    route: 'POST /api/campaigns',
    arrange: async () => ({ who: 'cc-prov', method: 'POST', url: '/api/campaigns', body: { year: 2027 } }),
  },
  {
    route: 'PATCH /api/campaigns/{year}',
    arrange: async (x) => {
      const camp = await x.get('cc-prov', '/api/campaigns/2025');
      return { who: 'cc-prov', method: 'PATCH', url: '/api/campaigns/2025', body: { version: camp.version, title: `2025 年度专项行动（并发 ${x.run}）` } };
    },
  },
  {
    route: 'PUT /api/campaigns/{year}/quotas',
    arrange: async (x) => {
      const q = await x.get('cc-prov', '/api/campaigns/2025/quotas');
      return { who: 'cc-prov', method: 'PUT', url: '/api/campaigns/2025/quotas', body: { version: q.version, quotas: q.items.map((i: { regionCode: string }) => ({ regionCode: i.regionCode, projectQuota: 2, keyEnterpriseQuota: 1, remark: '' })) } };
    },
  },
  {
    route: 'PUT /api/campaigns/{year}/forms/{kind}/design',
    arrange: async (x) => {
      const d = await x.get('cc-prov', '/api/campaigns/2027/forms/school/design');
      return { who: 'cc-prov', method: 'PUT', url: '/api/campaigns/2027/forms/school/design', body: { rev: d.rev, title: `并发改表${x.run}`, fields: d.definition?.fields ?? d.fields } };
    },
  },
  {
    route: 'POST /api/campaigns/{year}/my-form',
    arrange: async (x) => {
      const p = await pair(x);
      return { who: p.su, method: 'POST', url: '/api/campaigns/2025/my-form' };
    },
    idempotent: true,
    check: async (_x, _s, ok) => expect(new Set(ok.map((f) => f.id)).size).toBe(1),
  },
  {
    route: 'PUT /api/forms/{id}',
    arrange: async (x) => {
      const p = await pair(x);
      const f = await x.send(p.su, 'POST', '/api/campaigns/2025/my-form');
      return { who: p.su, method: 'PUT', url: `/api/forms/${f.id}`, body: { version: f.version, data: f.data } };
    },
  },
  {
    route: 'POST /api/forms/{id}/actions',
    arrange: async (x) => {
      const p = await pair(x);
      const f = await x.formInState(2025, p.ent, [{ occupationCode: '车工', postName: '车工', headcount: 2, needType: '毕业生就业', needDetail: '招车工' }], 'submitted');
      const form = await x.get('cc-reg', `/api/forms/${f.id}`);
      return { who: 'cc-reg', method: 'POST', url: `/api/forms/${f.id}/actions`, body: { action: 'approve', version: form.version } };
    },
  },
  {
    route: 'POST /api/campaigns/{year}/batches',
    arrange: async (x) => {
      const p = await pair(x);
      await x.formInState(2025, p.ent, [{ occupationCode: '车工', postName: '车工', headcount: 2, needType: '毕业生就业', needDetail: '招车工' }], 'region_approved');
      return { who: 'cc-reg', method: 'POST', url: '/api/campaigns/2025/batches', body: { note: '并发报送' } };
    },
  },
  {
    route: 'POST /api/batches/{id}/accept',
    arrange: async (x) => {
      const f = await x.formInState(2025, (await x.makeOrg({ type: 'enterprise', regionCode: '420100', name: `武汉并发批次企业${uniq()}` })).id, [{ occupationCode: '车工', postName: '车工', headcount: 2, needType: '毕业生就业', needDetail: '招车工' }], 'region_approved');
      const b = await x.send('cc-reg2', 'POST', '/api/campaigns/2025/batches', { formIds: [f.id], note: '待接收' });
      return { who: 'cc-prov', method: 'POST', url: `/api/batches/${b.id}/accept` };
    },
  },
  {
    route: 'POST /api/campaigns/{year}/reminders/run',
    arrange: async () => ({ who: 'cc-prov', method: 'POST', url: '/api/campaigns/2025/reminders/run' }),
    idempotent: true,
    audits: 0,
  },
  // --- publication and the catalogue ---
  {
    route: 'POST /api/campaigns/{year}/publications',
    arrange: async () => ({ who: 'cc-prov', method: 'POST', url: '/api/campaigns/2025/publications', body: { note: '并发发布' } }),
  },
  {
    route: 'POST /api/catalogue/items/{id}/withdraw',
    arrange: async (x) => {
      const item = (await x.get('cc-ent', '/api/catalogue?pageSize=50')).items.find((i: { orgName: string }) => i.orgName.includes('襄阳并发测试机械'));
      return { who: 'cc-ent', method: 'POST', url: `/api/catalogue/items/${item.id}/withdraw`, body: { reason: '岗位已招满' } };
    },
  },
  {
    route: 'POST /api/catalogue/items/{id}/confirm',
    arrange: async (x) => {
      const item = (await x.get('cc-ent2', '/api/catalogue?pageSize=50')).items.find((i: { orgName: string }) => i.orgName.includes('武汉并发测试电子'));
      return { who: 'cc-ent2', method: 'POST', url: `/api/catalogue/items/${item.id}/confirm`, body: {} };
    },
  },
  // --- matchmaking ---
  {
    route: 'POST /api/intents',
    arrange: async (x) => {
      const p = await pair(x);
      return { who: p.su, method: 'POST', url: '/api/intents', body: { toOrgId: p.ent, cooperationType: '订单（定向）班', message: '希望合作开设订单班' } };
    },
  },
  {
    route: 'POST /api/intents/{id}/actions',
    arrange: async (x) => {
      const i = await intent(x);
      return { who: i.eu, method: 'POST', url: `/api/intents/${i.intent.id}/actions`, body: { action: 'accept', version: i.intent.version } };
    },
  },
  {
    route: 'POST /api/events',
    arrange: async () => ({ who: 'cc-reg', method: 'POST', url: '/api/events', body: { title: '襄阳并发洽谈会', startsAt: future(30), endsAt: future(30.2), place: '襄阳', capacity: 20, slotMinutes: 20 } }),
  },
  {
    route: 'POST /api/events/{id}/status',
    arrange: async (x) => {
      const e = await x.send('cc-reg', 'POST', '/api/events', { title: `襄阳并发截止${uniq()}`, startsAt: future(31), endsAt: future(31.2), place: '襄阳', capacity: 20, slotMinutes: 20 });
      return { who: 'cc-reg', method: 'POST', url: `/api/events/${e.id}/status`, body: { status: 'closed', reason: '报名已满' } };
    },
  },
  {
    route: 'POST /api/events/{id}/registrations',
    arrange: async (x) => {
      const e = await x.send('cc-reg', 'POST', '/api/events', { title: `襄阳并发报名${uniq()}`, startsAt: future(32), endsAt: future(32.2), place: '襄阳', capacity: 20, slotMinutes: 20 });
      return { who: 'cc-sch', method: 'POST', url: `/api/events/${e.id}/registrations`, body: { attendees: 2 } };
    },
  },
  {
    route: 'POST /api/recommendations/dismiss',
    arrange: async (x) => ({ who: 'cc-sch', method: 'POST', url: '/api/recommendations/dismiss', body: { counterpartOrgId: x.ids.ent2, reason: 'too_far' } }),
  },
  // --- agreements, projects, reports ---
  {
    route: 'POST /api/agreements',
    label: 'from an accepted intent',
    arrange: async (x) => {
      const i = await intent(x);
      const acc = await x.send(i.eu, 'POST', `/api/intents/${i.intent.id}/actions`, { action: 'accept', version: i.intent.version });
      return { who: i.su, method: 'POST', url: '/api/agreements', body: { ...AGREEMENT, intentId: acc.id } };
    },
  },
  {
    route: 'PATCH /api/agreements/{id}',
    arrange: async (x) => {
      const d = await draftAgreement(x);
      return { who: d.su, method: 'PATCH', url: `/api/agreements/${d.agreement.id}`, body: { version: d.agreement.version, scope: '并发修改' } };
    },
  },
  {
    route: 'DELETE /api/agreements/{id}',
    arrange: async (x) => {
      const d = await draftAgreement(x);
      return { who: d.su, method: 'DELETE', url: `/api/agreements/${d.agreement.id}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/agreements/{id}/actions',
    label: 'sign',
    arrange: async (x) => {
      const d = await draftAgreement(x);
      await uploadScan(x, d.su, d.agreement.id);
      const a = await x.get(d.su, `/api/agreements/${d.agreement.id}`);
      return { who: d.su, method: 'POST', url: `/api/agreements/${a.id}/actions`, body: { action: 'sign', version: a.version, signingDate: '2026-11-20' } };
    },
  },
  {
    route: 'POST /api/agreements/{id}/key',
    arrange: async (x) => {
      const a = await activeAgreement(x);
      return { who: 'cc-reg', method: 'POST', url: `/api/agreements/${a.agreement.id}/key`, body: { keyProject: true } };
    },
    idempotent: true,
  },
  {
    route: 'POST /api/agreements/{id}/scan',
    arrange: async (x) => {
      const d = await draftAgreement(x);
      return { who: d.su, method: 'POST', url: `/api/agreements/${d.agreement.id}/scan`, raw: { type: 'application/pdf', body: SCAN_PDF } };
    },
    idempotent: true,
  },
  {
    route: 'POST /api/agreements/{id}/projects',
    arrange: async (x) => {
      const a = await activeAgreement(x);
      return { who: a.su, method: 'POST', url: `/api/agreements/${a.agreement.id}/projects`, body: { type: 'rnd', title: `并发课程开发${uniq()}`, startDate: '2026-03-01', data: { kind: '课程开发', outcome: '新课程', outputs: 1 } } };
    },
  },
  // --- programme records ---
  {
    route: 'PUT /api/warning/settings',
    arrange: async () => ({ who: 'cc-prov', method: 'PUT', url: '/api/warning/settings', body: { shortageRatio: 1.6, oversupplyRatio: 0.6, minEmployment: 0.8 } }),
    idempotent: true,
  },
  {
    route: 'PUT /api/key-industries/{region}',
    arrange: async (x) => {
      const codes = (await x.sql(sql`select code from dict_entries where kind = 'industry' and active order by code limit 2`)).map((r) => r.code as string);
      return { who: 'cc-prov', method: 'PUT', url: '/api/key-industries/420600', body: { industryCodes: codes } };
    },
    idempotent: true,
  },
  {
    route: 'PUT /api/project-settings',
    arrange: async (x) => {
      const s = await x.get('cc-prov', '/api/project-settings');
      const other = (f: string) => (f === 'monthly' ? 'quarterly' : 'monthly');
      return { who: 'cc-prov', method: 'PUT', url: '/api/project-settings', body: { items: s.items.map((i: { type: string; frequency: string }, k: number) => ({ type: i.type, frequency: k === 0 ? other(i.frequency) : i.frequency })) } };
    },
    idempotent: true,
  },
  {
    route: 'POST /api/commendations',
    arrange: async (x) => ({ who: 'cc-prov', method: 'POST', url: '/api/commendations', body: { year: 2025, orgId: x.ids.ent, citation: '校企合作成效显著，订单班就业率高' } }),
  },
  {
    route: 'POST /api/priority-lists',
    arrange: async () => ({ who: 'cc-prov', method: 'POST', url: '/api/priority-lists', body: { year: 2025, applicationType: 'national_base' } }),
  },
  {
    route: 'POST /api/trainings',
    arrange: async (x) => ({ who: 'cc-sch', method: 'POST', url: '/api/trainings', body: { teacherName: '并发教师', specialtyCode: await specialty(x), startDate: '2026-07-01', endDate: '2026-07-10', hours: 40, provider: '湖北省技师学院' } }),
  },
  {
    route: 'POST /api/mentors',
    arrange: async (x) => ({ who: 'cc-sch', method: 'POST', url: '/api/mentors', body: { name: '并发导师', enterprise: '襄阳并发测试机械有限公司', specialtyCode: await specialty(x), termStart: '2026-01-01', termEnd: '2026-12-31', idNumber: idNumber() } }),
  },
  {
    route: 'POST /api/teachers',
    arrange: async (x) => ({ who: 'cc-sch', method: 'POST', url: '/api/teachers', body: { name: '并发教师甲', specialtyCode: await specialty(x), isKey: true, fromEnterprise: false, title: '高级讲师', idNumber: idNumber() } }),
  },
  {
    route: 'POST /api/cases',
    arrange: async () => ({ who: 'cc-prov', method: 'POST', url: '/api/cases', body: { year: 2025, title: '并发典型案例', summary: '订单班 40 人，企业承诺录用 30 人。', body: '学校与企业共同制定培养方案，岗位实习后直接就业，用于测试并发新建。' } }),
  },
  {
    route: 'POST /api/layout/bases',
    arrange: async (x) => ({ who: 'cc-reg', method: 'POST', url: '/api/layout/bases', body: { name: '襄阳并发实训基地', countyCode: '420602', ownerOrgId: x.ids.school, capacity: 100, status: 'planned' } }),
  },
  {
    route: 'POST /api/layout/standard-items',
    arrange: async (x) => ({ who: 'cc-prov', method: 'POST', url: '/api/layout/standard-items', body: { code: `CC${x.run}`, name: '并发标准', requirement: '要求', sortOrder: 99, active: true } }),
  },
  {
    route: 'POST /api/skills/trainings',
    arrange: async () => ({ who: 'cc-sch', method: 'POST', url: '/api/skills/trainings', body: { kind: 'training', occupationCode: '6-18-02-04', level: 'ZJG', startDate: '2026-06-01', endDate: '2026-06-30', people: 30, certificates: 25 } }),
  },
  {
    route: 'POST /api/skills/contests',
    arrange: async () => ({ who: 'cc-sch', method: 'POST', url: '/api/skills/contests', body: { name: '并发技能大赛', organiser: '襄阳市人社局', occupationCode: '6-18-02-04', heldOn: '2026-06-15', participants: 40, winners: 5 } }),
  },
  {
    route: 'POST /api/specialty-decisions',
    arrange: async (x) => ({ who: 'cc-reg', method: 'POST', url: '/api/specialty-decisions', body: { schoolOrgId: x.ids.school, specialtyCode: await schoolSpecialty(x), warningYear: 2025, decision: 'reduce', reason: '供过于求', effectiveYear: 2026, newEnrolment: 30 } }),
  },
  {
    route: 'POST /api/selection/rounds',
    arrange: async () => ({ who: 'cc-prov', method: 'POST', url: '/api/selection/rounds', body: { year: 2025, title: '并发示范遴选', projectTypes: ['alliance'], rubric: [{ key: 'a', label: '成效', max: 100 }], quota: { alliance: 2 } } }),
  },

  // --- records a school or bureau keeps (second batch: updates, deletions, reviews) ---
  {
    route: 'POST /api/auth/reset',
    arrange: async (x) => {
      const u = await x.makeUser({ username: `cc-rs-${uniq()}`, role: 'region', regionCode: '420600' });
      const token = `cc-reset-${uniq()}-${x.run}`;
      await x.sql(sql`insert into password_resets (token_hash, user_id, expires_at) values (${createHash('sha256').update(token).digest('hex')}, ${u.id}, ${new Date(Date.parse('2099-01-01T00:00:00Z'))})`);
      return { who: '', method: 'POST', url: '/api/auth/reset', body: { token, newPassword: 'R3set!Password-cc' } };
    },
    refusals: [400], // the link is used: 「重置链接已使用或已过期」
  },
  {
    route: 'PUT /api/agreement-template',
    arrange: async (x) => {
      const cur = await x.get('cc-prov', '/api/agreement-template');
      return { who: 'cc-prov', method: 'PUT', url: '/api/agreement-template', body: { template: { ...(cur.template ?? cur), title: `校企合作协议（并发 ${x.run}）` } } };
    },
    idempotent: true,
  },
  {
    route: 'PUT /api/trainings/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/trainings', { teacherName: `并发改训${uniq()}`, specialtyCode: await specialty(x), startDate: '2026-07-01', endDate: '2026-07-10', hours: 40, provider: '湖北省技师学院' });
      return { who: 'cc-sch', method: 'PUT', url: `/api/trainings/${r.id}`, body: { teacherName: r.teacherName, specialtyCode: r.specialtyCode, startDate: r.startDate, endDate: r.endDate, hours: 48, provider: r.provider, version: r.version } };
    },
  },
  {
    route: 'DELETE /api/trainings/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/trainings', { teacherName: `并发删训${uniq()}`, specialtyCode: await specialty(x), startDate: '2026-07-01', endDate: '2026-07-10', hours: 40, provider: '湖北省技师学院' });
      return { who: 'cc-sch', method: 'DELETE', url: `/api/trainings/${r.id}?version=${r.version}` };
    },
    refusals: [404],
  },
  {
    route: 'PUT /api/mentors/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/mentors', { name: `并发导师${uniq()}`, enterprise: '襄阳并发测试机械有限公司', specialtyCode: await specialty(x), termStart: '2026-01-01', termEnd: '2026-12-31', idNumber: idNumber() });
      return { who: 'cc-sch', method: 'PUT', url: `/api/mentors/${r.id}`, body: { name: r.name, enterprise: r.enterprise, specialtyCode: r.specialtyCode, termStart: r.termStart, termEnd: '2027-06-30', version: r.version } };
    },
  },
  {
    route: 'DELETE /api/mentors/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/mentors', { name: `并发删导师${uniq()}`, enterprise: '襄阳并发测试机械有限公司', specialtyCode: await specialty(x), termStart: '2026-01-01', termEnd: '2026-12-31', idNumber: idNumber() });
      return { who: 'cc-sch', method: 'DELETE', url: `/api/mentors/${r.id}?version=${r.version}` };
    },
    refusals: [404],
  },
  {
    route: 'PUT /api/teachers/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teachers', { name: `并发教师${uniq()}`, specialtyCode: await specialty(x), isKey: false, fromEnterprise: false, title: '讲师', idNumber: idNumber() });
      return { who: 'cc-sch', method: 'PUT', url: `/api/teachers/${r.id}`, body: { name: r.name, specialtyCode: r.specialtyCode, isKey: true, fromEnterprise: false, title: '高级讲师', version: r.version } };
    },
  },
  {
    route: 'DELETE /api/teachers/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teachers', { name: `并发删教师${uniq()}`, specialtyCode: await specialty(x), isKey: false, fromEnterprise: false, title: '讲师', idNumber: idNumber() });
      return { who: 'cc-sch', method: 'DELETE', url: `/api/teachers/${r.id}?version=${r.version}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/teachers/{id}/practices',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teachers', { name: `并发实践${uniq()}`, specialtyCode: await specialty(x), isKey: false, fromEnterprise: false, title: '讲师', idNumber: idNumber() });
      return { who: 'cc-sch', method: 'POST', url: `/api/teachers/${r.id}/practices`, body: PRACTICE };
    },
  },
  {
    route: 'PUT /api/teachers/{id}/practices/{practiceId}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teachers', { name: `并发改实践${uniq()}`, specialtyCode: await specialty(x), isKey: false, fromEnterprise: false, title: '讲师', idNumber: idNumber() });
      const p = await x.send('cc-sch', 'POST', `/api/teachers/${r.id}/practices`, PRACTICE);
      return { who: 'cc-sch', method: 'PUT', url: `/api/teachers/${r.id}/practices/${p.id}`, body: { ...PRACTICE, days: 8 } };
    },
    idempotent: true,
  },
  {
    route: 'DELETE /api/teachers/{id}/practices/{practiceId}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teachers', { name: `并发删实践${uniq()}`, specialtyCode: await specialty(x), isKey: false, fromEnterprise: false, title: '讲师', idNumber: idNumber() });
      const p = await x.send('cc-sch', 'POST', `/api/teachers/${r.id}/practices`, PRACTICE);
      return { who: 'cc-sch', method: 'DELETE', url: `/api/teachers/${r.id}/practices/${p.id}` };
    },
    refusals: [404],
  },
  // Recruited enterprise talent and 工学一体化 bases (notice 二(三)): the school records, its bureau reviews.
  {
    route: 'POST /api/teacher-recruits',
    arrange: async (x) => ({ who: 'cc-sch', method: 'POST', url: '/api/teacher-recruits', body: await recruit(x) }),
  },
  {
    route: 'PUT /api/teacher-recruits/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teacher-recruits', await recruit(x));
      return { who: 'cc-sch', method: 'PUT', url: `/api/teacher-recruits/${r.id}`, body: { ...(await recruit(x)), idNumber: undefined, post: '一体化课程教师', version: r.version } };
    },
  },
  {
    route: 'DELETE /api/teacher-recruits/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teacher-recruits', await recruit(x));
      return { who: 'cc-sch', method: 'DELETE', url: `/api/teacher-recruits/${r.id}?version=${r.version}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/teacher-recruits/{id}/review',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teacher-recruits', await recruit(x));
      return { who: 'cc-reg', method: 'POST', url: `/api/teacher-recruits/${r.id}/review`, body: { decision: 'approve', reason: '', version: r.version } };
    },
  },
  {
    route: 'POST /api/integrated-bases',
    arrange: async () => ({ who: 'cc-sch', method: 'POST', url: '/api/integrated-bases', body: integratedBase() }),
  },
  {
    route: 'PUT /api/integrated-bases/{id}',
    arrange: async (x) => {
      const b = await x.send('cc-sch', 'POST', '/api/integrated-bases', integratedBase());
      return { who: 'cc-sch', method: 'PUT', url: `/api/integrated-bases/${b.id}`, body: { ...integratedBase(), name: b.name, capacity: 80, version: b.version } };
    },
  },
  {
    route: 'DELETE /api/integrated-bases/{id}',
    arrange: async (x) => {
      const b = await x.send('cc-sch', 'POST', '/api/integrated-bases', integratedBase());
      return { who: 'cc-sch', method: 'DELETE', url: `/api/integrated-bases/${b.id}?version=${b.version}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/integrated-bases/{id}/review',
    arrange: async (x) => {
      const b = await x.send('cc-sch', 'POST', '/api/integrated-bases', integratedBase());
      return { who: 'cc-reg', method: 'POST', url: `/api/integrated-bases/${b.id}/review`, body: { decision: 'return', reason: '请补充合作企业', version: b.version } };
    },
  },
  {
    route: 'PUT /api/skills/trainings/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/skills/trainings', { ...SKILL_TRAINING, people: 31 + (n++ % 50) });
      return { who: 'cc-sch', method: 'PUT', url: `/api/skills/trainings/${r.id}`, body: { ...SKILL_TRAINING, people: r.people, certificates: 20, version: r.version } };
    },
  },
  {
    route: 'PUT /api/skills/contests/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/skills/contests', { ...CONTEST, name: `并发改竞赛${uniq()}` });
      return { who: 'cc-sch', method: 'PUT', url: `/api/skills/contests/${r.id}`, body: { ...CONTEST, name: r.name, winners: 6, version: r.version } };
    },
  },
  {
    route: 'DELETE /api/skills/{kind}/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/skills/contests', { ...CONTEST, name: `并发删竞赛${uniq()}` });
      return { who: 'cc-sch', method: 'DELETE', url: `/api/skills/contests/${r.id}?version=${r.version}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/skills/{kind}/{id}/review',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/skills/contests', { ...CONTEST, name: `并发审竞赛${uniq()}` });
      return { who: 'cc-reg', method: 'POST', url: `/api/skills/contests/${r.id}/review`, body: { decision: 'approve', version: r.version } };
    },
  },
  {
    route: 'PUT /api/layout/bases/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-reg', 'POST', '/api/layout/bases', { name: `襄阳并发改基地${uniq()}`, countyCode: '420602', ownerOrgId: x.ids.school, capacity: 100, status: 'planned' });
      return { who: 'cc-reg', method: 'PUT', url: `/api/layout/bases/${r.id}`, body: { name: r.name, countyCode: '420602', ownerOrgId: x.ids.school, capacity: 120, status: 'building', version: r.version } };
    },
  },
  {
    route: 'DELETE /api/layout/bases/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-reg', 'POST', '/api/layout/bases', { name: `襄阳并发删基地${uniq()}`, countyCode: '420602', ownerOrgId: x.ids.school, capacity: 100, status: 'planned' });
      return { who: 'cc-reg', method: 'DELETE', url: `/api/layout/bases/${r.id}?version=${r.version}` };
    },
    refusals: [404],
  },
  {
    route: 'PUT /api/layout/standard-items/{id}',
    arrange: async (x) => {
      const code = `CS${uniq().replace('-', '')}`;
      const r = await x.send('cc-prov', 'POST', '/api/layout/standard-items', { code, name: '并发改标准', requirement: '要求', sortOrder: 98, active: true });
      return { who: 'cc-prov', method: 'PUT', url: `/api/layout/standard-items/${r.id}`, body: { code, name: '并发改标准（新）', requirement: '新要求', sortOrder: 98, active: true } };
    },
    idempotent: true,
  },
  {
    route: 'PUT /api/layout/schools/{id}/county',
    arrange: async (x) => {
      const l = (await x.get('cc-reg', '/api/layout?region=420600')).schools.find((i: { orgId: number }) => i.orgId === x.ids.school2);
      return { who: 'cc-reg', method: 'PUT', url: `/api/layout/schools/${x.ids.school2}/county`, body: { countyCode: '420606', version: l.version } };
    },
  },
  {
    route: 'PUT /api/layout/schools/{id}/flagship',
    arrange: async (x) => {
      const l = (await x.get('cc-prov', '/api/layout?region=420600')).schools.find((i: { orgId: number }) => i.orgId === x.ids.school);
      return { who: 'cc-prov', method: 'PUT', url: `/api/layout/schools/${x.ids.school}/flagship`, body: { flagship: true, reason: '办学质量突出，龙头带动', version: l.version } };
    },
  },
  {
    route: 'PUT /api/layout/schools/{id}/standards',
    arrange: async (x) => {
      const code = `CT${uniq().replace('-', '')}`;
      const items = [await x.send('cc-prov', 'POST', '/api/layout/standard-items', { code, name: '并发达标项', requirement: '要求', sortOrder: 97, active: true })];
      return { who: 'cc-reg', method: 'PUT', url: `/api/layout/schools/${x.ids.school}/standards`, body: { items: items.map((i: { id: number }) => ({ itemId: i.id, status: 'met', note: '并发填写' })) } };
    },
    idempotent: true,
  },
  {
    route: 'PUT /api/coop-offices/{id}',
    arrange: async (x) => ({ who: 'cc-sch', method: 'PUT', url: `/api/coop-offices/${x.ids.school}`, body: { name: '校企合作处', responsibleName: '王主任', responsibleTitle: '处长', responsiblePhone: '13800138001', establishedOn: '2024-09-01', members: [{ name: '李老师', title: '科员', duty: '对接企业' }] } }),
    idempotent: true,
  },
  {
    route: 'PATCH /api/cases/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-prov', 'POST', '/api/cases', { ...CASE, title: `并发改案例${uniq()}` });
      return { who: 'cc-prov', method: 'PATCH', url: `/api/cases/${r.id}`, body: { summary: '订单班 50 人，企业承诺录用 40 人。' } };
    },
    idempotent: true,
  },
  {
    route: 'POST /api/cases/{id}/publish',
    arrange: async (x) => {
      const r = await x.send('cc-prov', 'POST', '/api/cases', { ...CASE, title: `并发发布案例${uniq()}` });
      return { who: 'cc-prov', method: 'POST', url: `/api/cases/${r.id}/publish` };
    },
  },
  {
    route: 'POST /api/cases/{id}/unpublish',
    arrange: async (x) => {
      const r = await x.send('cc-prov', 'POST', '/api/cases', { ...CASE, title: `并发撤回案例${uniq()}` });
      await x.send('cc-prov', 'POST', `/api/cases/${r.id}/publish`);
      return { who: 'cc-prov', method: 'POST', url: `/api/cases/${r.id}/unpublish`, body: { reason: '内容需要更新' } };
    },
  },
  {
    route: 'POST /api/commendations/{id}/publish',
    arrange: async (x) => {
      const r = await x.send('cc-prov', 'POST', '/api/commendations', { year: 2025, orgId: x.ids.school2, citation: '校企合作成效显著，订单班就业率高' });
      return { who: 'cc-prov', method: 'POST', url: `/api/commendations/${r.id}/publish` };
    },
  },
  {
    route: 'POST /api/priority-lists/{id}/entries',
    arrange: async (x) => {
      const l = await x.send('cc-prov', 'POST', '/api/priority-lists', { year: 2025, applicationType: 'provincial_base' });
      return { who: 'cc-prov', method: 'POST', url: `/api/priority-lists/${l.id}/entries`, body: { orgId: x.ids.school, reason: '校企合作成效显著' } };
    },
  },
  {
    route: 'DELETE /api/priority-lists/{id}/entries/{orgId}',
    arrange: async (x) => {
      const l = await x.send('cc-prov', 'POST', '/api/priority-lists', { year: 2025, applicationType: 'master_studio' });
      await x.send('cc-prov', 'POST', `/api/priority-lists/${l.id}/entries`, { orgId: x.ids.school, reason: '校企合作成效显著' });
      return { who: 'cc-prov', method: 'DELETE', url: `/api/priority-lists/${l.id}/entries/${x.ids.school}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/priority-lists/{id}/publish',
    arrange: async (x) => {
      const l = await x.send('cc-prov', 'POST', '/api/priority-lists', { year: 2025, applicationType: 'secondary_capacity' });
      await x.send('cc-prov', 'POST', `/api/priority-lists/${l.id}/entries`, { orgId: x.ids.school, reason: '校企合作成效显著' });
      return { who: 'cc-prov', method: 'POST', url: `/api/priority-lists/${l.id}/publish` };
    },
  },
  {
    route: 'POST /api/specialty-applications',
    arrange: async (x) => ({ who: 'cc-sch', method: 'POST', url: '/api/specialty-applications', body: { specialtyCode: await specialty(x, 2), level: '高级工', plannedEnrolment: 80, reason: '对接本地新能源汽车产业', partnerOrgIds: [x.ids.ent] } }),
  },
  {
    route: 'POST /api/specialty-applications/{id}/partner',
    idempotent: true, // a second confirmation answers the same and records nothing
    arrange: async (x) => {
      const a = await x.send('cc-sch2', 'POST', '/api/specialty-applications', { specialtyCode: await specialty(x, 3), level: '高级工', plannedEnrolment: 60, reason: '对接本地装备制造产业', partnerOrgIds: [x.ids.ent] });
      return { who: 'cc-ent', method: 'POST', url: `/api/specialty-applications/${a.id}/partner`, body: { confirm: true } };
    },
  },
  {
    route: 'POST /api/specialty-applications/{id}/submit',
    arrange: async (x) => {
      const a = await x.send('cc-sch2', 'POST', '/api/specialty-applications', { specialtyCode: await specialty(x, 4), level: '高级工', plannedEnrolment: 60, reason: '对接本地装备制造产业', partnerOrgIds: [x.ids.ent] });
      await x.send('cc-ent', 'POST', `/api/specialty-applications/${a.id}/partner`, { confirm: true });
      return { who: 'cc-sch2', method: 'POST', url: `/api/specialty-applications/${a.id}/submit` };
    },
  },
  {
    route: 'POST /api/specialty-applications/{id}/withdraw',
    arrange: async (x) => {
      const a = await x.send('cc-sch2', 'POST', '/api/specialty-applications', { specialtyCode: await specialty(x, 5), level: '高级工', plannedEnrolment: 60, reason: '对接本地装备制造产业', partnerOrgIds: [x.ids.ent] });
      return { who: 'cc-sch2', method: 'POST', url: `/api/specialty-applications/${a.id}/withdraw` };
    },
  },
  {
    route: 'POST /api/specialty-applications/{id}/decide',
    arrange: async (x) => {
      const a = await x.send('cc-sch2', 'POST', '/api/specialty-applications', { specialtyCode: await specialty(x, 6), level: '高级工', plannedEnrolment: 60, reason: '对接本地装备制造产业', partnerOrgIds: [x.ids.ent] });
      await x.send('cc-ent', 'POST', `/api/specialty-applications/${a.id}/partner`, { confirm: true });
      await x.send('cc-sch2', 'POST', `/api/specialty-applications/${a.id}/submit`);
      return { who: 'cc-reg', method: 'POST', url: `/api/specialty-applications/${a.id}/decide`, body: { approve: true, note: '同意开设' } };
    },
  },
  {
    route: 'POST /api/specialty-decisions/{id}/done',
    arrange: async (x) => {
      const code = await specialty(x, 7);
      await x.sql(sql`insert into school_specialties (org_id, specialty_code, enrolment) values (${x.ids.school2}, ${code}, 200) on conflict do nothing`);
      const d = await x.send('cc-reg', 'POST', '/api/specialty-decisions', { schoolOrgId: x.ids.school2, specialtyCode: code, warningYear: 2025, decision: 'reduce', reason: '供过于求', effectiveYear: 2026, newEnrolment: 30 });
      return { who: 'cc-reg', method: 'POST', url: `/api/specialty-decisions/${d.id}/done`, body: { followUp: '已调减招生计划' } };
    },
  },

  // --- projects, reports, internships, fair meetings ---
  {
    route: 'PATCH /api/projects/{id}',
    arrange: async (x) => {
      const { p } = await project(x);
      return { who: p.who, method: 'PATCH', url: `/api/projects/${p.id}`, body: { version: p.version, title: `${p.title}（改）` } };
    },
  },
  {
    route: 'DELETE /api/projects/{id}',
    arrange: async (x) => {
      const { p } = await project(x);
      return { who: p.who, method: 'DELETE', url: `/api/projects/${p.id}?version=${p.version}&reason=${encodeURIComponent('重复登记')}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/projects/{id}/actions',
    arrange: async (x) => {
      const { p } = await project(x);
      return { who: p.who, method: 'POST', url: `/api/projects/${p.id}/actions`, body: { action: 'start', version: p.version } };
    },
  },
  {
    route: 'POST /api/projects/{id}/move',
    arrange: async (x) => {
      const { a, p } = await project(x);
      const other = await x.send(a.su, 'POST', '/api/agreements', { ...AGREEMENT, title: `并发迁入协议${uniq()}`, schoolOrgIds: [a.school], enterpriseOrgIds: [a.ent] });
      return { who: a.su, method: 'POST', url: `/api/projects/${p.id}/move`, body: { agreementId: other.id, version: p.version } };
    },
  },
  {
    route: 'PUT /api/reports/{id}',
    arrange: async (x) => {
      const { p } = await project(x);
      const [r] = await x.sql(sql`insert into progress_reports (project_id, period, due_date, state, metrics, region_code) values (${p.id}, '2026-10', '2026-10-28', 'draft', '{}'::jsonb, '420600') returning id`);
      return { who: p.who, method: 'PUT', url: `/api/reports/${r.id}`, body: { version: 1, metrics: { outputs: 2 }, note: '并发填报' } };
    },
  },
  {
    route: 'POST /api/reports/{id}/actions',
    arrange: async (x) => {
      const { p } = await project(x);
      const [r] = await x.sql(sql`insert into progress_reports (project_id, period, due_date, state, metrics, region_code) values (${p.id}, '2026-10', '2026-10-28', 'draft', ${JSON.stringify({ outputs: 1 })}::jsonb, '420600') returning id`);
      return { who: p.who, method: 'POST', url: `/api/reports/${r.id}/actions`, body: { action: 'submit', version: 1 } };
    },
  },
  {
    route: 'POST /api/internships',
    arrange: async (x) => {
      const q = await pair(x);
      return { who: q.su, method: 'POST', url: '/api/internships', body: cohort(q.school, q.ent) };
    },
  },
  {
    route: 'PATCH /api/internships/{id}',
    arrange: async (x) => {
      const q = await pair(x);
      const c = await x.send(q.su, 'POST', '/api/internships', cohort(q.school, q.ent));
      return { who: q.su, method: 'PATCH', url: `/api/internships/${c.id}`, body: { version: c.version, employedAfter: 12 } };
    },
  },
  {
    route: 'POST /api/internships/{id}/actions',
    arrange: async (x) => {
      const q = await pair(x);
      const c = await x.send(q.su, 'POST', '/api/internships', cohort(q.school, q.ent));
      return { who: q.eu, method: 'POST', url: `/api/internships/${c.id}/actions`, body: { action: 'confirm', version: c.version } };
    },
  },
  {
    route: 'POST /api/events/{id}/meetings',
    arrange: async (x) => {
      const m = await fair(x);
      return { who: m.q.su, method: 'POST', url: `/api/events/${m.e.id}/meetings`, body: { slotStart: m.slots[0], schoolOrgId: m.q.school, enterpriseOrgId: m.q.ent } };
    },
  },
  {
    route: 'POST /api/events/{id}/meetings/{meetingId}/response',
    arrange: async (x) => {
      const m = await fair(x);
      const req = await x.send(m.q.su, 'POST', `/api/events/${m.e.id}/meetings`, { slotStart: m.slots[0], schoolOrgId: m.q.school, enterpriseOrgId: m.q.ent });
      return { who: m.q.eu, method: 'POST', url: `/api/events/${m.e.id}/meetings/${req.id}/response`, body: { action: 'accept' } };
    },
  },
  {
    route: 'PATCH /api/events/{id}/meetings/{meetingId}',
    // The same outcome again changes nothing (200, no entry).
    idempotent: true,
    arrange: async (x) => {
      const m = await fair(x);
      const req = await x.send(m.q.su, 'POST', `/api/events/${m.e.id}/meetings`, { slotStart: m.slots[0], schoolOrgId: m.q.school, enterpriseOrgId: m.q.ent });
      await x.send(m.q.eu, 'POST', `/api/events/${m.e.id}/meetings/${req.id}/response`, { action: 'accept' });
      return { who: m.q.su, method: 'PATCH', url: `/api/events/${m.e.id}/meetings/${req.id}`, body: { outcome: 'intent', outcomeNote: '达成订单班合作意向' } };
    },
  },
  {
    route: 'POST /api/campaigns/{year}/imports',
    // Ten uploads of one school's filled template: each is a queued job (202, nothing written by the request); the
    // first job to write creates the school's form, every other finds it unchanged — one form, one entry.
    idempotent: true,
    audits: 0,
    arrange: async (x) => {
      const p = await pair(x);
      const [org] = await x.sql(sql`select name, uscc from orgs where id = ${p.school}`);
      const tpl = await x.t.app.inject({ url: '/api/campaigns/2025/forms/school/template.xlsx', headers: { cookie: x.c[p.su] } });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const row = ws.getRow(3);
      row.getCell(1).value = 1;
      schoolRow(formDefinition('school', 2025), { name: org.name, uscc: org.uscc }, { specialtyCode: (await x.sql(sql`select name from dict_entries where kind = 'specialty' and active order by code limit 1`))[0].name, needType: '学生实习实训基地' }).forEach((v, c) => (row.getCell(c + 2).value = v as ExcelJS.CellValue));
      return { who: p.su, method: 'POST', url: '/api/campaigns/2025/imports?kind=school', raw: { type: XLSX_TYPE, body: Buffer.from(await wb.xlsx.writeBuffer()) } };
    },
    check: async (x, s, ok) => {
      const states: string[] = [];
      for (const r of ok as { jobId: number }[]) {
        let job: { state: string; message: string } = { state: 'queued', message: '' };
        for (let i = 0; i < 600 && (job.state === 'queued' || job.state === 'running'); i++) {
          await new Promise((res) => setTimeout(res, 100));
          job = await x.get(s.who, `/api/imports/${r.jobId}`);
        }
        states.push(`${job.state} ${job.message}`);
      }
      // A job that meets the form another job just created is refused whole with a Chinese message (the job's 409):
      // on PostgreSQL, where the ten jobs really overlap, most of them.
      expect(states.filter((st) => !st.startsWith('done') && !/^failed .*被他人修改或创建/.test(st)), states.join('\n')).toEqual([]);
      expect(states.filter((st) => st.startsWith('done')).length, states.join('\n')).toBeGreaterThanOrEqual(1);
      const me = (await x.sql(sql`select org_id from users where username = ${s.who}`))[0].org_id;
      expect(await x.sql(sql`select f.id from forms f join campaigns c on c.id = f.campaign_id where f.org_id = ${me} and c.year = 2025`)).toHaveLength(1);
      expect(await x.sql(sql`select id from audit_log where action = 'form.import' and entity_id in (select id::text from forms where org_id = ${me})`)).toHaveLength(1);
    },
  },
  {
    route: 'POST /api/campaigns/{year}/quotas/import',
    // The same file again is no change (200 「没有需要保存的修改」): one save, one entry.
    idempotent: true,
    arrange: async (x) => {
      const tpl = await x.t.app.inject({ url: '/api/campaigns/2025/quotas/template.xlsx', headers: { cookie: x.c['cc-prov'] } });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('任务分配')!;
      REGIONS.forEach((_, i) => {
        ws.getCell(2 + i, 3).value = 50 + i;
        ws.getCell(2 + i, 4).value = 7;
      });
      // Blank province totals: the regions' sums become them.
      ws.getCell(3 + REGIONS.length, 3).value = null;
      ws.getCell(3 + REGIONS.length, 4).value = null;
      return { who: 'cc-prov', method: 'POST', url: '/api/campaigns/2025/quotas/import', raw: { type: XLSX_TYPE, body: Buffer.from(await wb.xlsx.writeBuffer()) } };
    },
    check: async (x, s, ok) => expect(ok.filter((r) => r.changed)).toHaveLength(1),
  },
  {
    route: 'POST /api/key-industries/import',
    // The same file again: 「更新 0 个市州」, nothing written.
    idempotent: true,
    arrange: async (x) => {
      const tpl = await x.t.app.inject({ url: '/api/key-industries/import/template.xlsx', headers: { cookie: x.c['cc-prov'] } });
      const codes = (await x.sql(sql`select code from dict_entries where kind = 'industry' and active order by code limit 2`)).map((r) => r.code as string);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
      const row = wb.getWorksheet('重点产业')!.getRow(3);
      row.getCell(2).value = '荆门市';
      row.getCell(3).value = codes.join('、');
      return { who: 'cc-prov', method: 'POST', url: '/api/key-industries/import', raw: { type: XLSX_TYPE, body: Buffer.from(await wb.xlsx.writeBuffer()) } };
    },
    check: async (x, s, ok) => expect(ok.filter((r) => r.updated === 1)).toHaveLength(1),
  },
  {
    route: 'POST /api/trainings/import',
    // Two rows: two records, two entries; the same file again adds nothing (「已登记过，未重复导入」).
    idempotent: true,
    audits: 2,
    arrange: async (x) => {
      const tpl = await x.t.app.inject({ url: '/api/trainings/import/template.xlsx', headers: { cookie: x.c['cc-reg'] } });
      const spec = await specialty(x);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('师资培训')!;
      [['襄阳并发测试技师学院', '导入甲老师', spec, '2026-05-01', '2026-05-10', 40, '并发培训基地'], ['襄阳并发测试技师学院', '导入乙老师', spec, '2026-05-01', '2026-05-10', 40, '并发培训基地']].forEach((cells, i) => cells.forEach((v, k) => (ws.getRow(3 + i).getCell(2 + k).value = v)));
      return { who: 'cc-reg', method: 'POST', url: '/api/trainings/import', raw: { type: XLSX_TYPE, body: Buffer.from(await wb.xlsx.writeBuffer()) } };
    },
    check: async (x, s, ok) => expect(ok.reduce((n, r) => n + r.created, 0)).toBe(2),
  },
  {
    route: 'POST /api/orgs/import',
    // One new school: its organisation and account (two entries); the others wait on the onboarding lock and find it
    // created (409 「…被他人同时创建…」) or, once it is there, unchanged (200).
    idempotent: true,
    audits: 2,
    arrange: async (x) => {
      const file = await fillOnboarding(await downloadOnboarding(x.t, x.c['cc-reg']), [{ name: `襄阳并发导入技师学院${uniq()}`, uscc: await x.uscc('420600') }]);
      return { who: 'cc-reg', method: 'POST', url: '/api/orgs/import', raw: { type: XLSX_TYPE, body: file } };
    },
    check: async (x, s, ok) => expect(ok.filter((r) => r.created === 1)).toHaveLength(1),
  },
  {
    route: 'POST /api/onboarding/handouts/{id}/download',
    // Served once: the others learn it was downloaded (410, who and when).
    refusals: [410],
    arrange: async (x) => {
      const file = await fillOnboarding(await downloadOnboarding(x.t, x.c['cc-reg']), [{ name: `襄阳并发开通技师学院${uniq()}`, uscc: await x.uscc('420600') }]);
      const r = await x.t.app.inject({ method: 'POST', url: '/api/orgs/import', headers: { cookie: x.c['cc-reg'], 'content-type': XLSX_TYPE }, payload: file });
      return { who: 'cc-reg', method: 'POST', url: `/api/onboarding/handouts/${r.json().handoutId}/download` };
    },
  },
  ...selectionCases({ uniq, project }),
  ...assessmentCases,
];

// Routes whose ten-at-once case is not written yet, each with what guards it today (read in the code, not proven
// here). The list only shrinks; a new write route must get a case above, not an entry here.
export const NOT_YET: Record<string, string> = {
};

// Ten identical requests that are ten effects by design, and why.
export const MANY_EFFECTS: Record<string, string> = {
  'POST /api/auth/login': 'ten logins are ten sessions (throttled per address and account)',
  'POST /api/auth/logout': 'ending an ended session changes nothing; each answer clears the caller’s cookie',
  'POST /api/notifications/read': 'marking read what is read changes nothing (no audit entry)',
  'POST /api/auth/forgot': 'each request answers the same (no account enumeration); mails are throttled per account',
  'POST /api/intents/{id}/messages': 'ten messages are ten messages in the thread (a chat, not a state)',
};

