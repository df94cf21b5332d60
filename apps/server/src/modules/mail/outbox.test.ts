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

// Each test makes a school of its own whose accounts have addresses of their own (newSchool), and reads only the mail
// sent to those, so the tests pass alone and in any order. Only the digest test makes a 'daily' account, and it puts the
// clock back when it is done.
let t: TestApp;
let smtp: TestSmtp;
let mailer: Mailer;
const log = { warn: () => {} };
const mail = { PUBLIC_URL: 'https://cjrh.example.cn', MAIL_FROM: '湖北省产教融合平台 <noreply@example.cn>' };
const to = (addr: string) => smtp.received.filter((m) => recipients(m).includes(addr));

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ SMTP_URL: smtp.url, ...mail });
  mailer = createMailer(testEnv({ SMTP_URL: smtp.url, ...mail }))!;
});
afterAll(async () => {
  mailer.close();
  await t.close();
  await smtp.close();
  setClock(TEST_TODAY);
});

let schools = 0;
/**
 * Arrange: a new 襄阳 school with 张老师 (mailed at once), an account that turned mail off, one without an address and,
 * when asked, 李老师 who takes a daily digest. Returns the school's id, the addresses and 张老师's user name.
 */
async function newSchool({ daily = false } = {}) {
  const n = ++schools;
  const orgId = (await makeOrg(t, { type: 'school', regionCode: '420600', name: `襄阳技师学院${n}` })).id;
  const a = {
    orgId,
    now: `now${n}`,
    zhang: `zhang${n}@example.cn`,
    li: `li${n}@example.cn`,
    off: `off${n}@example.cn`,
  };
  const school = { orgId, regionCode: '420600', role: 'school' } as const;
  await makeUser(t, { ...school, username: a.now, displayName: '张老师', email: a.zhang });
  if (daily)
    await makeUser(t, { ...school, username: `day${n}`, displayName: '李老师', email: a.li, emailNotify: 'daily' });
  await makeUser(t, { ...school, username: `off${n}`, email: a.off, emailNotify: 'off' });
  await makeUser(t, { ...school, username: `noaddr${n}` });
  return a;
}
const intent = (orgId: number) =>
  notifyOrg(t.database.db, orgId, {
    kind: 'intent',
    title: '收到新的对接意向：东风汽车',
    body: '东风汽车希望与贵校开展订单培养，请在平台回复。',
    link: '/intents/7',
  });
const returned = (orgId: number) =>
  notifyOrg(t.database.db, orgId, { kind: 'return', title: '需求表被退回：请补充专业代码', link: '/forms/3' });

describe('notification e-mails', () => {
  it('a notification produces one e-mail to the account address, in Chinese, naming the matter, with the link', async () => {
    const a = await newSchool();
    const before = smtp.received.length;
    await intent(a.orgId);
    const r = await runMailOutbox(t.database.db, mailer, log);
    expect(r.instant).toBe(1);
    await smtp.waitFor(before + 1);
    const [m] = to(a.zhang);
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
    expect(smtp.received).toHaveLength(before + 1);
    expect(to(a.zhang)).toHaveLength(1);
  });

  it('two processes running at once send each new notification once', async () => {
    const a = await newSchool();
    const before = smtp.received.length;
    await returned(a.orgId);
    const runs = await Promise.all([
      runMailOutbox(t.database.db, mailer, log),
      runMailOutbox(t.database.db, mailer, log),
    ]);
    expect(runs[0].instant + runs[1].instant).toBe(1);
    await smtp.waitFor(before + 1);
    expect(to(a.zhang).map((m) => m.subject)).toEqual(['【产教融合·技能助跑】需求表被退回：请补充专业代码']);
  });

  it("'off' and accounts without an address get nothing; a backlog older than a day is not mailed", async () => {
    const a = await newSchool();
    await returned(a.orgId);
    await exec(
      t,
      sql`insert into notifications (user_id, kind, title, created_at) select id, 'reminder', '旧通知', ${new Date(nowMs() - 30 * 3_600_000).toISOString()}::timestamptz from users where username = ${a.now}`,
    );
    await runMailOutbox(t.database.db, mailer, log);
    expect(to(a.zhang)).toHaveLength(1); // the new one only
    expect(to(a.off)).toHaveLength(0);
    expect(smtp.received.some((m) => m.subject?.includes('旧通知'))).toBe(false);
    const { rows } = await exec(
      t,
      sql`select count(*)::int as n from notifications n join users u on u.id = n.user_id where u.org_id = ${a.orgId} and n.emailed_at is null`,
    );
    expect(rows[0].n).toBe(0); // everything handled, nothing left to sweep again
  });

  it("'daily' accounts get one digest the next day listing that day's notifications", async () => {
    const a = await newSchool({ daily: true });
    const start = smtp.received.length;
    await intent(a.orgId);
    await returned(a.orgId);
    await runMailOutbox(t.database.db, mailer, log);
    await smtp.waitFor(start + 2); // 张老师's two instant mails
    expect(to(a.li)).toHaveLength(0); // nothing during the day
    const before = smtp.received.length;
    try {
      setClock(`${TEST_TODAY}T23:30:00+08:00`);
      await notifyOrg(t.database.db, a.orgId, { kind: 'escalation', title: '填报即将截止（已提醒市州）' });
      setClock(new Date(Date.parse(`${TEST_TODAY}T00:00:00+08:00`) + 86_400_000 + 3_600_000)); // 01:00 the next day
      const r = await runMailOutbox(t.database.db, mailer, log);
      expect(r.digests).toBe(1);
      await smtp.waitFor(before + 2); // the digest, and 张老师's instant mail of the 23:30 notification
      // Once per day, whoever runs the loop.
      expect((await runMailOutbox(t.database.db, mailer, log)).digests).toBe(0);
    } finally {
      setClock(TEST_TODAY);
    }
    const [d] = to(a.li);
    expect(d.subject).toBe(`【产教融合·技能助跑】${TEST_TODAY} 通知汇总（共 3 条）`);
    expect(d.text).toContain('李老师，您好');
    for (const title of ['收到新的对接意向：东风汽车', '需求表被退回：请补充专业代码', '填报即将截止（已提醒市州）'])
      expect(d.text).toContain(title);
    expect(d.text).toContain('https://cjrh.example.cn/forms/3');
    expect(to(a.li)).toHaveLength(1);
    expect(to(a.off)).toHaveLength(0);
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
