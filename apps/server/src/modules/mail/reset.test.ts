import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeUser, solveCaptcha, type TestApp } from '../../../test/app';
import { recipients, startSmtp, type TestSmtp } from '../../../test/smtp';
import { nowMs, setClock } from '../../lib/clock';
import { TEST_TODAY } from '../../../test/clock-setup';

// Each test asks for links for accounts of its own (wangs, noMail) and reads only the mail sent to their addresses, so
// the tests pass alone and in any order (the per-account one-a-minute limit never meets another test's request).
let t: TestApp;
let smtp: TestSmtp;
const SAME = /如果该账号存在并登记了邮箱，重置密码的链接已发送到登记的邮箱/;
// 忘记密码 is anonymous: a captcha with every request.
const forgot = async (loginName: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/forgot', payload: { login: loginName, ...(await solveCaptcha(t)) } });
const reset = (token: string, newPassword: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/reset', payload: { token, newPassword } });
const tokenOf = (text: string) => /https:\/\/cjrh\.example\.cn\/reset-password\?token=([\w-]+)/.exec(text)?.[1] ?? '';
const later = (minutes: number) => setClock(new Date(nowMs() + minutes * 60_000));

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({
    SMTP_URL: smtp.url,
    MAIL_FROM: 'noreply@example.cn',
    PUBLIC_URL: 'https://cjrh.example.cn/',
  });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
  setClock(TEST_TODAY);
});

let accounts = 0;
/** Arrange: a new province account 王科长 with an address on file, who must change the password; returns both. */
async function wangs() {
  const n = ++accounts;
  const w = { username: `wang${n}`, email: `wang${n}@example.cn` };
  await makeUser(t, { ...w, role: 'province', displayName: '王科长', mustChangePassword: true });
  return w;
}
/** Arrange: a new province account without an address; returns its user name. */
async function noMail() {
  const username = `nomail${++accounts}`;
  await makeUser(t, { username, role: 'province' });
  return username;
}
const to = (addr: string) => smtp.received.filter((m) => recipients(m).includes(addr));

describe('忘记密码 by e-mail', () => {
  it('mails a one-time link; the new password works, old sessions end, the forced change is cleared', async () => {
    const wang = await wangs();
    const before = smtp.received.length;
    const oldSession = await login(t, wang.username);
    const r = await forgot(wang.username);
    expect(r.statusCode).toBe(200);
    expect(r.json().message).toMatch(SAME);
    await smtp.waitFor(before + 1);
    const [m] = to(wang.email);
    expect(recipients(m)).toEqual([wang.email]);
    expect(m.subject).toContain('重置密码');
    expect(m.text).toContain('王科长，您好');
    expect(m.text).toContain('30 分钟');
    const token = tokenOf(m.text ?? '');
    expect(token.length).toBeGreaterThan(30);
    // Only the hash is on file.
    const { rows } = await exec(t, sql`select token_hash from password_resets`);
    expect(rows.map((x) => x.token_hash)).not.toContain(token);

    const weak = await reset(token, 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('weak_password'); // refused before the link is spent
    const ok = await reset(token, 'Neu@2026pw');
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: oldSession } })).statusCode).toBe(401);
    await login(t, wang.username, 'Neu@2026pw');
    const { rows: u } = await exec(t, sql`select must_change_password from users where username = ${wang.username}`);
    expect(u[0].must_change_password).toBe(false);

    const twice = await reset(token, 'Noch@2026pw');
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error).toMatchObject({
      code: 'reset_link_invalid',
      message: '重置链接已使用或已过期，请重新申请',
    });
  });

  it('sends at most one link a minute per account, and a link is dead after 30 minutes', async () => {
    const wang = await wangs();
    const before = smtp.received.length;
    later(2);
    expect((await forgot(wang.email.toUpperCase())).json().message).toMatch(SAME); // by the address on file, any case
    await smtp.waitFor(before + 1);
    const token = tokenOf(to(wang.email)[0].text ?? '');
    expect((await forgot(wang.username)).json().message).toMatch(SAME); // within a minute of the last link: no new mail
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(before + 1);
    later(31);
    const r = await reset(token, 'Spaet@2026pw');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toBe('重置链接已使用或已过期，请重新申请');
  });

  it('answers an unknown username, or an account without e-mail, exactly the same, and sends nothing', async () => {
    const wang = await wangs();
    const nomail = await noMail();
    const before = smtp.received.length;
    const known = await forgot(wang.username);
    await smtp.waitFor(before + 1);
    for (const who of ['nobody', nomail, 'nobody@example.cn']) {
      const r = await forgot(who);
      expect(r.statusCode).toBe(200);
      expect(r.body).toBe(known.body);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(before + 1);
    expect((await reset('not-a-token', 'Neu@2026pw')).json().error.code).toBe('reset_link_invalid');
  });
});

