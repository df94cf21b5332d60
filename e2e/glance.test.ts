// The glance screens' second part (issue #17), in a browser against the demo data: a region's page measures it
// against its own 附件3 tasks, a school sees its share of its region, the cards carry sparklines, 本周变化 names
// what moved and links to it, the 17 regions sit side by side; breadcrumbs lead back along the drill-down; the
// menu, a card and the drill-down work by keyboard with a visible focus; 批次接收 and 表单审核 fit a phone; long lists
// remember the columns a person hid. It only reads (the column choice lives in the browser), so it holds in any
// order and on any pinned day.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  closePages,
  horizontalOverflow,
  launch,
  loginAs,
  menuEntry,
  newPage,
  PHONE,
  SHOTS_DIR,
  visible,
} from './browser';

const STEP_TIMEOUT = 180_000;
const DESKTOP = { viewport: { width: 1440, height: 900 }, bypassCSP: true };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(closePages);

const main = (page: Page) => page.getByRole('main');
const card = (page: Page, heading: string) =>
  main(page)
    .locator('.page-card')
    .filter({ has: page.getByRole('heading', { name: heading }) });

async function settled(page: Page) {
  await page.waitForFunction(
    () => ![...document.querySelectorAll('.el-loading-mask')].some((e) => (e as HTMLElement).offsetParent),
    null,
    { timeout: 60_000 },
  );
}

/** axe-core's serious and critical WCAG 2.1 A/AA faults on the page as it stands. */
async function seriousFaults(page: Page) {
  await settled(page);
  await page.evaluate(axeSource);
  const list = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: Document,
          o: object,
        ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
      };
    };
    const r = await w.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return r.violations.map((v) => ({
      impact: v.impact,
      id: v.id,
      nodes: v.nodes.length,
      where: v.nodes[0]?.target.join(' ') ?? '',
    }));
  });
  return list
    .filter((f) => f.impact === 'critical' || f.impact === 'serious')
    .map((f) => `${f.impact} ${f.id} ×${f.nodes} (${f.where})`);
}

/** The element that has the keyboard focus: its text and whether a focus ring is drawn around it. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement;
    const s = getComputedStyle(e);
    return {
      text: (e.textContent ?? '').trim(),
      card: e.matches('.ind-card button.value'),
      ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    };
  });

/** Presses Tab until the focused element's text matches (at most `max` times); fails with what it walked past. */
async function tabTo(page: Page, text: RegExp | 'card', max = 80) {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (text === 'card' ? f.card : text.test(f.text)) return f;
    seen.push(f.text.slice(0, 12));
  }
  throw new Error(`Tab did not reach ${text} (passed: ${seen.join(' | ')})`);
}

