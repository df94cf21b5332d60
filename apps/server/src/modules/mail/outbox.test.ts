import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { recipients, startSmtp, type TestSmtp } from '../../../test/smtp';
import { loadEnv, testEnv } from '../../env';
import { nowMs, setClock } from '../../lib/clock';
import { TEST_TODAY } from '../../../test/clock-setup';
import { notifyOrg } from '../notifications/notifications.service';
import { createMailer, type Mailer } from './mailer';
import { runMailOutbox } from './outbox';

let t: TestApp;
let smtp: TestSmtp;
let mailer: Mailer;
let orgId: number;
const log = { warn: () => {} };
const mail = { PUBLIC_URL: 'https://cjrh.example.cn', MAIL_FROM: '湖北省产教融合平台 <noreply@example.cn>' };
const to = (addr: string) => smtp.received.filter((m) => recipients(m).includes(addr));

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ SMTP_URL: smtp.url, ...mail });
  mailer = createMailer(testEnv({ SMTP_URL: smtp.url, ...mail }))!;
  orgId = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳技师学院' })).id;
  await makeUser(t, {
    username: 'now',
    role: 'school',
    orgId,
    regionCode: '420600',
    displayName: '张老师',
    email: 'zhang@example.cn',
  });
  await makeUser(t, {
    username: 'day',
    role: 'school',
    orgId,
    regionCode: '420600',
    displayName: '李老师',
    email: 'li@example.cn',
    emailNotify: 'daily',
  });
  await makeUser(t, {
    username: 'off',
    role: 'school',
    orgId,
    regionCode: '420600',
    email: 'off@example.cn',
    emailNotify: 'off',
  });
  await makeUser(t, { username: 'noaddr', role: 'school', orgId, regionCode: '420600' });
});
afterAll(async () => {
  mailer.close();
  await t.close();
  await smtp.close();
  setClock(TEST_TODAY);
});

describe('notification e-mails', () => {
  it('a notification produces one e-mail to the account address, in Chinese, naming the matter, with the link', async () => {
    await notifyOrg(t.database.db, orgId, {
      kind: 'intent',
      title: '收到新的对接意向：东风汽车',
      body: '东风汽车希望与贵校开展订单培养，请在平台回复。',
      link: '/intents/7',
    });
    const r = await runMailOutbox(t.database.db, mailer, log);
    expect(r.instant).toBe(1);
    await smtp.waitFor(1);
    const [m] = to('zhang@example.cn');
    expect(m.subject).toBe('【产教融合·技能助跑】收到新的对接意向：东风汽车');
    expect(m.text).toContain('张老师，您好');
    expect(m.text).toContain('东风汽车希望与贵校开展订单培养');
    expect(m.text).toContain('https://cjrh.example.cn/intents/7');
    expect(m.from?.text).toContain('noreply@example.cn');
    // Sent once: a second run, or two at once, find nothing more to send.
    const again = await Promise.all([
      runMailOutbox(t.database.db, mailer, log),
      runMailOutbox(t.database.db, mailer, log),
    ]);
    expect(again.map((x) => x.instant)).toEqual([0, 0]);
    expect(smtp.received).toHaveLength(1);
  });

  it('two processes running at once send each new notification once', async () => {
    await notifyOrg(t.database.db, orgId, { kind: 'return', title: '需求表被退回：请补充专业代码', link: '/forms/3' });
    const runs = await Promise.all([
      runMailOutbox(t.database.db, mailer, log),
      runMailOutbox(t.database.db, mailer, log),
    ]);
    expect(runs[0].instant + runs[1].instant).toBe(1);
    await smtp.waitFor(2);
    expect(to('zhang@example.cn').map((m) => m.subject)).toEqual([
      '【产教融合·技能助跑】收到新的对接意向：东风汽车',
      '【产教融合·技能助跑】需求表被退回：请补充专业代码',
    ]);
  });

  it("'off' and accounts without an address get nothing; a backlog older than a day is not mailed", async () => {
    await exec(
      t,
      sql`insert into notifications (user_id, kind, title, created_at) select id, 'reminder', '旧通知', ${new Date(nowMs() - 30 * 3_600_000).toISOString()}::timestamptz from users where username = 'now'`,
    );
    await runMailOutbox(t.database.db, mailer, log);
    expect(to('off@example.cn')).toHaveLength(0);
    expect(smtp.received.some((m) => m.subject?.includes('旧通知'))).toBe(false);
    const { rows } = await exec(t, sql`select count(*)::int as n from notifications where emailed_at is null`);
    expect(rows[0].n).toBe(0); // everything handled, nothing left to sweep again
  });

  it("'daily' accounts get one digest the next day listing that day's notifications", async () => {
    expect(to('li@example.cn')).toHaveLength(0); // nothing during the day
    const before = smtp.received.length;
    setClock(`${TEST_TODAY}T23:30:00+08:00`);
    await notifyOrg(t.database.db, orgId, { kind: 'escalation', title: '填报即将截止（已提醒市州）' });
    setClock(new Date(Date.parse(`${TEST_TODAY}T00:00:00+08:00`) + 86_400_000 + 3_600_000)); // 01:00 the next day
    const r = await runMailOutbox(t.database.db, mailer, log);
    expect(r.digests).toBe(1);
    await smtp.waitFor(before + 2); // the digest, and 张老师's instant mail of the 23:30 notification
    const [d] = to('li@example.cn');
    expect(d.subject).toBe(`【产教融合·技能助跑】${TEST_TODAY} 通知汇总（共 3 条）`);
    expect(d.text).toContain('李老师，您好');
    for (const title of ['收到新的对接意向：东风汽车', '需求表被退回：请补充专业代码', '填报即将截止（已提醒市州）'])
      expect(d.text).toContain(title);
    expect(d.text).toContain('https://cjrh.example.cn/forms/3');
    // Once per day, whoever runs the loop.
    expect((await runMailOutbox(t.database.db, mailer, log)).digests).toBe(0);
    expect(to('li@example.cn')).toHaveLength(1);
    expect(to('off@example.cn')).toHaveLength(0);
  });
});

describe('mail configuration', () => {
  it('needs MAIL_FROM and PUBLIC_URL with SMTP_URL, in Chinese, and drops a trailing slash of PUBLIC_URL', () => {
    expect(() => loadEnv({ SMTP_URL: 'smtp://u:p@mail.example.cn:587' })).toThrow(
      /MAIL_FROM[^]*PUBLIC_URL|PUBLIC_URL[^]*MAIL_FROM/,
    );
    expect(() => loadEnv({ SMTP_URL: 'http://mail.example.cn' })).toThrow(/SMTP_URL 应形如/);
    expect(() => loadEnv({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL 应为/);
    const env = loadEnv({
      SMTP_URL: 'smtps://u:p@mail.example.cn:465',
      MAIL_FROM: 'noreply@example.cn',
      PUBLIC_URL: 'https://cjrh.example.cn/',
    });
    expect(env.PUBLIC_URL).toBe('https://cjrh.example.cn');
    expect(createMailer(loadEnv({}))).toBeNull(); // no SMTP_URL: no mail at all
  });
});
