// The province's indicator dashboard in a browser (issue #6): the 指标看板 card of 开展校企合作的技工院校比例, the
// 地图与排名 page whose regions add up to that card, a click on 襄阳市 in the ECharts map (found by pointing at the
// map until its tooltip names 襄阳市, as a person would), and the drill-down rows it opens: 襄阳市's rows only, as many
// as the tooltip and the ranking said, for the numerator and for the denominator.
// Runs against the real server with the demo province (see global-setup.ts); it only reads, so it holds in any order.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closePages, launch, loginAs, newPage, visible, menuEntry } from './browser';

const INDICATOR = {
  id: 'school_coverage',
  label: '开展校企合作的技工院校比例',
  numerator: '已与重点企业签约的院校',
  denominator: '正常开展教学培训的院校',
};
const REGION = { code: '420600', name: '襄阳市' };

/** One step of a flow on this busy 2-core machine can take over a minute (the project default is 60 s). */
const STEP_TIMEOUT = 120_000;
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
/** 1,289 → 1289. */
const num = (s: string) => Number(s.replace(/,/g, ''));
const bodyRows = (scope: Locator) => scope.getByRole('row').filter({ has: scope.page().getByRole('cell') });

/**
 * Where on the map the pointer shows `name` in the tooltip: moves the pointer over the chart in steps, as a person
 * looking for the region would, and returns the middle of the first 2×2 block of steps that all name the region
 * (so the point is well inside it, not on a border). ECharts draws on a canvas, so the tooltip is the only way
 * to tell which region is under the pointer.
 */
async function findRegion(page: Page, chart: Locator, name: string): Promise<{ x: number; y: number }> {
  const box = (await chart.boundingBox())!;
  const found = await chart.evaluate(
    async (el, { name, step }) => {
      const canvas = el.querySelector('canvas')!;
      const r = canvas.getBoundingClientRect();
      const frame = () => new Promise<void>((ok) => requestAnimationFrame(() => ok()));
      const tip = () =>
        [...el.querySelectorAll('div')]
          .find((d) => d.innerText?.includes('（第 ') && getComputedStyle(d).display !== 'none')
          ?.innerText.split('\n')[0] ?? '';
      const hit = new Set<string>();
      for (let y = r.top + step / 2; y < r.bottom; y += step) {
        for (let x = r.left + step / 2; x < r.right; x += step) {
          canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
          await frame();
          if (!tip().startsWith(`${name}（`)) continue;
          hit.add(`${x},${y}`);
          if (hit.has(`${x - step},${y}`) && hit.has(`${x},${y - step}`) && hit.has(`${x - step},${y - step}`))
            return { x: x - step / 2, y: y - step / 2 };
        }
      }
      return null;
    },
    { name, step: 24 },
  );
  expect(found, `地图上找不到${name}（图表 ${Math.round(box.width)}×${Math.round(box.height)}）`).toBeTruthy();
  return found!;
}

