import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, PASSWORD, type TestApp } from '../../test/app';
import { TEST_TODAY } from '../../test/clock-setup';
import type { Database } from '../db/client';
import { captchaAnswerForTests } from '../modules/auth/captcha';
import { announce, onCacheEvent, startCacheBus, type CacheEvent } from './cacheEvents';
import { nowMs, setClock } from './clock';
import { redisState } from './sharedState';

// Issue 16 part 3 / issue 15 part 1: with REDIS_URL, two processes (two apps here, each on its own database, as
// processes that share nothing but Redis) count the same login attempts, check each other's captchas and hear each
// other's cache events. Runs against the real Redis of vitest.config.ts's REDIS_URL (default redis://127.0.0.1:6379);
// skipped only when REDIS_URL is set empty.
const REDIS_URL = process.env.REDIS_URL;
const prefix = `cjrh-test-${randomUUID()}:`;

describe.skipIf(!REDIS_URL)('shared state in Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix, LOGIN_RATE_MAX: 4 };
    [a, b] = await Promise.all([createTestApp(env), createTestApp(env)]);
    for (const t of [a, b]) await makeUser(t, { username: 'shared-owner', role: 'province' });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    // Leave nothing behind in a Redis other runs share.
    const { Redis } = await import('ioredis');
    const r = new Redis(REDIS_URL!);
    const keys = await r.keys(`${prefix}*`);
    if (keys.length) await r.del(...keys);
    await r.quit();
  });
  afterEach(() => setClock(TEST_TODAY));

  const loginOn = (t: TestApp, payload: object, ip = '203.0.113.9') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload, remoteAddress: ip });

  it('one address limit across two processes: 4 attempts on either, the 5th is refused on both', async () => {
    expect(a.app.sharedState.kind).toBe('redis');
    const codes = [];
    for (const t of [a, b, a, b])
      codes.push((await loginOn(t, { username: 'nobody-at-all', password: 'Wrong#1pass' }, '203.0.113.1')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401]);
    const fifth = await loginOn(a, { username: 'shared-owner', password: PASSWORD }, '203.0.113.1');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.message).toMatch(/^尝试过于频繁，请 \d+ 秒后再试$/);
    expect((await loginOn(b, { username: 'shared-owner', password: PASSWORD }, '203.0.113.1')).statusCode).toBe(429);
    // The window is the platform clock's, in Redis too: a minute on, the address may try again.
    setClock(new Date(nowMs() + 60_000));
    expect((await loginOn(b, { username: 'shared-owner', password: PASSWORD }, '203.0.113.1')).statusCode).toBe(200);
  });

  it('failures for an account on one process make the other ask for a captcha, which either process checks once', async () => {
    for (let i = 0; i < 5; i++)
      await loginOn(i % 2 ? a : b, { username: 'shared-owner', password: `Wrong#${i}pass` }, `203.0.113.${20 + i}`);
    expect((await loginOn(a, { username: 'shared-owner', password: PASSWORD })).json().error.code).toBe(
      'captcha_required',
    );
    const made = (await b.app.inject({ url: '/api/auth/captcha' })).json();
    const answer = await captchaAnswerForTests(b.app.sharedState, made.id);
    expect(answer).toMatch(/^\w{4}$/);
    const ok = await loginOn(a, {
      username: 'shared-owner',
      password: PASSWORD,
      captchaId: made.id,
      captchaAnswer: answer,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    // Spent on a: b does not take it again.
    expect(
      (
        await loginOn(b, {
          username: 'shared-owner',
          password: 'Wrong#xpass',
          captchaId: made.id,
          captchaAnswer: answer,
        })
      ).json().error.code,
    ).not.toBe('captcha_required');
    const direct = redisState(REDIS_URL!, prefix);
    expect(await direct.takeOnce(`captcha:${made.id}`)).toBeNull();
    await direct.close();
  });

  it('carries cache events between processes by pub/sub, not back to the sender', async () => {
    const heard: { db: object; e: CacheEvent }[] = [];
    const log = { info: () => {}, warn: () => {} };
    const one = { db: {} } as Database;
    const two = { db: {} } as Database;
    // The two apps above listen on the same channel too; only these two handles are watched here.
    onCacheEvent((db, e) => void ((db === one.db || db === two.db) && heard.push({ db, e })));
    const stops = await Promise.all([
      startCacheBus(one, log, { url: REDIS_URL!, prefix }),
      startCacheBus(two, log, { url: REDIS_URL!, prefix }),
    ]);
    try {
      announce(one.db, { t: 'org', orgId: 7 });
      const until = nowMs() + 1_000;
      while (!heard.length && nowMs() < until) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toHaveLength(1);
      expect(heard[0].db === two.db && heard[0].e).toEqual({ t: 'org', orgId: 7 });
    } finally {
      await Promise.all(stops.map((s) => s()));
    }
  });
});
