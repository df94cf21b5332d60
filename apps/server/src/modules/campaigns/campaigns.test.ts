import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { TEST_TODAY } from '../../../test/clock-setup';
import { setClock } from '../../lib/clock';

// Year two (issue 14): a new year is a draft made from the last one, its forms are the province's to change until it
// opens, and a closed year refuses every write. A year exists once per database: each test starts with no year at all
// and replays the years' story through the API as far as it starts from (yearsAt); the school and accounts stay.
let t: TestApp;
const c: Record<string, string> = {};
const req = (who: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: c[who] }, ...(payload ? { payload } : {}) });
const campaign = async (year: number) => (await req('prov', 'GET', `/api/campaigns/${year}`)).json();
const patch = async (year: number, body: object) =>
  req('prov', 'PATCH', `/api/campaigns/${year}`, { version: (await campaign(year)).version, ...body });
/** Moves the clock; sessions idle for more than 30 minutes expire, so everyone logs in again. */
const at = async (day: string) => {
  setClock(day);
  for (const u of ['prov', 'xy', 'sch']) c[u] = await login(t, u);
};

beforeAll(async () => {
  setClock('2025-06-01');
  t = await createTestApp();
  const school = await makeOrg(t, {
    type: 'school',
    regionCode: '420600',
    name: '襄阳二年测试技师学院',
    contactName: '王老师',
    contactPhone: '13912345670',
  });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'sch', role: 'school', regionCode: '420600', orgId: school.id });
});
afterAll(async () => {
  setClock(TEST_TODAY);
  await t.close();
});

const ok = async (pending: ReturnType<typeof req>) => {
  const r = await pending;
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};
const STORY = ['none', '2025 draft', '2025 open', '2026 draft', '2026 columns', '2026 open'] as const;

/** Arrange: no campaign year (tables emptied as in a fresh database; clock on 2025-06-01), then the story up to `stage`:
 * 2025 created; quotas set, opened, the school's draft saved with one row; on 2026-01-12 2026 made from 2025; its school
 * form renamed and added to; 2026 to open on 2026-02-01 and that day come. Returns the school's 2025 form. */
async function yearsAt(stage: (typeof STORY)[number]) {
  const reached = (s: (typeof STORY)[number]) => STORY.indexOf(stage) >= STORY.indexOf(s);
  await exec(t, sql`truncate campaigns cascade`);
  await exec(t, sql`delete from form_definitions where campaign_year > 2025`);
  await at('2025-06-01');
  const form = { id: 0, version: 0 };
  if (reached('2025 draft')) expect((await req('prov', 'POST', '/api/campaigns', { year: 2025 })).statusCode).toBe(201);
  if (reached('2025 open')) {
    await ok(setQuotas2025());
    await ok(patch(2025, { status: 'open' }));
    const f = await ok(req('sch', 'POST', '/api/campaigns/2025/my-form'));
    const saved = await ok(req('sch', 'PUT', `/api/forms/${f.id}`, { version: f.version, data: oneRow(f.data.org) }));
    Object.assign(form, { id: f.id, version: saved.version });
  }
  if (reached('2026 draft')) {
    await at('2026-01-12');
    expect((await req('prov', 'POST', '/api/campaigns', { year: 2026 })).statusCode).toBe(201);
  }
  if (reached('2026 columns')) {
    const d = (await req('prov', 'GET', '/api/campaigns/2026/forms/school/design')).json();
    await ok(req('prov', 'PUT', '/api/campaigns/2026/forms/school/design', renamedAndAdded(d)));
  }
  if (reached('2026 open')) {
    await ok(patch(2026, { opensOn: '2026-02-01' }));
    await at('2026-02-01');
    await req('prov', 'POST', '/api/campaigns/2026/reminders/run');
  }
  return form;
}
/** The province saves the year's quotas: `projects(regionCode)` projects and `key` key enterprises per region. */
async function setQuotas(year: number, projects: (regionCode: string) => number, key: number) {
  const table = (await req('prov', 'GET', `/api/campaigns/${year}/quotas`)).json();
  const quotas = table.items.map((q: { regionCode: string }) => ({
    regionCode: q.regionCode,
    projectQuota: projects(q.regionCode),
    keyEnterpriseQuota: key,
  }));
  return req('prov', 'PUT', `/api/campaigns/${year}/quotas`, { quotas, version: table.version });
}
/** 2025's quotas: 襄阳 10 projects, the others 3, 2 key enterprises each. */
const setQuotas2025 = () => setQuotas(2025, (code) => (code === '420600' ? 10 : 3), 2);
/** 2026's school form design with 具体需求内容 renamed 合作需求具体内容 and a column 企业实践学时 added. */
const renamedAndAdded = (d: { rev: number; definition: { fields: { key: string; label: string }[] } }) => ({
  rev: d.rev,
  fields: [
    ...d.definition.fields.map((f) => (f.key === 'needDetail' ? { ...f, label: '合作需求具体内容' } : f)),
    {
      key: 'practiceHours',
      label: '企业实践学时',
      type: 'integer',
      scope: 'row',
      required: false,
      min: 0,
      max: 2000,
      help: '教师到企业实践的学时数',
      verification: 'R',
    },
  ],
});
/** The school's form data with one row (an order class). */
const oneRow = (org: object) => ({
  org,
  rows: [
    {
      key: '',
      values: {
        specialtyCode: '数控加工',
        needType: '订单（定向）班',
        needDetail: '合办订单班 1 个，40 人',
        specialtyEnrolment: 300,
        graduatesMidLevel: 40,
      },
    },
  ],
});

