// Matchmaking as people do it in a browser (issue #4): an anonymous visitor on a phone searches the public catalogue,
// narrows it with a filter, sees counts and masked contacts and opens a need; a school opens 推荐合作单位, reads the
// score and the reasons, and sends an intent to a recommended enterprise; the enterprise accepts it and only then
// sees the school's contact in full, and the school sees 已接受 and the enterprise's contact.
// Runs against the real server with the demo province (see global-setup.ts). The tests of the second block build on
// each other in the order written. The enterprise is chosen from the school's recommendations: the first one that has
// a demo account and no intent with the school yet (so a rerun on the same server picks the next one).
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
  closePages,
  hidden,
  horizontalOverflow,
  launch,
  loginAs,
  newPage,
  PHONE,
  stamp,
  visible,
  menuEntry,
} from './browser';

/** A school of 十堰市 whose recommendations come from its published demand (武汉's are ranked from the org record). */
const SCHOOL = 'school-420300-02';
const Q = '数控';
const SCHOOL_NAME = '示例·十堰市第二技师学院（示例）';
/** The enterprise the school reaches: its best recommendation with a demo account (enterprise-420300-02). */
const ENTERPRISE_NAME = '示例·十堰瑞启自动化设备股份有限公司（示例）';

/** One step of a flow on this busy 2-core machine can take over a minute (the project default is 60 s). */
const STEP_TIMEOUT = 120_000;
let browser: Browser;
const flow = {
  enterprise: '',
  enterpriseName: '',
  schoolName: '',
  score: 0,
  reasons: [] as string[],
  intentId: 0,
  message: '',
  /** Set once the enterprise has accepted the intent. */
  accepted: false,
};

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(closePages);

const main = (page: Page) => page.getByRole('main');
const menu = (page: Page) => page.getByRole('menubar');
const toast = (page: Page, text: string | RegExp) => page.getByRole('alert').filter({ hasText: text });
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A masked phone as the server shows it to strangers, e.g. 139****1234. */
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/;
const hasChinese = /[\u4e00-\u9fa5]/;

async function json<T>(api: APIRequestContext, url: string): Promise<T> {
  const r = await api.get(url);
  expect(r.ok(), `${url}: ${r.status()}`).toBe(true);
  return (await r.json()) as T;
}

