// `npm run admin`: the first province account on an empty data folder, a reset, the lock refusal, and removing the
// demo province while real records stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { checkPassword, LOGIN_HARD_LOCK_FAILURES } from '@cjrh/domain';
import { buildApp } from '../app';
import { openPglite, type Database } from '../db/client';
import { appMeta, auditLog, campaigns, dictEntries, forms, orgs, users } from '../db/schema/index';
import { DEMO_PASSWORD, seedDemo } from '../demo-data/demo';
import { testEnv } from '../env';
import { freshDatabase } from '../../test/db';
import { runCli } from './cli';
import { createProvinceAccount, removeDemoData } from './commands';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cjrh-admin-'));
  dirs.push(d);
  return d;
};

async function cli(dataDir: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    { out: (l) => out.push(...l.split('\n')), err: (l) => err.push(...l.split('\n')) },
  );
  return { code, out, err: err.join('\n') };
}

async function withApp<T>(database: Database, fn: (app: FastifyInstance) => Promise<T>, demo = false): Promise<T> {
  const app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', DEMO_DATA: demo }), db: database });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

const loginAs = (app: FastifyInstance, username: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const cookieOf = (res: { cookies: { name: string; value: string }[] }) =>
  `cjrh_sid=${res.cookies.find((c) => c.name === 'cjrh_sid')!.value}`;

describe('the first account and resets on an empty data folder', () => {
  // The command runs once on an empty folder (the slow part: the database, its migrations, the dictionaries, then the
  // account); the first test reads what it answered, every other test works on its own copy of the folder, so none
  // depends on what another did to it.
  let created: Awaited<ReturnType<typeof cli>>;
  let first = { username: '', password: '' };
  let folder = '';
  beforeAll(async () => {
    folder = tempDir();
    created = await cli(
      folder,
      'create-province-account',
      '--username',
      'sheng-admin',
      '--display-name',
      '职业能力建设处',
      '--json',
    );
    if (created.code === 0) first = JSON.parse(created.out.at(-1)!);
  }, 240_000);
  // Each command opens the folder's database (a few seconds, more on a busy machine): the tests below get 2 minutes.
  /** A data folder of its own: a copy of the one the command set up, with the province account and nothing else. */
  const folderCopy = () => {
    const dir = tempDir();
    cpSync(folder, dir, { recursive: true });
    return dir;
  };

  it('creates the province account with a one-time password; the JSON is the last line', () => {
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.out.at(-1)!)).toEqual(first);
    expect(first.username).toBe('sheng-admin');
    expect(checkPassword(first.password)).toEqual({ ok: true });
    expect(created.out.join('\n')).toContain('一次性密码');
  });

  it('refuses an existing username and changes nothing', { timeout: 120_000 }, async () => {
    const dir = folderCopy();
    const r = await cli(dir, 'create-province-account', '--username', 'sheng-admin');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('用户名 sheng-admin 已存在');
    expect((await cli(dir, 'create-province-account')).err).toContain('请用 --username 指定用户名');
    expect((await cli(dir, 'remove-demo-data')).out.join('\n')).toContain('没有示例数据');
  });

  it(
    'the account logs in on the migrated database without demo data, and must change the password first',
    { timeout: 120_000 },
    async () => {
      const dir = folderCopy();
      const database = await openPglite(join(dir, 'pglite'));
      try {
        expect((await database.db.select({ n: count() }).from(orgs))[0].n).toBe(0);
        // The reference dictionaries are there: 29 industries, 15 categories, 207 specialties, 268 occupations, 8 levels.
        const dicts = await database.db
          .select({ kind: dictEntries.kind, n: count() })
          .from(dictEntries)
          .groupBy(dictEntries.kind);
        expect(Object.fromEntries(dicts.map((d) => [d.kind, d.n]))).toEqual({
          industry: 29,
          specialty_category: 15,
          specialty: 207,
          occupation: 268,
          skill_level: 8,
        });
        expect(await database.db.select().from(users)).toHaveLength(1);
        await withApp(database, async (app) => {
          const res = await loginAs(app, first.username, first.password);
          expect(res.statusCode).toBe(200);
          expect(res.json()).toMatchObject({
            role: 'province',
            displayName: '职业能力建设处',
            mustChangePassword: true,
          });
          const cookie = cookieOf(res);
          expect((await app.inject({ url: '/api/orgs', headers: { cookie } })).json().error.code).toBe(
            'password_change_required',
          );
          // Someone types the password wrong from many addresses until the account hard-locks (each address is held back
          // after 5); the right password then answers like a wrong one (both are asked for the captcha that repeated
          // failures bring, issue #15). reset-password (below) clears it.
          for (let i = 0; i < LOGIN_HARD_LOCK_FAILURES; i++)
            await app.inject({
              method: 'POST',
              url: '/api/auth/login',
              remoteAddress: `203.0.113.${Math.floor(i / 5)}`,
              payload: { username: first.username, password: 'Wrong@2025' },
            });
          const right = await loginAs(app, first.username, first.password);
          const wrong = await loginAs(app, first.username, 'Wrong@2025');
          expect(right.statusCode).not.toBe(200);
          expect([right.statusCode, right.json().error]).toEqual([wrong.statusCode, wrong.json().error]);
          // The session opened before the lock stays.
          expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
        });
      } finally {
        await database.close();
      }
    },
  );

  it(
    'reset-password gives a new one-time password, unlocks the account and ends its sessions',
    { timeout: 120_000 },
    async () => {
      const dir = folderCopy();
      // The account has a session open and is hard-locked: its failure count set one short of the lock, then the last
      // wrong password locks it (the login test above walks the whole way there).
      let old = '';
      let database = await openPglite(join(dir, 'pglite'));
      try {
        await withApp(database, async (app) => {
          old = cookieOf(await loginAs(app, first.username, first.password));
          await database.db
            .update(users)
            .set({ failedLogins: LOGIN_HARD_LOCK_FAILURES - 1 })
            .where(eq(users.username, first.username));
          expect((await loginAs(app, first.username, 'Wrong@2025')).statusCode).toBe(401);
          expect((await loginAs(app, first.username, first.password)).statusCode).toBe(401);
        });
      } finally {
        await database.close();
      }

      const r = await cli(dir, 'reset-password', '--username', 'sheng-admin', '--json');
      expect(r.code).toBe(0);
      const second = JSON.parse(r.out.at(-1)!);
      expect(second.password).not.toBe(first.password);
      expect((await cli(dir, 'reset-password', '--username', 'nobody')).err).toContain('没有用户名为 nobody 的账号');
      database = await openPglite(join(dir, 'pglite'));
      try {
        await withApp(database, async (app) => {
          expect((await app.inject({ url: '/api/auth/me', headers: { cookie: old } })).statusCode).toBe(401);
          expect((await loginAs(app, 'sheng-admin', first.password)).statusCode).toBe(401);
          const res = await loginAs(app, 'sheng-admin', second.password);
          expect(res.statusCode).toBe(200);
          expect(res.json().mustChangePassword).toBe(true);
          const cookie = cookieOf(res);
          const changed = await app.inject({
            method: 'POST',
            url: '/api/auth/password',
            headers: { cookie },
            payload: { oldPassword: second.password, newPassword: 'Hubei@2026go' },
          });
          expect(changed.statusCode).toBe(200);
          expect((await app.inject({ url: '/api/orgs', headers: { cookie } })).statusCode).toBe(200);
        });
        const entries = await database.db
          .select()
          .from(auditLog)
          .where(eq(auditLog.actorName, '命令行（npm run admin）'));
        expect(entries.map((e) => e.action).sort()).toEqual(['account.create', 'account.update']);
      } finally {
        await database.close();
      }
    },
  );
});

