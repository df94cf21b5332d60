// From an accepted intent to a progress report, in a browser (issue #5): the school drafts an agreement from the
// intent, downloads it as Word (both parties named in the document), uploads the signed scan (a file that is not a
// scan is refused first) and signs; the enterprise confirms in its own session, and only then is it in force; then
// registers an order class (订单班) under it with its fields and files the
// first monthly progress report. Each step is checked by what the school sees: state tags, list rows, messages.
// Runs against the real server with the demo province (see global-setup.ts); the tests build on each other in the
// order written. The accepted intent is made over the API beforehand (that part is tested in matchmaking.test.ts),
// with an enterprise that has a demo account and no intent with the school yet, so a rerun picks the next one.
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type { APIRequestContext, Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inflateEntry, readCentralDirectory } from '../apps/server/src/modules/excel/zip';
import { periodBounds, periodOf, REPORT_STATE_LABELS } from '@cjrh/domain';
import { apiSession, closePages, hidden, launch, loginAs, newPage, stamp, today, visible, menuEntry } from './browser';

const SCHOOL = 'school-420500-01';

/** One step of a flow on this busy 2-core machine can take over a minute (the project default is 60 s). */
const STEP_TIMEOUT = 120_000;
let browser: Browser;

/**
 * The last month that is over by today (a monthly report falls due when its month ends, within 10 days): the order
 * class starts on its first day, so its report is the one the school is asked for, whatever date the run is on.
 */
function lastEndedMonth(day: string) {
  const bounds = periodBounds(periodOf(day, 'monthly'));
  const period = bounds.end === day ? bounds.period : periodOf(addDaysIso(bounds.start, -1), 'monthly');
  const { start, dueDate } = periodBounds(period);
  const [y, m] = period.split('-').map(Number);
  return {
    start,
    label: `${y}年${m}月`,
    state: day <= dueDate ? REPORT_STATE_LABELS.due : REPORT_STATE_LABELS.overdue,
  };
}
const addDaysIso = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const flow = {
  intentId: 0,
  schoolName: '',
  enterpriseName: '',
  enterpriseUser: '',
  agreementId: 0,
  agreementNo: '',
  title: '',
  projectId: 0,
  projectTitle: '',
  /** Set once the agreement is signed, and once the order class is registered under it. */
  signed: false,
  registered: false,
};

