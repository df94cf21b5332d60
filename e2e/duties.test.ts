// The notice's remaining duties (issue #19) in a browser, each page opened through the menu as the role that uses it:
// the province designates a 龙头院校; a school files a new specialty that its partner enterprise confirms in its own
// account before the bureau approves it; a school adds a teacher and an enterprise practice, a recruited master the
// bureau approves, and records its 校企合作机构 (the bureau sees it). The 校地协议, subsidised trainings and the
// bureau's assessment of its schools are in dutiesGovernment.test.ts. Each step is checked by what the person sees.
// Runs against the real server with the demo province (global-setup.ts); each test sets up what it needs itself.
import type { APIRequestContext, Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { practiceDaysInYear } from '@cjrh/domain';
import { apiSession, closePages, hidden, launch, loginAs, menuEntry, newPage, stamp, today, visible } from './browser';

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
const row = (scope: Locator, text: string) => scope.locator('.el-table__body tr').filter({ hasText: text }).first();

async function json<T>(api: APIRequestContext, url: string): Promise<T> {
  const r = await api.get(url);
  expect(r.ok(), `${url}: ${r.status()}`).toBe(true);
  return (await r.json()) as T;
}

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

/** A valid 18-digit ID number (GB 11643 check digit), different on every run. */
function idNumber(): string {
  const first17 = `${REGION}19860${1 + (parseInt(stamp(), 16) % 9)}15${String(parseInt(stamp(), 16) % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('院校建设与其他职责', { timeout: STEP_TIMEOUT }, () => {
  it('省厅在院校布局中认定龙头院校，本市州计数随之变化', async () => {
    // A 市州 with one flagship and a school that is not one (set-up lookup, not under test).
    const province = await apiSession(browser, 'province');
    type View = {
      schools: { orgId: number; name: string; regionCode: string; regionName: string; flagship: boolean }[];
      flagshipsByRegion: { regionCode: string; regionName: string; flagships: number }[];
    };
    const view = await json<View>(province, '/api/layout');
    const region = view.flagshipsByRegion.find((r) => r.flagships === 1);
    expect(region, '演示数据中应有只认定了 1 所龙头院校的市州').toBeTruthy();
    const school = view.schools.find((s) => s.regionCode === region!.regionCode && !s.flagship)!;

    const page = await newPage(browser);
    await loginAs(page, 'province');
    await open(page, '院校布局', '/layout');
    await visible(main(page).getByRole('heading', { level: 2, name: '技工院校统筹布局' }));
    await visible(main(page).getByText(`${region!.regionName} 1/2`));
    await choose(main(page), '市州', region!.regionName);
    const line = row(main(page), school.name);
    await line.getByRole('button', { name: '认定龙头' }).click();
    const box = page.getByRole('dialog').filter({ hasText: `认定龙头：${school.name}` });
    await box.getByRole('textbox').fill('办学规模居本市州前列（浏览器测试）');
    await box.getByRole('button', { name: /确定|OK/ }).click();
    await visible(toast(page, '已保存'));
    await visible(line.getByText('龙头院校'));
    await visible(main(page).getByText(`${region!.regionName} 2/2`));
    // The county grid of the 市州 (not a map: there are no county outlines) counts the new flagship too.
    await main(page).getByRole('tab', { name: '县域网格' }).click();
    await visible(main(page).getByRole('heading', { level: 4, name: new RegExp(`^${region!.regionName}.*龙头 2 所`) }));
  });

  it('学校申请新设专业，合作企业在本单位账号确认后学校提交，市州批准', async () => {
    // A specialty the school neither teaches nor has an application for (set-up lookup, not under test).
    const school = await apiSession(browser, SCHOOL);
    const me = await json<{ orgId: number }>(school, '/api/auth/me');
    const org = await json<{ specialties: { specialtyName: string }[] }>(school, `/api/orgs/${me.orgId}`);
    const applied = (
      await json<{ items: { specialtyName: string; state: string }[] }>(school, '/api/specialty-applications')
    ).items;
    const taken = new Set([
      ...org.specialties.map((s) => s.specialtyName),
      ...applied.filter((a) => a.state !== 'rejected').map((a) => a.specialtyName),
    ]);
    const specialty = [
      '工业机器人应用与维护',
      '数控编程',
      '新能源汽车检测与维修',
      '无人机应用技术',
      '电子商务',
      '智能制造技术应用',
    ].find((n) => !taken.has(n))!;
    // An enterprise of the same 市州 with a demo account, found by its account (set-up, not under test).
    const province = await apiSession(browser, 'province');
    type Account = { username: string; orgId: number | null; orgName: string | null; disabled: boolean };
    const partner = (
      await json<{ items: Account[] }>(province, `/api/accounts?role=enterprise&pageSize=100`)
    ).items.find((a) => a.username.startsWith(`enterprise-${REGION}-`) && a.orgId && !a.disabled)!;
    expect(partner).toBeTruthy();

    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    await open(page, '专业设置与退出', '/specialty-changes');
    await main(page).getByRole('button', { name: '申请新设专业' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '申请新设专业' });
    await choose(dialog, '专业', specialty, specialty);
    const reason = `对接本市智能制造产业需求（${stamp()}）`;
    await formItem(dialog, '申请理由').getByRole('textbox').fill(reason);
    const picker = formItem(dialog, '合作企业').locator('.org-picker');
    await picker.locator('.el-select__wrapper').click();
    await picker.locator('input').first().fill(partner.orgName!.slice(0, 6));
    await page
      .locator('.partner-select-popper .el-select-dropdown__item:visible')
      .filter({ hasText: partner.orgName! })
      .first()
      .click();
    // Close the picker's list (it stays open for more choices) before saving.
    await dialog.locator('.el-dialog__header').click();
    await hidden(page.locator('.partner-select-popper'));
    await dialog.getByRole('button', { name: '保存' }).click();
    await visible(toast(page, '已保存'));
    // This application's row: its specialty and partner (the demo has other applications of the school).
    const app = (p: Page) =>
      main(p)
        .locator('.el-table__body tr')
        .filter({ hasText: specialty })
        .filter({ hasText: partner.orgName! })
        .first();
    await visible(app(page).getByText('待合作企业确认'));
    await visible(app(page).getByText('待确认'));

    // The enterprise confirms in its own account.
    const ent = await newPage(browser);
    await loginAs(ent, partner.username);
    await open(ent, '专业设置与退出', '/specialty-changes');
    await app(ent).getByRole('button', { name: '确认参与' }).click();
    await visible(toast(ent, '已保存'));
    await visible(app(ent).getByText('已确认参与'));

    // The school submits; the bureau approves.
    await page.reload();
    await app(page).getByRole('button', { name: '提交审核' }).click();
    await visible(app(page).getByText('待主管部门审核'));
    const bureau = await newPage(browser);
    await loginAs(bureau, BUREAU);
    await open(bureau, '专业设置与退出', '/specialty-changes');
    await app(bureau).getByRole('button', { name: '批准', exact: true }).click();
    await visible(toast(bureau, '已保存'));
    await visible(app(bureau).getByText('已批准'));
  });

  it('学校登记教师和一段企业实践，名册上显示本年实践天数', async () => {
    const name = `测试${stamp().slice(0, 4)}`;
    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    await open(page, '教师队伍', '/teachers');
    await main(page).getByRole('button', { name: '登记教师' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '登记教师' });
    await formItem(dialog, '姓名').getByRole('textbox').fill(name);
    // A wrong check digit is refused in place.
    const id = idNumber();
    const wrong = id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
    await formItem(dialog, '身份证号码').getByRole('textbox').fill(wrong);
    await choose(dialog, '专业', '数控加工', '数控');
    await dialog.getByRole('button', { name: '保存' }).click();
    await visible(dialog.locator('.el-form-item__error').filter({ hasText: /身份证|校验/ }));
    await formItem(dialog, '身份证号码').getByRole('textbox').fill(id);
    await formItem(dialog, '骨干教师').locator('.el-switch').click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await hidden(dialog);
    const teacher = row(main(page), name);
    await visible(teacher);

    await teacher.getByRole('button', { name: '企业实践' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: `企业实践：${name}` });
    // Twelve days ending yesterday: on a year start the stint runs over New Year and the roster counts this year's share.
    const end = addDays(today(), -1);
    const start = addDays(end, -11);
    await formItem(drawer, '实践企业').getByRole('textbox').fill('宜昌示例装备制造有限公司');
    await pickDate(drawer, '开始日期', start);
    await pickDate(drawer, '结束日期', end);
    await formItem(drawer, '天数').getByRole('spinbutton').fill('12');
    await formItem(drawer, '实践内容').getByRole('textbox').fill('数控车间跟岗，参与工艺改进');
    await drawer.getByRole('button', { name: '保存' }).click();
    await visible(toast(page, '已保存'));
    await visible(row(drawer, '宜昌示例装备制造有限公司'));
    await page.keyboard.press('Escape');
    // The roster shows this year's days of the stint (all 12 of them unless it began last year).
    const days = practiceDaysInYear({ startOn: start, endOn: end, days: 12 }, Number(today().slice(0, 4)));
    await expect.poll(() => row(main(page), name).locator('td').nth(5).innerText()).toBe(String(days));
  });

  it('学校登记引进的技能大师，市州审核通过后计入教师队伍', async () => {
    const name = `大师${stamp().slice(0, 4)}`;
    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    await open(page, '教师队伍', '/teachers');
    await main(page).getByRole('tab', { name: '引进企业人才' }).click();
    await main(page).getByRole('button', { name: '登记引进人才' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '登记引进人才' });
    await formItem(dialog, '姓名').getByRole('textbox').fill(name);
    await formItem(dialog, '身份证号码').getByRole('textbox').fill(idNumber());
    await dialog.locator('.el-radio').filter({ hasText: '技能大师' }).click();
    await formItem(dialog, '原工作单位').getByRole('textbox').fill('宜昌示例重工集团');
    await choose(dialog, '专业', '数控加工', '数控');
    await formItem(dialog, '任教岗位').getByRole('textbox').fill('实训指导教师');
    await pickDate(dialog, '到岗日期', addDays(today(), -5));
    await dialog.getByRole('button', { name: '保存' }).click();
    await hidden(dialog);
    await visible(row(main(page), name).getByText('待市州审核'));

    const bureau = await newPage(browser);
    await loginAs(bureau, BUREAU);
    await open(bureau, '教师队伍', '/teachers');
    const figure = main(bureau).getByText(/已审核引进企业高层次人才、技能大师、能工巧匠 \d+ 人/);
    const before = Number((await figure.innerText()).match(/能工巧匠 (\d+) 人/)![1]);
    await main(bureau).getByRole('tab', { name: '引进企业人才' }).click();
    await row(main(bureau), name).getByRole('button', { name: '通过' }).click();
    await visible(toast(bureau, '已审核'));
    await visible(row(main(bureau), name).getByText('已审核通过'));
    await expect
      .poll(async () => Number(((await figure.innerText()).match(/能工巧匠 (\d+) 人/) ?? ['', '0'])[1]))
      .toBe(before + 1);
  });

  it('学校登记校企合作机构和负责人，市州在完整性一览中看到', async () => {
    const responsible = `王${stamp().slice(0, 3)}`;
    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    // The form fills in from the school's record once it arrives; type only after that.
    const loaded = page.waitForResponse((r) => /^\/api\/coop-offices\/\d+$/.test(new URL(r.url()).pathname));
    await open(page, '校企合作机构', '/coop-offices');
    await loaded;
    const form = main(page).locator('.office-form');
    await formItem(form, '机构名称').getByRole('textbox').fill('校企合作处');
    await formItem(form, '负责人').getByRole('textbox').first().fill(responsible);
    await formItem(form, '负责人职务').getByRole('textbox').fill('副校长');
    await formItem(form, '负责人电话').getByRole('textbox').fill('13912345678');
    const established = formItem(form, '成立日期').locator('input').first();
    if (!(await established.inputValue())) await pickDate(form, '成立日期', addDays(today(), -400));
    if (!(await form.locator('.member').count())) {
      await form.getByRole('button', { name: '添加成员' }).click();
      const m = form.locator('.member').first();
      await m.getByPlaceholder('姓名').fill('李明');
      await m.getByPlaceholder('职务').fill('科长');
      await m.getByPlaceholder('分工').fill('协议管理');
    }
    await form.getByRole('button', { name: '保存' }).click();
    await visible(toast(page, '已保存'));

    const bureau = await newPage(browser);
    await loginAs(bureau, BUREAU);
    await open(bureau, '校企合作机构', '/coop-offices');
    const line = main(bureau).locator('.el-table__body tr').filter({ hasText: responsible }).first();
    await visible(line.getByText('完整'));
  });
});