describe('省厅查看指标看板、地图，点地图上的地区看明细', { timeout: STEP_TIMEOUT }, () => {
  it(`province 从看板到地图，点${REGION.name}，明细只有${REGION.name}的记录且条数与地图一致`, async () => {
    const page = await newPage(browser);
    await loginAs(page, 'province');
    await (await menuEntry(menu(page), '指标看板')).click();
    await page.waitForURL((u) => u.pathname === '/dashboard');
    await visible(main(page).getByRole('heading', { level: 2, name: '指标看板' }));
    await visible(main(page).getByText(/^数据截至 .+（实时计算）$/));

    // The province card: value and fraction.
    const card = main(page)
      .locator('.ind-card')
      .filter({ has: page.getByText(INDICATOR.label, { exact: true }) });
    await visible(card);
    const frac = (await card.locator('.frac').innerText()).trim();
    const m = new RegExp(`^${INDICATOR.numerator} ([\\d,]+) ÷ ${INDICATOR.denominator} ([\\d,]+)$`).exec(frac);
    expect(m, `看板分数：${frac}`).toBeTruthy();
    const province = { numerator: num(m![1]), denominator: num(m![2]) };
    // The demo province on its pinned day: 122 of its 147 teaching schools have signed with a key enterprise.
    expect(province).toEqual({ numerator: 122, denominator: 147 });
    const percent = `${(await card.locator('.big').innerText()).trim()}%`;
    expect(percent).toBe('83%');

    // 地图与排名: the same indicator; the regions' numerators and denominators add up to the card.
    await main(page).getByRole('button', { name: '地图与排名' }).click();
    await page.waitForURL((u) => u.pathname === '/dashboard/map');
    await visible(main(page).getByRole('heading', { level: 2, name: '地图与排名' }));
    await visible(main(page).getByText(/^点击地图或排名中的地区，打开该地区的看板/));
    const ranking = main(page).locator('.rank');
    await expect.poll(() => bodyRows(ranking).count()).toBe(17);
    const rows = (await bodyRows(ranking).allInnerTexts()).map((t) =>
      t
        .split(/\t|\n/)
        .map((s) => s.trim())
        .filter(Boolean),
    );
    // …, 分子 / 分母, 明细 (the link to the rows)
    const parts = rows.map((r) => r[r.length - 2].split(' / ').map(num));
    expect(
      parts.reduce((s, p) => s + p[0], 0),
      '各地区分子之和应等于看板的分子',
    ).toBe(province.numerator);
    expect(
      parts.reduce((s, p) => s + p[1], 0),
      '各地区分母之和应等于看板的分母',
    ).toBe(province.denominator);
    const ours = rows.find((r) => r[1] === REGION.name);
    expect(ours, `排名表中应有${REGION.name}`).toBeTruthy();
    const [rank, , value, fraction] = ours!;

    // Point at the map until the tooltip names the region; it says what the ranking says.
    const chart = main(page).locator('.map .chart');
    await visible(chart.locator('canvas'));
    const at = await findRegion(page, chart, REGION.name);
    await page.mouse.move(at.x - 3, at.y - 3);
    await page.mouse.move(at.x, at.y, { steps: 3 });
    const tooltip = chart
      .locator('div')
      .filter({ hasText: new RegExp(`^${REGION.name}（第 \\d+ 名）`) })
      .last();
    await visible(tooltip);
    const lines = (await tooltip.innerText()).split('\n').map((s) => s.trim());
    expect(lines[0]).toBe(`${REGION.name}（第 ${rank} 名）`);
    expect(lines[1]).toBe(value);
    const [a, b] = fraction.split(' / ');
    expect(lines[2]).toBe(`${INDICATOR.numerator} ${a} ÷ ${INDICATOR.denominator} ${b}`);
    const region = { numerator: num(a), denominator: num(b) };
    // 11 of 襄阳市's 12 schools signed: the drill-down has rows, and one page of it holds them all.
    expect(region, `${REGION.name}的已签约院校`).toEqual({ numerator: 11, denominator: 12 });

    // The click opens the region's own dashboard (not the rows of whichever indicator was selected).
    await page.mouse.click(at.x, at.y);
    await page.waitForURL((u) => u.pathname === '/dashboard' && u.searchParams.get('region') === REGION.code);
    await visible(main(page).getByRole('heading', { level: 2, name: `${REGION.name}指标看板` }));
    await visible(main(page).getByRole('link', { name: '返回全省看板' }));

    // Back on the map, the ranking's 明细 link opens the region's rows of this indicator.
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/dashboard/map');
    await bodyRows(ranking).filter({ hasText: REGION.name }).getByRole('link', { name: '明细' }).click();
    await page.waitForURL(
      (u) => u.pathname === `/indicators/${INDICATOR.id}` && u.searchParams.get('region') === REGION.code,
    );
    await visible(main(page).getByRole('heading', { level: 2, name: INDICATOR.label }));
    await visible(main(page).locator('.acts').getByText(REGION.name));
    const figure = main(page).locator('.figure');
    await visible(figure);
    // (compared without spaces: the value and the fraction are separate elements)
    const bare = (s: string) => s.replace(/\s+/g, '');
    expect(bare(await figure.innerText())).toBe(
      bare(`当前值 ${value} = ${INDICATOR.numerator} ${a} ÷ ${INDICATOR.denominator} ${b}`),
    );

    const table = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('tab') });
    const check = async (which: '分子' | '分母', count: number, shown: string) => {
      await visible(table.getByText(`合计 ${shown}（${count} 条记录），与看板中的${which}一致`));
      await expect.poll(() => bodyRows(table).count()).toBe(count);
      const regions = await bodyRows(table).evaluateAll((trs) =>
        trs.map((tr) => tr.querySelectorAll('td')[2]?.textContent?.trim() ?? ''),
      );
      expect(new Set(regions), `${which}明细的地区列`).toEqual(new Set([REGION.name]));
    };
    await check('分子', region.numerator, a);

    // The denominator's rows: the region's schools, as many as the map said.
    await table.getByRole('tab', { name: `分母：${INDICATOR.denominator}` }).click();
    await check('分母', region.denominator, b);
  });
});