beforeAll(async () => {
  browser = await launch();
  // An accepted intent between the school and an enterprise with an account (set-up over the API, not under test).
  const province = await apiSession(browser, 'province');
  type Account = { username: string; orgId: number | null; orgName: string | null; disabled: boolean };
  const accounts = (
    await json<{ items: Account[] }>(province, '/api/accounts?role=enterprise&pageSize=100')
  ).items.filter((a) => a.orgId && !a.disabled);
  const school = await apiSession(browser, SCHOOL);
  type Party = { orgId: number; name: string };
  const intents = (
    await json<{ items: { from: Party; to: Party }[] }>(school, '/api/intents?box=all&page=1&pageSize=200')
  ).items;
  const talked = new Set(intents.flatMap((i) => [i.from.orgId, i.to.orgId]));
  // Prefer the school's own city, as a bureau would see it.
  const partner =
    accounts.find((a) => a.username.startsWith('enterprise-420500-') && !talked.has(a.orgId!)) ??
    accounts.find((a) => !talked.has(a.orgId!));
  if (!partner) throw new Error(`没有与 ${SCHOOL} 尚未对接、且有示例账号的企业`);
  const sent = await school.post('/api/intents', {
    data: {
      source: 'direct',
      toOrgId: partner.orgId,
      cooperationType: '订单（定向）班',
      message: '拟合作开设数控加工订单班（浏览器测试准备）',
    },
  });
  expect(sent.ok(), await sent.text()).toBe(true);
  const intent = (await sent.json()) as { id: number; version: number; from: Party; to: Party };
  const enterprise = await apiSession(browser, partner.username);
  const accepted = await enterprise.post(`/api/intents/${intent.id}/actions`, {
    data: { action: 'accept', version: intent.version },
  });
  expect(accepted.ok(), await accepted.text()).toBe(true);
  Object.assign(flow, {
    intentId: intent.id,
    schoolName: intent.from.name,
    enterpriseName: intent.to.name,
    enterpriseUser: partner.username,
  });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(closePages);

async function json<T>(api: APIRequestContext, url: string): Promise<T> {
  const r = await api.get(url);
  expect(r.ok(), `${url}: ${r.status()}`).toBe(true);
  return (await r.json()) as T;
}

const main = (page: Page) => page.getByRole('main');
const menu = (page: Page) => page.getByRole('menubar');
const toast = (page: Page, text: string | RegExp) => page.getByRole('alert').filter({ hasText: text });
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The level-2 heading of a detail page: the title followed by its state tag. */
const headingWithState = (page: Page, title: string, state: string) =>
  main(page).getByRole('heading', { level: 2, name: new RegExp(`^${escapeRe(title)}\\s*${state}`) });

/** A 1×1 PNG with its real signature, header and data (the server judges a scan by its bytes). */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Types a date into an Element Plus date picker (found by its form item's label) and confirms it. */
async function pickDate(scope: Locator, label: string, date: string) {
  const input = scope
    .locator('.el-form-item')
    .filter({ has: scope.page().getByText(label, { exact: true }) })
    .locator('input')
    .first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(date);
}

describe('依据已接受的对接意向签订协议，登记订单班并填报进展', { timeout: STEP_TIMEOUT }, () => {
  it(`${SCHOOL} 依据对接意向起草协议，下载 Word，上传扫描件后签署`, async () => {
    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    await (await menuEntry(menu(page), '合作协议')).click();
    await page.waitForURL((u) => u.pathname === '/agreements');
    await main(page).getByRole('button', { name: '新建协议' }).click();
    await page.waitForURL((u) => u.pathname === '/agreements/new');
    await visible(main(page).getByRole('heading', { level: 2, name: '新建合作协议' }));

    // Saving with nothing chosen is refused in place.
    await main(page).getByRole('button', { name: '保存为草稿' }).click();
    await visible(main(page).getByText('请选择对接意向'));
    expect(page.url()).toMatch(/\/agreements\/new$/);

    // The accepted intent fills in both parties, the area and the name.
    await main(page).locator('.el-form-item').filter({ hasText: '对接意向' }).locator('.el-select__wrapper').click();
    await page.getByRole('option').filter({ hasText: flow.enterpriseName }).first().click();
    await hidden(main(page).getByText('请选择对接意向'));
    flow.title = `${flow.schoolName}与${flow.enterpriseName}校企合作协议`;
    const name = main(page).locator('.el-form-item').filter({ hasText: '协议名称' }).getByRole('textbox');
    await expect.poll(() => name.inputValue()).toBe(flow.title);
    await visible(main(page).locator('.el-form-item').filter({ hasText: /^企业/ }).getByText(flow.enterpriseName));
    const areas = main(page).locator('.el-form-item').filter({ hasText: '合作领域' });
    await areas.locator('.el-select__wrapper').click();
    await page.getByRole('option', { name: '人才联合培养', exact: true }).click();
    await page.keyboard.press('Escape');
    await main(page).getByRole('button', { name: '保存为草稿' }).click();

    await visible(toast(page, '协议草稿已创建'));
    await page.waitForURL((u) => /^\/agreements\/\d+$/.test(u.pathname));
    flow.agreementId = Number(new URL(page.url()).pathname.split('/').pop());
    await visible(headingWithState(page, flow.title, '草稿'));
    const parties = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('heading', { name: '协议各方' }) });
    await visible(parties.getByText(flow.schoolName, { exact: true }));
    await visible(parties.getByText(flow.enterpriseName, { exact: true }));
    await visible(main(page).getByRole('link', { name: '查看对接意向' }));
    flow.agreementNo = (await main(page).locator('dd.mono').first().innerText()).trim();
    expect(flow.agreementNo).toMatch(/^XQ-420500-\d{4}-\d{4}$/);
    // 签署 waits for the scan.
    await visible(main(page).getByRole('alert').filter({ hasText: '请先上传双方签字盖章的协议扫描件' }));
    await expect.poll(() => main(page).getByRole('button', { name: '签署' }).isDisabled()).toBe(true);

    // The Word document names both parties.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      main(page).getByRole('link', { name: '下载 Word 协议' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const docx = readFileSync((await download.path())!);
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    const entries = readCentralDirectory(docx);
    const body = entries.find((e) => e.name === 'word/document.xml');
    expect(body, `docx 条目：${entries.map((e) => e.name).join(', ')}`).toBeTruthy();
    const xml = inflateEntry(docx, body!).toString('utf8');
    const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain(flow.schoolName);
    expect(text).toContain(flow.enterpriseName);
    expect(text).toContain(flow.agreementNo);

    // A file that only claims to be an image is refused; nothing is uploaded.
    const input = main(page).locator('input[type=file]');
    await input.setInputFiles({ name: '扫描件.png', mimeType: 'image/png', buffer: Buffer.from('这不是图片') });
    await visible(toast(page, '只能上传 PDF、JPEG 或 PNG 格式的扫描件'));
    await visible(main(page).getByText('尚未上传扫描件'));

    // The real scan goes up, and 签署 becomes possible.
    await input.setInputFiles({ name: '协议扫描件.png', mimeType: 'image/png', buffer: tinyPng() });
    await visible(toast(page, '扫描件已上传'));
    await visible(main(page).getByRole('link', { name: '协议扫描件.png' }));
    await hidden(main(page).getByText('尚未上传扫描件'));
    await hidden(main(page).getByRole('alert').filter({ hasText: '请先上传双方签字盖章的协议扫描件' }));

    await main(page).getByRole('button', { name: '签署' }).click();
    const sign = page.getByRole('dialog', { name: '签署协议' });
    await visible(sign);
    await sign.getByRole('button', { name: '确认签署' }).click();
    await visible(toast(page, '协议已签署'));
    await hidden(sign);
    // The school's signature is its own confirmation; the enterprise has not agreed yet.
    await visible(headingWithState(page, flow.title, '待各方确认'));
    await visible(
      main(page)
        .getByRole('alert')
        .filter({ hasText: `待各方确认：${flow.enterpriseName}` }),
    );
    await visible(main(page).locator('dd').filter({ hasText: today() }));
    await hidden(main(page).getByRole('button', { name: '修改草稿' }));
    const history = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('heading', { name: '协议记录' }) });
    await visible(history.getByText(/签署/));
    await visible(history.getByText(/上传扫描件/));

    // The enterprise confirms in its own browser session; the term starts today, so it is in force at once.
    const ent = await newPage(browser);
    await loginAs(ent, flow.enterpriseUser);
    await ent.goto(`/agreements/${flow.agreementId}`);
    await visible(headingWithState(ent, flow.title, '待各方确认'));
    await main(ent).getByRole('button', { name: '确认协议' }).click();
    const ask = ent.getByRole('dialog').filter({ hasText: flow.title });
    await visible(ask);
    await ask.getByRole('button', { name: '确认协议' }).click();
    await visible(toast(ent, '已确认协议'));
    await visible(headingWithState(ent, flow.title, '(已签订|履行中)'));
    await visible(main(ent).getByRole('heading', { name: '封存的签署文本' }));
    await ent.close();

    // The school sees it in force; the list has it with its state.
    await page.reload();
    await visible(headingWithState(page, flow.title, '(已签订|履行中)'));
    await main(page).getByRole('link', { name: '返回协议列表' }).click();
    const row = main(page).getByRole('row').filter({ hasText: flow.agreementNo });
    await visible(row);
    await visible(row.getByText(/^(已签订|履行中)$/));
    flow.signed = true;
  });

  it(`${SCHOOL} 在协议下登记订单班，填写各项信息`, async () => {
    expect(flow.signed, '依赖上面签署协议的用例').toBe(true);
    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    await page.goto(`/agreements/${flow.agreementId}`);
    const projects = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('heading', { name: /^合作项目/ }) });
    await visible(projects.getByText('尚未登记合作项目'));
    await projects.getByRole('button', { name: '登记项目' }).click();
    const dialog = page.getByRole('dialog', { name: '登记合作项目' });
    await visible(dialog);
    await visible(dialog.getByText('人才培养订单（定向）班信息'));

    // 登记 with the fields empty lists what is missing.
    await dialog.getByRole('button', { name: '登记', exact: true }).click();
    await visible(dialog.getByText(/还有 \d+ 处需要修改/));

    flow.projectTitle = `数控加工订单班（${stamp()}）`;
    const item = (label: string) =>
      dialog.locator('.el-form-item').filter({ has: page.getByText(label, { exact: true }) });
    await item('项目名称').getByRole('textbox').fill(flow.projectTitle);
    const { start } = lastEndedMonth(today());
    await pickDate(dialog, '开始日期', start);
    await item('专业').locator('.el-select__wrapper').click();
    await page.keyboard.type('数控');
    await page.getByRole('option').filter({ hasText: '数控加工' }).first().click();
    // The list closes with an animation; on a busy machine the next select's click would land on it.
    await hidden(page.getByRole('option').filter({ hasText: '数控加工' }).first());
    await item('培养层次').locator('.el-select__wrapper').click();
    await page.getByRole('option', { name: '高级工', exact: true }).click();
    await item('订单班人数').getByRole('spinbutton').fill('40');
    await pickDate(dialog, '开班日期', start);
    const end = `${Number(today().slice(0, 4)) + 2}-06-30`;
    await pickDate(dialog, '结业日期', end);
    // More hires promised than students is refused by the same rule as on the server.
    await item('企业承诺录用人数').getByRole('spinbutton').fill('50');
    await item('企业承诺录用人数').getByRole('spinbutton').press('Tab');
    await visible(item('企业承诺录用人数').locator('.el-form-item__error'));
    await item('企业承诺录用人数').getByRole('spinbutton').fill('30');
    await item('企业承诺录用人数').getByRole('spinbutton').press('Tab');
    await hidden(item('企业承诺录用人数').locator('.el-form-item__error'));
    await dialog.getByRole('button', { name: '登记', exact: true }).click();

    await visible(toast(page, '项目已登记'));
    await page.waitForURL((u) => /^\/projects\/\d+$/.test(u.pathname));
    flow.projectId = Number(new URL(page.url()).pathname.split('/').pop());
    await visible(headingWithState(page, flow.projectTitle, '计划中'));
    await visible(main(page).getByRole('link', { name: flow.agreementNo }));
    await visible(main(page).getByText('人才培养订单（定向）班', { exact: true }));
    const data = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('heading', { name: '人才培养订单（定向）班信息' }) });
    for (const shown of [/数控加工/, /高级工/, /40\s*人/, /30\s*人/, new RegExp(end)])
      await visible(data.getByText(shown).first());

    // Back on the agreement, the project is a row of 合作项目.
    await main(page).getByRole('link', { name: flow.agreementNo }).click();
    await page.waitForURL((u) => u.pathname === `/agreements/${flow.agreementId}`);
    const row = main(page)
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: flow.projectTitle }) });
    await visible(row);
    await visible(row.getByText('人才培养订单（定向）班'));
    await visible(row.getByText('计划中'));
    flow.registered = true;
  });

  it(`${SCHOOL} 填报订单班上一个已结束月份的进展报告并提交`, async () => {
    expect(flow.registered, '依赖上面登记项目的用例').toBe(true);
    const page = await newPage(browser);
    await loginAs(page, SCHOOL);
    await page.goto(`/projects/${flow.projectId}`);
    const reports = main(page)
      .locator('.page-card')
      .filter({ has: page.getByRole('heading', { name: '进展报告' }) });
    await visible(reports.getByText(/^报告频次：/));
    const { label: month, state } = lastEndedMonth(today());
    const row = reports.getByRole('row').filter({ hasText: month });
    await visible(row.getByText(state));
    await row.getByRole('button', { name: '填报' }).click();

    const dialog = page.getByRole('dialog', { name: `${month}进展报告` });
    await visible(dialog);
    const item = (label: string) =>
      dialog.locator('.el-form-item').filter({ has: page.getByText(label, { exact: true }) });
    await item('入班人数').getByRole('spinbutton').fill('40');
    await item('目前在读人数').getByRole('spinbutton').fill('45');
    await item('目前在读人数').getByRole('spinbutton').press('Tab');
    await item('已被合作企业录用人数').getByRole('spinbutton').fill('0');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    // More students still in class than ever enrolled is refused under the field.
    await visible(dialog.getByText('在读人数（45）不能超过入班人数（40）'));
    await item('目前在读人数').getByRole('spinbutton').fill('38');
    await item('目前在读人数').getByRole('spinbutton').press('Tab');
    await hidden(dialog.getByText('在读人数（45）不能超过入班人数（40）'));
    await dialog.getByLabel('情况说明').fill('订单班已开班，40 名学生入班，2 人转专业');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();

    await visible(toast(page, '报告已提交，等待市州审核'));
    await hidden(dialog);
    await visible(row.getByText('已提交待审核'));
    await visible(row.getByRole('button', { name: '查看' }));

    // Opening it again shows what was filed, read-only.
    await row.getByRole('button', { name: '查看' }).click();
    await visible(dialog.getByText('订单班已开班，40 名学生入班，2 人转专业'));
    expect(await dialog.getByRole('spinbutton').count()).toBe(0);
    await visible(dialog.getByText(/38\s*人/));
  });
});
