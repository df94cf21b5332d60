// A demonstration round in the browser (issue #6): a bureau nominates one of its projects and sees the evidence the
// server pulled; an expert declares no conflict on it and scores against the rubric (a missing criterion is refused in
// Chinese), and declares a conflict on another project (then cannot score it); the province draws the shortlist (the
// trimmed mean shows the dropped extremes) and opens the public notice; an anonymous reader on a phone objects on the
// public list; the province sees the objector's contact, resolves it, and is told why it cannot publish yet.
// The round, the second nomination and the other experts' sheets are made over the API (their rules are tested in
// apps/server/src/modules/selection/selection.test.ts). Tests build on each other in the order written.
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
  captchaAnswerOf,
  closePages,
  horizontalOverflow,
  launch,
  loginAs,
  newPage,
  PHONE,
  stamp,
  today,
  visible,
} from './browser';

let browser: Browser;
const api: Record<string, APIRequestContext> = {};
const flow = { roundId: 0, title: '', nominationA: 0, projectA: '', nominationB: 0, projectB: '' };
const EXPERTS = ['expert-01', 'expert-02', 'expert-03', 'expert-04', 'expert-05'];

const main = (page: Page) => page.getByRole('main');
const toast = (page: Page, text: string | RegExp) => page.getByRole('alert').filter({ hasText: text });
const drawer = (page: Page) => page.locator('.el-drawer');

/** Over the API as `who` (sessions are per test: closePages closes their contexts). */
async function call(who: string, method: 'get' | 'post' | 'put', url: string, data?: unknown) {
  api[who] ??= await apiSession(browser, who);
  const r = await api[who][method](url, data === undefined ? undefined : { data });
  expect(r.ok(), `${method} ${url}: ${await r.text()}`).toBe(true);
  return r.json();
}

async function openRound(page: Page) {
  await page.goto(`/selection/rounds/${flow.roundId}`);
  await visible(main(page).getByRole('heading', { level: 2, name: new RegExp(flow.title) }));
}
const row = (page: Page, project: string) => main(page).getByRole('row').filter({ hasText: project });

