import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core';
import { Redis } from 'ioredis';
import { inject, type TestContext } from 'vitest';

/** The server global-setup.ts started; throws its start-up failure instead when there is none. */
function baseURL(): string {
  const error = inject('serverError');
  if (error) throw new Error(`e2e server did not start: ${error}`);
  return inject('baseURL');
}
export const DEMO_PASSWORD = 'Demo@2025';

/** Today on the server's (pinned) clock, YYYY-MM-DD: the tests never read the wall clock. */
export function today(): string {
  return inject('today');
}

/** A short random tag that keeps a test's records apart from earlier runs' (not a time). */
export function stamp(): string {
  return randomBytes(4).toString('hex');
}
/** Where a failing test leaves a screenshot of every page it had open. */
export const SHOTS_DIR = process.env.E2E_SHOTS_DIR ?? '/tmp/e2e-shots';

/** Waits for anything a person would see (the server is local, so a few seconds is plenty). */
const UI_TIMEOUT = 10_000;

export async function launch(): Promise<Browser> {
  baseURL(); // no browser without a server: fail every test of the file with the reason
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

const open = new Set<BrowserContext>();
const logs = new WeakMap<Page, string[]>();

/** A fresh browser context (its own cookies, Chinese locale, Beijing time) and a page in it; closed by closePages(). */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 900 },
    ...options,
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  context.setDefaultNavigationTimeout(20_000);
  open.add(context);
  const page = await context.newPage();
  // Kept for the failure report: what the browser complained about while the test ran.
  const log: string[] = [];
  logs.set(page, log);
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && log.push(`console.error: ${m.text()}`));
  page.on('requestfailed', (r) => log.push(`requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => r.status() >= 500 && log.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`));
  return page;
}

/** For afterEach: screenshots of every open page when the test failed, then closes the contexts the test opened. */
export async function closePages(ctx: TestContext) {
  const failed = ctx.task.result?.state === 'fail';
  if (failed) mkdirSync(SHOTS_DIR, { recursive: true });
  const slug = ctx.task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
  let i = 0;
  for (const context of open) {
    if (failed) {
      for (const page of context.pages()) {
        const file = join(SHOTS_DIR, `${slug}-${++i}.png`);
        await page.screenshot({ path: file, fullPage: true, timeout: 5_000 }).then(
          () => console.log(`screenshot: ${file} (${page.url()})`),
          () => console.log(`no screenshot of ${page.url()}`),
        );
        const log = logs.get(page) ?? [];
        if (log.length) console.log(log.join('\n'));
      }
    }
    await context.close().catch(() => undefined);
  }
  open.clear();
}

/** Logs in through the login form as a person would (placeholders and button text of views/auth/login). */
export async function loginAs(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByPlaceholder('请输入用户名').fill(username);
  await page.getByPlaceholder('请输入密码').fill(password);
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  // The layout is up (on a phone the menu hides in a drawer, so wait for the page body instead).
  await visible(page.getByRole('main'));
}

/** Logs in over the API in a context of its own (for looking things up, not for what is being tested). */
export async function apiSession(browser: Browser, username: string, password = DEMO_PASSWORD) {
  const page = await newPage(browser);
  // A login hashes a password (argon2id): on a busy machine the first ones take longer than a page's wait.
  const r = await page.request.post('/api/auth/login', { data: { username, password }, timeout: 60_000 });
  if (!r.ok()) throw new Error(`API login as ${username} failed: ${r.status()} ${await r.text()}`);
  return page.request;
}

/** Resolves once the locator is visible; fails with a readable message otherwise. */
export async function visible(locator: Locator, timeout = UI_TIMEOUT) {
  await locator.first().waitFor({ state: 'visible', timeout });
}

/** Resolves once nothing matching the locator is visible. */
export async function hidden(locator: Locator, timeout = UI_TIMEOUT) {
  await locator.first().waitFor({ state: 'hidden', timeout });
}

/** The page's horizontal overflow: how much wider the document is than the window. */
export async function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * A side-menu entry, once the stage group (and a group within it) that holds it is open, as a person would open
 * them: the menu is grouped by stage (征集与审核, 发布与对接, …) and one stage is open at a time.
 */
export async function menuEntry(menu: Locator, name: string): Promise<Locator> {
  const item = menu.getByRole('menuitem', { name, exact: true }).first();
  // Element Plus keeps a closed group's entries in the page (hidden), so the groups around this one can be found.
  const groups = menu.locator('li.el-sub-menu', {
    has: menu.page().getByRole('menuitem', { name, exact: true, includeHidden: true }),
  });
  const n = await groups.count();
  for (let i = 0; i < n; i++) {
    const group = groups.nth(i);
    if (!((await group.getAttribute('class')) ?? '').includes('is-opened'))
      await group.locator(':scope > .el-sub-menu__title').click();
  }
  await visible(item);
  return item;
}

/** The answer of a captcha on the page, read from the server's Redis as a person reads it off the picture; null when
 *  this run's server has no Redis (then a test stops short of solving it). */
export async function captchaAnswerOf(id: string): Promise<string | null> {
  const { url, prefix } = inject('redis');
  if (!url) return null;
  const r = new Redis(url);
  try {
    const raw = await r.get(`${prefix}captcha:${id}`);
    return raw ? raw.slice(raw.indexOf('|') + 1) : null;
  } finally {
    await r.quit();
  }
}