describe('看板一眼看清', { timeout: STEP_TIMEOUT }, () => {
  it('省厅：卡片有走势线，「本周变化」列出新计入的记录，17 个市州同一刻度并排，点小图进入该市州，面包屑一路回到看板', async () => {
    const page = await newPage(browser, DESKTOP);
    await loginAs(page, 'province');
    await page.goto('/dashboard');
    await visible(main(page).locator('.ind-card').first(), 60_000);
    await settled(page);

    // Sparklines: a card's trend named by its months and values, for a screen reader too.
    await visible(main(page).getByRole('img', { name: /开展校企合作的技工院校比例的逐月走势：\d{4}-\d{2}/ }));

    // 本周变化: at least one figure moved in the demo's last week, each named with the records and a link to them.
    const week = card(page, '本周变化');
    await visible(week.getByText(/至 \d{4}-\d{2}-\d{2}，各指标的变化/));
    const moved = week.getByRole('listitem');
    // What the server counts for the same week (the other browser files may add records to it before this one runs):
    // the six figures the demo itself moved in its last week are among them, each listed with its new records.
    const changes = (await (await page.request.get('/api/dashboard/week')).json()) as {
      items: { id: string; label: string; added: number }[];
    };
    expect(changes.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([
        'key_enterprises',
        'people_trained_year',
        'specialty_industry_match',
        'integrated_teachers_year',
        'quota_completion',
        'internship_employment',
      ]),
    );
    await expect.poll(() => moved.count()).toBe(changes.items.length);
    for (const item of changes.items.filter((i) => i.added > 0))
      await visible(moved.filter({ hasText: item.label }).filter({ hasText: `新计入 ${item.added} 条` }));
    expect(
      await moved.filter({ hasNot: page.getByRole('link', { name: '查看记录' }) }).count(),
      '每一项都能查看记录',
    ).toBe(0);

    // Small multiples: 17 regions, one scale; the chosen indicator can be changed.
    const multiples = card(page, '17 个市州对比');
    await visible(multiples.getByRole('img', { name: /^武汉市：最新/ }));
    expect(await multiples.getByRole('listitem').count()).toBe(17);
    await page.screenshot({ path: `${SHOTS_DIR}/glance-province.png`, fullPage: true });
    expect(await seriousFaults(page), '指标看板（省厅）').toEqual([]);

    await multiples.getByRole('link', { name: /黄石市/ }).click();
    await page.waitForURL((u) => u.searchParams.get('region') === '420200');
    await visible(main(page).getByRole('heading', { level: 2, name: '黄石市指标看板' }));
    // The province sees the region's own 附件3 tasks on its page.
    await visible(card(page, '本市州任务（附件3）').getByText(/已完成 \d+ \/ 任务 \d+/));
    // The trail's links are real links (<a>); Element Plus marks every crumb's text role=link, so look for <a>.
    const crumbs = page.locator('.app-breadcrumb');
    const crumbLink = (name: string) => crumbs.locator('a', { hasText: name });
    await visible(crumbs.getByText('黄石市'));
    // Into a card's rows, then back along the trail.
    await main(page)
      .locator('.ind-card')
      .filter({ hasText: '开展校企合作的技工院校比例' })
      .locator('button.value')
      .click();
    await page.waitForURL(/\/indicators\/school_coverage\?/);
    await visible(crumbLink('黄石市'));
    await visible(crumbs.getByText('指标明细'));
    await crumbLink('黄石市').click();
    await page.waitForURL((u) => u.pathname === '/dashboard' && u.searchParams.get('region') === '420200');
    await crumbLink('指标看板').click();
    await page.waitForURL((u) => u.pathname === '/dashboard' && !u.searchParams.get('region'));
  });

  it('市州看到本市州的附件3 任务（与省厅下达的配额一致），学校看到本校占本市州的份额', async () => {
    const region = await newPage(browser, DESKTOP);
    await loginAs(region, 'region-420100');
    const year = Number((await (await region.request.get('/api/indicators')).json()).year);
    const quotas = (await (await region.request.get(`/api/campaigns/${year}/quota`)).json()) as {
      rows: { regionCode: string; quota: number }[];
    };
    const own = quotas.rows.find((r) => r.regionCode === '420100')!;
    await region.goto('/dashboard');
    const tasks = card(region, '本市州任务（附件3）');
    await visible(tasks.getByText(`任务 ${own.quota}`, { exact: false }), 60_000);
    await visible(tasks.getByText('重点企业参与数'));
    await region.screenshot({ path: `${SHOTS_DIR}/glance-region.png`, fullPage: true });
    expect(await seriousFaults(region), '指标看板（市州）').toEqual([]);

    const school = await newPage(browser, DESKTOP);
    await loginAs(school, 'school-420100-01');
    await school.goto('/dashboard');
    const mine = card(school, '本校贡献');
    await visible(mine.getByText(/占武汉市 [\d.]+%（武汉市合计/));
    await school.screenshot({ path: `${SHOTS_DIR}/glance-school.png`, fullPage: true });
    expect(await seriousFaults(school), '本校指标自查').toEqual([]);
  });
});

