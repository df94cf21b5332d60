// Login benchmark (issue 15): POST /api/auth/login with its throttles in place (the per-address route limit and the
// account+address failure counter, @fastify/rate-limit) against the same work without them — a bare route on the
// same app calling the same login service and session creation — in the same process and run, through app.inject,
// one after another (argon2 dominates, so sequential figures are what a person feels). p50 / p99 of BENCH_LOGINS (200).
import { hash } from '@node-rs/argon2';
import { buildApp } from '../apps/server/src/app';
import { openPglite } from '../apps/server/src/db/client';
import { users } from '../apps/server/src/db/schema/index';
import { testEnv } from '../apps/server/src/env';
import { createSession } from '../apps/server/src/http/session';
import { login } from '../apps/server/src/modules/auth/auth.service';

const N = Number(process.env.BENCH_LOGINS ?? 200);
const PASSWORD = 'Bench@2025x-login';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export async function benchLogin() {
  const database = await openPglite();
  await database.db.insert(users).values({ username: 'bench-login', displayName: 'bench', role: 'province', passwordHash: await hash(PASSWORD) });
  const app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', LOGIN_RATE_MAX: 1_000_000 }), db: database });
  app.post('/bench/login-bare', async (req, reply) => {
    const b = req.body as { username: string; password: string };
    const u = await login(database.db, req.ctx, b.username, b.password, { demoData: false });
    await createSession(database.db, u.id, req, reply, false);
    return u;
  });
  await app.ready();
  const time = async (url: string, password: string) => {
    const out: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const r = await app.inject({ method: 'POST', url, payload: { username: 'bench-login', password } });
      out.push(performance.now() - t0);
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    }
    return out;
  };
  // Warm-up, then interleaved halves so machine noise falls on both alike.
  await time('/bench/login-bare', PASSWORD);
  const bare: number[] = [];
  const full: number[] = [];
  for (let k = 0; k < 2; k++) {
    bare.push(...(await time('/bench/login-bare', PASSWORD)));
    full.push(...(await time('/api/auth/login', PASSWORD)));
  }
  await app.close();
  await database.close();
  const row = (name: string, xs: number[], base: number[]) => [
    { name: `${name} p50`, ms: pct(xs, 50), ratio: pct(xs, 50) / pct(base, 50) },
    { name: `${name} p99`, ms: pct(xs, 99), ratio: pct(xs, 99) / pct(base, 99) },
  ];
  return [...row('login, bare route (no throttle) — baseline', bare, bare), ...row('POST /api/auth/login with throttles', full, bare)];
}

if (import.meta.url === `file://${process.argv[1]}`) for (const r of await benchLogin()) console.log(`${r.name.padEnd(60)} ${r.ms.toFixed(1).padStart(8)} ms   ×${r.ratio.toFixed(2)}`);
