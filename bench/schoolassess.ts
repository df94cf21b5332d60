// School assessment benchmark (issue 19 part 7): a 市州 bureau's live school assessment for 30 schools on the demo
// database — GET /api/school-assessments/{year}/region, every indicator item computed per school from the
// indicator sources — against a bare route on the same app answering a constant JSON of the same size, in the same
// process and run, through app.inject, one after another. p50 / p95 of BENCH_ASSESS (20).
import { and, count, eq } from 'drizzle-orm';
import { DEMO_MARK, makeUscc, DEFAULT_SCHOOL_SCHEME } from '@cjrh/domain';
import { buildApp } from '../apps/server/src/app';
import { openPglite } from '../apps/server/src/db/client';
import { orgs } from '../apps/server/src/db/schema/index';
import { DEMO_PASSWORD, seedDemo } from '../apps/server/src/demo-data/demo';
import { ensureReferenceData } from '../apps/server/src/db/reference';
import { testEnv } from '../apps/server/src/env';
import { today } from '../apps/server/src/lib/clock';

const N = Number(process.env.BENCH_ASSESS ?? 20);
const REGION = '420600';
const SCHOOLS = 30;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export async function benchSchoolAssessment() {
  const database = await openPglite();
  await ensureReferenceData(database.db);
  await seedDemo(database.db, { matchmaking: true });
  // Make the region's schools up to 30 (synthetic, 示例), so the table has the size of a large 市州.
  const [{ n }] = await database.db
    .select({ n: count() })
    .from(orgs)
    .where(and(eq(orgs.type, 'school'), eq(orgs.regionCode, REGION)));
  for (let i = n; i < SCHOOLS; i++) {
    await database.db.insert(orgs).values({
      name: `襄阳基准测试技工学校${i + 1}${DEMO_MARK}`,
      type: 'school',
      regionCode: REGION,
      uscc: makeUscc('52', REGION, `BENCH${String(i).padStart(4, '0')}`),
      schoolType: '技工学校',
      runsProgrammes: true,
      isDemo: true,
    });
  }
  const app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', DEMO_DATA: true }), db: database });
  // The baseline: the same answer, already serialised, from a route on the same app (added before it starts).
  let body = '';
  app.get('/bench/bare', async (_req, reply) => reply.type('application/json').send(body));
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: `region-${REGION}`, password: DEMO_PASSWORD },
  });
  const cookie = `cjrh_sid=${login.cookies.find((c) => c.name === 'cjrh_sid')!.value}`;
  const year = Number(today().slice(0, 4)) + 1; // a year the demo has not assessed: a draft, computed live
  const saved = await app.inject({
    method: 'PUT',
    url: `/api/school-assessments/${year}/scheme`,
    headers: { cookie },
    payload: { items: DEFAULT_SCHOOL_SCHEME },
  });
  if (saved.statusCode !== 200) throw new Error(`scheme: ${saved.statusCode} ${saved.body}`);
  const url = `/api/school-assessments/${year}/region`;
  body = (await app.inject({ method: 'GET', url, headers: { cookie } })).body;
  const rows = JSON.parse(body).rows.length;
  if (rows < SCHOOLS) throw new Error(`expected ${SCHOOLS} schools, got ${rows}`);
  const time = async (path: string) => {
    const out: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const r = await app.inject({ method: 'GET', url: path, headers: { cookie } });
      out.push(performance.now() - t0);
      if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode}`);
    }
    return out;
  };
  await time('/bench/bare');
  const bare: number[] = [];
  const full: number[] = [];
  for (let k = 0; k < 2; k++) {
    bare.push(...(await time('/bench/bare')));
    full.push(...(await time(url)));
  }
  await app.close();
  await database.close();
  const row = (name: string, xs: number[]) => [
    { name: `${name} p50`, ms: pct(xs, 50), ratio: pct(xs, 50) / pct(bare, 50) },
    { name: `${name} p95`, ms: pct(xs, 95), ratio: pct(xs, 95) / pct(bare, 95) },
  ];
  return [
    ...row('bare route, same answer (baseline)', bare),
    ...row(`school assessment of ${rows} schools, live (${DEFAULT_SCHOOL_SCHEME.length} items)`, full),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const r of await benchSchoolAssessment())
    console.log(`${r.name.padEnd(70)} ${r.ms.toFixed(1).padStart(8)} ms   ×${r.ratio.toFixed(2)}`);
