// Login benchmark (issue 15): POST /api/auth/login with its throttles in place (the per-address route limit, the
// account+address failure counter, the account failure counter) against the same work without them — a bare route
// on the same app calling the same login service and session creation — in the same process and run, through
// app.inject, one after another (argon2 dominates, so sequential figures are what a person feels). Also the login of
// an account past 5 failures, with its captcha checked (the captcha is made outside the timed part), and, when
// REDIS_URL is set, the same two with the counters and captchas in Redis. p50 / p99 of BENCH_LOGINS (200).
import { hash } from '@node-rs/argon2';
import { buildApp } from '../apps/server/src/app';
import { openPglite } from '../apps/server/src/db/client';
import { users } from '../apps/server/src/db/schema/index';
import { testEnv } from '../apps/server/src/env';
import { createSession } from '../apps/server/src/http/session';
import { login } from '../apps/server/src/modules/auth/auth.service';
import { captchaAnswerForTests } from '../apps/server/src/modules/auth/captcha';

const N = Number(process.env.BENCH_LOGINS ?? 200);
const PASSWORD = 'Bench@2025x-login';

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export async function benchLogin() {
  const database = await openPglite();
  await database.db
    .insert(users)
    .values({ username: 'bench-login', displayName: 'bench', role: 'province', passwordHash: await hash(PASSWORD) });
  const redisUrl = process.env.REDIS_URL || undefined;
  const app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', LOGIN_RATE_MAX: 1_000_000 }), db: database });
  const redisApp = redisUrl
    ? await buildApp({
        env: testEnv({
          WEB_DIST: '/nonexistent',
          LOGIN_RATE_MAX: 1_000_000,
          REDIS_URL: redisUrl,
          REDIS_KEY_PREFIX: `cjrh-bench-${process.pid}:`,
        }),
        db: database,
      })
    : null;
  await redisApp?.ready();
  app.post('/bench/login-bare', async (req, reply) => {
    const b = req.body as { username: string; password: string };
    const u = await login(database.db, req.ctx, b.username, b.password, { demoData: false });
    await createSession(database.db, u.id, req, reply, false);
    return u;
  });
  await app.ready();
  const time = async (url: string, password: string, on = app, captcha = false) => {
    const out: number[] = [];
    for (let i = 0; i < N; i++) {
      let extra = {};
      if (captcha) {
        // Untimed: the account is past 5 failures again (a success clears them) and a captcha has been made.
        for (let k = 0; k < 5; k++) await on.sharedState.hit('login-account:bench-login', 15 * 60_000);
        const id = (await on.inject({ url: '/api/auth/captcha' })).json().id as string;
        extra = { captchaId: id, captchaAnswer: await captchaAnswerForTests(on.sharedState, id) };
      }
      const t0 = performance.now();
      const r = await on.inject({ method: 'POST', url, payload: { username: 'bench-login', password, ...extra } });
      out.push(performance.now() - t0);
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    }
    return out;
  };
  // Warm-up, then interleaved halves so machine noise falls on both alike.
  await time('/bench/login-bare', PASSWORD);
  const bare: number[] = [];
  const full: number[] = [];
  const withCaptcha: number[] = [];
  const redis: number[] = [];
  const redisCaptcha: number[] = [];
  for (let k = 0; k < 2; k++) {
    bare.push(...(await time('/bench/login-bare', PASSWORD)));
    full.push(...(await time('/api/auth/login', PASSWORD)));
    withCaptcha.push(...(await time('/api/auth/login', PASSWORD, app, true)));
    if (redisApp) {
      redis.push(...(await time('/api/auth/login', PASSWORD, redisApp)));
      redisCaptcha.push(...(await time('/api/auth/login', PASSWORD, redisApp, true)));
    }
  }
  await redisApp?.close();
  await app.close();
  await database.close();
  const row = (name: string, xs: number[], base: number[]) => [
    { name: `${name} p50`, ms: pct(xs, 50), ratio: pct(xs, 50) / pct(base, 50) },
    { name: `${name} p99`, ms: pct(xs, 99), ratio: pct(xs, 99) / pct(base, 99) },
  ];
  return [
    ...row('login, bare route (no throttle) — baseline', bare, bare),
    ...row('POST /api/auth/login with throttles', full, bare),
    ...row('… past 5 failures: throttles + captcha check', withCaptcha, bare),
    ...(redisApp
      ? [...row('… throttles in Redis', redis, bare), ...row('… throttles + captcha in Redis', redisCaptcha, bare)]
      : []),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const r of await benchLogin())
    console.log(`${r.name.padEnd(60)} ${r.ms.toFixed(1).padStart(8)} ms   ×${r.ratio.toFixed(2)}`);
