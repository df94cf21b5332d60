import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { SQL } from 'drizzle-orm';
import { hash } from '@node-rs/argon2';
import { buildApp } from '../src/app';
import type { Database } from '../src/db/client';
import { orgs, users } from '../src/db/schema/index';
import { testEnv, type Env } from '../src/env';
import { freshDatabase } from './db';

export const PASSWORD = 'Test@2025';
let pwHash: Promise<string> | null = null;
// The test accounts' hash is argon2id at a test-only cost (1 MiB, one pass) instead of the server's defaults: every
// login verifies it, hundreds of times a run, and verification takes the cost written in the hash. The server's own
// hashing (password changes, account creation, the unknown-user decoy) is untouched and still tested as it runs.
const TEST_HASH_COST = { memoryCost: 1024, timeCost: 1 };

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** The real app on a fresh migrated database (env overrides e.g. SMTP_URL for the mail tests). */
export async function createTestApp(env: Partial<Env> = {}, db: { max?: number } = {}): Promise<TestApp> {
  const database = await freshDatabase(db);
  const app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', ...env }), db: database });
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

let seq = 0;
/** A syntactically valid USCC with a correct check character, unique within the run. */
export async function uniqueUscc(regionCode = '420100') {
  const { makeUscc } = await import('@cjrh/domain');
  seq++;
  return makeUscc(
    '91',
    regionCode,
    `T${String(process.pid % 1000).padStart(3, '0')}${String(seq).padStart(5, '0')}`.replace(/[IOZSV]/g, 'A'),
  );
}

export async function makeOrg(
  t: TestApp,
  o: Partial<typeof orgs.$inferInsert> & { type: 'school' | 'enterprise'; regionCode: string },
) {
  const [row] = await t.database.db
    .insert(orgs)
    .values({
      name: `测试单位${++seq}`,
      uscc: await uniqueUscc(o.regionCode),
      schoolType: o.type === 'school' ? '技工学校' : null,
      runsProgrammes: o.type === 'school',
      ...o,
    })
    .returning();
  return row;
}

export async function makeUser(
  t: TestApp,
  u: Partial<typeof users.$inferInsert> & { username: string; role: (typeof users.$inferInsert)['role'] },
) {
  pwHash ??= hash(PASSWORD, TEST_HASH_COST);
  const [row] = await t.database.db
    .insert(users)
    .values({ displayName: u.username, passwordHash: await pwHash, ...u })
    .returning();
  return row;
}

/** Logs in and returns the cookie header to send with later requests. */
export async function login(t: TestApp, username: string, password = PASSWORD): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return cookieOf(res);
}

function cookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'cjrh_sid');
  if (!c) throw new Error('no session cookie');
  return `cjrh_sid=${c.value}`;
}

/** Raw SQL for assertions on what the database really holds. */
export async function exec(t: TestApp, query: SQL): Promise<{ rows: any[] }> {
  return (await t.database.db.execute(query)) as unknown as { rows: any[] };
}

/** A new campaign starts as a draft (issue 14); tests that fill forms open it the way the province does. */
export async function openCampaign(t: TestApp, cookie: string, year: number) {
  const c = await t.app.inject({ method: 'GET', url: `/api/campaigns/${year}`, headers: { cookie } });
  const r = await t.app.inject({
    method: 'PATCH',
    url: `/api/campaigns/${year}`,
    headers: { cookie },
    payload: { version: c.json().version, status: 'open' },
  });
  if (r.statusCode !== 200) throw new Error(`opening ${year} failed: ${r.body}`);
}

/** The province publishes the year's accepted demand (a new catalogue publication); throws unless it is created. */
export async function publishCatalogue(t: TestApp, cookie: string, year: number) {
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/campaigns/${year}/publications`,
    headers: { cookie },
    payload: {},
  });
  if (r.statusCode !== 201) throw new Error(`publishing ${year} failed: ${r.statusCode} ${r.body}`);
}

/** A captcha and its answer (tests cannot read the picture: the answer comes from the app's shared state). */
export async function solveCaptcha(t: TestApp): Promise<{ captchaId: string; captchaAnswer: string }> {
  const r = await t.app.inject({ url: '/api/auth/captcha' });
  if (r.statusCode !== 200) throw new Error(`captcha failed: ${r.statusCode} ${r.body}`);
  const { captchaAnswerForTests } = await import('../src/modules/auth/captcha');
  const captchaId = r.json().id as string;
  return { captchaId, captchaAnswer: (await captchaAnswerForTests(t.app.sharedState, captchaId)) ?? '' };
}
