// The 2026 demand collection (the open year of the demo) as people work through it in a browser: a school submits its form, the city bureau
// returns it with a reason on one cell, the school sees the reason on that cell (and nothing else unlocked), corrects
// it and resubmits, the bureau sees old → new in 修改对比 and approves, sends it to the province in a batch of its own,
// and the province accepts the batch (the province's 填报进度 is in demandProgress.test.ts).
// Runs against the real server with the demo province (see global-setup.ts); the tests of the flow build on each
// other in the order written, and touch only school-420100-02's form (the batch holds that form alone).
// Why that form: no submitted school form of 武汉市 belongs to a school with a demo account (school-420100-01's is
// already returned, school-420100-02's is a draft), so the school submits its draft first and the bureau returns that.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closePages, hidden, launch, loginAs, newPage, stamp, visible, menuEntry } from './browser';

const YEAR = 2026;
const SCHOOL = 'school-420100-02';
const BUREAU = 'region-420100';
/** The cell the bureau returns: one count of one row. */
const COLUMN = '可输送毕业生数—中级工';
/** The columns of the 2026 school form's 需求明细, in order (序号 first). */
const COLUMNS = [
  '序号',
  '专业（群）名称',
  '该专业在校生数',
  '合作需求类型',
  '具体需求内容',
  COLUMN,
  '可输送毕业生数—高级工',
  '可输送毕业生数—预备技师',
  '对接产业',
  '可开始合作时间',
  '可派企业实践教师数',
  '可提供的实训资源与条件',
  '意向合作企业',
  '备注',
];
/** The demo school's name, and its form's first row with a 中级工 count: 23 for an order class of 数控加工. */
const ORG_NAME = '示例·武汉市第二技工学校（示例）';
const ROW = { desc: '数控加工 · 订单（定向）班', midLevel: '23', enrolment: '344' };

let browser: Browser;
/** What each step of the flow leaves for the next one. */
const flow = { formId: 0, orgName: '', rowDesc: '', before: '', after: '', reason: '', seq: 0 };

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(closePages);

const menu = (page: Page) => page.getByRole('menubar');
const main = (page: Page) => page.getByRole('main');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Opens a page of the 审核与报送 group from the side menu. */
async function openReviewMenu(page: Page, item: '表单审核' | '报送省厅' | '批次接收' | '填报进度', path: string) {
  await (await menuEntry(menu(page), item)).click();
  await page.waitForURL((u) => u.pathname === `/campaigns/${YEAR}/${path}`);
}

/** A toast (ElMessage) with this text. */
const toast = (page: Page, text: string | RegExp) => page.getByRole('alert').filter({ hasText: text });
/** An ElMessageBox asking this question. */
const question = (page: Page, text: string | RegExp) => page.getByRole('dialog').filter({ hasText: text });

/** The form's title with its state tag (我的填报 and the review page both show it in the level-2 heading). */
async function seesState(page: Page, label: string) {
  await visible(main(page).getByRole('heading', { level: 2, name: new RegExp(`${escapeRe(label)}$`) }));
}

/** One answer of the 单位信息 block, found by its label. */
const orgField = (scope: Locator, label: string) =>
  scope.locator('.org-cell').filter({ has: scope.page().getByText(label, { exact: true }) });

/** Body rows of the 需求明细 table, and the one whose 序号 cell describes it as `desc` (e.g. 数控加工 · 毕业生就业). */
const bodyRows = (scope: Locator) => scope.getByRole('row').filter({ has: scope.page().getByRole('cell') });
const rowOf = (scope: Locator, desc: string) =>
  bodyRows(scope).filter({ has: scope.page().getByRole('cell', { name: new RegExp(`^\\d+ ${escapeRe(desc)}`) }) });

