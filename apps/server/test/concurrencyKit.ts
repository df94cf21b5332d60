import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { idNumberCheckChar } from '@cjrh/domain';
import { SCAN_PDF } from './agreements';
import type { TestApp } from './app';
import type { orgs, users } from '../src/db/schema/index';

// The cases of src/http/concurrency.test.ts: for every write route of the OpenAPI document, how to arrange one valid
// request. Each case makes the state it needs itself (through the API where it can), so cases do not depend on each
// other's order except where noted.

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Sample {
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
  makeOrg(
    o: Partial<typeof orgs.$inferInsert> & { type: 'school' | 'enterprise'; regionCode: string },
  ): Promise<{ id: number }>;
  makeUser(
    u: Partial<typeof users.$inferInsert> & { username: string; role: (typeof users.$inferInsert)['role'] },
  ): Promise<{ id: number }>;
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
/** A number that grows with every call (distinct values for records that must differ). */
export const bump = () => n++;
export const uniq = () => `${process.pid % 10000}-${++n}`;
export const future = (days: number) =>
  new Date(Date.parse('2026-11-30T09:00:00+08:00') + days * 86_400_000).toISOString();

/** A fresh school + enterprise pair in 襄阳 with accounts, for cases that need parties of their own. */
export async function pair(x: Ctx) {
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
export async function schoolSpecialty(x: Ctx) {
  const code = await specialty(x, 1);
  await x.sql(
    sql`insert into school_specialties (org_id, specialty_code, enrolment) values (${x.ids.school}, ${code}, 200) on conflict do nothing`,
  );
  return code;
}
export const specialty = async (x: Ctx, i = 0) =>
  (
    await x.sql(
      sql`select code from dict_entries where kind = 'specialty' and active order by code limit 1 offset ${i}`,
    )
  )[0].code as string;
/** A valid 18-digit ID number (check character computed), different on every call. */
export const idNumber = () => {
  const first17 = `42060219800101${String(n++ % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
};

export async function intent(x: Ctx) {
  const p = await pair(x);
  const i = await x.send(p.su, 'POST', '/api/intents', {
    toOrgId: p.ent,
    cooperationType: '订单（定向）班',
    message: '希望合作开设订单班',
  });
  return { ...p, intent: i };
}

export const recruit = async (x: Ctx) => ({
  name: `并发技能大师${uniq()}`,
  category: 'master',
  fromEnterprise: '襄阳并发测试机械有限公司',
  specialtyCode: await specialty(x),
  post: '实训指导教师',
  startOn: '2026-09-01',
  evidence: '',
  idNumber: idNumber(),
});
export const integratedBase = () => ({
  name: `襄阳并发一体化基地${uniq()}`,
  partnerEnterprise: '襄阳并发测试机械有限公司',
  specialtyArea: '数控技术',
  capacity: 60,
  establishedOn: '2026-09-01',
});
export const PRACTICE = {
  enterprise: '襄阳并发测试机械有限公司',
  startOn: '2026-07-01',
  endOn: '2026-07-10',
  days: 10,
  content: '跟岗实践数控加工',
  evidence: '实践鉴定表',
};
export const SKILL_TRAINING = {
  kind: 'training',
  occupationCode: '6-18-02-04',
  level: 'ZJG',
  startDate: '2026-06-01',
  endDate: '2026-06-30',
  people: 30,
  certificates: 25,
};
export const CONTEST = {
  name: '并发技能大赛',
  organiser: '襄阳市人社局',
  occupationCode: '6-18-02-04',
  heldOn: '2026-06-15',
  participants: 40,
  winners: 5,
};
export const CASE = {
  year: 2025,
  title: '并发典型案例',
  summary: '订单班 40 人，企业承诺录用 30 人。',
  body: '学校与企业共同制定培养方案，岗位实习后直接就业，用于测试并发新建。',
};
export const AGREEMENT = {
  title: '校企合作协议',
  areas: ['订单（定向）班'],
  termStart: '2026-01-01',
  termEnd: '2028-12-31',
};
export async function draftAgreement(x: Ctx) {
  const p = await pair(x);
  const a = await x.send(p.su, 'POST', '/api/agreements', {
    ...AGREEMENT,
    title: `校企合作协议${uniq()}`,
    schoolOrgIds: [p.school],
    enterpriseOrgIds: [p.ent],
  });
  return { ...p, agreement: a };
}
export async function uploadScan(x: Ctx, who: string, id: number) {
  const r = await x.t.app.inject({
    method: 'POST',
    url: `/api/agreements/${id}/scan`,
    headers: { cookie: x.c[who], 'content-type': 'application/pdf' },
    payload: SCAN_PDF,
  });
  if (r.statusCode >= 300) throw new Error(`scan: ${r.statusCode} ${r.body}`);
}
export async function activeAgreement(x: Ctx) {
  const d = await draftAgreement(x);
  await uploadScan(x, d.su, d.agreement.id);
  let a = await x.get(d.su, `/api/agreements/${d.agreement.id}`);
  a = await x.send(d.su, 'POST', `/api/agreements/${a.id}/actions`, {
    action: 'sign',
    version: a.version,
    signingDate: '2026-11-20',
  });
  a = await x.get(d.eu, `/api/agreements/${a.id}`);
  a = await x.send(d.eu, 'POST', `/api/agreements/${a.id}/actions`, { action: 'confirm', version: a.version });
  return { ...d, agreement: a };
}

/** A project in an active agreement, as its school registered it. */
export async function project(
  x: Ctx,
  kind: { type: string; data: Record<string, unknown> } = {
    type: 'rnd',
    data: { kind: '课程开发', outcome: '新课程', outputs: 1 },
  },
) {
  const a = await activeAgreement(x);
  const p = await x.send(a.su, 'POST', `/api/agreements/${a.agreement.id}/projects`, {
    type: kind.type,
    title: `并发项目${uniq()}`,
    startDate: '2026-03-01',
    data: kind.data,
  });
  return { a, p: { ...p, who: a.su } };
}
export const cohort = (school: number, ent: number) => ({
  schoolOrgId: school,
  enterpriseOrgId: ent,
  specialtyCode: '0102',
  students: 20,
  startDate: '2026-01-01',
  endDate: '2026-06-30',
  paid: true,
  payPerMonth: 2000,
  insured: true,
  safetyTrained: true,
  employedAfter: 10,
});
/** An open fair both parties of a fresh pair registered for, with its free slots. */
export async function fair(x: Ctx) {
  const q = await pair(x);
  const e = await x.send('cc-reg', 'POST', '/api/events', {
    title: `襄阳并发洽谈${uniq()}`,
    startsAt: future(40),
    endsAt: future(40.2),
    place: '襄阳',
    capacity: 20,
    slotMinutes: 20,
  });
  await x.send(q.su, 'POST', `/api/events/${e.id}/registrations`, { attendees: 1 });
  await x.send(q.eu, 'POST', `/api/events/${e.id}/registrations`, { attendees: 1 });
  const slots = (await x.get('cc-reg', `/api/events/${e.id}/meetings`)).slots as string[];
  return { q, e, slots };
}
