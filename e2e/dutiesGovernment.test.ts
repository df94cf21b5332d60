// The notice's remaining duties (issue #19) that involve the government side, in a browser: a school drafts a 校地协议
// with its county government (the Word text names the government 甲方), records a subsidised training the bureau
// approves, and a bureau scores its schools on the province's scheme (the rest is in duties.test.ts).
// Runs against the real server with the demo province (global-setup.ts); each test sets up what it needs itself.
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inflateEntry, readCentralDirectory } from '../apps/server/src/modules/excel/zip';
import { closePages, hidden, launch, loginAs, menuEntry, newPage, stamp, today, visible } from './browser';

const STEP_TIMEOUT = 180_000;
const REGION = '420500';
const SCHOOL = `school-${REGION}-01`;
const BUREAU = `region-${REGION}`;
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
const toast = (page: Page, text: string | RegExp) => page.getByRole('alert').filter({ hasText: text });
const formItem = (scope: Locator, label: string) =>
  scope
    .locator('.el-form-item')
    .filter({ has: scope.page().locator('.el-form-item__label', { hasText: label }) })
    .first();

/** Opens a page through the side menu as a person would, and waits for its address. */
async function open(page: Page, entry: string, path: string) {
  await (await menuEntry(menu(page), entry)).click();
  await page.waitForURL((u) => u.pathname === path, { waitUntil: 'commit' });
}

/** Picks an option of an Element Plus select (in a form item found by its label), typing to filter when asked. */
async function choose(scope: Locator, label: string, option: string, type?: string) {
  const item = formItem(scope, label);
  await item.locator('.el-select__wrapper').click();
  if (type) await item.locator('input').first().fill(type);
  await scope.page().locator('.el-select-dropdown__item:visible').filter({ hasText: option }).first().click();
}