describe('contacts validation', () => {
  it('refuses an invalid phone or e-mail with Chinese field errors, and keeps valid ones (e-mail in lower case)', async () => {
    const cookie = await login(t, await noMail());
    const bad = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/profile',
      headers: { cookie },
      payload: { phone: '12345678901', email: 'wang@' },
    });
    expect(bad.statusCode).toBe(400);
    const details = bad.json().error.details as { path: string; label: string; message: string }[];
    expect(details.find((d) => d.path === 'phone')).toMatchObject({
      label: '手机号',
      message: expect.stringMatching(/手机号应为 11 位/),
    });
    expect(details.find((d) => d.path === 'email')).toMatchObject({
      label: '邮箱',
      message: expect.stringMatching(/邮箱格式不正确/),
    });
    expect(bad.json().error.message).toMatch(/^(手机号|邮箱)：/);
    const ok = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/profile',
      headers: { cookie },
      payload: { phone: '13912345678', email: 'Li.Si@Example.cn', emailNotify: 'daily' },
    });
    expect(ok.json()).toMatchObject({
      phone: '13912345678',
      email: 'li.si@example.cn',
      emailNotify: 'daily',
      mailEnabled: true,
    });
    const cleared = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/profile',
      headers: { cookie },
      payload: { phone: '' },
    });
    expect(cleared.json().phone).toBeNull();
  });

  it('a manager sets and lists the contacts of an account; bad ones are refused by field', async () => {
    const cookie = await login(t, await noMail());
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { cookie },
      payload: { username: 'exp-1', displayName: '专家', role: 'expert', password: 'Kx9#mwq-Tulip', phone: '1391234' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({ path: 'phone', label: '手机号' });
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { cookie },
      payload: {
        username: 'exp-1',
        displayName: '专家',
        role: 'expert',
        password: 'Kx9#mwq-Tulip',
        phone: '13812345678',
        email: 'exp@example.cn',
      },
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ phone: '13812345678', email: 'exp@example.cn', emailNotify: 'instant' });
    const upd = await t.app.inject({
      method: 'PATCH',
      url: `/api/accounts/${made.json().id}`,
      headers: { cookie },
      payload: { email: 'bad', emailNotify: 'off' },
    });
    expect(upd.json().error.details[0]).toMatchObject({ path: 'email', label: '邮箱' });
    const list = (await t.app.inject({ url: '/api/accounts?q=exp-1', headers: { cookie } })).json();
    expect(list.items[0]).toMatchObject({ phone: '13812345678', email: 'exp@example.cn' });
  });
});

describe('without SMTP_URL', () => {
  it('says reset by e-mail is not configured and whom to ask', async () => {
    const bare = await createTestApp();
    try {
      expect((await bare.app.inject({ url: '/api/auth/forgot' })).json()).toMatchObject({
        byEmail: false,
        message: expect.stringContaining('请联系所在市州人社局（或省厅）重置密码'),
      });
      const r = await bare.app.inject({
        method: 'POST',
        url: '/api/auth/forgot',
        payload: { login: 'wang', ...(await solveCaptcha(bare)) },
      });
      expect(r.statusCode).toBe(503);
      expect(r.json().error).toMatchObject({
        code: 'mail_not_configured',
        message: expect.stringContaining('市州人社局（或省厅）'),
      });
    } finally {
      await bare.close();
    }
  });
});