describe('公众在手机上查询需求信息', { timeout: STEP_TIMEOUT }, () => {
  it(`搜索“${Q}”，按发布单位筛选，看到条数和脱敏的联系方式，打开一条需求`, async () => {
    const page = await newPage(browser, { ...PHONE, viewport: { width: 390, height: 844 } });
    // What the server counts for the same question, to compare with what the page says.
    type Result = { total: number; facets: Record<string, { value: string; count: number }[]> };
    // 2025's catalogue: the page opens on the latest published year (2026, a small first version) and the visitor
    // switches to 2025.
    const all = await json<Result>(page.request, `/api/catalogue?year=2025&q=${encodeURIComponent(Q)}&pageSize=1`);
    const enterprises = all.facets.orgType.find((f) => f.value === 'enterprise')?.count ?? 0;
    // The demo's 2025 catalogue: 61 needs match, 52 of them an enterprise's (so the filter visibly narrows the list).
    expect(all.total, `示例目录里“${Q}”的需求条数`).toBe(61);
    expect(enterprises, '其中企业发布的条数').toBe(52);

    await page.goto('/public');
    await visible(page.getByRole('heading', { level: 1, name: '校企合作需求信息' }));
    const years = page.getByRole('group', { name: '年度' });
    await visible(years.getByRole('radio', { name: /^2026 年（\d+ 条）$/, checked: true }));
    // (Element Plus draws the button over its hidden radio: the visitor clicks the text.)
    await years.getByText(/^2025 年（\d+ 条）$/).click();
    await page.waitForURL((u) => u.searchParams.get('year') === '2025');
    await visible(page.getByRole('link', { name: 'Excel', exact: true }));
    await expect
      .poll(() => page.getByRole('link', { name: 'Excel', exact: true }).getAttribute('href'))
      .toBe('/api/catalogue/open-data.xlsx?year=2025');
    await page.getByPlaceholder(/搜索专业、职业、岗位或单位/).fill(Q);
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === Q);
    await visible(page.getByText(`“${Q}”共 ${all.total} 条需求`, { exact: true }));

    // On a phone the filters sit behind 筛选, each choice with the number it would give.
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: '筛选' });
    await visible(drawer);
    const orgType = drawer.getByRole('radiogroup', { name: '发布单位' });
    const chip = orgType.getByRole('radio', { name: new RegExp(`^企业\\s*${enterprises}$`) });
    await visible(chip);
    await chip.click();
    await expect.poll(() => chip.getAttribute('aria-checked')).toBe('true');
    await drawer.getByRole('button', { name: `查看 ${enterprises} 条结果` }).click();
    await hidden(drawer);
    await page.waitForURL((u) => u.searchParams.get('orgType') === 'enterprise');
    await visible(page.getByText(`“${Q}”共 ${enterprises} 条需求`, { exact: true }));
    await visible(page.getByRole('button', { name: '筛选（1）' }));
    await visible(page.getByText('发布单位：企业', { exact: true }));

    // Every card is an enterprise's; contacts are masked (张** · 139****1234) with a hint why.
    const cards = page.getByRole('article');
    await visible(cards);
    const n = await cards.count();
    expect(n).toBe(Math.min(enterprises, 20));
    for (let i = 0; i < Math.min(n, 5); i++) await visible(cards.nth(i).getByText('企业', { exact: true }));
    expect(
      await cards.filter({ has: page.getByText('技工院校', { exact: true }) }).count(),
      '筛选后不应再有学校的需求',
    ).toBe(0);
    const first = cards.first();
    const contact = first.locator('.contact-line');
    await visible(contact.getByText('登录并达成对接后可查看联系方式'));
    expect((await contact.locator('.phone').innerText()).trim()).toMatch(MASKED_PHONE);
    expect((await contact.locator('.who').innerText()).trim()).toMatch(/\*\*/);
    expect(await first.getByRole('link', { name: /^tel:/ }).count()).toBe(0);
    expect(await horizontalOverflow(page), '手机上不应左右滚动').toBeLessThanOrEqual(1);

    // Opening the first one shows the whole need, still without the contact.
    const title = (await first.locator('a.title').innerText()).trim();
    expect(title).toContain(Q);
    await first.locator('a.title').click();
    await page.waitForURL((u) => /^\/public\/items\/\d+$/.test(u.pathname));
    await visible(page.getByRole('heading', { level: 1, name: title }));
    const card = page.locator('.contact-card');
    await visible(card.getByRole('heading', { name: '联系方式' }));
    expect((await card.locator('.phone').innerText()).trim()).toMatch(MASKED_PHONE);
    await visible(card.getByText('联系方式在双方达成对接（对方接受您的对接意向）后可见'));
    expect(await horizontalOverflow(page), '手机上不应左右滚动').toBeLessThanOrEqual(1);
  });

  it('访客从需求信息页打开「数据字典」，看到每个字段的中文名、类型和代码来源', async () => {
    const page = await newPage(browser, { ...PHONE, viewport: { width: 390, height: 844 } });
    const dict = await json<{ year: number; fields: { key: string; label: string; list: string }[] }>(
      page.request,
      '/api/catalogue/open-data-dictionary.json?year=2025',
    );
    await page.goto('/public?year=2025');
    await visible(page.getByRole('heading', { level: 1, name: '校企合作需求信息' }));
    await page.getByRole('link', { name: '数据字典', exact: true }).first().click();
    await page.waitForURL((u) => u.pathname === '/public/open-data' && u.searchParams.get('year') === '2025');
    await visible(page.getByRole('heading', { level: 1, name: '开放数据与数据字典' }));
    await visible(page.getByText('2025 年度数据', { exact: true }));
    // Every field of the downloads is a row; a code column is followed by its name column.
    // (Element Plus draws the header and the body as two tables.)
    const body = page.locator('.el-table__body');
    await expect.poll(() => body.locator('tr').count()).toBe(dict.fields.length);
    const code = dict.fields.findIndex((f) => f.label === '专业代码');
    expect(code, '字典应有专业代码').toBeGreaterThanOrEqual(0);
    expect(dict.fields[code + 1].label).toBe('专业名称');
    await visible(body.getByText(dict.fields[code].list, { exact: true }));
    expect(await page.getByRole('link', { name: '下载 Excel', exact: true }).first().getAttribute('href')).toBe(
      '/api/catalogue/open-data.xlsx?year=2025',
    );
    expect(await horizontalOverflow(page), '手机上不应左右滚动').toBeLessThanOrEqual(1);
  });
});

