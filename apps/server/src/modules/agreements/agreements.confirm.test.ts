import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAgreementDates } from './settle';
import { sql } from 'drizzle-orm';
import { openCampaign, createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { newParties, SCAN_PDF } from '../../../test/agreements';
import { TEST_TODAY } from '../../../test/clock-setup';
import { addDaysIso, setClock } from '../../lib/clock';

// Issue #12: nothing counts for a party that has not agreed to it. Every party confirms; the bureau files and may
// return; the last confirmation freezes the record; anyone verifies it by number; the end of an agreement ends its work.
// Each test signs an agreement between a school and an enterprise of its own (parties, signedBySchool), so notifications
// and lists are its own. The first two tests' parties are of 荆门 (420800) and 孝感 (420900), where no other test counts
// a project, so their counts are exact; 襄阳's count is compared before and after within the bureau's test.
let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, { id: number; name: string }> = {};
const year = Number(TEST_TODAY.slice(0, 4));
const ORDER_CLASS = {
  specialtyCode: '0102',
  level: '中级工',
  students: 40,
  startDate: `${year}-09-01`,
  endDate: `${year + 3}-06-30`,
  hiringCommitment: 30,
};

const req = (
  who: string | null,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
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
const act = (who: string, id: number, body: Record<string, unknown>) =>
  req(who, 'POST', `/api/agreements/${id}/actions`, body);
const get = async (who: string, id: number) => (await req(who, 'GET', `/api/agreements/${id}`)).json();
const quota = async (region = '420600') =>
  (await req('prov', 'GET', `/api/campaigns/${year}/quota`))
    .json()
    .rows.find((r: { regionCode: string }) => r.regionCode === region).total;
const notes = async (who: string) => JSON.stringify((await req(who, 'GET', '/api/notifications')).json());
/** Everything a refusal must leave untouched. */
const snapshot = async () =>
  JSON.stringify(
    (
      await exec(
        t,
        sql`select (select json_agg(a order by a.id) from agreements a) as a, (select json_agg(p order by p.agreement_id, p.org_id) from agreement_parties p) as p,
      (select count(*) from agreement_files) as f, (select count(*) from agreement_records) as r, (select count(*) from agreement_events) as e`,
      )
    ).rows,
  );

type Parties = Awaited<ReturnType<typeof newParties>>;
/** Arrange: a new school and enterprise of the region, each signed in, with contacts the public page must never show. */
const parties = (regionCode = '420600') =>
  newParties(t, c, regionCode, {
    school: { contactName: '李老师', contactPhone: '13900001111' },
    ent: { contactName: '张经理', contactPhone: '13800002222' },
  });

/** Arrange: the parties' agreement, drafted, scanned and signed by the school: it waits for the enterprise. */
async function signedBySchool(p: Parties, title: string, termEnd = `${year + 2}-08-31`) {
  const a = await req(p.sch, 'POST', '/api/agreements', {
    title,
    schoolOrgIds: [p.school.id],
    enterpriseOrgIds: [p.ent.id],
    areas: ['人才联合培养'],
    termStart: `${year}-01-01`,
    termEnd,
    campaignYear: year,
  });
  expect(a.statusCode, a.body).toBe(201);
  const up = await req(p.sch, 'POST', `/api/agreements/${a.json().id}/scan`, SCAN_PDF, {
    'content-type': 'application/pdf',
  });
  expect(up.statusCode, up.body).toBe(200);
  const s = await act(p.sch, a.json().id, { action: 'sign', version: up.json().version, signingDate: `${year}-01-01` });
  expect(s.statusCode, s.body).toBe(200);
  return s.json();
}

/** Arrange: as signedBySchool, with the school's order class (待确认协议下的订单班 unless named) registered under it. */
async function signedWithProject(p: Parties, title: string, project = '待确认协议下的订单班') {
  const a = await signedBySchool(p, title);
  const r = await req(p.sch, 'POST', `/api/agreements/${a.id}/projects`, {
    type: 'order_class',
    title: project,
    startDate: `${year}-09-01`,
    data: ORDER_CLASS,
  });
  expect(r.statusCode, r.body).toBe(201);
  return (await get(p.sch, a.id)) as Agreement;
}

/** Arrange: signedWithProject, then confirmed by the enterprise: in force, its record frozen. */
async function active(p: Parties, title: string, project?: string) {
  const a = await signedWithProject(p, title, project);
  const r = await act(p.entUser, a.id, { action: 'confirm', version: a.version });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Agreement;
}
type Agreement = { id: number; version: number; agreementNo: string; record: { docxSha256: string } | null };

beforeAll(async () => {
  t = await createTestApp();
  o.other = await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '武汉无关测试有限公司' });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh-b', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'other', role: 'enterprise', regionCode: '420100', orgId: o.other.id });
  for (const u of ['prov', 'xy-b', 'wh-b', 'other']) c[u] = await login(t, u);
  await req('prov', 'POST', '/api/campaigns', { year });
  await openCampaign(t, c.prov, year);
});
afterAll(() => t.close());