beforeAll(async () => {
  browser = await launch();
  flow.title = `浏览器测试示范遴选 ${stamp()}`;
  const rubric = [
    { key: 'cooperation', label: '合作深度', max: 40 },
    { key: 'outcomes', label: '育人成效', max: 40 },
    { key: 'demonstration', label: '示范引领', max: 20 },
  ];
  const round = await call('province', 'post', '/api/selection/rounds', {
    year: Number(today().slice(0, 4)),
    title: flow.title,
    projectTypes: ['base', 'specialty'],
    rubric,
    quota: { base: 1, specialty: 1 },
  });
  flow.roundId = round.id;
  // The second nomination, from another region.
  type P = { id: number; title: string; selectionStatus: string; status: string };
  const projects: P[] = [];
  for (const type of ['base', 'specialty'])
    projects.push(...(await call('region-420100', 'get', `/api/projects?type=${type}&pageSize=200`)).items);
  const p = projects.find((x) => x.selectionStatus === 'none' && x.status !== 'stopped');
  if (!p) throw new Error('武汉没有可推荐的实训基地或特色专业项目');
  const n = await call('region-420100', 'post', `/api/selection/rounds/${flow.roundId}/nominations`, {
    projectId: p.id,
    statement: '浏览器测试：校企共建实训基地，成效明显。',
  });
  Object.assign(flow, { nominationB: n.id, projectB: p.title });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async (ctx) => {
  await closePages(ctx);
  for (const k of Object.keys(api)) delete api[k];
});

describe('a demonstration round in the browser', () => {
  it('a bureau nominates its project and sees the evidence the server pulled', async () => {
    const page = await newPage(browser);
    await loginAs(page, 'region-420600');
    await openRound(page);
    await main(page).getByRole('button', { name: '推荐项目' }).click();
    const dialog = page.getByRole('dialog', { name: '推荐本地区项目' });
    await visible(dialog.getByText('本轮只接受：实习实训基地、产教融合特色专业（群）'));
    await dialog.getByRole('button', { name: '推荐项目' }).click();
    await visible(dialog.getByText('推荐理由至少 10 个字').or(dialog.getByText('项目不能为空')));
    await dialog.locator('.el-form-item').filter({ hasText: '项目' }).first().locator('.el-select__wrapper').click();
    const option = page.locator('.el-select-dropdown__item:not(.is-disabled)').first();
    await visible(option);
    flow.projectA = (await option.locator('span').first().innerText()).trim();
    await option.click();
    await dialog.getByRole('textbox').fill('校企一体共建生产性实训基地，接收实习学生多，示范作用明显（浏览器测试）。');
    await dialog.getByRole('button', { name: '推荐项目' }).click();
    await visible(toast(page, '已推荐，佐证材料已自动汇集'));
    // The drawer opens on the new nomination with the evidence, including the agreement the project belongs to.
    await visible(drawer(page).getByText('佐证材料（推荐时由平台自动汇集）'));
    await visible(drawer(page).getByText(/^XQ-420600-/));
    await visible(drawer(page).getByText(flow.projectA).first());
    const detail = await call('province', 'get', `/api/selection/rounds/${flow.roundId}`);
    flow.nominationA = detail.nominations.find((n: { projectTitle: string }) => n.projectTitle === flow.projectA).id;
  });

  it('an expert declares, is refused a sheet with a missing criterion, scores; and declares a conflict elsewhere', async () => {
    const users = (await call('province', 'get', '/api/accounts?role=expert&pageSize=100')).items as {
      id: number;
      username: string;
    }[];
    await call('province', 'post', `/api/selection/rounds/${flow.roundId}/experts`, {
      userIds: EXPERTS.map((u) => users.find((x) => x.username === u)!.id),
    });
    const page = await newPage(browser);
    await loginAs(page, 'expert-01');
    await openRound(page);
    await visible(row(page, flow.projectA).getByText('待声明'));
    await row(page, flow.projectA).click();
    await drawer(page).getByText('不存在利益冲突', { exact: true }).click();
    await drawer(page).getByRole('button', { name: '提交声明' }).click();
    await visible(drawer(page).getByText('按评分细则评分'));
    await drawer(page).getByLabel('合作深度').fill('36');
    await drawer(page).getByLabel('育人成效').fill('35');
    await drawer(page).getByRole('button', { name: '提交评分' }).click();
    await visible(drawer(page).getByText('请为“示范引领”打分'));
    await drawer(page).getByLabel('示范引领').fill('18');
    await drawer(page).getByRole('button', { name: '提交评分' }).click();
    await visible(toast(page, '评分已保存，总分 89 分'));
    await visible(row(page, flow.projectA).getByText('已评分 89 分'));

    await page.keyboard.press('Escape');
    await row(page, flow.projectB).click();
    await drawer(page).getByText('存在利益冲突', { exact: true }).click();
    await drawer(page).getByPlaceholder('存在利益冲突时请说明原因').fill('本人曾在该校兼职授课');
    await drawer(page).getByRole('button', { name: '提交声明' }).click();
    await visible(drawer(page).getByText('您已声明存在利益冲突（本人曾在该校兼职授课），不参与该项目评分。'));
    expect(await drawer(page).getByRole('button', { name: '提交评分' }).count()).toBe(0);
    await visible(row(page, flow.projectB).getByText('利益冲突回避'));
  });

  it('the province draws the shortlist (extremes dropped) and opens the public notice', async () => {
    const sheets: Record<string, [number, number, number]> = {
      'expert-02': [30, 30, 15],
      'expert-03': [34, 34, 17],
      'expert-04': [20, 20, 10],
      'expert-05': [28, 28, 14],
    };
    for (const [u, s] of Object.entries(sheets)) {
      for (const n of [flow.nominationA, flow.nominationB]) {
        await call(u, 'post', `/api/selection/nominations/${n}/declaration`, { conflict: false });
        await call(u, 'put', `/api/selection/nominations/${n}/score`, {
          scores: { cooperation: s[0], outcomes: s[1], demonstration: s[2] },
          comment: '',
        });
      }
    }
    const page = await newPage(browser);
    await loginAs(page, 'province');
    await openRound(page);
    await main(page).getByRole('button', { name: '确定拟入选名单' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确定|OK/ })
      .click();
    await visible(toast(page, '拟入选名单已确定'));
    // A: 89, 75, 85, 50, 70 → drop 89 and 50 → (75 + 85 + 70) / 3 = 76.67.
    await visible(row(page, flow.projectA).getByText('76.67'));
    await row(page, flow.projectA).click();
    await visible(drawer(page).getByText('最终得分 76.67（5 份有效评分，去掉最高 89、最低 50）'));
    await visible(drawer(page).getByText('去掉最高分'));
    await visible(drawer(page).getByText('去掉最低分'));
    await page.keyboard.press('Escape');

    await main(page).getByRole('button', { name: '发布公示' }).click();
    const dialog = page.getByRole('dialog', { name: '发布公示' });
    await dialog.getByRole('button', { name: '发布公示' }).click();
    await visible(toast(page, '公示已发布'));
    await visible(main(page).getByRole('heading', { level: 2 }).getByText('公示中'));
  });

  it('anyone objects on the public list at phone width', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto('/results/demonstrations');
    const section = page.locator('section').filter({ hasText: flow.title });
    await visible(section.getByText('公示中'));
    await visible(section.getByText(`公示期：${today()} 至`));
    const item = section.locator('.card').filter({ hasText: flow.projectA });
    // An anonymous objection needs a captcha (issue #15); the dialog fetches one as it opens.
    const captcha = page.waitForResponse((r) => r.url().endsWith('/api/auth/captcha'));
    await item.getByRole('button', { name: '提出异议' }).click();
    const dialog = page.getByRole('dialog', { name: '对公示项目提出异议' });
    const answer = await captchaAnswerOf(((await (await captcha).json()) as { id: string }).id);
    expect(answer, 'this browser run needs Redis to read the captcha').not.toBeNull();
    await dialog.getByTestId('captcha-answer').fill(answer!.toUpperCase());
    await dialog.getByLabel('姓名').fill('王某');
    await dialog.getByLabel('联系方式').fill('13712345678');
    await dialog.getByLabel('异议内容').fill('太短');
    await dialog.getByRole('button', { name: '提交异议' }).click();
    await visible(dialog.getByText('异议内容至少 10 个字'));
    await dialog.getByLabel('异议内容').fill('该基地实际接收学生人数与申报不符，请核实（浏览器测试）。');
    await dialog.getByRole('button', { name: '提交异议' }).click();
    await visible(page.getByText('异议已受理，省人社厅将在公示结束前核实处理'));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('the province sees the contact, resolves the objection, and is told why it cannot publish yet', async () => {
    const page = await newPage(browser);
    await loginAs(page, 'province');
    await openRound(page);
    await visible(row(page, flow.projectA).getByText('1 条异议待处理'));
    await row(page, flow.projectA).click();
    await visible(drawer(page).getByText('联系方式：13712345678'));
    await drawer(page).getByPlaceholder('核实情况与处理理由（至少 2 个字）').fill('经核实，接收学生人数与台账一致');
    await drawer(page).getByRole('button', { name: '处理', exact: true }).click();
    await visible(toast(page, '异议已处理'));
    await visible(drawer(page).getByText('异议不成立', { exact: true }));
    await page.keyboard.press('Escape');
    // The notice runs until its last day: publishing waits, and the button says why.
    const publish = main(page).getByRole('button', { name: '发布遴选结果' });
    expect(await publish.isDisabled()).toBe(true);
    await publish.hover({ force: true });
    await visible(page.getByText(/公示期至 \d{4}-\d{2}-\d{2}，公示结束后才能发布遴选结果/));
  });
});
