import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openCampaign, createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { SCAN_PDF } from '../../../test/agreements';
import { TEST_TODAY } from '../../../test/clock-setup';
import { inflateEntry, readCentralDirectory } from '../excel/zip';

/** The text of a .docx body, runs joined with a line break between paragraphs. */
function docText(docx: Buffer): string {
  const body = readCentralDirectory(docx).find((e) => e.name === 'word/document.xml')!;
  return inflateEntry(docx, body)
    .toString('utf8')
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
}

// Issue 19 part 5 (notice 三(二)): a school and a local government sign a 产教协同综合性战略合作协议 through the same
// Word text, scan, confirmation and filing as a school–enterprise agreement; the bureau of the government's area
// confirms for it; it is counted on its own and never as a school–enterprise agreement.
// Each test signs an agreement of its own school (signedGov). Regions keep one test's agreement out of another's counts
// and lists: 襄阳 (420600) holds the drafting test's, 宜昌 (420500) the confirming test's, 鄂州 (420700) the returned one.
let t: TestApp;
const c: Record<string, string> = {};
const o: Record<string, { id: number; name: string }> = {};
const year = Number(TEST_TODAY.slice(0, 4));
const req = (
  who: string | null,
  method: 'GET' | 'POST',
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
const snapshot = async () =>
  JSON.stringify(
    (
      await exec(
        t,
        sql`select (select json_agg(a order by a.id) from agreements a) as a, (select count(*) from agreement_parties) as p`,
      )
    ).rows,
  );
const figure = async (who: string, id: string) =>
  (await req(who, 'GET', `/api/skills/figures?year=${year}`)).json().items.find((i: { id: string }) => i.id === id)
    .value;
const coverage = async (region: string) =>
  (await req('prov', 'GET', `/api/indicators?region=${region}`))
    .json()
    .items.find((i: { id: string }) => i.id === 'school_coverage');
const base = {
  kind: 'government',
  title: '枣阳市产教协同综合性战略合作协议',
  areas: ['产教协同'],
  termStart: `${year}-01-01`,
  termEnd: `${year + 2}-12-31`,
  campaignYear: year,
};

beforeAll(async () => {
  t = await createTestApp();
  o.school = await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳校地测试技师学院' });
  o.ent = await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳校地测试机床公司' });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'yc-b', role: 'region', regionCode: '420500' });
  await makeUser(t, { username: 'ez-b', role: 'region', regionCode: '420700' });
  await makeUser(t, { username: 'wh-b', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'sch', role: 'school', regionCode: '420600', orgId: o.school.id });
  for (const u of ['prov', 'xy-b', 'yc-b', 'ez-b', 'wh-b', 'sch']) c[u] = await login(t, u);
  await req('prov', 'POST', '/api/campaigns', { year });
  await openCampaign(t, c.prov, year);
});
afterAll(() => t.close());

let schools = 0;
/** A new school of the region with a signed-in account; returns the account's name (its cookie is in `c`). */
async function newSchool(regionCode: string) {
  const n = ++schools;
  const { id } = await makeOrg(t, { type: 'school', regionCode, name: `校地测试技工学校${n}` });
  await makeUser(t, { username: `gs${n}`, role: 'school', regionCode, orgId: id });
  c[`gs${n}`] = await login(t, `gs${n}`);
  return { who: `gs${n}`, id };
}

/** Arrange: the school's 校地协议 with the government `govCode`, drafted, scanned and signed by the school. */
async function signedGov(school: { who: string; id: number }, govCode: string, title = base.title) {
  const r = await req(school.who, 'POST', '/api/agreements', { ...base, title, schoolOrgIds: [school.id], govCode });
  expect(r.statusCode, r.body).toBe(201);
  const up = await req(school.who, 'POST', `/api/agreements/${r.json().id}/scan`, SCAN_PDF, {
    'content-type': 'application/pdf',
  });
  expect(up.statusCode, up.body).toBe(200);
  const s = await act(school.who, r.json().id, {
    action: 'sign',
    version: up.json().version,
    signingDate: `${year}-01-02`,
  });
  expect(s.statusCode, s.body).toBe(200);
  return s.json() as { id: number; version: number; agreementNo: string; status: string };
}

describe('校地协议', () => {
  it('bad input gets a Chinese 400 and changes nothing', async () => {
    const before = await snapshot();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, schoolOrgIds: [o.school.id] }, /须选择签约的地方政府/],
      [{ ...base, schoolOrgIds: [o.school.id], govCode: '429999' }, /不是湖北省的市州或县市区/],
      [{ ...base, schoolOrgIds: [o.school.id], govCode: '420102' }, /应为学校所在市州或其下辖县市区/],
      [{ ...base, schoolOrgIds: [o.school.id], enterpriseOrgIds: [o.ent.id], govCode: '420683' }, /不含企业/],
      [
        { ...base, kind: 'bilateral', schoolOrgIds: [o.school.id], enterpriseOrgIds: [o.ent.id], govCode: '420683' },
        /只有校地协议才选择地方政府/,
      ],
    ];
    for (const [body, msg] of cases) {
      const r = await req('sch', 'POST', '/api/agreements', body);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.message).toMatch(msg);
    }
    expect(await snapshot()).toBe(before);
  });

  it('the school drafts, signs with the scan, and the agreement waits for the government side', async () => {
    const r = await req('sch', 'POST', '/api/agreements', { ...base, schoolOrgIds: [o.school.id], govCode: '420683' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      kind: 'government',
      government: { code: '420683', name: '枣阳市人民政府', confirmedAt: null },
    });
    const doc = await req('sch', 'GET', `/api/agreements/${r.json().id}/document.docx`);
    expect(doc.statusCode).toBe(200);
    // School–government wording: the government is 甲方, the school 乙方; no enterprise clauses.
    const text = docText(doc.rawPayload);
    expect(text).toContain('甲方（地方政府）：枣阳市人民政府');
    expect(text).toContain('承办部门：襄阳市人力资源和社会保障局');
    expect(text).toContain('乙方（学校）：襄阳校地测试技师学院');
    expect(text).toContain('共建公共实训基地');
    expect(text).not.toMatch(/企业）：|录用|订单班人数/);
    const up = await req('sch', 'POST', `/api/agreements/${r.json().id}/scan`, SCAN_PDF, {
      'content-type': 'application/pdf',
    });
    const s = await act('sch', r.json().id, {
      action: 'sign',
      version: up.json().version,
      signingDate: `${year}-01-02`,
    });
    expect(s.statusCode, s.body).toBe(200);
    const a = s.json();
    expect(a).toMatchObject({ status: 'pending_confirmation' });
    // No school–enterprise projects under it.
    const p = await req('sch', 'POST', `/api/agreements/${a.id}/projects`, {
      type: 'order_class',
      title: '不该登记',
      startDate: `${year}-09-01`,
      data: {},
    });
    expect(p.statusCode).toBe(400);
    expect(p.json().error.message).toMatch(/校地协议.*下不登记校企合作项目/);
  });

  it("only the bureau of the government's area confirms for it, once; then it counts as a 校地协议 only", async () => {
    // A 宜昌 school with 宜都市: the 宜昌 bureau confirms; the province's figure moves by this one agreement.
    const a = await signedGov(await newSchool('420500'), '420581', '宜都市产教协同综合性战略合作协议');
    const coverageBefore = (await coverage('420500')).numerator;
    const provBefore = await figure('prov', 'gov_agreements');
    expect(await figure('yc-b', 'gov_agreements')).toBe(0);
    expect((await act('wh-b', a.id, { action: 'confirm', version: a.version })).statusCode).toBe(404);
    const seen = (await req('yc-b', 'GET', `/api/agreements/${a.id}`)).json();
    expect(seen.allowedActions).toContain('confirm');
    const ok = await act('yc-b', a.id, { action: 'confirm', version: a.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toMatch(/signed|active/);
    expect(ok.json().government.confirmedAt).not.toBeNull();
    expect(ok.json().record).not.toBeNull();
    const again = await act('yc-b', a.id, { action: 'confirm', version: ok.json().version });
    expect(again.statusCode).toBe(409);
    // Counted on its own, never as school–enterprise cooperation.
    expect(await figure('prov', 'gov_agreements')).toBe(provBefore + 1);
    expect(await figure('yc-b', 'gov_agreements')).toBe(1);
    expect((await coverage('420500')).numerator).toBe(coverageBefore);
    expect(
      (await req('prov', 'GET', '/api/agreements?kind=enterprise')).json().items.map((x: { id: number }) => x.id),
    ).not.toContain(a.id);
    expect(
      (await req('prov', 'GET', '/api/agreements?kind=government&region=420500'))
        .json()
        .items.map((x: { id: number }) => x.id),
    ).toEqual([a.id]);
    // The public verification names the government party and when its side confirmed.
    const v = (await req(null, 'GET', `/api/verify/${a.agreementNo}`)).json();
    expect(v.parties).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: '宜都市人民政府', side: 'government' })]),
    );
  });

  it('a bureau return clears the government confirmation and takes it out of the count', async () => {
    // A 鄂州 school with 鄂城区, confirmed by the 鄂州 bureau, then returned by it.
    const a = await signedGov(await newSchool('420700'), '420704', '鄂城区产教协同综合性战略合作协议');
    const ok = await act('ez-b', a.id, { action: 'confirm', version: a.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await figure('ez-b', 'gov_agreements')).toBe(1);
    const provBefore = await figure('prov', 'gov_agreements');
    const r = await act('ez-b', a.id, { action: 'return', version: ok.json().version, reason: '政府方盖章页不清晰' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'pending_confirmation', government: { confirmedAt: null } });
    expect(await figure('ez-b', 'gov_agreements')).toBe(0);
    expect(await figure('prov', 'gov_agreements')).toBe(provBefore - 1);
  });
});