describe('every party confirms', () => {
  it('after the school signs, the agreement waits for the enterprise and counts nowhere', async () => {
    const p = await parties('420800');
    const a = await signedBySchool(p, '数控订单班合作协议');
    expect(a).toMatchObject({ status: 'pending_confirmation' });
    const r = await req(p.sch, 'POST', `/api/agreements/${a.id}/projects`, {
      type: 'order_class',
      title: '待确认协议下的订单班',
      startDate: `${year}-09-01`,
      data: ORDER_CLASS,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(await quota('420800')).toBe(0);
    const seenByEnt = await get(p.entUser, a.id);
    expect(seenByEnt.allowedActions).toEqual(expect.arrayContaining(['confirm', 'decline']));
    expect(seenByEnt.parties.find((x: { orgId: number }) => x.orgId === p.school.id).confirmedAt).not.toBeNull();
    expect(seenByEnt.parties.find((x: { orgId: number }) => x.orgId === p.ent.id).confirmedAt).toBeNull();
    expect(await notes(p.entUser)).toContain('已签署协议“数控订单班合作协议”，请各方登录平台确认');
    // Nothing is frozen yet; the public page says it waits.
    expect((await req(null, 'GET', `/api/verify/${a.agreementNo}`)).json()).toMatchObject({
      status: 'pending_confirmation',
      record: null,
    });
  });

  it('bad input changes nothing: confirming twice, a stranger confirming, declining without a reason, replacing the scan', async () => {
    const p = await parties();
    const a = await signedBySchool(p, '数控订单班合作协议');
    const before = await snapshot();
    const twice = await act(p.sch, a.id, { action: 'confirm', version: a.version });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/已于 .* 确认该协议，无需重复确认/);
    expect((await act('other', a.id, { action: 'confirm', version: a.version })).statusCode).toBe(404);
    expect((await act('other', 999999, { action: 'confirm', version: 1 })).statusCode).toBe(404);
    const noReason = await act(p.entUser, a.id, { action: 'decline', version: a.version, reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toBe('拒绝确认须填写原因');
    const rescan = await req(p.sch, 'POST', `/api/agreements/${a.id}/scan`, SCAN_PDF, {
      'content-type': 'application/pdf',
    });
    expect(rescan.statusCode).toBe(409);
    expect(rescan.json().error.message).toMatch(/扫描件已封存，不能更换/);
    expect((await act('xy-b', a.id, { action: 'confirm', version: a.version })).statusCode).toBe(409);
    expect(await snapshot()).toBe(before);
  });

  it('the enterprise confirms in its own account: in force, counted, and the record frozen', async () => {
    const p = await parties('420900');
    const a = await signedWithProject(p, '数控订单班合作协议');
    expect(await quota('420900')).toBe(0);
    const r = await act(p.entUser, a.id, { action: 'confirm', version: a.version });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('active');
    expect(r.json().record).toMatchObject({
      docxSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      scanSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await quota('420900')).toBe(1);
    expect(await notes(p.sch)).toContain('协议“数控订单班合作协议”已由各方确认，正式生效');
  });

  it('the downloaded Word file is the frozen one, byte for byte, even after a party is renamed', async () => {
    const p = await parties();
    const a = await active(p, '数控订单班合作协议');
    const first = await req(p.sch, 'GET', `/api/agreements/${a.id}/document.docx`);
    expect(first.statusCode).toBe(200);
    await exec(t, sql`update orgs set name = ${`${p.ent.name}（集团）`}, address = '新地址' where id = ${p.ent.id}`);
    const later = await req(p.entUser, 'GET', `/api/agreements/${a.id}/document.docx`);
    expect(later.rawPayload.equals(first.rawPayload)).toBe(true);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(later.rawPayload).digest('hex')).toBe(a.record!.docxSha256);
  });

  it('anyone verifies the number without logging in: parties, term, dates, fingerprints, nothing personal', async () => {
    const p = await parties();
    const a = await active(p, '数控订单班合作协议');
    const v = await req(null, 'GET', `/api/verify/${a.agreementNo}`);
    expect(v.statusCode).toBe(200);
    expect(v.json()).toMatchObject({
      agreementNo: a.agreementNo,
      status: 'active',
      termStart: `${year}-01-01`,
      signingDate: `${year}-01-01`,
    });
    expect(v.json().parties).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: p.school.name,
          regionName: '襄阳市',
          confirmedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        }),
      ]),
    );
    expect(v.json().record.docxSha256).toMatch(/^[0-9a-f]{64}$/);
    for (const secret of ['李老师', '13900001111', '张经理', '13800002222', 'uscc'])
      expect(v.body).not.toContain(secret);
    const unknown = await req(null, 'GET', '/api/verify/XQ-420600-2099-9999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toMatch(/未找到编号为/);
  });

  it('the bureau files it and returns it with a reason: out of the figures until every party confirms again', async () => {
    const p = await parties();
    const a = await active(p, '数控订单班合作协议');
    const counted = await quota();
    const list = (await req('xy-b', 'GET', '/api/agreements/filing')).json();
    expect(list.items.map((x: { id: number }) => x.id)).toContain(a.id);
    expect(list.items.find((x: { id: number }) => x.id === a.id).allowedActions).toContain('return');
    expect(
      (await req('wh-b', 'GET', '/api/agreements/filing')).json().items.map((x: { id: number }) => x.id),
    ).not.toContain(a.id);
    expect(
      (await req('prov', 'GET', '/api/agreements/filing')).json().items.map((x: { id: number }) => x.id),
    ).toContain(a.id);
    expect((await req(p.sch, 'GET', '/api/agreements/filing')).statusCode).toBe(403);
    const before = await snapshot();
    const bare = await act('xy-b', a.id, { action: 'return', version: a.version });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.message).toBe('退回协议须填写退回原因');
    expect((await act(p.sch, a.id, { action: 'return', version: a.version, reason: '学校自己退回' })).statusCode).toBe(
      409,
    );
    expect(await snapshot()).toBe(before);
    const r = await act('xy-b', a.id, { action: 'return', version: a.version, reason: '合作期限与备案材料不一致' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('pending_confirmation');
    expect(r.json().parties.every((x: { confirmedAt: string | null }) => x.confirmedAt === null)).toBe(true);
    expect(await quota()).toBe(counted - 1);
    expect(await notes(p.entUser)).toContain('原因：合作期限与备案材料不一致');
    const audits = await exec(
      t,
      sql`select action from audit_log where entity_type = 'agreement' and entity_id = ${String(a.id)} order by id`,
    );
    expect(audits.rows.map((x) => x.action)).toContain('agreement.return');
    // Both confirm again: counted again.
    const s1 = await act(p.sch, a.id, { action: 'confirm', version: r.json().version });
    expect(s1.json().status).toBe('pending_confirmation');
    const s2 = await act(p.entUser, a.id, { action: 'confirm', version: s1.json().version });
    expect(s2.json().status).toBe('active');
    expect(await quota()).toBe(counted);
  });

  it('terminating stops its planned and running projects on that day and tells parties and bureau which', async () => {
    const p = await parties();
    const a = await active(p, '数控订单班合作协议', '随协议终止的订单班');
    const before = (
      await exec(t, sql`select docx from agreement_records where agreement_id = ${a.id} order by id desc limit 1`)
    ).rows[0].docx;
    const term = await act(p.sch, a.id, { action: 'terminate', version: a.version, reason: '企业经营调整' });
    expect(term.statusCode, term.body).toBe(200);
    expect(term.json()).toMatchObject({
      status: 'terminated',
      terminateReason: '企业经营调整',
      terminatedOn: TEST_TODAY,
    });
    const projects = (await req(p.sch, 'GET', `/api/projects?agreementId=${a.id}`)).json().items;
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({
      status: 'stopped',
      stoppedOn: TEST_TODAY,
      stopReason: '协议终止：企业经营调整',
    });
    expect(await notes('xy-b')).toContain('随协议终止的订单班');
    expect(await notes(p.entUser)).toContain('以下 1 个项目随之中止');
    const after = (
      await exec(t, sql`select docx from agreement_records where agreement_id = ${a.id} order by id desc limit 1`)
    ).rows[0].docx;
    expect(after).toBe(before);
  });
});

