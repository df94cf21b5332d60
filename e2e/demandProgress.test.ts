// The province's 填报进度 for the 2026 demand collection in a browser: overdue counts per region and the 卡点清单,
// down to 武汉市, where it finds the school whose returned form is not corrected yet. It compares the screen with what
// the server counts at that moment, so it holds in any order (the flow of one form is in demand.test.ts).
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, closePages, launch, loginAs, newPage, visible, menuEntry } from './browser';

const YEAR = 2026;

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(closePages);

const menu = (page: Page) => page.getByRole('menubar');
const main = (page: Page) => page.getByRole('main');

/** Opens a page of the 审核与报送 group from the side menu. */
async function openReviewMenu(page: Page, item: '表单审核' | '报送省厅' | '批次接收' | '填报进度', path: string) {
  await (await menuEntry(menu(page), item)).click();
  await page.waitForURL((u) => u.pathname === `/campaigns/${YEAR}/${path}`);
}

/** Body rows of a table. */
const bodyRows = (scope: Locator) => scope.getByRole('row').filter({ has: scope.page().getByRole('cell') });

describe('填报进度', () => {
  it('province 看到各地区的逾期数和卡点清单，下钻到武汉市后找到退回未改的学校', async () => {
    // What the server counts right now (the demo "today" is past the 2026 deadlines, so open forms are overdue).
    const api = await apiSession(browser, 'province');
    const all = await (await api.get(`/api/campaigns/${YEAR}/completeness`)).json();
    const wuhan = await (await api.get(`/api/campaigns/${YEAR}/completeness?region=420100`)).json();
    const returnedSchool = await (
      await apiSession(browser, 'school-420100-01')
    )
      .get('/api/auth/me')
      .then((r) => r.json());
    const stuck = wuhan.blocking.find((b: { orgId: number }) => b.orgId === returnedSchool.orgId);
    // The demo leaves 647 units overdue on its pinned day, 59 of them in 武汉市; school-420100-02's draft is one of them
    // until demand.test.ts (which may run first on the same server) carries it through to the province.
    const draft = await (
      await apiSession(browser, 'school-420100-02')
    )
      .get(`/api/campaigns/${YEAR}/my-form`)
      .then((r) => r.json());
    const carried = ['draft', 'returned'].includes(draft.state) ? 0 : 1;
    expect(all.total.overdue, '示例数据的逾期单位数').toBe(647 - carried);
    expect(wuhan.total.overdue, '武汉市的逾期单位数').toBe(59 - carried);
    expect(stuck?.state, 'school-420100-01 的表单应是退回未改').toBe('returned');

    const page = await newPage(browser);
    await loginAs(page, 'province');
    await openReviewMenu(page, '填报进度', 'completeness');
    await visible(main(page).getByRole('heading', { level: 2, name: /^填报进度/ }));
    await visible(main(page).getByText(`统计日期 ${all.asOf}`));
    await visible(main(page).getByText(`单位填报截止 ${all.formsDue}`));
    await visible(main(page).getByText(/^已逾期 \d+ 天$/));

    // The region table: every region's 逾期 as the server counts it, and the 合计 row.
    const table = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('heading', { level: 2, name: /^填报进度/ }) });
    await visible(table.getByRole('columnheader', { name: '逾期', exact: true }));
    const headers = (await table.getByRole('columnheader').allInnerTexts()).map((s) => s.trim());
    expect(headers).toEqual([
      '地区',
      '应填',
      '未填报',
      '草稿',
      '待审核',
      '退回',
      '已审核',
      '已报省厅',
      '已接收',
      '逾期',
      '完成率',
    ]);
    const overdueCol = headers.indexOf('逾期');
    const regionRow = (name: string) =>
      table.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    await visible(regionRow('武汉市'));
    // The table as read on screen: first cell (地区, or 合计 in the footer) → the 逾期 cell.
    const shown = new Map(
      (
        await table
          .getByRole('row')
          .evaluateAll((rows) =>
            rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim())),
          )
      )
        .filter((cells) => cells.length > overdueCol)
        .map((cells): [string, string] => [cells[0], cells[overdueCol]]),
    );
    const expected = new Map<string, string>([
      ...(all.regions as { regionName: string; overdue: number }[]).map((r): [string, string] => [
        r.regionName,
        String(r.overdue),
      ]),
      ['合计', String(all.total.overdue)],
    ]);
    expect(shown).toEqual(expected);
    expect(shown.get('武汉市')).toBe(String(59 - carried));

    // 卡点清单: everyone not finished, the longest overdue first.
    const blocking = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('heading', { name: /^卡点清单/ }) });
    await visible(blocking.getByRole('heading', { name: `卡点清单（${all.blocking.length}）` }));
    await visible(blocking.getByText(`共 ${all.blocking.length} 条`));
    const firstRow = bodyRows(blocking).first();
    await visible(firstRow.getByRole('cell', { name: `${all.blocking[0].overdueDays} 天`, exact: true }));

    // Clicking 武汉市 narrows everything to the region.
    await regionRow('武汉市').getByRole('cell', { name: '武汉市', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('region') === '420100');
    await visible(main(page).getByRole('button', { name: '返回全省' }));
    await visible(blocking.getByRole('heading', { name: `卡点清单（${wuhan.blocking.length}）` }));
    await expect
      .poll(() =>
        table
          .getByRole('row')
          .filter({ has: page.getByRole('cell', { name: '黄石市', exact: true }) })
          .count(),
      )
      .toBe(0);

    // A hundred to a page, then school-420100-01 is there: returned, not corrected, overdue.
    await blocking.getByText('20条/页').click();
    await page.getByRole('option', { name: '100条/页' }).click();
    const row = blocking
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: returnedSchool.orgName, exact: true }) });
    await visible(row);
    await visible(row.getByRole('cell', { name: '已退回', exact: true }));
    await visible(row.getByRole('cell', { name: `${stuck.overdueDays} 天`, exact: true }));
  });
});
