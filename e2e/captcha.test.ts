// Issue 15 part 1 in a browser: after repeated failures the login page shows a captcha when the server asks for it
// (the same for a name that has no account), a wrong answer gives a fresh picture, the right one lets the owner in.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  captchaAnswerOf as answerOf,
  closePages,
  DEMO_PASSWORD,
  launch,
  newPage,
  PHONE,
  SHOTS_DIR,
  visible,
} from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(closePages);

// Not an account any other browser test logs in with: its failures would make them meet the captcha too.
const OWNER = 'school-420600-02';

async function failFiveTimes(page: Page, username: string) {
  await page.goto('/login');
  await page.getByPlaceholder('请输入用户名').fill(username);
  for (let i = 0; i < 5; i++) {
    await page.getByPlaceholder('请输入密码').fill(`Wrong#${i}pass`);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    expect((await answered).status()).toBe(401);
  }
}

describe('登录验证码', () => {
  it('asks for a captcha after 5 failures, for an unknown name just the same', async () => {
    const unknown = await newPage(browser, PHONE);
    await failFiveTimes(unknown, 'no-such-user-42');
    await visible(unknown.getByTestId('captcha-image'));
    await visible(unknown.getByRole('alert').filter({ hasText: '用户名或密码错误' }));
    await unknown.screenshot({ path: `${SHOTS_DIR}/captcha-login-phone.png` });
  });

  it('the owner gets in by reading the picture; a wrong answer gives a new one', async () => {
    const page = await newPage(browser);
    await failFiveTimes(page, OWNER);
    const picture = page.getByTestId('captcha-image');
    await visible(picture);
    await page.screenshot({ path: `${SHOTS_DIR}/captcha-login-desktop.png` });

    // A wrong answer: refused, and the picture changes (a captcha is spent once checked).
    const first = await picture.getAttribute('src');
    await page.getByPlaceholder('请输入密码').fill(DEMO_PASSWORD);
    await page.getByTestId('captcha-answer').fill('zzzz');
    const fresh = page.waitForResponse((r) => r.url().endsWith('/api/auth/captcha'));
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await visible(page.getByRole('alert').filter({ hasText: '验证码错误或已过期' }));
    const id = ((await (await fresh).json()) as { id: string }).id;
    await expect.poll(() => picture.getAttribute('src')).not.toBe(first);

    const answer = await answerOf(id);
    if (answer == null) return; // no Redis for this run: the answer cannot be read, the rest is covered by the API tests
    await page.getByTestId('captcha-answer').fill(answer.toUpperCase());
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await visible(page.getByRole('main'));
  });
});