describe('学校从推荐发起对接，企业接受后双方互见联系方式', { timeout: STEP_TIMEOUT }, () => {
  it(`${SCHOOL} 在「推荐合作单位」看到匹配度和中文理由，向一家企业发起对接`, async () => {
    // Which recommended enterprise has a demo account and no intent with the school yet (lookups, not the test).
    const province = await apiSession(browser, 'province');
    type Account = { username: string; orgId: number | null; disabled: boolean };
    const accounts = (
      await json<{ items: Account[] }>(province, '/api/accounts?role=enterprise&pageSize=100')
    ).items.filter((a) => !a.disabled && a.orgId);
    const school = await apiSession(browser, SCHOOL);
    type Rec = { orgId: number; orgName: string; score: number; reasons: string[] };
    const recs = (await json<{ items: Rec[] }>(school, '/api/recommendations')).items;
    type Party = { orgId: number; name: string };
    const intents = (
      await json<{ items: { from: Party; to: Party }[] }>(school, '/api/intents?box=all&page=1&pageSize=200')
    ).items;
    const talked = new Set(intents.flatMap((i) => [i.from.orgId, i.to.orgId]));
    const rank = recs.findIndex((r) => !talked.has(r.orgId) && accounts.some((a) => a.orgId === r.orgId));
    // The first recommendation (示例·襄阳远际…) has already talked with the school in the demo and has no account.
    expect(rank, `${SCHOOL} 的推荐里第一家有示例账号、尚未对接的企业`).toBe(1);
    const rec = recs[rank];
    expect({ orgName: rec.orgName, score: rec.score, reasons: rec.reasons.length }).toEqual({
      orgName: ENTERPRISE_NAME,
      score: 81,
      reasons: 10,
    });
    Object.assign(flow, {
      enterprise: accounts.find((a) => a.orgId === rec.orgId)!.username,
      enterpriseName: rec.orgName,
      score: rec.score,
      reasons: rec.reasons,
    });

    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    await (await menuEntry(menu(page), '推荐合作单位')).click();
    await page.waitForURL((u) => u.pathname === '/recommendations');
    await visible(main(page).getByRole('heading', { level: 2, name: '推荐合作单位' }));
    const card = main(page)
      .getByRole('article')
      .filter({ has: page.getByRole('link', { name: rec.orgName, exact: true }) });
    await visible(card);
    // Its rank, its score (the number in the ring) and its reasons, in Chinese, the first four shown.
    await visible(card.getByText(String(rank + 1), { exact: true }));
    await visible(card.getByLabel(`匹配度 ${rec.score}`));
    expect((await card.locator('.score-num').innerText()).trim()).toBe(String(rec.score));
    const reasons = card.getByRole('list', { name: '推荐理由' }).getByRole('listitem');
    const shown = (await reasons.allInnerTexts()).map((s) => s.trim());
    expect(shown).toEqual(rec.reasons.slice(0, 4));
    expect(shown).toHaveLength(4);
    for (const r of shown) expect(r).toMatch(hasChinese);
    if (rec.reasons.length > 4) {
      await card.getByRole('button', { name: `展开其余 ${rec.reasons.length - 4} 条理由` }).click();
      await expect.poll(() => reasons.count()).toBe(rec.reasons.length);
    }

    // 发起对接: the dialog names the enterprise; the cooperation type and a message are required.
    await card.getByRole('button', { name: '发起对接' }).click();
    const dialog = page.getByRole('dialog', { name: '发起对接' });
    await visible(dialog.getByText(rec.orgName, { exact: true }));
    await dialog.getByRole('button', { name: '发送' }).click();
    await visible(dialog.getByText('请选择合作方式'));
    await dialog.locator('.el-form-item').filter({ hasText: '合作方式' }).locator('.el-select__wrapper').click();
    await page.getByRole('option', { name: '订单（定向）班', exact: true }).click();
    // A phone number typed into the message is flagged at once, masked, with what becomes of it (issue 15).
    await dialog.getByRole('textbox').fill('请致电 13912345678 联系我校招生办');
    await visible(
      dialog.getByText(
        '对接说明 中含有手机号 139****5678，对方会看到完整内容（意向被接受后双方联系方式会自动交换）；如非必要请删除',
      ),
    );
    if (process.env.E2E_SHOT_DIR)
      await page.screenshot({ path: `${process.env.E2E_SHOT_DIR}/intent-personal-data.png` });
    flow.message = `我校数控加工专业拟与贵公司合作开设订单班（${stamp()}）`;
    await dialog.getByRole('textbox').fill(flow.message);
    await hidden(dialog.locator('[data-test="personal-data-hint"]'));
    await dialog.getByRole('button', { name: '发送' }).click();
    await visible(toast(page, '对接意向已发送，对方回复后会通知您'));
    await hidden(dialog);
    // The card now waits for the answer instead of offering another intent.
    await visible(card.getByRole('button', { name: '待对方回复' }));
    expect(await card.getByRole('button', { name: '发起对接' }).count()).toBe(0);

    // The intent itself: pending, the enterprise's contact still masked.
    await card.getByRole('button', { name: '待对方回复' }).click();
    await page.waitForURL((u) => /^\/intents\/\d+$/.test(u.pathname));
    flow.intentId = Number(new URL(page.url()).pathname.split('/').pop());
    await visible(main(page).getByRole('heading', { level: 2, name: /订单（定向）班\s*待回复/ }));
    await visible(main(page).getByText(flow.message));
    const theirs = main(page).locator('.party').filter({ hasText: rec.orgName });
    expect((await theirs.locator('.phone').innerText()).trim()).toMatch(MASKED_PHONE);
    await visible(theirs.getByText('对方接受对接后，双方联系方式互相可见'));
    flow.schoolName = (await main(page).locator('.party.mine .name').innerText()).trim();
    expect(flow.schoolName).toBe(SCHOOL_NAME);
  });

  it('企业在「对接意向」收到这条意向，接受后看到学校的联系方式', async () => {
    expect(flow.schoolName, '依赖上面学校发起对接的用例').toBe(SCHOOL_NAME);
    const page = await newPage(browser);
    await loginAs(page, flow.enterprise);
    await (await menuEntry(menu(page), '对接意向')).click();
    await page.waitForURL((u) => u.pathname === '/intents');
    await visible(main(page).getByRole('tab', { name: /^收到的/ }));
    const row = main(page).getByRole('link').filter({ hasText: flow.message });
    await visible(row);
    await visible(row.getByText(flow.schoolName, { exact: true }));
    await visible(row.getByText('待回复', { exact: true }));
    await visible(row.getByText('来源：系统推荐'));
    await row.click();
    await page.waitForURL((u) => u.pathname === `/intents/${flow.intentId}`);

    // Before accepting: the school's phone is masked.
    const school = main(page).locator('.party').filter({ hasText: flow.schoolName });
    await visible(school);
    expect((await school.locator('.phone').innerText()).trim()).toMatch(MASKED_PHONE);
    await visible(school.getByText('对方接受对接后，双方联系方式互相可见'));

    await main(page).getByRole('button', { name: '接受', exact: true }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: `确定接受 ${flow.schoolName} 的对接意向吗？` });
    await visible(confirm);
    await confirm.getByRole('button', { name: '接受', exact: true }).click();
    await visible(toast(page, '已接受，双方联系方式已公开'));
    await visible(main(page).getByRole('heading', { level: 2, name: /订单（定向）班\s*已接受/ }));
    await hidden(main(page).getByRole('button', { name: '接受', exact: true }));

    // Now the school's contact is in full (a phone link), and the page says both sides see each other.
    const phone = school.getByRole('link', { name: /^[\d-]+$/ });
    await visible(phone);
    expect(await phone.innerText()).not.toContain('*');
    expect(await phone.getAttribute('href')).toBe(`tel:${(await phone.innerText()).trim()}`);
    expect((await school.locator('dd').first().innerText()).trim()).not.toContain('*');
    await hidden(school.getByText('对方接受对接后，双方联系方式互相可见'));
    await visible(main(page).getByText('联系方式已公开给对接双方'));
    await visible(main(page).getByRole('listitem').filter({ hasText: /接受/ }));
    flow.accepted = true;
  });

  it(`${SCHOOL} 看到意向已接受和企业的联系方式`, async () => {
    expect(flow.accepted, '依赖上面企业接受的用例').toBe(true);
    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    await (await menuEntry(menu(page), '对接意向')).click();
    await main(page)
      .getByRole('tab', { name: /^发出的/ })
      .click();
    const row = main(page).getByRole('link').filter({ hasText: flow.message });
    await visible(row.getByText('已接受', { exact: true }));
    await visible(row.getByText(flow.enterpriseName, { exact: true }));
    await row.click();
    await page.waitForURL((u) => u.pathname === `/intents/${flow.intentId}`);
    await visible(main(page).getByRole('heading', { level: 2, name: /订单（定向）班\s*已接受/ }));
    const theirs = main(page).locator('.party').filter({ hasText: flow.enterpriseName });
    const phone = theirs.getByRole('link', { name: /^[\d-]+$/ });
    await visible(phone);
    expect(await phone.innerText()).not.toContain('*');
    expect((await theirs.locator('dd').first().innerText()).trim()).not.toContain('*');
    await visible(main(page).getByText('联系方式已公开给对接双方'));

    // Back in 推荐合作单位 the card remembers it.
    await (await menuEntry(menu(page), '推荐合作单位')).click();
    const card = main(page)
      .getByRole('article')
      .filter({ has: page.getByRole('link', { name: flow.enterpriseName, exact: true }) });
    await visible(card.getByRole('link', { name: new RegExp(`此前的对接意向：${escapeRe('已接受')}`) }));
  });
});