describe('a data folder in use by a running server', () => {
  it('is refused with a clear message and nothing is created', async () => {
    const dir = tempDir();
    // Our parent process is alive and is not us: exactly what a running server's lock looks like.
    writeFileSync(join(dir, 'platform.lock'), String(process.ppid));
    const r = await cli(dir, 'create-province-account', '--username', 'sheng-admin');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(`正被运行中的服务（pid ${process.ppid}）使用，请先停止服务再运行此命令`);
    expect(existsSync(join(dir, 'pglite'))).toBe(false);
    expect(readFileSync(join(dir, 'platform.lock'), 'utf8')).toBe(String(process.ppid));
  });
});

describe('remove-demo-data', () => {
  it('deletes every demo record in one audited step; real records and their figures stay', async () => {
    const database = await freshDatabase();
    try {
      const { db } = database;
      await seedDemo(db, { scale: 0.3, matchmaking: true });
      // Real records next to the demo: an organisation with a form in the year's campaign, and the province account.
      const [campaign] = await db.select().from(campaigns).where(eq(campaigns.year, 2025));
      const [real] = await db
        .insert(orgs)
        .values({
          name: '湖北省真实技师学院',
          uscc: '12420100MB1234567X',
          type: 'school',
          regionCode: '420100',
          schoolType: '技师学院',
          runsProgrammes: true,
        })
        .returning();
      await db.insert(forms).values({
        campaignId: campaign.id,
        orgId: real.id,
        kind: 'school',
        regionCode: '420100',
        formVersion: '2025.1',
        data: { org: {}, rows: [] },
      });
      const admin = await createProvinceAccount(db, { username: 'sheng-admin' });

      const figures = async (app: FastifyInstance, cookie: string) =>
        (await app.inject({ url: '/api/indicators?year=2025', headers: { cookie } })).json().items as {
          id: string;
          numerator: number;
        }[];
      const cookie = await withApp(
        database,
        async (app) => {
          // A demo account acts (its login is audited) before the demo goes.
          expect((await loginAs(app, 'province', DEMO_PASSWORD)).statusCode).toBe(200);
          const res = await loginAs(app, admin.username, admin.password);
          const c = cookieOf(res);
          await app.inject({
            method: 'POST',
            url: '/api/auth/password',
            headers: { cookie: c },
            payload: { oldPassword: admin.password, newPassword: 'Hubei@2026go' },
          });
          return c;
        },
        true,
      );
      const before = await withApp(database, (app) => figures(app, cookie));
      // The login page lists demo accounts only where they can log in: loaded and the server runs with DEMO_DATA.
      const health = async (demo: boolean) =>
        withApp(database, async (app) => (await app.inject({ url: '/api/health' })).json().demo, demo);
      expect([await health(true), await health(false)]).toEqual([true, false]);
      expect(before.some((f) => f.numerator > 0)).toBe(true);
      const auditBefore = (await db.select({ n: count() }).from(auditLog))[0].n;

      const removed = await removeDemoData(db);
      expect(removed.orgs).toBeGreaterThan(100);
      expect(removed.users).toBeGreaterThan(50);
      expect(removed.agreements).toBeGreaterThan(0);
      expect(removed.intents).toBeGreaterThan(0);

      expect(await db.select({ name: orgs.name }).from(orgs)).toEqual([{ name: '湖北省真实技师学院' }]);
      expect((await db.select({ username: users.username }).from(users)).map((u) => u.username)).toEqual([
        'sheng-admin',
      ]);
      expect(await db.select({ orgId: forms.orgId }).from(forms)).toEqual([{ orgId: real.id }]);
      expect(await db.select().from(campaigns).where(eq(campaigns.id, campaign.id))).toHaveLength(1);
      expect(await db.select().from(appMeta).where(eq(appMeta.key, 'demo'))).toEqual([]);
      // The audit log keeps every row (the demo login too) and gains exactly one.
      const audit = await db.select().from(auditLog);
      expect(audit).toHaveLength(auditBefore + 1);
      expect(audit.filter((a) => a.action === 'demo.remove')).toHaveLength(1);
      expect(audit.some((a) => a.actorName === 'province' && a.action === 'login.success')).toBe(true);

      await withApp(database, async (app) => {
        expect((await app.inject({ url: '/api/health' })).json().demo).toBe(false);
        expect((await app.inject({ url: '/api/orgs', headers: { cookie } })).json().total).toBe(1);
        const after = await figures(app, cookie);
        expect(after.reduce((s, f) => s + f.numerator, 0)).toBeLessThan(before.reduce((s, f) => s + f.numerator, 0));
        // Whatever a figure still counts is real: no drill-down row names a demo (示例) record.
        for (const f of after.filter((x) => x.numerator > 0)) {
          const rows = await app.inject({
            url: `/api/indicators/${f.id}/rows?year=2025&which=numerator&page=1&pageSize=100`,
            headers: { cookie },
          });
          expect(rows.body, f.id).not.toContain('示例');
        }
      });
      expect(await removeDemoData(db)).toEqual({});
    } finally {
      await database.close();
    }
  }, 240_000);
});
