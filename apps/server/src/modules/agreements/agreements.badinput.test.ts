import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { confirmByAllParties, SCAN_PDF } from '../../../test/agreements';

// The "bad input" list, one refusal at a time: a clear Chinese message, nothing stored, never a 500.
let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, { id: number }> = {};
const PDF = SCAN_PDF;
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(200)]);
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(500)]);
const ORDER_CLASS = {
  specialtyCode: '0102',
  level: '中级工',
  students: 40,
  startDate: '2025-09-01',
  endDate: '2028-06-30',
  hiringCommitment: 30,
};
const CHINESE = /[\u4e00-\u9fff]{2}/;
let draftId: number;
let activeId: number;
let terminatedId: number;

beforeAll(async () => {
  t = await createTestApp();
  o.school = await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳错误输入测试技师学院' });
  o.ent = await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳错误输入测试机电有限公司' });
  await makeUser(t, { username: 'sch', role: 'school', regionCode: '420600', orgId: o.school.id });
  await makeUser(t, { username: 'ent', role: 'enterprise', regionCode: '420600', orgId: o.ent.id });
  for (const u of ['sch', 'ent']) c[u] = await login(t, u);
  const make = async (title: string) =>
    (
      await req('sch', 'POST', '/api/agreements', {
        title,
        schoolOrgIds: [o.school.id],
        enterpriseOrgIds: [o.ent.id],
        areas: ['专业建设'],
        termStart: '2025-09-01',
        termEnd: '2028-08-31',
      })
    ).json();
  draftId = (await make('错误输入草稿')).id;
  const sign = async (id: number) => {
    const up = await req('sch', 'POST', `/api/agreements/${id}/scan`, PDF, { 'content-type': 'application/pdf' });
    await req('sch', 'POST', `/api/agreements/${id}/actions`, {
      action: 'sign',
      version: up.json().version,
      signingDate: '2025-08-28',
    });
    return confirmByAllParties(t, id);
  };
  activeId = (await sign((await make('错误输入履行中')).id)).id;
  const toEnd = await sign((await make('错误输入已终止')).id);
  terminatedId = (
    await req('sch', 'POST', `/api/agreements/${toEnd.id}/actions`, {
      action: 'terminate',
      version: toEnd.version,
      reason: '测试终止',
    })
  ).json().id;
});
afterAll(() => t.close());

const req = (
  who: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: c[who], ...headers },
    ...(payload !== undefined ? { payload: payload as never } : {}),
  });

/** Everything the agreement pages store, to show a refusal changed nothing. */
async function snapshot() {
  const { rows } = await exec(
    t,
    sql`select (select json_agg(a order by a.id) from agreements a) as agreements, (select count(*)::int from projects) as projects, (select count(*)::int from agreement_files) as files, (select count(*)::int from internships) as internships, (select count(*)::int from audit_log where action like 'agreement.%' or action like 'project.%' or action like 'internship.%') as audits`,
  );
  return JSON.stringify(rows[0]);
}

async function refused(res: { statusCode: number; body: string }, status: number, pattern?: RegExp) {
  expect(res.statusCode, res.body).toBe(status);
  const msg = JSON.parse(res.body).error.message as string;
  expect(msg).toMatch(CHINESE);
  if (pattern) expect(msg).toMatch(pattern);
}

