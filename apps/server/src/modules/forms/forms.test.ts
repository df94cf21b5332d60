import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { formInState } from '../../../test/forms';
import { openCampaign, createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';

// Each test brings a form of its own school to the state it starts from (formAt), so the tests pass alone and in any
// order. Regions keep what one test leaves from reaching another's counts: 襄阳 (420600) sends the only batch, 宜昌
// (420500) keeps the approved forms no batch takes, 鄂州 (420700) is the completeness test's region, 武汉's one school
// never starts its form.
let t: TestApp;
const c: Record<string, string> = {};
let otherSchool: number;

beforeAll(async () => {
  t = await createTestApp();
  otherSchool = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉流程测试技工学校' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-a', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'yc-a', role: 'region', regionCode: '420500' });
  await makeUser(t, { username: 'yc-b', role: 'region', regionCode: '420500' });
  await makeUser(t, { username: 'ez-a', role: 'region', regionCode: '420700' });
  await makeUser(t, { username: 'wh-a', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'whs', role: 'school', regionCode: '420100', orgId: otherSchool });
  for (const u of ['prov', 'xy-a', 'yc-a', 'yc-b', 'ez-a', 'wh-a', 'whs']) c[u] = await login(t, u);
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/campaigns',
    headers: { cookie: c.prov },
    payload: { year: 2025 },
  });
  expect(r.statusCode).toBe(201);
  await openCampaign(t, c.prov, 2025);
});
afterAll(() => t.close());

const req = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: c[who] }, ...(payload ? { payload } : {}) });

const row = (specialtyCode: string, needType: string, extra: Record<string, unknown> = {}) => ({
  key: '',
  values: {
    specialtyCode,
    needType,
    needDetail: '合办订单班 1 个，40 人',
    specialtyEnrolment: 300,
    graduatesMidLevel: 40,
    ...extra,
  },
});

const REVIEWER: Record<string, string> = { '420600': 'xy-a', '420500': 'yc-a', '420700': 'ez-a' };
let schools = 0;

/** A new school of the region with a signed-in filler; returns the filler's name (its cookie is in `c`). */
async function newSchool(regionCode: string, org: Omit<Parameters<typeof makeOrg>[1], 'type' | 'regionCode'> = {}) {
  const n = ++schools;
  const { id } = await makeOrg(t, {
    type: 'school',
    regionCode,
    name: `流程测试技工学校${n}`,
    contactName: '李老师',
    contactPhone: '13912345678',
    schoolType: '技师学院',
    enrolment: 3000,
    ...org,
  });
  const username = `sch${n}`;
  await makeUser(t, { username, role: 'school', regionCode, orgId: id });
  c[username] = await login(t, username);
  return username;
}

const STAGES = ['draft', 'submitted', 'returned', 'resubmitted', 'region_approved'] as const;

/**
 * Arrange: a new school's form taken through the review path as far as `stage`: opened, two rows saved and submitted,
 * returned on row 1's 可输送中级工人数 (40), corrected to 25 and resubmitted, approved by the region.
 */