describe('2025: a draft until the province opens it', () => {
  it('is created as a draft, seen by the province and bureaus only, and sends no reminders', async () => {
    await yearsAt('none');
    const r = await req('prov', 'POST', '/api/campaigns', { year: 2025 });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      status: 'draft',
      basedOnYear: null,
      formVersions: { school: '2025.1', enterprise: '2025.1' },
    });
    expect((await req('xy', 'GET', '/api/campaigns')).json().items.map((x: { year: number }) => x.year)).toEqual([
      2025,
    ]);
    expect((await req('sch', 'GET', '/api/campaigns')).json().items).toEqual([]);
    expect((await req('sch', 'GET', '/api/campaigns/2025')).statusCode).toBe(404);
    const my = await req('sch', 'POST', '/api/campaigns/2025/my-form');
    expect(my.statusCode).toBe(409);
    expect(my.json().error.code).toBe('campaign_draft');
    expect((await req('prov', 'POST', '/api/campaigns/2025/reminders/run')).json()).toEqual({ sent: 0 });
  });

  it('refuses a second campaign for the year and deadlines out of order, changing nothing', async () => {
    await yearsAt('2025 draft');
    const dup = await req('prov', 'POST', '/api/campaigns', { year: 2025 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({
      code: 'campaign_exists',
      message: '2025 年度专项行动已存在，不能重复创建',
    });
    const bad = await patch(2025, { formsDue: '2025-08-10' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('单位填报截止日期不能晚于市州报送省厅截止日期');
    expect((await campaign(2025)).formsDue).toBe('2025-07-20');
  });

  it('opens by hand; the school then fills its form', async () => {
    await yearsAt('2025 draft');
    expect((await setQuotas2025()).statusCode).toBe(200);
    expect((await patch(2025, { status: 'open' })).json()).toMatchObject({ status: 'open' });
    const my = await req('sch', 'POST', '/api/campaigns/2025/my-form');
    expect(my.statusCode).toBe(200);
    const f = my.json();
    const s = await req('sch', 'PUT', `/api/forms/${f.id}`, { version: f.version, data: oneRow(f.data.org) });
    expect(s.statusCode).toBe(200);
  });
});

describe('2026: made from 2025', () => {
  it('proposes 2026 deadlines, copies the quotas, carries only the targets that still apply', async () => {
    await yearsAt('2025 open');
    await at('2026-01-12');
    const started = performance.now();
    const r = await req('prov', 'POST', '/api/campaigns', { year: 2026 });
    const ms = performance.now() - started;
    expect(r.statusCode).toBe(201);
    const y = r.json();
    expect(y).toMatchObject({
      status: 'draft',
      basedOnYear: 2025,
      formsDue: '2026-07-20',
      regionDue: '2026-07-31',
      publishAt: '2026-08-31',
      yearEnd: '2026-12-31',
      formVersions: { school: '2026.1', enterprise: '2026.1' },
    });
    const ids = y.targets.map((x: { id: string }) => x.id);
    expect(ids).not.toContain('school_forms_2025');
    expect(ids).not.toContain('key_enterprises_2025');
    expect(ids).toHaveLength(14);
    expect(y.targets.every((x: { deadline: string }) => x.deadline >= '2026-01-01')).toBe(true);
    expect(y.targets.find((x: { id: string }) => x.id === 'people_trained_year').deadline).toBe('2026-12-31');
    expect(y.targets.find((x: { id: string }) => x.id === 'key_enterprises').deadline).toBe('2027-12-31');
    const q = (await req('prov', 'GET', '/api/campaigns/2026/quotas')).json();
    expect(q).toMatchObject({
      projectSum: 10 + 16 * 3,
      keyEnterpriseSum: 34,
      provinceProjectTotal: 58,
      provinceKeyEnterpriseTotal: 34,
      balanced: true,
    });
    const def = (await req('prov', 'GET', '/api/campaigns/2026/forms/school/definition')).json();
    expect(def.version).toBe('2026.1');
    expect(def.campaignYear).toBe(2026);
    expect((await req('prov', 'POST', '/api/campaigns/2026/reminders/run')).json()).toEqual({ sent: 0 });
    console.log(`create 2026 with copied quotas, targets and forms: ${ms.toFixed(0)} ms`);
  });

  it('lets the province rename a column and add one while 2026 is a draft', async () => {
    await yearsAt('2026 draft');
    const d = (await req('prov', 'GET', '/api/campaigns/2026/forms/school/design')).json();
    expect(d).toMatchObject({ rev: 1, editable: true });
    const r = await req('prov', 'PUT', '/api/campaigns/2026/forms/school/design', renamedAndAdded(d));
    expect(r.statusCode).toBe(200);
    expect(r.json().rev).toBe(2);
    const def = (await req('sch', 'GET', '/api/campaigns/2026/forms/school/definition')).json();
    expect(def.fields.find((f: { key: string }) => f.key === 'needDetail').label).toBe('合作需求具体内容');
    expect(def.fields.at(-1)).toMatchObject({ key: 'practiceHours', type: 'integer', max: 2000 });
  });

  it('gives columns a width and a group that the Excel template follows (column width, group colour, outline)', async () => {
    await yearsAt('2026 draft');
    const d = (await req('prov', 'GET', '/api/campaigns/2026/forms/school/design')).json();
    const grouped = ['graduatesMidLevel', 'graduatesHighLevel', 'graduatesTechnician'];
    const fields = d.definition.fields.map((f: { key: string }) =>
      grouped.includes(f.key) ? { ...f, group: '可输送毕业生' } : f.key === 'needDetail' ? { ...f, width: 50 } : f,
    );
    const r = await req('prov', 'PUT', '/api/campaigns/2026/forms/school/design', { rev: d.rev, fields });
    expect(r.statusCode, r.body).toBe(200);
    const def = (await req('sch', 'GET', '/api/campaigns/2026/forms/school/definition')).json();
    expect(
      def.fields.filter((f: { group?: string }) => f.group === '可输送毕业生').map((f: { key: string }) => f.key),
    ).toEqual(grouped);
    const tpl = await req('prov', 'GET', '/api/campaigns/2026/forms/school/template.xlsx');
    expect(tpl.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as never);
    const ws = wb.getWorksheet(def.sheetName)!;
    const col = (key: string) => def.fields.findIndex((f: { key: string }) => f.key === key) + 2; // A is 序号
    expect(ws.getColumn(col('needDetail')).width).toBe(50);
    const fill = (key: string) => JSON.stringify(ws.getCell(1, col(key)).fill);
    expect(new Set(grouped.map(fill)).size).toBe(1);
    expect(fill('graduatesMidLevel')).not.toBe(fill('needDetail'));
    for (const k of grouped) expect(ws.getColumn(col(k)).outlineLevel).toBe(1);
    expect(ws.getColumn(col('needDetail')).outlineLevel ?? 0).toBe(0);
    expect(String(ws.getCell(1, col('graduatesHighLevel')).note)).toContain('【可输送毕业生】');
    // The header row stays one row of labels: the filled template still imports by header.
    expect(ws.getCell(1, col('graduatesHighLevel')).value).toBe(
      def.fields.find((f: { key: string }) => f.key === 'graduatesHighLevel').label,
    );
  });

  it('refuses a reused column id, an unknown dictionary and removing a column publication reads', async () => {
    await yearsAt('2026 columns');
    const d = (await req('prov', 'GET', '/api/campaigns/2026/forms/school/design')).json();
    const put = (fields: object[]) =>
      req('prov', 'PUT', '/api/campaigns/2026/forms/school/design', { rev: d.rev, fields });
    const dup = await put([
      ...d.definition.fields,
      { key: 'practiceHours', label: '另一列', type: 'text', scope: 'row', required: false, verification: 'R' },
    ]);
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error).toMatchObject({
      code: 'form_definition_invalid',
      message: '列标识“practiceHours”重复使用（列“另一列”）；每列的标识必须唯一',
    });
    const dict = await put([
      ...d.definition.fields,
      {
        key: 'certKind',
        label: '证书类别',
        type: 'enum',
        dictionary: 'no_such_dict',
        scope: 'row',
        required: false,
        verification: 'R',
      },
    ]);
    expect(dict.json().error.message).toBe('列“证书类别”的下拉来源字典“no_such_dict”不存在或没有条目');
    const removed = await put(d.definition.fields.filter((f: { key: string }) => f.key !== 'needType'));
    expect(removed.statusCode).toBe(400);
    expect(removed.json().error.message).toMatch(
      /^列“.+”（needType）被已发布的需求信息和匹配使用（合作需求类型），不能删除/,
    );
    expect((await req('prov', 'GET', '/api/campaigns/2026/forms/school/design')).json().rev).toBe(d.rev);
  });

  it('opens on its date, freezing the form; the school gets 2025 answers by column id', async () => {
    await yearsAt('2026 columns');
    expect((await patch(2026, { opensOn: '2026-02-01' })).statusCode).toBe(200);
    await at('2026-02-01');
    await req('prov', 'POST', '/api/campaigns/2026/reminders/run');
    expect((await campaign(2026)).status).toBe('open');
    const d = (await req('prov', 'GET', '/api/campaigns/2026/forms/school/design')).json();
    expect(d.editable).toBe(false);
    const frozen = await req('prov', 'PUT', '/api/campaigns/2026/forms/school/design', {
      rev: d.rev,
      fields: d.definition.fields,
    });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error.code).toBe('form_definition_frozen');
    const started = performance.now();
    const my = await req('sch', 'POST', '/api/campaigns/2026/my-form');
    console.log(`open a 2026 form with 2025 prefill: ${(performance.now() - started).toFixed(0)} ms`);
    expect(my.statusCode).toBe(200);
    expect(my.json()).toMatchObject({ formVersion: '2026.1', lastYearAvailable: true });
    expect(my.json().data.rows[0].values).toMatchObject({ needDetail: '合办订单班 1 个，40 人', practiceHours: null });
  });
});

