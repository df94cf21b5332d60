// 「运行状态」 as the province sees it on a fresh demo: the scheduled jobs have already run once (the start runs
// every hourly job through the real job path), this process is listed as running, the embedded database is writable
// and has its first daily backup. Also on a phone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closePages, horizontalOverflow, launch, loginAs, menuEntry, newPage, PHONE, visible } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(closePages);

const main = (page: Page) => page.getByRole('main');

/** The jobs run a few seconds after the start: reload until the snapshot job shows as succeeded (at most a minute). */
async function openUntilRun(page: Page) {
  await page.goto('/ops');
  for (let i = 0; i < 30; i++) {
    await visible(main(page).getByRole('heading', { name: '运行状态' }));
    const row = page.locator('[data-test=ops-jobs]').getByRole('row').filter({ hasText: '指标每日快照' });
    if ((await row.getByText('成功').count()) > 0) return row;
    await page.waitForTimeout(2_000);
    await page.getByRole('button', { name: '刷新' }).click();
  }
  throw new Error('指标每日快照 never showed a successful run');
}

describe('运行状态', () => {
  it('the province sees job runs, this process, the database and the import queue on a fresh demo', async () => {
    const page = await newPage(browser, { viewport: { width: 1440, height: 1100 } });
    await loginAs(page, 'province');
    await (await menuEntry(page.getByRole('menubar'), '运行状态')).click();
    await page.waitForURL((u) => u.pathname === '/ops');
    const snapshot = await openUntilRun(page);
    await visible(snapshot.getByText('每 1 小时'));
    // Every hourly job ran once at the start, each shown in the history with its host and process.
    const history = page.locator('[data-test=ops-history]');
    for (const job of ['协议到期与项目停止', '填报截止提醒', '推荐结果重算', '清理过期会话'])
      await visible(history.getByRole('row').filter({ hasText: job }).getByText('成功'));
    await visible(
      page.locator('[data-test=ops-processes]').getByRole('row').filter({ hasText: '（当前）' }).getByText('运行中'),
    );
    const db = page.locator('[data-test=ops-database]');
    await visible(db.getByText('内嵌 PGlite（单进程）'));
    await visible(db.getByText('是', { exact: true }));
    await visible(page.getByText('没有排队或进行中的导入'));
    await visible(page.locator('[data-test=ops-backup]').filter({ hasText: /^pglite-\d{8}-\d{6}\.tar\.gz/ }), 60_000);
    await page.screenshot({ path: '/tmp/e2e-shots/ops-desktop.png', fullPage: true });
  });

  it('a city bureau has no such menu entry, and the address shows it nothing', async () => {
    const page = await newPage(browser);
    await loginAs(page, 'region-420100');
    expect(await page.getByRole('menubar').getByRole('menuitem', { name: '运行状态', exact: true }).count()).toBe(0);
    await page.goto('/ops');
    await visible(page.getByText(/页面不存在|无权/));
  });

  it('reads on a phone without sideways scrolling of the page', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'province');
    await openUntilRun(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: '/tmp/e2e-shots/ops-phone.png', fullPage: true });
  });
});
