import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openCampaign, createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { formInState } from '../../../test/forms';

// Each test publishes a campaign year of its own (published(year)) with its own school and two firms, and reads the
// catalogue of that year (`?year=`), so the tests pass alone and in any order: counts, withdrawals, versions and
// accepted intents are the test's own.
let t: TestApp;
const c: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  for (const u of ['prov', 'xy-b']) c[u] = await login(t, u);
});
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ url, headers: who ? { cookie: c[who] } : {} });
const post = (who: string, url: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: c[who] }, payload });

/**
 * Arrange: the campaign `year`, open, with 襄阳's school (one 数控 line, contact 张明华 13812341234) and firm (数控车工
 * and 焊工 lines) accepted and 武汉's firm (维修电工) still with the province; each organisation has a signed-in user
 * (`sch`, `ent`, `ent2` in the answer name them in `c`). Published as version 1 unless `publish` is false.
 */
async function published(year: number, publish = true) {
  const org = async (o: Parameters<typeof makeOrg>[1], role: 'school' | 'enterprise', username: string) => {
    const { id } = await makeOrg(t, o);
    await makeUser(t, { username, role, regionCode: o.regionCode, orgId: id });
    c[username] = await login(t, username);
    return id;
  };
  const u = { sch: `sch-${year}`, ent: `ent-${year}`, ent2: `ent2-${year}` };
  const ids = {
    school: await org(
      {
        type: 'school',
        regionCode: '420600',
        name: '襄阳目录测试技师学院',
        contactName: '张明华',
        contactPhone: '13812341234',
      },
      'school',
      u.sch,
    ),
    ent: await org(
      {
        type: 'enterprise',
        regionCode: '420600',
        name: '襄阳目录测试机械有限公司',
        isKey: true,
        contactName: '李强',
        contactPhone: '027-87654321',
      },
      'enterprise',
      u.ent,
    ),
    ent2: await org(
      {
        type: 'enterprise',
        regionCode: '420100',
        name: '武汉目录测试电子有限公司',
        isKey: true,
        contactName: '王芳',
        contactPhone: '13900001111',
      },
      'enterprise',
      u.ent2,
    ),
  };
  const made = await post('prov', '/api/campaigns', { year });
  expect(made.statusCode, made.body).toBe(201);
  await openCampaign(t, c.prov, year);
  await formInState(t, year, ids.school, [
    {
      specialtyCode: '数控加工',
      needType: '订单（定向）班',
      needDetail: '合办数控订单班，40 人',
      graduatesMidLevel: 40,
      availableFrom: '2025-09-01',
    },
  ]);
  await formInState(t, year, ids.ent, [
    {
      occupationCode: '车工',
      postName: '数控车工',
      headcount: 12,
      needType: '毕业生就业',
      needDetail: '招收数控车工 12 人',
      skillLevel: '中级工',
    },
    {
      occupationCode: '焊工',
      postName: '焊工',
      headcount: 5,
      needType: '学生实习实训基地',
      needDetail: '提供焊接实习岗位',
      skillLevel: '高级技师',
    },
  ]);
  await formInState(
    t,
    year,
    ids.ent2,
    [{ occupationCode: '电工', postName: '维修电工', headcount: 30, needType: '毕业生就业', needDetail: '招电工' }],
    'with_province',
  );
  if (publish)
    expect((await post('prov', `/api/campaigns/${year}/publications`, { note: '首次发布' })).statusCode).toBe(201);
  return { ids, u };
}

