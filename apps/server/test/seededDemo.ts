// The seed-stage tests' shared setup: a fresh database seeded with the whole demo and the app on it, with a
// demo-account login. Registers its own hooks in the calling test file. (That two seeds give the same rows is proven
// once, for every table, in src/demo-data/determinism.test.ts.)
import { afterAll, beforeAll, expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import type { Database } from '../src/db/client';
import { DEMO_PASSWORD, seedDemo } from '../src/demo-data/demo';
import { testEnv } from '../src/env';
import { freshDatabase } from './db';

export interface SeededDemo {
  database: Database;
  app: FastifyInstance;
  /** Session cookie of a demo account (logged in once per file). */
  login(username: string): Promise<string>;
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
    demo.database = await freshDatabase();
    await seedDemo(demo.database.db, { matchmaking: true });
    demo.app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', DEMO_DATA: true }), db: demo.database });
    await demo.app.ready();
  }, timeoutMs);
  afterAll(async () => {
    await demo.app?.close();
    await demo.database?.close();
  });
  return demo;
}
