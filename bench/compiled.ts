// 需求信息汇编 benchmark (issue 15): the stored workbook served to an anonymous reader (GET /api/catalogue/compiled.xlsx)
// against the same workbook built anew for each request, as the route did before, through a bench route on the same
// app (same HTTP path, hooks and client). Demo database (scale 1, seeded as `npm start` seeds it), in-memory PGlite;
// p50/p95 of BENCH_SEQ (10) sequential requests each, interleaved so load on the shared machine hits both alike.
import { openPglite } from '../apps/server/src/db/client';
import { ensureReferenceData } from '../apps/server/src/db/reference';
import { seedDemo } from '../apps/server/src/demo-data/demo';
import { buildApp } from '../apps/server/src/app';
import { testEnv } from '../apps/server/src/env';
import { compiledWorkbook } from '../apps/server/src/modules/catalogue/compiled';

const SEQUENTIAL = Number(process.env.BENCH_SEQ ?? 10);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function timed(url: string, headers: Record<string, string> = {}) {
  const t0 = performance.now();
  const r = await fetch(url, { headers });
  const bytes = (await r.arrayBuffer()).byteLength;
  if (r.status !== 200 && r.status !== 304) throw new Error(`${url}: ${r.status}`);
  return { ms: performance.now() - t0, bytes, etag: r.headers.get('etag') ?? '' };
}

export async function benchCompiled() {
  const database = await openPglite(undefined, { migrate: true });
  await ensureReferenceData(database.db);
  await seedDemo(database.db, { matchmaking: true });
  const app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', DEMO_DATA: true }), db: database });
  app.get('/bench/build', async (_req, reply) => {
    const { stream } = await compiledWorkbook(database.db, {}, (err) => console.error(err));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(stream);
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const counted = (await database.db.execute(
      `select count(*)::int as n from published_items where publication_id = (select max(id) from publications) and status = 'public'`,
    )) as unknown as { rows: { n: number }[] };
    const lines = counted.rows[0].n;
    const first = await timed(`${address}/api/catalogue/compiled.xlsx`); // builds and stores
    await timed(`${address}/bench/build`); // warm-up
    const build: number[] = [];
    const served: number[] = [];
    const revalidated: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      build.push((await timed(`${address}/bench/build`)).ms);
      served.push((await timed(`${address}/api/catalogue/compiled.xlsx`)).ms);
      revalidated.push((await timed(`${address}/api/catalogue/compiled.xlsx`, { 'if-none-match': first.etag })).ms);
    }
    const b = pct(build, 50);
    const row = (name: string, xs: number[]) => ({
      name: `${name}, p50 (p95 ${pct(xs, 95).toFixed(1)} ms)`,
      ms: pct(xs, 50),
      ratio: pct(xs, 50) / b,
    });
    return [
      {
        name: `compiled: first request, builds and stores (${lines} lines, ${(first.bytes / 1024).toFixed(0)} KB)`,
        ms: first.ms,
        ratio: first.ms / b,
      },
      row('compiled: baseline, built anew per request (the route before)', build),
      row('compiled: GET /api/catalogue/compiled.xlsx, stored bytes', served),
      row('compiled: same with If-None-Match (304)', revalidated),
    ];
  } finally {
    await app.close();
    await database.close();
  }
}
