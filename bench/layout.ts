// Layout page benchmark (notice 二(一)): GET /api/layout (every school of the province with county, flagship and 达标
// count, the county bases and county sums) and its Excel export, as the province, on the demo database (scale 1, seeded
// as `npm start` seeds it), against a baseline in the same process and run: a bare route answering a constant JSON of
// the same size (one real layout answer), reached the same way (HTTP on 127.0.0.1, the same session cookie), so HTTP,
// hooks and serialisation cost the same. p50/p95 of BENCH_SEQ (30) sequential requests each, in-memory PGlite.
import { openPglite } from '../apps/server/src/db/client';
import { ensureReferenceData } from '../apps/server/src/db/reference';
import { DEMO_PASSWORD, seedDemo } from '../apps/server/src/demo-data/demo';
import { buildApp } from '../apps/server/src/app';
import { testEnv } from '../apps/server/src/env';

const SEQUENTIAL = Number(process.env.BENCH_SEQ ?? 30);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function series(url: string, cookie: string) {
  const once = async () => {
    const t0 = performance.now();
    const r = await fetch(url, { headers: { cookie } });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return performance.now() - t0;
  };
  await once(); // warm-up (plans, caches)
  const xs: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) xs.push(await once());
  return xs;
}

export async function benchLayout() {
  const database = await openPglite(undefined, { migrate: true });
  await ensureReferenceData(database.db);
  const t0 = performance.now();
  await seedDemo(database.db, { matchmaking: true });
  const seedMs = performance.now() - t0;
  const app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', DEMO_DATA: true }), db: database });
  let constant = '';
  app.get('/bench/bare', async (_req, reply) => reply.type('application/json').send(constant));
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const login = await fetch(`${address}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'province', password: DEMO_PASSWORD }),
    });
    if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    constant = await (await fetch(`${address}/api/layout`, { headers: { cookie } })).text();
    const schools = (JSON.parse(constant) as { schools: unknown[] }).schools.length;
    const bare = await series(`${address}/bench/bare`, cookie);
    const page = await series(`${address}/api/layout`, cookie);
    const region = await series(`${address}/api/layout?regionCode=420100&flagship=no&standard=unmet`, cookie);
    const xlsx = await series(`${address}/api/layout/export.xlsx`, cookie);
    const b = pct(bare, 50);
    const row = (name: string, xs: number[]) => ({
      name: `${name}, sequential p50 (p95 ${pct(xs, 95).toFixed(1)} ms)`,
      ms: pct(xs, 50),
      ratio: pct(xs, 50) / b,
    });
    return [
      {
        name: `layout: demo seed (${schools} schools, answer ${(constant.length / 1024).toFixed(0)} KB)`,
        ms: seedMs,
        ratio: 1,
      },
      row('layout: baseline bare route, same-size constant JSON', bare),
      row('layout: GET /api/layout (province, whole province)', page),
      row('layout: GET /api/layout?regionCode=420100&flagship=no&standard=unmet', region),
      row('layout: GET /api/layout/export.xlsx (three sheets)', xlsx),
    ];
  } finally {
    await app.close();
    await database.close();
  }
}
