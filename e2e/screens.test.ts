// Screens read at a glance (issue #17), in a browser against the demo data: axe-core finds no critical or serious
// fault on the key pages; the province's dashboard shows what needs action and the Hubei map, whose ranking opens a
// region's page (its schools linked, an unknown code a clear page); the grouped menu fits a 1440×900 screen; the
// header's search finds a school and opens it; a school's page lists its counts as its contribution, not against
// provincial targets. It only reads, so it holds in any order and on any pinned day.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closePages, launch, loginAs, menuEntry, newPage, visible } from './browser';

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
const menu = (page: Page) => page.getByRole('menubar');

/** Waits until no loading mask is left on the page (lists and charts have their data). */
async function settled(page: Page) {
  await page.waitForFunction(
    () => ![...document.querySelectorAll('.el-loading-mask')].some((e) => (e as HTMLElement).offsetParent),
    null,
    { timeout: 60_000 },
  );
}

/** axe-core's WCAG 2.1 A/AA faults on the page as it stands, by rule: "impact rule ×nodes". */
async function axeFaults(page: Page): Promise<{ impact: string; id: string; nodes: number; where: string }[]> {
  await settled(page);
  // bypassCSP: the page's policy allows only its own scripts; axe is the test's.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
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
}

describe('无障碍：关键页面没有严重或关键问题（axe-core）', { timeout: STEP_TIMEOUT }, () => {
  const count: Record<string, number> = {};
  afterAll(() => console.info(`axe-core faults by impact on the key pages: ${JSON.stringify(count)}`));

  const check = async (page: Page, name: string) => {
    const faults = await axeFaults(page);
    for (const f of faults) count[f.impact] = (count[f.impact] ?? 0) + f.nodes;
    const bad = faults.filter((f) => f.impact === 'critical' || f.impact === 'serious');
    expect(
      bad.map((f) => `${f.impact} ${f.id} ×${f.nodes} (${f.where})`),
      `${name} 的严重/关键无障碍问题`,
    ).toEqual([]);
  };

  it('公开需求目录、需求详情和登录页', async () => {
    const page = await newPage(browser, DESKTOP);
    await page.goto('/public');
    await visible(page.getByRole('button', { name: /搜\s*索/ }));
    await check(page, '公开需求目录');
    const { total, items } = (await (await page.request.get('/api/catalogue?pageSize=1')).json()) as {
      total: number;
      items: { id: number }[];
    };
    // The latest published catalogue of the demo (2026's first version) holds 22 needs.
    expect(total, '示例数据公开的需求条数').toBe(22);
    expect(items).toHaveLength(1);
    await page.goto(`/public/items/${items[0]!.id}`);
    await check(page, '需求详情');
    await page.goto('/login');
    await visible(page.getByPlaceholder('请输入用户名'));
    await check(page, '登录页');
  });

  it('省厅的指标看板、学校的我的填报、市州的表单审核列表', async () => {
    const province = await newPage(browser, DESKTOP);
    await loginAs(province, 'province');
    await province.goto('/dashboard');
    await visible(main(province).getByRole('heading', { name: '需要处理' }), 60_000);
    await check(province, '指标看板');

    const school = await newPage(browser, DESKTOP);
    await loginAs(school, 'school-420100-01');
    await (await menuEntry(menu(school), '我的填报')).click();
    await school.waitForURL(/\/my-form$/);
    await check(school, '我的填报');

    const region = await newPage(browser, DESKTOP);
    await loginAs(region, 'region-420100');
    await (await menuEntry(menu(region), '表单审核')).click();
    await region.waitForURL(/\/review$/);
    await check(region, '表单审核列表');
  });
});