describe('bad input on agreements', () => {
  it('dates out of order, on create and on edit (also against the stored start date)', async () => {
    const before = await snapshot();
    await refused(
      await req('sch', 'POST', '/api/agreements', {
        title: '错日期',
        schoolOrgIds: [o.school.id],
        enterpriseOrgIds: [o.ent.id],
        areas: ['专业建设'],
        termStart: '2026-01-01',
        termEnd: '2025-01-01',
      }),
      400,
      /结束日期不能早于开始日期/,
    );
    const a = (await req('sch', 'GET', `/api/agreements/${draftId}`)).json();
    await refused(
      await req('sch', 'PATCH', `/api/agreements/${draftId}`, {
        version: a.version,
        termStart: '2029-01-01',
        termEnd: '2028-01-01',
      }),
      400,
      /结束日期不能早于开始日期/,
    );
    await refused(
      await req('sch', 'PATCH', `/api/agreements/${draftId}`, { version: a.version, termEnd: '2024-12-31' }),
      400,
      /结束日期不能早于开始日期/,
    );
    await refused(
      await req('sch', 'PATCH', `/api/agreements/${draftId}`, { version: a.version, termEnd: '2025-02-30' }),
      400,
    );
    await refused(
      await req('ent', 'POST', `/api/agreements/${draftId}/projects`, {
        type: 'order_class',
        title: '错日期项目',
        startDate: '2026-01-01',
        endDate: '2025-01-01',
        data: ORDER_CLASS,
      }),
      400,
      /结束日期不能早于开始日期/,
    );
    expect(await snapshot()).toBe(before);
  });

  it('negative counts and unknown specialties in project data, each on its own', async () => {
    const before = await snapshot();
    await refused(
      await req('ent', 'POST', `/api/agreements/${activeId}/projects`, {
        type: 'order_class',
        title: '负人数',
        startDate: '2025-09-01',
        data: { ...ORDER_CLASS, students: -3 },
      }),
      400,
    );
    await refused(
      await req('ent', 'POST', `/api/agreements/${activeId}/projects`, {
        type: 'order_class',
        title: '未知专业',
        startDate: '2025-09-01',
        data: { ...ORDER_CLASS, specialtyCode: '9999' },
      }),
      400,
    );
    await refused(
      await req('ent', 'POST', `/api/agreements/${activeId}/projects`, {
        type: 'no_such_type',
        title: '未知类型',
        startDate: '2025-09-01',
        data: {},
      }),
      400,
      /项目类型/,
    );
    await refused(
      await req('sch', 'POST', '/api/internships', {
        schoolOrgId: o.school.id,
        enterpriseOrgId: o.ent.id,
        specialtyCode: '0102',
        students: -5,
        startDate: '2025-03-01',
        endDate: '2025-06-30',
        paid: true,
        payPerMonth: 2000,
        insured: true,
        safetyTrained: true,
      }),
      400,
    );
    await refused(
      await req('sch', 'POST', '/api/internships', {
        schoolOrgId: o.school.id,
        enterpriseOrgId: o.ent.id,
        specialtyCode: '9999',
        students: 5,
        startDate: '2025-03-01',
        endDate: '2025-06-30',
        paid: true,
        payPerMonth: 2000,
        insured: true,
        safetyTrained: true,
      }),
      400,
    );
    expect(await snapshot()).toBe(before);
  });

  it('an edit with bad data leaves the project as it was', async () => {
    const p = (
      await req('ent', 'POST', `/api/agreements/${activeId}/projects`, {
        type: 'order_class',
        title: '好项目',
        startDate: '2025-09-01',
        data: ORDER_CLASS,
      })
    ).json();
    const before = await snapshot();
    await refused(
      await req('ent', 'PATCH', `/api/projects/${p.id}`, {
        version: p.version,
        data: { ...ORDER_CLASS, students: -1 },
      }),
      400,
    );
    await refused(
      await req('ent', 'PATCH', `/api/projects/${p.id}`, {
        version: p.version,
        data: { ...ORDER_CLASS, specialtyCode: 'ZZZZ' },
      }),
      400,
    );
    await refused(
      await req('ent', 'PATCH', `/api/projects/${p.id}`, { version: p.version, endDate: '2024-01-01' }),
      400,
      /结束日期不能早于开始日期/,
    );
    expect(await snapshot()).toBe(before);
    expect((await req('sch', 'GET', `/api/projects/${p.id}`)).json().data).toMatchObject(ORDER_CLASS);
  });

  it('files of the wrong type or size: refused by content, not by name', async () => {
    const before = await snapshot();
    await refused(
      await req('sch', 'POST', `/api/agreements/${draftId}/scan`, GIF, {
        'content-type': 'image/png',
        'x-file-name': 'scan.png',
      }),
      400,
      /PDF、JPEG 或 PNG/,
    );
    await refused(
      await req('sch', 'POST', `/api/agreements/${draftId}/scan`, DOCX, {
        'content-type': 'application/octet-stream',
        'x-file-name': 'scan.pdf',
      }),
      400,
      /PDF、JPEG 或 PNG/,
    );
    await refused(
      await req('sch', 'POST', `/api/agreements/${draftId}/scan`, Buffer.alloc(0), {
        'content-type': 'application/pdf',
      }),
      400,
    );
    await refused(
      await req(
        'sch',
        'POST',
        `/api/agreements/${draftId}/scan`,
        Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
        { 'content-type': 'application/pdf' },
      ),
      413,
      /10 MB/,
    );
    await refused(await req('sch', 'POST', `/api/agreements/${draftId}/scan`, { file: 'scan.pdf' }), 400);
    // A malformed URI encoding of the name is the client's mistake: 400, not a 500.
    await refused(
      await req('sch', 'POST', `/api/agreements/${draftId}/scan`, PDF, {
        'content-type': 'application/pdf',
        'x-file-name': '%',
      }),
      400,
      /x-file-name/,
    );
    expect(await snapshot()).toBe(before);
    expect((await req('sch', 'GET', `/api/agreements/${draftId}`)).json().scan).toBeNull();
  });

  it('a terminated agreement refuses every change with a Chinese reason', async () => {
    const a = (await req('sch', 'GET', `/api/agreements/${terminatedId}`)).json();
    expect(a).toMatchObject({ status: 'terminated', canEdit: false, allowedActions: [] });
    const before = await snapshot();
    await refused(
      await req('sch', 'PATCH', `/api/agreements/${terminatedId}`, { version: a.version, title: '改名' }),
      409,
      /已终止/,
    );
    await refused(
      await req('sch', 'POST', `/api/agreements/${terminatedId}/actions`, {
        action: 'sign',
        version: a.version,
        signingDate: '2025-08-28',
      }),
      409,
    );
    await refused(
      await req('sch', 'POST', `/api/agreements/${terminatedId}/actions`, {
        action: 'terminate',
        version: a.version,
        reason: '再终止一次',
      }),
      409,
    );
    await refused(
      await req('sch', 'POST', `/api/agreements/${terminatedId}/scan`, PDF, { 'content-type': 'application/pdf' }),
      409,
      /已终止/,
    );
    await refused(
      await req('ent', 'POST', `/api/agreements/${terminatedId}/projects`, {
        type: 'order_class',
        title: '新项目',
        startDate: '2025-09-01',
        data: ORDER_CLASS,
      }),
      409,
      /已终止/,
    );
    await refused(await req('sch', 'DELETE', `/api/agreements/${terminatedId}`), 409, /不能删除/);
    expect(await snapshot()).toBe(before);
  });

  it('an active agreement keeps its terms', async () => {
    const a = (await req('sch', 'GET', `/api/agreements/${activeId}`)).json();
    const before = await snapshot();
    await refused(
      await req('sch', 'PATCH', `/api/agreements/${activeId}`, { version: a.version, termEnd: '2030-08-31' }),
      409,
      /已签署/,
    );
    expect(await snapshot()).toBe(before);
  });

  it('malformed requests get a Chinese 4xx, never a 500', async () => {
    const before = await snapshot();
    const cases = [
      await req('sch', 'GET', '/api/agreements/abc'),
      await req('sch', 'GET', '/api/agreements/99999999999'),
      await req('sch', 'PATCH', `/api/agreements/${draftId}`, '{"version": 1, "title": ', {
        'content-type': 'application/json',
      }),
      await req('sch', 'PATCH', `/api/agreements/${draftId}`, { version: 1, title: '改名', status: 'signed' }),
      await req('sch', 'POST', '/api/agreements', {
        title: '缺单位',
        areas: ['专业建设'],
        termStart: '2025-09-01',
        termEnd: '2026-08-31',
      }),
      await req('sch', 'POST', '/api/agreements', {
        title: '不存在的单位',
        schoolOrgIds: [o.school.id],
        enterpriseOrgIds: [2147483000],
        areas: ['专业建设'],
        termStart: '2025-09-01',
        termEnd: '2026-08-31',
      }),
      await req('sch', 'POST', '/api/agreements', {
        title: '单位类型反了',
        schoolOrgIds: [o.ent.id],
        enterpriseOrgIds: [o.school.id],
        areas: ['专业建设'],
        termStart: '2025-09-01',
        termEnd: '2026-08-31',
      }),
      await req('sch', 'POST', '/api/agreements', {
        title: '',
        schoolOrgIds: [o.school.id],
        enterpriseOrgIds: [o.ent.id],
        areas: [],
        termStart: '2025-09-01',
        termEnd: '2026-08-31',
      }),
      await req('sch', 'POST', `/api/agreements/${draftId}/actions`, { action: 'activate', version: 1 }),
      await req('sch', 'POST', `/api/agreements/${draftId}/actions`, {
        action: 'terminate',
        version: 1,
        reason: '草稿不能终止',
      }),
      await req('sch', 'DELETE', `/api/agreements/${draftId}?version=abc`),
      await req('sch', 'GET', '/api/agreements?status=deleted'),
      await req('sch', 'GET', '/api/agreements/partners?region=42'),
    ];
    for (const r of cases) {
      expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, r.body).toBeLessThan(500);
      expect(r.json().error.message, r.body).toMatch(CHINESE);
    }
    expect(await snapshot()).toBe(before);
  });
});