/** Position of a column of the 需求明细 table (序号 is 0; cells of a row line up with it). */
async function columnIndex(scope: Locator, label: string) {
  await visible(scope.getByRole('columnheader', { name: label }));
  const headers = (await scope.getByRole('columnheader').allInnerTexts()).map((s) => s.trim());
  const i = headers.findIndex((h) => h.includes(label));
  expect(i, `表头：${headers.join('|')}`).toBe(COLUMNS.indexOf(label));
  return i;
}
async function cellOf(scope: Locator, desc: string, column: string) {
  return rowOf(scope, desc)
    .getByRole('cell')
    .nth(await columnIndex(scope, column));
}

/** The bureau finds the school's form in 表单审核 (on the given tab) by name and opens it. */
async function bureauOpensForm(page: Page, tab: string) {
  await loginAs(page, BUREAU);
  await openReviewMenu(page, '表单审核', 'review');
  await visible(main(page).getByRole('heading', { level: 2, name: /^表单审核/ }));
  await main(page)
    .getByRole('tab', { name: new RegExp(`^${tab}`) })
    .click();
  // The unfiltered list has loaded (so its answer cannot land after the search's).
  await visible(bodyRows(main(page)));
  await main(page).getByPlaceholder('单位名称').fill(flow.orgName);
  await main(page).getByPlaceholder('单位名称').press('Enter');
  const link = main(page).getByRole('row').getByRole('link', { name: flow.orgName, exact: true });
  await visible(link);
  // Once the search applied, the school is the only row left.
  await expect.poll(() => bodyRows(main(page)).count()).toBe(1);
  await link.click();
  await page.waitForURL((u) => u.pathname === `/forms/${flow.formId}`);
  await visible(main(page).getByRole('heading', { level: 3, name: '需求明细' }));
}

