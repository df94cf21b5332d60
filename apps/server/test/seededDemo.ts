// The seed-stage tests' shared setup: a database holding the whole demo and the app on it, with a demo-account login.
// Registers its own hooks in the calling test file. The demo is seeded once per run, by the first file that needs it
// (the others wait), into a PGlite dump or a PostgreSQL template database in the place the global setup named
// (seededDemoSetup); every file then starts from its own copy, so what one file changes no other file sees. (That two
// seeds give the same rows is proven once, for every table, in src/demo-data/determinism.test.ts.)
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { openPglite, openPostgres, type Database, type Tx } from '../src/db/client';
import { DEMO_PASSWORD, seedDemo } from '../src/demo-data/demo';
import { testEnv } from '../src/env';
import { freshDatabase } from './db';
import { pgTemplateName } from './paths';

export interface SeededDemo {
  database: Database;
  app: FastifyInstance;
  /** Session cookie of a demo account (logged in once per file). */
  login(username: string): Promise<string>;
}

/** The PostgreSQL template database holding this run's seeded demo. */
const pgSeededName = () => `${pgTemplateName()}_demo`;

/** Seeds the demo once for the run: the first caller builds it, the others wait until it is there. */
async function seedOnce(dir: string): Promise<void> {
  const done = join(dir, 'done');
  const failed = join(dir, 'failed');
  mkdirSync(dirname(dir), { recursive: true });
  let builder = true;
  try {
    mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    builder = false;
  }
  if (!builder) {
    while (!existsSync(done)) {
      if (existsSync(failed)) throw new Error(`the shared demo seed failed: ${readFileSync(failed, 'utf8')}`);
      await sleep(250);
    }
    return;
  }
  try {
    const url = process.env.TEST_DATABASE_URL;
    if (url) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${pgSeededName()} TEMPLATE ${pgTemplateName()}`);
      await admin.end();
      const u = new URL(url);
      u.pathname = `/${pgSeededName()}`;
      const database = await openPostgres(u.toString(), { migrate: false, max: 4 });
      await seedDemo(database.db, { matchmaking: true });
      // A template database must have no connections when it is copied.
      await database.close();
    } else {
      const database = await freshDatabase();
      await seedDemo(database.db, { matchmaking: true });
      const blob = await database.pglite!.dumpDataDir('none');
      writeFileSync(join(dir, 'demo.tar.part'), Buffer.from(await blob.arrayBuffer()));
      renameSync(join(dir, 'demo.tar.part'), join(dir, 'demo.tar'));
      await database.close();
    }
    writeFileSync(done, '');
  } catch (e) {
    writeFileSync(failed, String((e as Error).stack ?? e));
    throw e;
  }
}

/** This file's own copy of the seeded demo. */
async function seededCopy(): Promise<Database> {
  const dir = process.env.CJRH_SEEDED_DIR;
  if (!dir) {
    // Without the global setup (a file run on its own by another runner): seed here.
    const database = await freshDatabase();
    await seedDemo(database.db, { matchmaking: true });
    return database;
  }
  await seedOnce(dir);
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    return openPglite(undefined, { loadDataDir: new Blob([readFileSync(join(dir, 'demo.tar'))]), migrate: false });
  const name = `cjrh_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${pgSeededName()}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openPostgres(u.toString(), { migrate: false, max: 4 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function useSeededDemo(timeoutMs: number): SeededDemo {
  const cookies = new Map<string, string>();
  const demo = {
    async login(username: string) {
      if (cookies.has(username)) return cookies.get(username)!;
      const res = await demo.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: DEMO_PASSWORD },
      });
      expect(res.statusCode, res.body).toBe(200);
      const c = `cjrh_sid=${res.cookies.find((x) => x.name === 'cjrh_sid')!.value}`;
      cookies.set(username, c);
      return c;
    },
  } as SeededDemo;
  beforeAll(async () => {
    demo.database = await seededCopy();
    demo.app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', DEMO_DATA: true }), db: demo.database });
    await demo.app.ready();
  }, timeoutMs);
  afterAll(async () => {
    await demo.app?.close();
    await demo.database?.close();
  });
  return demo;
}

/**
 * Runs `fn` in a transaction that is then rolled back: a test can remove the demo (deleteDemoRowsIn) and check what is
 * left while the other tests of the file, in any order, still read the whole demo.
 */
export async function rolledBack(database: Database, fn: (tx: Tx) => Promise<void>): Promise<void> {
  const undo = new Error('rolled back on purpose');
  await database.db
    .transaction(async (tx) => {
      await fn(tx);
      throw undo;
    })
    .catch((e: unknown) => {
      if (e !== undo) throw e;
    });
}