/** Types a date into an Element Plus date picker found by its form item's label. */
async function pickDate(scope: Locator, label: string, date: string) {
  const input = formItem(scope, label).locator('input').first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(date);
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('校地协议、补贴性培训与市州考核', { timeout: STEP_TIMEOUT }, () => {
  it('学校与所在县市政府起草校地协议，Word 文本以政府为甲方', async () => {
    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    await open(page, '合作协议', '/agreements');
    await main(page).getByRole('button', { name: '新建协议' }).click();
    await page.waitForURL((u) => u.pathname === '/agreements/new');
    const form = main(page);
    const direct = form.locator('.el-radio-button').filter({ hasText: '直接选择合作单位' });
    if (await direct.count()) await direct.click();
    await form.locator('.el-radio').filter({ hasText: '校地协议（与地方政府）' }).click();
    await choose(form, '地方政府', '宜都市人民政府', '宜都');
    const title = `宜都市产教协同综合性战略合作协议（${stamp()}）`;
    await formItem(form, '协议名称').getByRole('textbox').fill(title);
    await formItem(form, '合作领域').locator('.el-select__wrapper').click();
    await page.getByRole('option').first().click();
    await page.keyboard.press('Escape');
    await form.getByRole('button', { name: '保存为草稿' }).click();
    await visible(toast(page, '协议草稿已创建'));
    await page.waitForURL((u) => /^\/agreements\/\d+$/.test(u.pathname));
    await visible(main(page).getByRole('heading', { level: 2, name: new RegExp(title.replace(/[()（）]/g, '.')) }));
    const parties = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('heading', { name: '协议各方' }) });
    await visible(parties.getByText('宜都市人民政府'));
    await visible(parties.getByText('甲方·地方政府'));
    await visible(parties.getByText('乙方·学校'));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      main(page).getByRole('link', { name: '下载 Word 协议' }).click(),
    ]);
    const docx = readFileSync((await download.path())!);
    const body = readCentralDirectory(docx).find((e) => e.name === 'word/document.xml')!;
    const text = [
      ...inflateEntry(docx, body)
        .toString('utf8')
        .matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g),
    ]
      .map((m) => m[1])
      .join('');
    // 甲方 the government (no 统一社会信用代码 line of its own), 乙方 the school; no enterprise party.
    expect(text).toContain('甲方（地方政府）：宜都市人民政府承办部门：宜昌市人力资源和社会保障局');
    expect(text).toMatch(/乙方（学校）：[^统]+统一社会信用代码/);
    expect(text).toContain('共建公共实训基地');
    expect(text).not.toContain('（企业）');
  });

  it('学校登记补贴性培训，市州审核通过', async () => {
    const people = 100 + (parseInt(stamp(), 16) % 800);
    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    await open(page, '培训评价与竞赛', '/skills');
    await main(page).getByRole('button', { name: '登记' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '登记 · 培训与评价' });
    await choose(dialog, '职业（工种）', '车工', '车工');
    await pickDate(dialog, '开始日期', addDays(today(), -20));
    await formItem(dialog, '人数').getByRole('spinbutton').fill(String(people));
    await formItem(dialog, '取证人数')
      .getByRole('spinbutton')
      .fill(String(people - 5));
    await dialog.getByRole('button', { name: '保存' }).click();
    await visible(toast(page, '已保存'));
    const mine = main(page)
      .locator('.el-table__body tr')
      .filter({ hasText: String(people) })
      .first();
    await visible(mine.getByText('待市州审核'));

    const bureau = await newPage(browser);
    await loginAs(bureau, BUREAU);
    await open(bureau, '培训评价与竞赛', '/skills');
    const line = main(bureau)
      .locator('.el-table__body tr')
      .filter({ hasText: String(people) })
      .first();
    await line.getByRole('button', { name: '通过' }).click();
    await visible(toast(bureau, '已审核'));
    await visible(line.getByText('已审核通过'));
    await page.reload();
    await visible(
      main(page)
        .locator('.el-table__body tr')
        .filter({ hasText: String(people) })
        .getByText('已审核通过'),
    );
  });

  it('市州以省厅方案为模板考核本地区学校，人工项填写理由后计入总分', async () => {
    const page = await newPage(browser);
    await loginAs(page, BUREAU);
    await open(page, '学校考核', '/school-assessment');
    await visible(main(page).getByRole('heading', { level: 2, name: '学校考核评估' }));
    await main(page).getByRole('button', { name: '以省厅方案为模板' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '编辑方案' });
    await visible(dialog.getByText('权重合计 100'));
    await dialog.getByRole('button', { name: '保存方案' }).click();
    await hidden(dialog);
    await visible(main(page).getByText('评分中'));
    const missing = main(page).getByText(/还有 \d+ 项人工评分未录入/);
    await visible(missing);
    const before = Number((await missing.innerText()).match(/\d+/)![0]);
    // Every school of the 市州 has a row to score: the demo's 11 schools of 宜昌市 (the scheme's items are rows too).
    const rows = main(page)
      .locator('.el-table__body-wrapper tr')
      .filter({ has: page.getByRole('button', { name: '评分', exact: true }) });
    expect(await rows.count()).toBe(11);
    await main(page).getByRole('button', { name: '评分' }).first().click();
    const score = page
      .getByRole('dialog')
      .filter({ has: page.locator('.el-form-item__label', { hasText: '评分理由' }) });
    await formItem(score, '评分').getByRole('spinbutton').fill('88');
    await formItem(score, '评分理由').getByRole('textbox').fill('依据学校自评材料和实地核查');
    await score.getByRole('button', { name: '保存' }).click();
    await hidden(score);
    await expect.poll(async () => Number(((await missing.innerText()).match(/\d+/) ?? ['0'])[0])).toBe(before - 1);
    await visible(main(page).getByText('88'));
    // The result as Excel, with the school the bureau just scored.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      main(page).getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^宜昌市\d{4}年度技工院校考核结果\.xlsx$/);
    const xlsx = readFileSync((await download.path())!);
    const strings = readCentralDirectory(xlsx).find((e) => e.name === 'xl/sharedStrings.xml')!;
    const text = inflateEntry(xlsx, strings).toString('utf8');
    expect(text).toContain('依据学校自评材料和实地核查');
    expect(text).toContain('评分中（未冻结');
  });
});