describe('省厅一屏看全省', { timeout: STEP_TIMEOUT }, () => {
  it('菜单按阶段分组、放得下 900 像素高的屏幕；看板有「需要处理」和地图，点排名中的地区打开该地区的看板', async () => {
    const page = await newPage(browser, DESKTOP);
    await loginAs(page, 'province');
    // Time to a usable dashboard against the same page's bare HTML, same run (reported, not asserted: timings
    // belong in benchmarks; this is the figure issue #17 asks for).
    const t0 = performance.now();
    await page.request.get('/dashboard').then((r) => r.text());
    const bare = performance.now() - t0;
    const t1 = performance.now();
    await page.goto('/dashboard');
    await visible(main(page).locator('.ind-card').first(), 60_000);
    await settled(page);
    console.info(
      `time to a usable province dashboard: ${Math.round(performance.now() - t1)} ms (bare HTML of the same page: ${Math.round(bare)} ms)`,
    );

    // The stages, one open at a time: the whole menu fits the screen without scrolling.
    for (const stage of ['征集与审核', '发布与对接', '协议与项目', '指标与考核', '成果', '系统'])
      await visible(menu(page).getByRole('menuitem', { name: stage }));
    const menuHeight = await menu(page).evaluate((el) => el.scrollHeight);
    expect(menuHeight, '菜单高度（含当前展开的「指标与考核」）').toBeLessThanOrEqual(900 - 64);

    // 需要处理: each entry links to where it is handled.
    const todo = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('heading', { name: '需要处理' }) });
    // The demo's open matters on its pinned day: the late regions and units, the forms and reports waiting, and the five
    // indicators well behind their pace.
    expect(await todo.getByRole('listitem').count()).toBe(9);
    await visible(
      todo
        .getByRole('listitem')
        .filter({ hasText: /^\s*17\s*个地区逾期未报送省厅：武汉市、黄石市、十堰市、宜昌市、襄阳市、鄂州市 等/ }),
    );
    expect(
      await todo
        .getByRole('listitem')
        .filter({ hasNot: page.getByRole('link') })
        .count(),
      '每一项都有去处理的链接',
    ).toBe(0);

    // The map on the dashboard, its numbers as a ranked list; 襄阳市 opens 襄阳市's page.
    const map = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('heading', { name: '分地区地图' }) });
    await visible(map.getByRole('img', { name: /湖北省分地区地图：最高/ }));
    const ranks = map.getByRole('list', { name: '各地区数值（按名次）' });
    expect(await ranks.getByRole('listitem').count()).toBe(17);
    await ranks.getByRole('link', { name: /襄阳市/ }).click();
    await page.waitForURL((u) => u.pathname === '/dashboard' && u.searchParams.get('region') === '420600');
    await visible(main(page).getByRole('heading', { level: 2, name: '襄阳市指标看板' }));
    const schools = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('heading', { name: '学校达标情况' }) });
    await visible(schools.getByRole('link', { name: /襄阳/ }));
    await settled(page);
    await schools.getByRole('link', { name: /襄阳/ }).first().click();
    await page.waitForURL(/\/orgs\/\d+$/);

    // A region code that names no region: a clear page with the way back.
    await page.goto('/dashboard?region=999999');
    await visible(main(page).getByText('没有代码为「999999」的市州，请从全省看板的地图或排名中选择地区'));
    await main(page).getByRole('button', { name: '返回全省看板' }).click();
    await visible(main(page).getByRole('heading', { level: 2, name: '指标看板' }));
  });

  it('页头的全局搜索按名称找到学校并打开它', async () => {
    const page = await newPage(browser, DESKTOP);
    await loginAs(page, 'province');
    const box = page.getByRole('search').getByRole('textbox', { name: '全局搜索' });
    await box.fill('第一技工');
    const option = page
      .getByRole('option')
      .filter({ hasText: '单位' })
      .filter({ hasText: '武汉市第一技工学校' })
      .first();
    await visible(option, 30_000);
    await option.click();
    await page.waitForURL(/\/orgs\/\d+$/);
    await visible(main(page).getByRole('heading', { level: 2, name: /武汉市第一技工学校/ }));
  });
});

describe('学校的看板是本校的', { timeout: STEP_TIMEOUT }, () => {
  it('数量类指标列为「本校贡献」，不与全省目标比较', async () => {
    const page = await newPage(browser, DESKTOP);
    await loginAs(page, 'school-420100-01');
    await page.goto('/dashboard');
    const mine = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('heading', { name: '本校贡献' }) });
    await visible(mine.getByRole('link', { name: /企业客座技能导师/ }));
    await settled(page);
    // The provincial count targets (500 mentors, 50,000 person-times) are nowhere on the school's page.
    expect(
      await main(page)
        .getByText(/目标\s*500\s*人/)
        .count(),
    ).toBe(0);
  });
});