describe('closed means closed', () => {
  it('refuses saves, submissions and quota edits of a closed year, naming the year; reopening needs a reason', async () => {
    // 2026 is under way: the school's 2025 draft is past its deadline.
    const schoolForm2025 = await yearsAt('2026 draft');
    expect((await patch(2025, { status: 'closed' })).json().status).toBe('closed');
    const save = await req('sch', 'PUT', `/api/forms/${schoolForm2025.id}`, {
      version: schoolForm2025.version,
      data: (await req('sch', 'GET', `/api/forms/${schoolForm2025.id}`)).json().data,
    });
    expect(save.statusCode).toBe(409);
    expect(save.json().error).toMatchObject({
      code: 'campaign_closed',
      message: '2025 年度专项行动已结束，该年度的数据只读，不能再修改；如确需修改，请联系省人社厅重新开启该年度',
    });
    const submit = await req('sch', 'POST', `/api/forms/${schoolForm2025.id}/actions`, {
      action: 'submit',
      version: schoolForm2025.version,
    });
    expect(submit.json().error.code).toBe('campaign_closed');
    const closed = await setQuotas(2025, () => 1, 1);
    expect(closed.json().error.code).toBe('campaign_closed');
    expect((await patch(2025, { formsDue: '2025-07-19' })).statusCode).toBe(409);
    const [{ n }] = (
      await exec(
        t,
        sql`select count(*)::int as n from campaign_quotas q join campaigns c on c.id = q.campaign_id where c.year = 2025 and q.project_quota = 1`,
      )
    ).rows;
    expect(n).toBe(0);
    expect((await req('sch', 'GET', `/api/forms/${schoolForm2025.id}`)).statusCode).toBe(200);
    // The school's 2025 draft is past its 2025-07-20 deadline, but a closed year marks nothing overdue.
    expect((await req('prov', 'GET', '/api/campaigns/2025/completeness')).json().total).toMatchObject({
      draft: 1,
      overdue: 0,
    });
    const noReason = await patch(2025, { status: 'open' });
    expect(noReason.statusCode).toBe(409);
    expect(noReason.json().error.message).toBe('重新开启已结束的年度须填写原因');
    const reopened = await patch(2025, { status: 'open', reason: '补录襄阳一所学校的表单' });
    expect(reopened.json()).toMatchObject({ status: 'open', statusReason: '补录襄阳一所学校的表单' });
    expect((await req('prov', 'GET', '/api/campaigns/2025/completeness')).json().total).toMatchObject({
      draft: 1,
      overdue: 1,
    });
    const [a] = (
      await exec(
        t,
        sql`select action from audit_log where entity_type = 'campaign' and entity_id = '2025' order by id desc limit 1`,
      )
    ).rows;
    expect(a.action).toBe('campaign.reopen');
  });
});