describe('退回—改正—重新提交—审核通过—报送省厅', () => {
  it(`${SCHOOL} 在「我的填报」提交草稿`, async () => {
    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    await (await menuEntry(menu(page), '我的填报')).click();
    await page.waitForURL((u) => u.pathname === `/campaigns/${YEAR}/my-form`);
    await seesState(page, '草稿');
    // Which form this is (to find it again as the bureau), from the page's own API.
    const mine = await (await page.request.get(`/api/campaigns/${YEAR}/my-form`)).json();
    flow.formId = mine.id;
    flow.orgName = mine.orgName;
    expect(mine).toMatchObject({ orgName: ORG_NAME, state: 'draft', rowCount: 4 });

    await visible(main(page).getByText('已通过校验'));
    await main(page).getByRole('button', { name: '提交', exact: true }).click();
    const confirm = question(page, '提交后将不能修改，确定提交 4 行需求信息吗？');
    await visible(confirm);
    await confirm.getByRole('button', { name: '提交', exact: true }).click();

    await visible(toast(page, '已提交，等待市州人社局审核'));
    await seesState(page, '已提交待审核');
    await visible(main(page).getByText('表单当前为“已提交待审核”，不能修改。'));
    expect(await main(page).getByRole('button', { name: '提交', exact: true }).count()).toBe(0);
    // The 流转记录 has the submission, by the filler's display name (not the login name).
    await visible(main(page).getByRole('listitem').filter({ hasText: '填报员' }).filter({ hasText: '提交' }));
    expect(await main(page).getByRole('listitem').filter({ hasText: SCHOOL }).count()).toBe(0);
  });

  it(`${BUREAU} 打开这份待审核的表单，点中一个单元格写明原因后退回`, async () => {
    expect(flow.orgName, '依赖上面学校提交的用例').toBe(ORG_NAME);
    const page = await newPage(browser);
    await bureauOpensForm(page, '待审核');
    await seesState(page, '已提交待审核');

    // The first row with a 中级工 count is the one the bureau doubts.
    const col = await columnIndex(main(page), COLUMN);
    const rows = bodyRows(main(page));
    const n = await rows.count();
    for (let i = 0; i < n && !flow.rowDesc; i++) {
      const value = (await rows.nth(i).getByRole('cell').nth(col).innerText()).trim();
      if (/^[1-9]\d*$/.test(value)) {
        flow.before = value;
        flow.rowDesc = (await rows.nth(i).getByRole('cell').first().innerText())
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean)[1];
      }
    }
    expect({ desc: flow.rowDesc, midLevel: flow.before }, '第一行填了中级工人数的需求').toEqual({
      desc: ROW.desc,
      midLevel: ROW.midLevel,
    });
    flow.after = String(Number(flow.before) > 10 ? Number(flow.before) - 6 : Number(flow.before) + 6);
    flow.reason = `中级工可输送人数与订单班规模不符，请核实（${stamp()}）`;

    await main(page).getByRole('button', { name: '退回修改', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '退回修改：选择要修改的内容' });
    await visible(dialog);
    await visible(dialog.getByText('退回意见（0 条）'));
    // The reviewer clicks the cell itself in the rendered form.
    await (await cellOf(dialog, flow.rowDesc, COLUMN)).click();
    await visible(dialog.getByText('退回意见（1 条）'));
    await visible(
      dialog.getByRole('complementary').getByText(new RegExp(`^第 \\d+ 行（${escapeRe(flow.rowDesc)}） · ${COLUMN}$`)),
    );
    const text = dialog.getByPlaceholder('请写明需要修改的原因');
    await expect.poll(() => text.count()).toBe(1);
    // Confirming without a reason is refused in place.
    await dialog.getByRole('button', { name: '确认退回修改' }).click();
    await visible(dialog.getByRole('alert').filter({ hasText: '请为每条意见填写原因' }));
    await text.fill(flow.reason);
    await dialog.getByRole('button', { name: '确认退回修改' }).click();

    await visible(toast(page, '已退回修改，已通知填报单位'));
    await hidden(dialog);
    await seesState(page, '已退回');
    // The page now says what it waits for, and the reason sits on the cell.
    await visible(
      main(page)
        .getByRole('alert')
        .filter({ hasText: '已退回，等待单位按以下意见修改' })
        .filter({ hasText: flow.reason }),
    );
    await visible((await cellOf(main(page), flow.rowDesc, COLUMN)).getByText(`退回意见：${flow.reason}`));
    expect(await main(page).getByRole('button', { name: '审核通过' }).count()).toBe(0);
  });

  it(`${SCHOOL} 在那一格旁看到退回意见，只有那一格能改，改正后保存并重新提交`, async () => {
    expect(flow.reason, '依赖上面市州退回的用例').toMatch(/^中级工可输送人数与订单班规模不符，请核实（[0-9a-f]{8}）$/);
    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    await (await menuEntry(menu(page), '我的填报')).click();
    await page.waitForURL((u) => u.pathname === `/campaigns/${YEAR}/my-form`);
    await seesState(page, '已退回');

    // At the top, every reason with where it points.
    const banner = main(page).getByRole('alert').filter({ hasText: '表单已被退回，请按以下意见修改后重新提交' });
    await visible(banner);
    await visible(banner.getByRole('listitem').filter({ hasText: `（${flow.rowDesc}） · ${COLUMN}：${flow.reason}` }));

    // Inline: the reason under exactly that cell, which holds the value the bureau saw and is the only input.
    const cell = await cellOf(main(page), flow.rowDesc, COLUMN);
    await visible(cell.getByText(`退回意见：${flow.reason}`));
    const input = cell.getByRole('spinbutton');
    await visible(input);
    expect(await input.inputValue()).toBe(flow.before);
    expect(await main(page).getByText(`退回意见：${flow.reason}`).count(), '意见只出现在被退回的那一格').toBe(1);

    // Everything else is read-only: no other input in the table, and the org block shows plain values.
    const table = main(page).getByRole('table');
    expect(await table.getByRole('spinbutton').count()).toBe(1);
    expect(await table.getByRole('textbox').count()).toBe(0);
    expect(await table.getByRole('combobox').count()).toBe(0);
    const enrolment = await cellOf(main(page), flow.rowDesc, '该专业在校生数');
    expect(await enrolment.getByRole('spinbutton').count(), '同一行的「该专业在校生数」不能改').toBe(0);
    expect((await enrolment.innerText()).trim()).toBe(ROW.enrolment);
    const phone = orgField(main(page), '联系电话');
    await visible(phone);
    expect(await phone.getByRole('textbox').count(), '「联系电话」不能改').toBe(0);
    expect((await phone.innerText()).replace(/\s+/g, ' ')).toMatch(/联系电话 \S+/);
    expect(await main(page).getByRole('button', { name: '添加一行' }).count(), '不能增删行').toBe(0);
    await visible(main(page).getByText('退回修改时只能修改退回意见指出的内容，不能增删行'));

    // Correct it, save, then resubmit.
    await input.fill(flow.after);
    await input.press('Tab');
    await visible(main(page).getByText('有未保存的修改'));
    await main(page).getByRole('button', { name: '保存草稿' }).click();
    await visible(toast(page, '草稿已保存'));
    await hidden(main(page).getByText('有未保存的修改'));
    expect(await (await cellOf(main(page), flow.rowDesc, COLUMN)).getByRole('spinbutton').inputValue()).toBe(
      flow.after,
    );

    await main(page).getByRole('button', { name: '重新提交', exact: true }).click();
    const confirm = question(page, /确定提交 \d+ 行需求信息吗？/);
    await visible(confirm);
    await confirm.getByRole('button', { name: '重新提交', exact: true }).click();
    await visible(toast(page, '已提交，等待市州人社局审核'));
    await seesState(page, '已提交待审核');
    await visible(main(page).getByRole('alert').filter({ hasText: '已按退回意见修改，等待审核' }));
    expect(await main(page).getByRole('spinbutton').count(), '提交后不能再改').toBe(0);

    // Still so after a reload: the new value is what the server keeps.
    await page.reload();
    await seesState(page, '已提交待审核');
    expect((await (await cellOf(main(page), flow.rowDesc, COLUMN)).innerText()).trim()).toMatch(
      new RegExp(`^${flow.after}\\b`),
    );
  });

  it(`${BUREAU} 在「修改对比」里看到原值 → 新值，审核通过`, async () => {
    expect(flow.after, '依赖上面学校重新提交的用例').toBe('17');
    const page = await newPage(browser);
    await bureauOpensForm(page, '待审核');
    await seesState(page, '已提交待审核');

    await visible(main(page).getByRole('heading', { level: 3, name: '修改对比' }));
    const change = main(page)
      .getByRole('listitem')
      .filter({
        hasText: new RegExp(
          `^\\s*修改\\s*${escapeRe(flow.rowDesc)} · ${COLUMN}：\\s*${flow.before}\\s*${flow.after}\\s*$`,
        ),
      });
    await visible(change);
    await visible(change.getByText(flow.before, { exact: true }));
    await visible(change.getByText(flow.after, { exact: true }));
    // Only that one change.
    expect(
      await main(page)
        .getByRole('listitem')
        .filter({ has: page.getByText('修改', { exact: true }) })
        .count(),
    ).toBe(1);
    // The cell itself shows the new value and the old one under it; the reason reads as done.
    const cell = await cellOf(main(page), flow.rowDesc, COLUMN);
    await visible(cell.getByText(`原值：${flow.before}`));
    expect((await cell.innerText()).trim().split('\n')[0].trim()).toBe(flow.after);
    await visible(
      main(page)
        .getByRole('alert')
        .filter({ hasText: '此前的退回意见（单位已修改并重新提交）' })
        .filter({ hasText: flow.reason }),
    );

    await main(page).getByRole('button', { name: '审核通过', exact: true }).click();
    const confirm = question(page, `确定审核通过“${flow.orgName}”的需求表吗？`);
    await visible(confirm);
    await confirm.getByRole('button', { name: '审核通过', exact: true }).click();
    await visible(toast(page, '已审核通过'));
    await seesState(page, '市州已审核');
    await hidden(main(page).getByRole('button', { name: '审核通过', exact: true }));
    await hidden(main(page).getByRole('button', { name: '退回修改', exact: true }));
  });

  it(`${BUREAU} 只勾选这一份报送省厅`, async () => {
    expect(flow.after, '依赖上面审核通过的用例').toBe('17');
    const bureau = await newPage(browser);
    await loginAs(bureau, BUREAU);
    await openReviewMenu(bureau, '报送省厅', 'batches');
    await visible(main(bureau).getByRole('heading', { level: 2, name: /^报送省厅/ }));
    const pending = main(bureau)
      .locator('.page-card')
      .filter({ has: bureau.getByRole('heading', { name: '已审核待报送' }) });
    const ours = pending
      .getByRole('row')
      .filter({ has: bureau.getByRole('link', { name: flow.orgName, exact: true }) });
    await visible(ours);
    // Every approved form comes ticked; this batch is to hold the school's form only.
    await expect.poll(() => ours.getByRole('checkbox').isChecked()).toBe(true);
    await pending.getByRole('columnheader', { name: '选择所有行' }).click();
    await visible(pending.getByRole('button', { name: '报送省厅（0 份）' }));
    await ours.getByRole('cell', { name: '选择当前行' }).click();
    await expect.poll(() => ours.getByRole('checkbox').isChecked()).toBe(true);
    await pending.getByPlaceholder('报送说明（可选）').fill('武汉市第二技工学校退回改正后的需求表');
    await pending.getByRole('button', { name: '报送省厅（1 份）' }).click();
    const confirm = question(bureau, '确定将选中的 1 份表单报送省厅吗？');
    await visible(confirm);
    await confirm.getByRole('button', { name: '报送省厅', exact: true }).click();
    const sent = toast(bureau, /第 \d+ 批已报送省厅（1 份）/);
    await visible(sent);
    flow.seq = Number((await sent.first().innerText()).match(/第 (\d+) 批/)![1]);
    // 武汉市's demo batches are 第 1 批 and 第 2 批; this is its third.
    expect(flow.seq).toBe(3);
    await hidden(ours);
    const history = main(bureau)
      .locator('.page-card')
      .filter({ has: bureau.getByRole('heading', { name: '报送批次' }) });
    const batchRow = history.getByRole('row').filter({ hasText: `第 ${flow.seq} 批` });
    await visible(batchRow.getByText('已报送待接收'));
  });

  it('province 在批次接收中整批接收，学校看到省厅已接收', async () => {
    expect(flow.seq, '依赖上面报送省厅的用例').toBe(3);
    const province = await newPage(browser);
    await loginAs(province, 'province');
    await openReviewMenu(province, '批次接收', 'batches');
    await visible(main(province).getByRole('heading', { level: 2, name: /^批次接收/ }));
    const row = main(province)
      .getByRole('row')
      .filter({ hasText: '武汉市' })
      .filter({ hasText: `第 ${flow.seq} 批` });
    await visible(row);
    await visible(row.getByText('已报送待接收'));
    await visible(row.getByText('武汉市第二技工学校退回改正后的需求表'));
    await row.getByRole('button', { name: '整批接收' }).click();
    const accept = question(province, `确定接收 武汉市 第 ${flow.seq} 批中待接收的 1 份表单吗？`);
    await visible(accept);
    await accept.getByRole('button', { name: '整批接收' }).click();
    await visible(toast(province, '已接收 1 份'));
    await visible(row.getByText('已全部接收'));
    await hidden(row.getByRole('button', { name: '整批接收' }));

    // Opening the batch shows the school's form, now accepted.
    await row.getByRole('button', { name: '展开当前行' }).click();
    const formRow = main(province)
      .getByRole('row')
      .filter({ has: province.getByRole('link', { name: flow.orgName, exact: true }) });
    await visible(formRow.getByText('省厅已接收'));

    // And the school sees where its form ended up.
    const school = await newPage(browser);
    await loginAs(school, SCHOOL);
    await (await menuEntry(menu(school), '我的填报')).click();
    await seesState(school, '省厅已接收');
  });
});