describe('publication', () => {
  it('only the province publishes, and only accepted forms', async () => {
    await published(2025, false);
    expect((await post('xy-b', '/api/campaigns/2025/publications')).statusCode).toBe(403);
    const r = await post('prov', '/api/campaigns/2025/publications', { note: '首次发布' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ version: 1, itemCount: 3 });
  });

  it('anyone searches without login; 数控 finds 数控车工 and the school line; facets count', async () => {
    await published(2026);
    const r = await get('', `/api/catalogue?year=2026&q=${encodeURIComponent('数控')}`);
    expect(r.statusCode).toBe(200);
    const titles = r.json().items.map((i: { title: string }) => i.title);
    expect(titles.some((x: string) => x.includes('数控车工'))).toBe(true);
    expect(titles.some((x: string) => x.includes('数控加工'))).toBe(true);
    expect(titles.some((x: string) => x.includes('焊工'))).toBe(false);
    const all = (await get('', '/api/catalogue?year=2026')).json();
    expect(all.total).toBe(3);
    expect(all.facets.orgType).toEqual(
      expect.arrayContaining([
        { value: 'enterprise', count: 2 },
        { value: 'school', count: 1 },
      ]),
    );
    // Levels read up the 新八级工 ladder (counted, equal counts would list 高级技师 GJJS before 中级工 ZJG).
    expect(all.facets.level.map((f: { value: string }) => f.value)).toEqual(['ZJG', 'GJJS']);
    // The region facet ignores the region filter itself, so people see where else there is demand.
    const filtered = (await get('', '/api/catalogue?year=2026&region=420600&orgType=enterprise')).json();
    expect(filtered.total).toBe(2);
    expect(filtered.facets.orgType).toEqual(expect.arrayContaining([{ value: 'school', count: 1 }]));
  });

  it('masks contacts for anonymous users and for organisations without an accepted intent', async () => {
    const { u } = await published(2027);
    const schools = '/api/catalogue?year=2027&orgType=school';
    const anon = (await get('', schools)).json().items[0];
    expect(anon.contact).toMatchObject({ name: '张**', phone: '138****1234', masked: true });
    const ent2 = (await get(u.ent2, schools)).json().items[0];
    expect(ent2.contact.masked).toBe(true);
    // The anonymous answer (sent as its cached JSON) is, field for field, what a signed-in reader without an intent gets.
    const again = await get('', schools);
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.json().items).toEqual((await get(u.ent2, schools)).json().items);
    const own = (await get(u.sch, schools)).json().items[0];
    expect(own.contact).toMatchObject({ name: '张明华', masked: false });
    const official = (await get('xy-b', schools)).json().items[0];
    expect(official.contact.masked).toBe(false);
  });

  it("an accepted intent unlocks both sides' contacts, a declined one does not", async () => {
    const { u } = await published(2028);
    const schools = '/api/catalogue?year=2028&orgType=school';
    const item = (await get(u.ent, schools)).json().items[0];
    const send = await post(u.ent, '/api/intents', {
      itemId: item.id,
      source: 'catalogue',
      cooperationType: '订单（定向）班',
      message: '希望合作开设数控订单班',
    });
    expect(send.statusCode).toBe(201);
    expect(send.json().to.masked).toBe(true);
    const intent = send.json();
    const received = (await get(u.sch, `/api/intents/${intent.id}`)).json();
    expect(received.allowedActions).toEqual(['accept', 'decline']);
    expect(received.from.masked).toBe(true);
    // While the intent is pending the sender still reads the school's contact masked in the catalogue.
    expect((await get(u.ent, schools)).json().items[0].contact).toMatchObject({
      name: '张**',
      phone: '138****1234',
      masked: true,
    });
    const acc = await post(u.sch, `/api/intents/${intent.id}/actions`, { action: 'accept', version: received.version });
    expect(acc.json()).toMatchObject({ state: 'accepted', from: { contactName: '李强', masked: false } });
    expect((await get(u.ent, schools)).json().items[0].contact).toMatchObject({
      name: '张明华',
      phone: '13812341234',
      masked: false,
    });
    // A third party still sees it masked.
    expect((await get(u.ent2, schools)).json().items[0].contact.masked).toBe(true);

    // The other firm asks too, and the school declines: its contact stays masked for that firm.
    const asked = await post(u.ent2, '/api/intents', {
      itemId: item.id,
      source: 'catalogue',
      cooperationType: '毕业生就业',
      message: '希望招收数控专业毕业生',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const seen = (await get(u.sch, `/api/intents/${asked.json().id}`)).json();
    const dec = await post(u.sch, `/api/intents/${seen.id}/actions`, {
      action: 'decline',
      version: seen.version,
      reason: '今年订单班已满',
    });
    expect(dec.json()).toMatchObject({ state: 'declined', from: { masked: true } });
    expect((await get(u.ent2, schools)).json().items[0].contact).toMatchObject({
      name: '张**',
      phone: '138****1234',
      masked: true,
    });
  });

  it('refuses intents to oneself, to a withdrawn line, and a duplicate pending one', async () => {
    const { ids, u } = await published(2029);
    const own = (await get(u.sch, '/api/catalogue?year=2029&orgType=school')).json().items[0];
    expect(
      (
        await post(u.sch, '/api/intents', {
          itemId: own.id,
          cooperationType: '订单（定向）班',
          message: '给自己发一个',
        })
      ).statusCode,
    ).toBe(400);
    const weld = (await get('', `/api/catalogue?year=2029&q=${encodeURIComponent('焊工')}`)).json().items[0];
    expect((await post(u.ent, `/api/catalogue/items/${weld.id}/withdraw`, { reason: '岗位已招满' })).statusCode).toBe(
      200,
    );
    const late = await post(u.sch, '/api/intents', {
      itemId: weld.id,
      cooperationType: '学生实习实训基地',
      message: '希望安排实习',
    });
    expect(late.statusCode).toBe(409);
    expect((await get('', `/api/catalogue?year=2029&q=${encodeURIComponent('焊工')}`)).json().total).toBe(0);
    const first = await post(u.sch, '/api/intents', {
      toOrgId: ids.ent2,
      cooperationType: '毕业生就业',
      message: '推荐电工专业毕业生',
    });
    expect(first.statusCode).toBe(201);
    expect(
      (await post(u.sch, '/api/intents', { toOrgId: ids.ent2, cooperationType: '毕业生就业', message: '再发一次试试' }))
        .statusCode,
    ).toBe(409);
  });

  it('republishing makes version 2; version 1 stays readable and the withdrawal carries over', async () => {
    const { ids, u } = await published(2030);
    const weld = (await get('', `/api/catalogue?year=2030&q=${encodeURIComponent('焊工')}`)).json().items[0];
    expect((await post(u.ent, `/api/catalogue/items/${weld.id}/withdraw`, { reason: '岗位已招满' })).statusCode).toBe(
      200,
    );
    const v1 = (await get('', '/api/catalogue?year=2030')).json().items[0];
    await exec(t, sql`update forms set state = 'accepted' where org_id = ${ids.ent2}`);
    const r = await post('prov', '/api/campaigns/2030/publications', { note: '补充武汉' });
    expect(r.json()).toMatchObject({ version: 2, itemCount: 4 });
    const now = (await get('', '/api/catalogue?year=2030')).json();
    expect(now.total).toBe(3); // 4 lines, the withdrawn 焊工 line stays withdrawn
    expect(now.items.every((i: { version: number }) => i.version === 2)).toBe(true);
    const old = (await get('', `/api/catalogue/items/${v1.id}`)).json();
    expect(old).toMatchObject({ version: 1, current: false });
  });

  it('exports open data as CSV and JSON with masked contacts; bad queries get 400, never 500', async () => {
    await published(2031);
    const csv = await get('', '/api/catalogue/open-data.csv?year=2031');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('138****1234');
    expect(csv.body).not.toContain('13812341234');
    const json = (await get('', '/api/catalogue/open-data.json?year=2031')).json();
    expect(json.count).toBe(3);
    expect((await get('', '/api/catalogue?pageSize=100000')).statusCode).toBe(400);
    expect((await get('', '/api/catalogue?region=abc')).statusCode).toBe(400);
    expect((await get('', `/api/catalogue?year=2031&q=${encodeURIComponent("%' or 1=1 --")}`)).json().total).toBe(0);
  });
});
