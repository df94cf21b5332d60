import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { confirmByAllParties, SCAN_PDF } from '../../../test/agreements';
import { thisYear } from '../../lib/clock';

// The public results pages read without an account and never show a contact; the province edits cases and commendations.
let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, { id: number; name: string }> = {};
let keyAgreement = { id: 0, agreementNo: '' };
let projectId = 0;
const year = thisYear();
const PDF = SCAN_PDF;
const SECRETS = ['王联系人', '13700003333', '周联系人', '13600004444'];

const req = (
  who: string | null,
  method: 'GET' | 'POST' | 'PATCH',
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

async function signed(who: string, school: number, ent: number, title: string) {
  const a = await req(who, 'POST', '/api/agreements', {
    title,
    schoolOrgIds: [school],
    enterpriseOrgIds: [ent],
    areas: ['人才联合培养'],
    termStart: `${year - 1}-09-01`,
    termEnd: `${year + 2}-08-31`,
  });
  const scan = await req(who, 'POST', `/api/agreements/${a.json().id}/scan`, PDF, {
    'content-type': 'application/pdf',
  });
  const s = await req(who, 'POST', `/api/agreements/${a.json().id}/actions`, {
    action: 'sign',
    version: scan.json().version,
    signingDate: `${year - 1}-08-28`,
  });
  expect(s.statusCode, s.body).toBe(200);
  // The enterprise confirms too: only then is the agreement signed and in force.
  return (await confirmByAllParties(t, s.json().id)) as { id: number; agreementNo: string; version: number };
}

beforeAll(async () => {
  t = await createTestApp();
  o.sch = await makeOrg(t, {
    type: 'school',
    regionCode: '420600',
    name: '襄阳成果测试技师学院',
    contactName: '王联系人',
    contactPhone: '13700003333',
  });
  o.ent = await makeOrg(t, {
    type: 'enterprise',
    regionCode: '420600',
    name: '襄阳成果测试机床有限公司',
    contactName: '周联系人',
    contactPhone: '13600004444',
  });
  o.ent2 = await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳成果测试电子有限公司' });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'sch', role: 'school', regionCode: '420600', orgId: o.sch.id });
  for (const u of ['prov', 'xy-b', 'sch']) c[u] = await login(t, u);

  keyAgreement = await signed('sch', o.sch.id, o.ent.id, '数控技术重点合作协议');
  await req('xy-b', 'POST', `/api/agreements/${keyAgreement.id}/key`, { keyProject: true });
  const proj = await req('sch', 'POST', `/api/agreements/${keyAgreement.id}/projects`, {
    type: 'order_class',
    title: '数控订单班',
    startDate: `${year}-09-01`,
    data: {
      specialtyCode: '0102',
      level: '中级工',
      students: 40,
      startDate: `${year}-09-01`,
      endDate: `${year + 3}-06-30`,
      hiringCommitment: 30,
    },
  });
  projectId = proj.json().id;
  // Signed but not a key project; and a key project since terminated: neither is at the ceremony.
  await signed('sch', o.sch.id, o.ent2.id, '电子专业一般合作协议');
  const ended = await signed('sch', o.sch.id, o.ent2.id, '已终止的重点协议');
  const flagged = await req('xy-b', 'POST', `/api/agreements/${ended.id}/key`, { keyProject: true });
  await req('sch', 'POST', `/api/agreements/${ended.id}/actions`, {
    action: 'terminate',
    version: flagged.json().version,
    reason: '企业搬迁',
  });
});
afterAll(() => t.close());

/** What the audit log holds for these cases or commendations, oldest first. */
const audited = async (entityType: 'case' | 'commendation', ids: number[]) =>
  (
    await exec(
      t,
      sql`select action, before, after from audit_log where entity_type = ${entityType} and entity_id in ${ids.map(String)} order by id`,
    )
  ).rows;

describe('public results', () => {
  it('the signing ceremony lists key-project agreements in force, with parties and projects, to anyone', async () => {
    const r = await req(null, 'GET', `/api/results/signing-ceremony?year=${year - 1}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items).toEqual([
      {
        agreementId: keyAgreement.id,
        agreementNo: keyAgreement.agreementNo,
        title: '数控技术重点合作协议',
        campaignYear: year - 1,
        regionCode: '420600',
        regionName: '襄阳市',
        status: 'active',
        signingDate: `${year - 1}-08-28`,
        termStart: `${year - 1}-09-01`,
        termEnd: `${year + 2}-08-31`,
        parties: [
          { orgId: o.ent.id, name: o.ent.name, side: 'enterprise', isLead: false },
          { orgId: o.sch.id, name: o.sch.name, side: 'school', isLead: false },
        ],
        projects: [{ id: projectId, title: '数控订单班', type: 'order_class', typeLabel: '人才培养订单（定向）班' }],
      },
    ]);
    for (const s of SECRETS) expect(r.body).not.toContain(s);
    expect((await req(null, 'GET', '/api/results/signing-ceremony?year=2020')).json().items).toEqual([]);
    expect((await req(null, 'GET', '/api/results/signing-ceremony?year=abc')).statusCode).toBe(400);
  });

  it('cases: only the province writes them; a draft is invisible publicly, a published one readable by anyone', async () => {
    const body = {
      year,
      title: '校企一体办订单班的襄阳经验',
      regionCode: '420600',
      orgIds: [o.sch.id, o.ent.id],
      projectId,
      summary: '订单班 40 人，企业承诺录用 30 人。',
      body: '襄阳成果测试技师学院与企业共同制定培养方案，岗位实习后直接就业比例显著提高……咨询 13812345678。',
    };
    expect((await req(null, 'POST', '/api/cases', body)).statusCode).toBe(401);
    expect((await req('sch', 'POST', '/api/cases', body)).statusCode).toBe(403);
    const bad = await req('prov', 'POST', '/api/cases', { ...body, summary: '太短' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/案例摘要至少 10 个字/);
    const unknown = await req('prov', 'POST', '/api/cases', { ...body, orgIds: [999_999] });
    expect(unknown.json().error).toMatchObject({ code: 'unknown_reference', message: '单位不存在：999999' });

    const listed = (await req('prov', 'GET', '/api/cases')).json().total;
    const draft = await req('prov', 'POST', '/api/cases', body);
    expect(draft.statusCode, draft.body).toBe(201);
    // Saved as written; the province is told the number will be hidden when published (issue 15).
    expect(draft.json().warnings).toEqual(['正文 中含有手机号 138****5678，发布时将被隐藏；如非必要请删除']);
    expect(draft.json()).toMatchObject({
      status: 'draft',
      publishedAt: null,
      orgs: [
        { orgId: o.sch.id, name: o.sch.name },
        { orgId: o.ent.id, name: o.ent.name },
      ],
      project: { id: projectId, title: '数控订单班' },
    });
    const id = draft.json().id;
    expect((await req(null, 'GET', '/api/results/cases')).json()).toEqual({ items: [], total: 0 });
    expect((await req(null, 'GET', `/api/results/cases/${id}`)).statusCode).toBe(404);

    const edited = await req('prov', 'PATCH', `/api/cases/${id}`, { title: '校企一体办订单班：襄阳经验' });
    expect(edited.json()).toMatchObject({
      title: '校企一体办订单班：襄阳经验',
      orgs: [{ orgId: o.sch.id }, { orgId: o.ent.id }],
      warnings: [],
    });
    expect((await req('prov', 'POST', `/api/cases/${id}/publish`)).json().status).toBe('published');
    expect((await req('prov', 'POST', `/api/cases/${id}/publish`)).statusCode).toBe(409);
    const other = (await req('prov', 'POST', '/api/cases', { ...body, title: '尚未发布的案例草稿' })).json().id;

    const list = await req(null, 'GET', `/api/results/cases?year=${year}`);
    expect(list.json().total).toBe(1);
    expect(list.json().items[0]).toMatchObject({ id, title: '校企一体办订单班：襄阳经验', regionName: '襄阳市' });
    expect(list.json().items[0].body).toBeUndefined();
    const detail = await req(null, 'GET', `/api/results/cases/${id}`);
    // A phone number written into the case is masked on the public page.
    expect(detail.json().body).toBe(body.body.replace('13812345678', '138****5678'));
    for (const s of SECRETS) expect(detail.body + list.body).not.toContain(s);
    expect((await req(null, 'GET', `/api/results/cases/${other}`)).statusCode).toBe(404);
    expect((await req('prov', 'GET', '/api/cases')).json().total).toBe(listed + 2);
    expect((await req('xy-b', 'GET', '/api/cases')).statusCode).toBe(403);
    // Every edit is audited.
    const rows = await audited('case', [id, other]);
    expect(rows.map((r) => r.action)).toEqual(['case.create', 'case.update', 'case.publish', 'case.create']);
    expect(rows[1]).toMatchObject({
      before: { title: '校企一体办订单班的襄阳经验' },
      after: { title: '校企一体办订单班：襄阳经验' },
    });
  });

  it('commendations: one per organisation and year; public once published, without contacts', async () => {
    const citation = '积极参与产教融合，共建实训基地成效突出，予以通报表扬。';
    expect((await req('prov', 'POST', '/api/commendations', { year, orgId: 999_999, citation })).statusCode).toBe(400);
    const r = await req('prov', 'POST', '/api/commendations', { year, orgId: o.ent.id, citation });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ status: 'draft', orgName: o.ent.name, orgType: 'enterprise' });
    const dup = await req('prov', 'POST', '/api/commendations', { year, orgId: o.ent.id, citation });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toBe(`该单位 ${year} 年度已有通报表扬记录`);
    expect((await req(null, 'GET', '/api/results/commendations')).json().items).toEqual([]);
    expect((await req('prov', 'POST', `/api/commendations/${r.json().id}/publish`)).json().status).toBe('published');
    const pub = await req(null, 'GET', `/api/results/commendations?year=${year}`);
    expect(pub.json().items).toEqual([
      {
        id: r.json().id,
        year,
        orgId: o.ent.id,
        orgName: o.ent.name,
        orgType: 'enterprise',
        regionCode: '420600',
        regionName: '襄阳市',
        citation,
        publishedAt: expect.any(String),
      },
    ]);
    for (const s of SECRETS) expect(pub.body).not.toContain(s);
    expect((await audited('commendation', [r.json().id])).map((x) => x.action)).toEqual([
      'commendation.create',
      'commendation.publish',
    ]);
  });

  it('the province reads one case, and takes a published case back off the public pages with a reason', async () => {
    const body = {
      year,
      title: '撤回测试案例',
      regionCode: '420600',
      orgIds: [o.sch.id],
      projectId,
      summary: '用于测试撤回发布的案例摘要。',
      body: '学校与企业共同制定培养方案，岗位实习后直接就业，用于测试撤回发布。',
    };
    const id = (await req('prov', 'POST', '/api/cases', body)).json().id;
    expect((await req('prov', 'GET', `/api/cases/${id}`)).json()).toMatchObject({
      id,
      title: '撤回测试案例',
      status: 'draft',
    });
    expect((await req('xy-b', 'GET', `/api/cases/${id}`)).statusCode).toBe(403);
    expect((await req('prov', 'GET', '/api/cases/999999')).statusCode).toBe(404);
    const early = await req('prov', 'POST', `/api/cases/${id}/unpublish`, { reason: '内容需核实' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/尚未发布/);
    await req('prov', 'POST', `/api/cases/${id}/publish`);
    expect((await req(null, 'GET', `/api/results/cases/${id}`)).statusCode).toBe(200);
    const noReason = await req('prov', 'POST', `/api/cases/${id}/unpublish`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toMatch(/撤回原因/);
    expect(
      (await req('prov', 'POST', `/api/cases/${id}/unpublish`, { reason: '单位名称有误，核实后重新发布' })).json(),
    ).toMatchObject({ status: 'draft', publishedAt: null });
    expect((await req(null, 'GET', `/api/results/cases/${id}`)).statusCode).toBe(404);
    const logged = (
      await exec(t, sql`select after from audit_log where action = 'case.unpublish' and entity_id = ${String(id)}`)
    ).rows;
    expect(logged[0].after).toMatchObject({ reason: '单位名称有误，核实后重新发布' });
  });
});