describe('declining and expiring', () => {
  it('a party declines with a reason: back to draft, the reason in its history, the others told', async () => {
    const p = await parties();
    const a = await signedBySchool(p, '拒绝确认的协议');
    const r = await act(p.entUser, a.id, { action: 'decline', version: a.version, reason: '合作领域需要调整' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'draft', signingDate: null, canEdit: true });
    const h = (await req(p.sch, 'GET', `/api/agreements/${a.id}/history`)).json().items;
    expect(h.at(-1)).toMatchObject({ action: 'decline', reason: '合作领域需要调整', toState: 'draft' });
    expect(await notes(p.sch)).toContain('拒绝确认协议“拒绝确认的协议”');
    // A draft again: a new scan is taken.
    expect(
      (await req(p.sch, 'POST', `/api/agreements/${a.id}/scan`, SCAN_PDF, { 'content-type': 'application/pdf' }))
        .statusCode,
    ).toBe(200);
  });

  it('an agreement past its end expires by date and stops its projects on its last day', async () => {
    const end = addDaysIso(TEST_TODAY, 10);
    const parts = await parties();
    const a = await signedBySchool(parts, '将到期的协议', end);
    const ok = await act(parts.entUser, a.id, { action: 'confirm', version: a.version });
    expect(ok.json().status).toBe('active');
    const p = await req(parts.entUser, 'POST', `/api/agreements/${a.id}/projects`, {
      type: 'order_class',
      title: '将到期的订单班',
      startDate: `${year}-09-01`,
      data: ORDER_CLASS,
    });
    await req(parts.entUser, 'POST', `/api/projects/${p.json().id}/actions`, {
      action: 'start',
      version: p.json().version,
    });
    setClock(addDaysIso(TEST_TODAY, 15));
    // Fifteen days later the sessions have long been idle: log in again.
    for (const u of [parts.sch, 'xy-b']) c[u] = await login(t, u);
    try {
      // Reads never write: the stored status moves in the hourly job (agreement-dates), audited, not on a read.
      expect((await get(parts.sch, a.id)).status).toBe('active');
      expect(await settleAgreementDates(t.database.db)).toBe(1);
      expect((await get(parts.sch, a.id)).status).toBe('expired');
      expect((await req(parts.sch, 'GET', `/api/projects/${p.json().id}`)).json()).toMatchObject({
        status: 'stopped',
        stoppedOn: end,
        stopReason: `协议已于 ${end} 到期`,
      });
      expect(await notes('xy-b')).toContain('将到期的订单班');
    } finally {
      setClock(TEST_TODAY);
      for (const u of [parts.sch, 'xy-b']) c[u] = await login(t, u);
    }
  });
});