async function formAt(stage: (typeof STAGES)[number], regionCode = '420600') {
  const school = await newSchool(regionCode);
  const reviewer = REVIEWER[regionCode];
  const reached = (s: (typeof STAGES)[number]) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
  const step = async (who: string, method: 'POST' | 'PUT', url: string, payload?: object) => {
    const r = await req(who, method, url, payload);
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  let f = await step(school, 'POST', '/api/campaigns/2025/my-form');
  const act = (who: string, action: string, extra: object = {}) =>
    step(who, 'POST', `/api/forms/${f.id}/actions`, { action, version: f.version, ...extra });
  if (reached('submitted')) {
    const rows = [row('数控加工', '订单（定向）班'), row('0101', '教师企业实践')];
    f = await step(school, 'PUT', `/api/forms/${f.id}`, { version: f.version, data: { org: f.data.org, rows } });
    f = await act(school, 'submit');
  }
  if (reached('returned')) {
    const reason = {
      rowKey: f.data.rows[0].key,
      fieldKey: 'graduatesMidLevel',
      text: '可输送中级工人数与在校生规模不符，请核实',
    };
    f = await act(reviewer, 'return', { reasons: [reason] });
  }
  if (reached('resubmitted')) {
    const rows = structuredClone(f.data.rows);
    rows[0].values.graduatesMidLevel = 25;
    f = await step(school, 'PUT', `/api/forms/${f.id}`, { version: f.version, data: { org: f.data.org, rows } });
    f = await act(school, 'resubmit');
  }
  if (reached('region_approved')) f = await act(reviewer, 'approve');
  return { school, id: f.id as number, version: f.version as number };
}

describe('the whole review path', () => {
  it('a school opens its form prefilled from its record', async () => {
    const sch = await newSchool('420600', { name: '襄阳流程测试技师学院' });
    // Reads never write: looking before opening finds nothing and makes nothing.
    const before = await req(sch, 'GET', '/api/campaigns/2025/my-form');
    expect(before.statusCode).toBe(404);
    expect(before.json().error).toMatchObject({
      code: 'form_not_started',
      message: '本单位本年度的需求表尚未开始填写',
    });
    expect((await req(sch, 'GET', '/api/campaigns/2025/my-form')).statusCode).toBe(404);
    const r = await req(sch, 'POST', '/api/campaigns/2025/my-form');
    expect(r.statusCode).toBe(200);
    const f = r.json();
    expect(f).toMatchObject({ state: 'draft', kind: 'school', regionCode: '420600', editable: true });
    expect(f.data.org).toMatchObject({
      schoolName: '襄阳流程测试技师学院',
      contactName: '李老师',
      contactPhone: '13912345678',
      regionCode: '420600',
    });
    expect(f.allowedActions).toEqual(['submit']);
  });

  it('refuses to submit an empty form, with the reason', async () => {
    const { school, id, version } = await formAt('draft');
    const r = await req(school, 'POST', `/api/forms/${id}/actions`, { action: 'submit', version });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('form_invalid');
    expect(r.json().error.details[0].message).toMatch(/至少填写一行/);
  });

  it('saves a draft with rows (names become codes), then submits', async () => {
    const { school, id } = await formAt('draft');
    const f = (await req(school, 'GET', `/api/forms/${id}`)).json();
    // A phone number and an e-mail typed into 具体需求内容: saved, and the answer tells the author (issue 15).
    const detail = '教师到企业实践，联系王老师 13912345678 或 wang@example.com';
    const s = await req(school, 'PUT', `/api/forms/${id}`, {
      version: f.version,
      data: {
        org: f.data.org,
        rows: [row('数控加工', '订单（定向）班'), row('0101', '教师企业实践', { needDetail: detail })],
      },
    });
    expect(s.statusCode).toBe(200);
    const saved = s.json();
    expect(saved.data.rows[1].values.needDetail).toBe(detail);
    expect(saved.issues.filter((i: { message: string }) => i.message.includes('发布时将被隐藏'))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        scope: 'row',
        rowIndex: 1,
        fieldKey: 'needDetail',
        message: '具体需求内容 中含有邮箱 w***@example.com、手机号 139****5678，发布时将被隐藏；如非必要请删除',
      }),
    ]);
    expect(saved.data.rows).toHaveLength(2);
    expect(saved.data.rows[0].values.specialtyCode).toMatch(/^\d{4}$/);
    expect(saved.data.rows[0].key).toContain('订单（定向）班');
    const sub = await req(school, 'POST', `/api/forms/${id}/actions`, { action: 'submit', version: saved.version });
    expect(sub.statusCode).toBe(200);
    expect(sub.json()).toMatchObject({ state: 'submitted', editable: false });
  });

  it('another region cannot see or review it; the school cannot approve it', async () => {
    const { school, id, version } = await formAt('submitted');
    expect((await req('wh-a', 'GET', `/api/forms/${id}`)).statusCode).toBe(404);
    expect((await req('wh-a', 'POST', `/api/forms/${id}/actions`, { action: 'approve', version })).statusCode).toBe(
      404,
    );
    expect((await req('whs', 'GET', `/api/forms/${id}`)).statusCode).toBe(404);
    const own = await req(school, 'POST', `/api/forms/${id}/actions`, { action: 'approve', version });
    expect(own.statusCode).toBe(409);
    expect(own.json().error.code).toBe('forbidden_transition');
  });

  it('the region returns one field of one row with a reason; only that cell opens', async () => {
    const { school, id } = await formAt('submitted');
    const f = (await req('xy-a', 'GET', `/api/forms/${id}`)).json();
    expect(f.allowedActions).toEqual(expect.arrayContaining(['approve', 'return']));
    const rowKey = f.data.rows[0].key;
    const noReason = await req('xy-a', 'POST', `/api/forms/${id}/actions`, {
      action: 'return',
      version: f.version,
      reasons: [],
    });
    expect(noReason.statusCode).toBe(400);
    const r = await req('xy-a', 'POST', `/api/forms/${id}/actions`, {
      action: 'return',
      version: f.version,
      reasons: [{ rowKey, fieldKey: 'graduatesMidLevel', text: '可输送中级工人数与在校生规模不符，请核实' }],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().state).toBe('returned');
    const notes = (await req(school, 'GET', '/api/notifications')).json();
    // The one notification the school has: this return.
    expect(notes.unread).toBe(1);
    expect(notes.items[0].title).toMatch(/退回/);
  });

  it('the school sees the reason, cannot change another field, corrects the returned one and resubmits', async () => {
    const { school, id } = await formAt('returned');
    const f = (await req(school, 'GET', `/api/forms/${id}`)).json();
    expect(f.returnReasons[0]).toMatchObject({ fieldKey: 'graduatesMidLevel', text: expect.stringContaining('核实') });
    expect(f.editable).toBe(true);
    const rows = structuredClone(f.data.rows);
    rows[1].values.needDetail = '偷偷改了别的内容';
    const locked = await req(school, 'PUT', `/api/forms/${id}`, {
      version: f.version,
      data: { org: f.data.org, rows },
    });
    expect(locked.statusCode).toBe(400);
    expect(locked.json().error.code).toBe('field_locked');
    const fixed = structuredClone(f.data.rows);
    fixed[0].values.graduatesMidLevel = 25;
    const ok = await req(school, 'PUT', `/api/forms/${id}`, {
      version: f.version,
      data: { org: f.data.org, rows: fixed },
    });
    expect(ok.statusCode).toBe(200);
    const sub = await req(school, 'POST', `/api/forms/${id}/actions`, {
      action: 'resubmit',
      version: ok.json().version,
    });
    expect(sub.json().state).toBe('submitted');
  });

  it('the reviewer sees the field-by-field diff against the returned version', async () => {
    const { id } = await formAt('resubmitted');
    const d = (await req('xy-a', 'GET', `/api/forms/${id}/diff`)).json();
    expect(d.against).not.toBeNull();
    expect(d.changes).toEqual([
      expect.objectContaining({ kind: 'changed', fieldKey: 'graduatesMidLevel', before: '40', after: '25' }),
    ]);
  });

  it('two reviewers decide at once: one wins, the other gets 409', async () => {
    const { id, version } = await formAt('resubmitted', '420500');
    const [a, b] = await Promise.all([
      req('yc-a', 'POST', `/api/forms/${id}/actions`, { action: 'approve', version }),
      req('yc-b', 'POST', `/api/forms/${id}/actions`, { action: 'return', version, reasons: [{ text: '重复审核' }] }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const f = (await req('yc-a', 'GET', `/api/forms/${id}`)).json();
    expect(f.state).toBe(a.statusCode === 200 ? 'region_approved' : 'returned');
  });

  it('an approved form is locked for the school', async () => {
    const { school, id } = await formAt('region_approved', '420500');
    const f = (await req(school, 'GET', `/api/forms/${id}`)).json();
    expect(f.editable).toBe(false);
    const r = await req(school, 'PUT', `/api/forms/${id}`, { version: f.version, data: f.data });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('form_locked');
  });

  it('the region submits its batch; the province accepts it; every step is in the history', async () => {
    const { school, id } = await formAt('region_approved');
    expect((await req('wh-a', 'POST', '/api/campaigns/2025/batches', {})).statusCode).toBe(409); // nothing approved to send: a state, 409
    const b = await req('xy-a', 'POST', '/api/campaigns/2025/batches', { note: '第一批' });
    expect(b.statusCode).toBe(201);
    expect(b.json()).toMatchObject({ seq: 1, formIds: [id], status: expect.any(String) });
    const batches = (await req('prov', 'GET', '/api/campaigns/2025/batches')).json();
    expect(batches.items).toHaveLength(1);
    const acc = await req('prov', 'POST', `/api/batches/${b.json().id}/accept`);
    expect(acc.statusCode).toBe(200);
    expect(acc.json().counts.accepted).toBe(1);
    expect((await req('prov', 'GET', `/api/forms/${id}`)).json().state).toBe('accepted');
    const h = (await req(school, 'GET', `/api/forms/${id}/history`)).json();
    expect(h.transitions.map((x: { action: string }) => x.action)).toEqual(
      expect.arrayContaining(['submit', 'return', 'resubmit', 'approve', 'submit_to_province', 'accept']),
    );
    const ret = h.transitions.find((x: { action: string }) => x.action === 'return');
    expect(ret).toMatchObject({
      actorName: 'xy-a',
      reasons: [expect.objectContaining({ fieldKey: 'graduatesMidLevel' })],
    });
    const snaps = await exec(t, sql`select count(*)::int as n from form_snapshots where form_id = ${id}`);
    expect(snaps.rows[0].n).toBeGreaterThanOrEqual(5);
  });

  it('the province reopens an accepted form with a reason; illegal moves answer 409', async () => {
    // Accepted without a batch: 襄阳's one batch is the previous test's.
    const { id: orgId } = await makeOrg(t, { type: 'school', regionCode: '420600' });
    const { id } = await formInState(t, 2025, orgId, [row('数控加工', '订单（定向）班').values]);
    const f = (await req('prov', 'GET', `/api/forms/${id}`)).json();
    const bad = await req('prov', 'POST', `/api/forms/${id}/actions`, { action: 'approve', version: f.version });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error.code).toMatch(/transition/);
    const r = await req('prov', 'POST', `/api/forms/${id}/actions`, {
      action: 'reopen',
      version: f.version,
      reasons: [{ text: '发现联系人信息有误，请更正' }],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().state).toBe('returned');
  });
});

describe('campaign, quotas, completeness and reminders', () => {
  it('quotas must cover all 17 regions and add up to the provincial total', async () => {
    const q = (await req('prov', 'GET', '/api/campaigns/2025/quotas')).json();
    expect(q.items).toHaveLength(17);
    const quotas = q.items.map((i: { regionCode: string }) => ({
      regionCode: i.regionCode,
      projectQuota: 10,
      keyEnterpriseQuota: 40,
    }));
    const bad = await req('prov', 'PUT', '/api/campaigns/2025/quotas', {
      quotas,
      version: q.version,
      provinceProjectTotal: 171,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/170.*171/);
    const ok = await req('prov', 'PUT', '/api/campaigns/2025/quotas', {
      quotas,
      version: q.version,
      provinceProjectTotal: 170,
    });
    expect(ok.json()).toMatchObject({ projectSum: 170, provinceProjectTotal: 170, version: q.version + 1 });
    // A second editor who loaded the table before that save learns of it instead of overwriting it.
    const stale = await req('prov', 'PUT', '/api/campaigns/2025/quotas', {
      quotas: quotas.map((x: object) => ({ ...x, projectQuota: 11 })),
      version: q.version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'version_conflict',
      message: '任务分配已被他人修改（或由导入保存），请刷新后重新填写',
    });
    expect((await req('prov', 'GET', '/api/campaigns/2025/quotas')).json()).toMatchObject({ projectSum: 170 });
    expect(
      (await req('xy-a', 'PUT', '/api/campaigns/2025/quotas', { quotas, version: q.version + 1 })).statusCode,
    ).toBe(403);
    const missing = await req('prov', 'PUT', '/api/campaigns/2025/quotas', {
      quotas: quotas.slice(1),
      version: q.version + 1,
    });
    expect(missing.json().error.message).toMatch(/缺少地区：武汉市/);
  });

  it('deadlines out of order are refused and nothing changes', async () => {
    const cur = (await req('prov', 'GET', '/api/campaigns/2025')).json();
    const r = await t.app.inject({
      method: 'PATCH',
      url: '/api/campaigns/2025',
      headers: { cookie: c.prov },
      payload: { version: cur.version, formsDue: '2025-08-15' },
    });
    expect(r.statusCode).toBe(400);
    expect((await req('prov', 'GET', '/api/campaigns/2025')).json().formsDue).toBe(cur.formsDue);
  });

  it('completeness counts expected, not started and overdue per region; a region sees only itself', async () => {
    const { school } = await formAt('returned', '420700');
    const p = (await req('prov', 'GET', '/api/campaigns/2025/completeness?onDate=2025-08-05')).json();
    const wh = p.regions.find((r: { regionCode: string }) => r.regionCode === '420100');
    expect(wh).toMatchObject({ expected: 1, not_started: 1, overdue: 1, late: true });
    const ez = p.regions.find((r: { regionCode: string }) => r.regionCode === '420700');
    expect(ez).toMatchObject({ expected: 1, returned: 1 });
    expect(p.blocking.map((b: { orgId: number }) => b.orgId)).toContain(otherSchool);
    const own = (await req('ez-a', 'GET', '/api/campaigns/2025/completeness')).json();
    expect(own.regions.map((r: { regionCode: string }) => r.regionCode)).toEqual(['420700']);
    expect((await req(school, 'GET', '/api/campaigns/2025/completeness')).statusCode).toBe(403);
  });

  it('reminders reach fillers before the deadline, once, and escalate overdue fillers to their region', async () => {
    const { runDeadlineReminders } = await import('./completeness.service');
    const before = (await req('whs', 'GET', '/api/notifications')).json().total;
    await runDeadlineReminders(t.database.db, '2025-07-17');
    await runDeadlineReminders(t.database.db, '2025-07-17');
    const after = (await req('whs', 'GET', '/api/notifications')).json();
    expect(after.total).toBe(before + 1);
    expect(after.items[0].title).toMatch(/还有 3 天/);
    await runDeadlineReminders(t.database.db, '2025-07-25');
    expect((await req('whs', 'GET', '/api/notifications')).json().items[0].title).toMatch(/逾期/);
    const region = (await req('wh-a', 'GET', '/api/notifications')).json();
    expect(region.items.some((n: { title: string }) => /逾期未提交/.test(n.title))).toBe(true);
    const read = await req('whs', 'POST', '/api/notifications/read', {});
    expect(read.json().unread).toBe(0);
  });
});
