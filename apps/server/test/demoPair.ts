// The seed-stage tests' shared setup: two fresh databases seeded with the whole demo (two runs must give the same
// rows) and the app on the first, with a demo-account login. Registers its own hooks in the calling test file.
import { afterAll, beforeAll, expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import type { Database } from '../src/db/client';
import { DEMO_PASSWORD, seedDemo } from '../src/db/seed/demo';
import { testEnv } from '../src/env';
import { freshDatabase } from './db';

export interface DemoPair {
  a: Database;
  b: Database;
  app: FastifyInstance;
  /** Session cookie of a demo account (logged in once per file). */
  login(username: string): Promise<string>;
}

export function useSeededDemoPair(timeoutMs: number): DemoPair {
  const cookies = new Map<string, string>();
  const pair = {
    async login(username: string) {
      if (cookies.has(username)) return cookies.get(username)!;
      const res = await pair.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      expect(res.statusCode, res.body).toBe(200);
      const c = `cjrh_sid=${res.cookies.find((x) => x.name === 'cjrh_sid')!.value}`;
      cookies.set(username, c);
      return c;
    },
  } as DemoPair;
  beforeAll(async () => {
    [pair.a, pair.b] = await Promise.all([freshDatabase(), freshDatabase()]);
    await seedDemo(pair.a.db, { matchmaking: true });
    await seedDemo(pair.b.db, { matchmaking: true });
    pair.app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', DEMO_DATA: true }), db: pair.a });
    await pair.app.ready();
  }, timeoutMs);
  afterAll(async () => {
    await pair.app?.close();
    await Promise.all([pair.a?.close(), pair.b?.close()]);
  });
  return pair;
}