describe('scans are checked by structure', () => {
  it('a 15-byte "%PDF-", a PDF without objects and a truncated PNG are refused in Chinese; real files pass', async () => {
    const p = await parties();
    const d = (
      await req(p.sch, 'POST', '/api/agreements', {
        title: '扫描件测试',
        schoolOrgIds: [p.school.id],
        enterpriseOrgIds: [p.ent.id],
        areas: ['专业建设'],
        termStart: `${year}-01-01`,
        termEnd: `${year + 1}-01-01`,
      })
    ).json();
    const before = await snapshot();
    const png = (chunks: Buffer[]) =>
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
    // A chunk: length, type, data, CRC (not checked).
    const withLen = (type: string, data: Buffer) => {
      const b = Buffer.concat([Buffer.alloc(4), Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
      b.writeUInt32BE(data.length, 0);
      return b;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(100, 0);
    ihdr.writeUInt32BE(100, 4);
    const goodPng = png([withLen('IHDR', ihdr), withLen('IDAT', Buffer.alloc(20)), withLen('IEND', Buffer.alloc(0))]);
    for (const bad of [
      Buffer.from('%PDF-1.4\n%%EOF\n'),
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF')]),
      goodPng.subarray(0, goodPng.length - 12),
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, ...Buffer.alloc(200)]),
    ]) {
      const r = await req(p.sch, 'POST', `/api/agreements/${d.id}/scan`, bad, { 'content-type': 'application/pdf' });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.message).toMatch(/完整的 PDF、JPEG 或 PNG/);
    }
    expect(await snapshot()).toBe(before);
    const ok = await req(p.sch, 'POST', `/api/agreements/${d.id}/scan`, goodPng, { 'content-type': 'image/png' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().scan.mime).toBe('image/png');
  });
});