describe('three-year view', () => {
  it('shows each target with its deadline, the target of each year and the value at the year end; a bureau its own region', async () => {
    await yearsAt('2026 open');
    await exec(
      t,
      sql`insert into indicator_snapshots (indicator_id, scope, on_date, value, numerator, denominator) values
      ('key_enterprises', '420000', '2025-06-30', 100, 100, null), ('key_enterprises', '420000', '2025-12-31', 420, 420, null),
      ('key_enterprises', '420000', '2026-01-31', 450, 450, null), ('key_enterprises', '420600', '2025-12-31', 31, 31, null)`,
    );
    const p = (await req('prov', 'GET', '/api/campaigns/programme')).json();
    expect(p.years).toEqual([2025, 2026, 2027]);
    expect(p.scope).toEqual({ kind: 'province', regionCode: null, regionName: '全省' });
    const key = p.targets.find((x: { id: string }) => x.id === 'key_enterprises');
    expect(key).toMatchObject({ deadline: '2027-12-31', cumulative: true });
    expect(key.byYear).toEqual([
      { year: 2025, campaignStatus: 'open', target: 1000, value: 420 },
      { year: 2026, campaignStatus: 'open', target: 1000, value: 450 },
      { year: 2027, campaignStatus: null, target: null, value: null },
    ]);
    const only2025 = p.targets.find((x: { id: string }) => x.id === 'school_forms_2025');
    expect(only2025.byYear.map((y: { target: number | null }) => y.target)).toEqual([1, null, null]);
    expect(p.targets.find((x: { id: string }) => x.id === 'people_trained_year').cumulative).toBe(false);
    const xy = (await req('xy', 'GET', '/api/campaigns/programme')).json();
    expect(xy.scope).toEqual({ kind: 'region', regionCode: '420600', regionName: '襄阳市' });
    expect(xy.targets.find((x: { id: string }) => x.id === 'key_enterprises').byYear[0].value).toBe(31);
    expect((await req('xy', 'GET', '/api/campaigns/programme?region=420100')).statusCode).toBe(403);
    expect((await req('sch', 'GET', '/api/campaigns/programme')).statusCode).toBe(403);
  });
});