describe('键盘走通主要路线', { timeout: STEP_TIMEOUT }, () => {
  it('Tab 进入菜单并用 Enter 打开分组和入口；Tab 到看板卡片，Enter 进入明细；焦点始终有可见的框', async () => {
    const page = await newPage(browser, DESKTOP);
    await loginAs(page, 'province');
    await page.goto('/');
    await settled(page);
    // The menu: a stage title, Enter opens it; its entry, Enter opens the page.
    const stage = await tabTo(page, /^指标与考核$/);
    expect(stage.ring, '菜单分组的焦点框').toBe(true);
    await page.keyboard.press('Enter');
    const entry = await tabTo(page, /^指标看板$/, 10);
    expect(entry.ring, '菜单入口的焦点框').toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/dashboard');
    await visible(main(page).locator('.ind-card').first(), 60_000);
    await settled(page);

    // A card's figure is a button: Tab reaches it, Enter opens its rows.
    await main(page).getByRole('heading', { level: 2, name: '指标看板' }).click();
    const figure = await tabTo(page, 'card', 300);
    expect(figure.ring, '卡片数值的焦点框').toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/indicators\/[a-z0-9_]+/, { timeout: 60_000 });
    // The rows page: the breadcrumb back to the dashboard is a link the keyboard reaches.
    const back = await tabTo(page, /^指标看板$/, 60);
    expect(back.ring, '面包屑的焦点框').toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/dashboard');
  });
});

describe('手机与列设置', { timeout: STEP_TIMEOUT }, () => {
  it('批次接收和表单审核在手机上不横向滚动，关键信息以卡片显示', async () => {
    const page = await newPage(browser, { ...PHONE, bypassCSP: true });
    await loginAs(page, 'province');
    const year = Number((await (await page.request.get('/api/indicators')).json()).year);
    await page.goto(`/campaigns/${year}/batches`);
    await settled(page);
    const cards = main(page).locator('[data-test=batch-card]');
    await visible(cards);
    await visible(cards.first().getByText(/第 \d+ 批|批/));
    expect(await horizontalOverflow(page), '批次接收页面横向溢出').toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS_DIR}/glance-batches-phone.png`, fullPage: true });

    const region = await newPage(browser, { ...PHONE, bypassCSP: true });
    await loginAs(region, 'region-420100');
    await region.goto(`/campaigns/${year}/review`);
    await settled(region);
    const rows = main(region).locator('.el-table__body tr');
    await visible(rows);
    // Each row names the organisation and shows its state on the phone.
    await visible(rows.first().locator('.phone-meta .el-tag'));
    expect(await horizontalOverflow(region), '表单审核页面横向溢出').toBeLessThanOrEqual(0);
    await region.screenshot({ path: `${SHOTS_DIR}/glance-review-phone.png`, fullPage: true });
    expect(await seriousFaults(region), '表单审核（手机）').toEqual([]);
  });

  it('合作协议列表隐藏一列后刷新仍隐藏，另一个账号不受影响', async () => {
    const page = await newPage(browser, DESKTOP);
    await loginAs(page, 'province');
    await (await menuEntry(page.getByRole('menubar'), '合作协议')).click();
    await page.waitForURL(/\/agreements$/);
    const header = main(page).locator('.el-table__header');
    await visible(header.getByText('企业', { exact: true }));
    await main(page).getByRole('button', { name: '显示列' }).click();
    await page.locator('label.el-checkbox', { hasText: '企业' }).click();
    await expect.poll(() => header.getByText('企业', { exact: true }).count()).toBe(0);
    await page.reload();
    await visible(header.getByText('学校', { exact: true }));
    expect(await header.getByText('企业', { exact: true }).count(), '刷新后仍隐藏').toBe(0);

    // Another account in the same browser keeps its own columns.
    await page.context().clearCookies();
    await loginAs(page, 'region-420100');
    await page.goto('/agreements');
    await visible(header.getByText('企业', { exact: true }));
    // And the first account can bring every column back.
    await page.context().clearCookies();
    await loginAs(page, 'province');
    await page.goto('/agreements');
    await visible(header.getByText('学校', { exact: true }));
    await main(page).getByRole('button', { name: '显示列' }).click();
    await page.getByRole('button', { name: '恢复全部列' }).click();
    await visible(header.getByText('企业', { exact: true }));
  });
});
