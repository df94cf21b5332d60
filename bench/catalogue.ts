// Catalogue search benchmark: a published catalogue of 100,000 synthetic lines (示例), then autocannon with 64
// connections against
//   ours:     GET /api/catalogue?q=…&region=… — a rotating mix of words and filters (each answer: a page of lines,
//             the total and seven facet counts);
//   baseline: a bare Fastify route added to the same server process, answering a constant JSON of the same size
//             (one real search answer, captured at start-up), so HTTP, hooks and serialisation cost the same.
// ratio = our req/s ÷ baseline req/s; p50/p99 latency of both are printed. The server runs in a child process (this
// file in serve mode) so the load generator does not share its event loop. Runs on an in-memory PGlite, and first on
// PostgreSQL when BENCH_DATABASE_URL names a server (a scratch database bench_catalogue is created and dropped).
import autocannon from 'autocannon';
import pg from 'pg';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { formDefinition, makeUscc, REGIONS, type FormData as DemandData, type FormKind } from '@cjrh/domain';
import { openPglite, openPostgres, type Database } from '../apps/server/src/db/client';
import { ensureReferenceData } from '../apps/server/src/db/reference';
import { orgs, publications } from '../apps/server/src/db/schema/index';
import type { Actor, Ctx } from '../apps/server/src/http/access';
import { buildApp } from '../apps/server/src/app';
import { testEnv } from '../apps/server/src/env';
import { createCampaign } from '../apps/server/src/modules/campaigns/campaigns.service';
import { loadCodeLists } from '../apps/server/src/modules/forms/forms.repository';
import { itemFromRow, WINDOW_MONTHS } from '../apps/server/src/modules/catalogue/publish.service';
import { addDaysIso, today as clockToday } from '../apps/server/src/lib/clock';

const YEAR = 2025;
const LINES = Number(process.env.BENCH_LINES ?? 100_000);
const ORGS_PER_KIND = 1000;
const TEMPLATES_PER_KIND = 151; // prime, so org and template cycles do not line up
const CONNECTIONS = 64;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WORDS = ['数控', '焊工', '电工', '汽车', '护理', '电子商务', '机器人', '烹饪', '模具', '物流'];
const SELF = fileURLToPath(import.meta.url);

const province: Actor = {
  id: 1,
  username: 'bench',
  displayName: '基准测试',
  role: 'province',
  regionCode: null,
  orgId: null,
  orgName: null,
  orgType: null,
  isDemo: false,
};
const ctx: Ctx = { actor: province, ip: null, requestId: 'bench' };

// ---------------------------------------------------------------- server side (child process)

/** Lines as publication makes them (itemFromRow over synthetic form rows), with the org's name and region left as
 * placeholders that the bulk insert fills in per organisation. */
async function templates(db: Database['db'], kind: FormKind, publishDate: string) {
  const def = formDefinition(kind, YEAR);
  const lists = await loadCodeLists(db);
  const needTypes = def.fields.find((f) => f.role === 'needType')!.options!;
  const specialties = [...lists.specialty.byCode.entries()];
  const occupations = [...lists.occupation.byCode.entries()];
  const industries = [...lists.industry.byCode.keys()];
  const levels = [...lists.skill_level.byCode.keys()];
  const orgField = def.fields.find((f) => f.scope === 'org' && f.type === 'text')!; // 学校名称 / 企业名称
  const regionField = def.fields.find((f) => f.type === 'region')!;
  return Array.from({ length: TEMPLATES_PER_KIND }, (_, i) => {
    const needType = needTypes[i % needTypes.length];
    const org: DemandData['org'] = {
      contactName: '王示例',
      contactTitle: '校企合作办主任',
      contactPhone: `1390000${String(i).padStart(4, '0')}`,
      ownership: null,
    };
    const values: Record<string, string | number | string[] | null> =
      kind === 'school'
        ? (() => {
            const [code, name] = specialties[(i * 7) % specialties.length];
            return {
              specialtyCode: code,
              specialtyEnrolment: 100 + i,
              needType,
              needDetail: `示例：与企业合作开展${name}专业${needType}，每年 ${20 + (i % 30)} 人，共建实训基地、共同开发课程`,
              graduatesMidLevel: 10 + (i % 40),
              graduatesHighLevel: i % 20,
              targetIndustries: [industries[i % industries.length]],
              availableFrom: `${YEAR}-09-01`,
              resourcesOffered: '实训场地与设备',
            };
          })()
        : (() => {
            const [code, name] = occupations[(i * 7) % occupations.length];
            return {
              occupationCode: code,
              postName: name,
              headcount: 5 + (i % 40),
              skillLevel: levels[i % levels.length],
              needType,
              needDetail: `示例：招收${name} ${5 + (i % 40)} 人，${needType}，提供岗位培训与实习补贴`,
              availableFrom: `${YEAR}-07-01`,
            };
          })();
    const it = itemFromRow(def, { org, rows: [] }, { key: `r${i}`, values }, lists, publishDate);
    const fields = [
      { label: regionField.label, value: '{REGION}' },
      { label: orgField.label, value: '{ORG}' },
      ...it.fields.filter((f) => f.label !== regionField.label && f.label !== orgField.label),
    ];
    return {
      idx: i,
      title: it.title,
      need_type: it.needType,
      specialty_code: it.specialtyCode,
      occupation_code: it.occupationCode,
      industry_codes: it.industryCodes,
      skill_level: it.skillLevel,
      post_name: it.postName,
      levels: it.levels,
      places: it.places,
      available_from: it.availableFrom,
      detail: it.detail,
      fields,
      contact_phone: it.contactPhone,
      search_text: it.searchText,
    };
  });
}

/** 2,000 organisations and one publication of LINES lines, inserted by the database itself (INSERT … SELECT). */
async function seed(db: Database['db']) {
  await ensureReferenceData(db);
  const campaign = await createCampaign(db, ctx, { year: YEAR });
  for (const kind of ['school', 'enterprise'] as const) {
    const rows = Array.from({ length: ORGS_PER_KIND }, (_, i) => {
      const region = REGIONS[i % REGIONS.length];
      const name =
        kind === 'school'
          ? `示例${region.shortName}第${i + 1}技师学院`
          : `示例${region.shortName}第${i + 1}制造有限公司`;
      return {
        type: kind,
        name,
        uscc: makeUscc(
          kind === 'school' ? '12' : '91',
          region.code,
          `${kind === 'school' ? 'A' : 'B'}${String(i + 1).padStart(8, '0')}`,
        ),
        regionCode: region.code,
        schoolType: kind === 'school' ? '技师学院' : null,
        runsProgrammes: kind === 'school',
      };
    });
    for (let i = 0; i < rows.length; i += 500) await db.insert(orgs).values(rows.slice(i, i + 500));
  }
  const [pub] = await db
    .insert(publications)
    .values({ campaignId: campaign.id, version: 1, itemCount: LINES, note: '基准测试（示例数据）', publishedBy: null })
    .returning();
  const today = clockToday();
  const expires = addDaysIso(today, WINDOW_MONTHS * 30);
  const regions = JSON.stringify(REGIONS.map((r) => ({ code: r.code, name: r.name })));
  for (const kind of ['school', 'enterprise'] as const) {
    const tpl = JSON.stringify(await templates(db, kind, today));
    const half = LINES / 2;
    // In slices so PGlite's memory stays flat; lines of one org are consecutive ids, as publication writes them.
    for (let from = 0; from < half; from += 10_000) {
      const to = Math.min(half, from + 10_000) - 1;
      await db.execute(sql`
        with t as (select * from jsonb_to_recordset(${tpl}::jsonb) as x(idx int, title text, need_type text, specialty_code text, occupation_code text, industry_codes jsonb, skill_level text,
                     post_name text, levels jsonb, places int, available_from date, detail text, fields jsonb, contact_phone text, search_text text)),
             r as (select * from jsonb_to_recordset(${regions}::jsonb) as x(code text, name text)),
             o as (select o.id, o.name, o.region_code, r.name as region_name, (row_number() over (order by o.id) - 1)::int as k from orgs o join r on r.code = o.region_code where o.type = ${kind} and o.name like '示例%')
        insert into published_items (publication_id, campaign_id, form_id, org_id, org_type, org_name, region_code, row_key, title, need_type, specialty_code, occupation_code, industry_codes,
                                     skill_level, post_name, levels, places, available_from, expires_on, detail, fields, contact_name, contact_phone, contact_title, search_text, published_at)
        select ${pub.id}, ${campaign.id}, o.id, o.id, ${kind}, o.name, o.region_code, 'r' || g, t.title, t.need_type, t.specialty_code, t.occupation_code, t.industry_codes,
               t.skill_level, t.post_name, t.levels, t.places, t.available_from, ${expires}::date, t.detail,
               replace(replace(t.fields::text, '{ORG}', o.name), '{REGION}', o.region_name)::jsonb, '王示例', t.contact_phone, '校企合作办主任',
               t.search_text || ' ' || lower(o.name), now()
        from generate_series(${from}::int, ${to}::int) g
        join o on o.k = (g / 50) % ${ORGS_PER_KIND}
        join t on t.idx = g % ${TEMPLATES_PER_KIND}`);
    }
  }
  await db.execute(sql`analyze`);
}

async function serve() {
  const url = process.env.BENCH_CATALOGUE_DB;
  const database = url ? await openPostgres(url) : await openPglite(undefined);
  const t0 = performance.now();
  await seed(database.db);
  const seedMs = performance.now() - t0;
  const app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent' }), db: database });
  // The baseline: one real answer, served as a constant by a bare route in the same process (registered before the
  // first request, which makes the app ready; filled in by it).
  let constant: unknown = null;
  app.get('/bench/constant', async () => constant);
  const sample = await app.inject({ url: `/api/catalogue?q=${encodeURIComponent('数控')}&region=420100` });
  if (sample.statusCode !== 200)
    throw new Error(`sample search failed: ${sample.statusCode} ${sample.body.slice(0, 300)}`);
  constant = sample.json();
  const [{ n }] = (
    (await database.db.execute(sql`select count(*)::int as n from published_items`)) as unknown as {
      rows: { n: number }[];
    }
  ).rows;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  console.log(
    `READY ${JSON.stringify({ port, lines: n, seedMs, bytes: sample.body.length, total: (constant as { total: number }).total })}`,
  );
  process.on(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(() => database.close())
        .finally(() => process.exit(0)),
  );
}

// ---------------------------------------------------------------- load side (the bench process)

/** A deterministic mix: a word, sometimes a region, sometimes an organisation type or cooperation type. */
function searchPaths(): string[] {
  const codes = REGIONS.map((r) => r.code);
  return Array.from({ length: 240 }, (_, i) => {
    const p = new URLSearchParams({ q: WORDS[i % WORDS.length] });
    if (i % 4 !== 3) p.set('region', codes[(i * 5) % codes.length]);
    if (i % 3 === 1) p.set('orgType', i % 2 ? 'school' : 'enterprise');
    if (i % 7 === 2) p.set('sort', 'places');
    return `/api/catalogue?${p}`;
  });
}

async function startServer(dbUrl: string | undefined) {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, BENCH_CATALOGUE_SERVE: '1', BENCH_CATALOGUE_DB: dbUrl ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<{ port: number; lines: number; seedMs: number; bytes: number; total: number }>(
    (resolve, reject) => {
      child.once('exit', (c) => reject(new Error(`benchmark server exited ${c}`)));
      createInterface({ input: child.stdout! }).on('line', (l) =>
        l.startsWith('READY ') ? resolve(JSON.parse(l.slice(6))) : console.log(`  [server] ${l}`),
      );
    },
  );
  return { child, info };
}

async function stop(child: ChildProcess) {
  if (child.exitCode != null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

async function load(port: number, paths: string[], seconds: number) {
  let next = 0;
  const res = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 60,
    requests: [
      {
        setupRequest: (req: autocannon.Request) => ({
          ...req,
          method: 'GET' as const,
          path: paths[next++ % paths.length],
        }),
      },
    ],
  });
  if (res.non2xx) throw new Error(`load run had ${res.non2xx} non-2xx answers`);
  await idle(port);
  return {
    p50: res.latency.p50,
    p99: res.latency.p99,
    rps: res.requests.average,
    total: res.requests.total,
    timeouts: res.timeouts,
  };
}

/** Requests still in flight when a run stops keep the server busy: wait until it answers the bare route at once. */
async function idle(port: number) {
  for (let i = 0; i < 600; i++) {
    const t0 = performance.now();
    await (await fetch(`http://127.0.0.1:${port}/bench/constant`)).text();
    if (performance.now() - t0 < 50) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function runOn(label: string, dbUrl?: string) {
  const { child, info } = await startServer(dbUrl);
  try {
    if (info.lines !== LINES) throw new Error(`seeded ${info.lines} lines, expected ${LINES}`);
    const paths = searchPaths();
    // Each warmed (JIT, plans, caches) just before it is measured; load() waits for the server to be idle after each.
    await load(info.port, ['/bench/constant'], 3);
    const base = await load(info.port, ['/bench/constant'], SECONDS);
    // Every distinct search once, one at a time: what a search costs when it is not answered from the search cache
    // (modules/catalogue/searchCache.ts keeps an answer up to 30 s, so the loaded run below mixes cached answers
    // with recomputed ones as they expire).
    const cold: number[] = [];
    for (const path of [...new Set(paths)]) {
      const t0 = performance.now();
      const r = await fetch(`http://127.0.0.1:${info.port}${path}`);
      await r.text();
      if (!r.ok) throw new Error(`${path} answered ${r.status}`);
      cold.push(performance.now() - t0);
    }
    cold.sort((a, b) => a - b);
    const pct = (q: number) => Math.round(cold[Math.min(cold.length - 1, Math.floor(q * cold.length))]);
    await load(info.port, paths, 5);
    const ours = await load(info.port, paths, SECONDS);
    const fmt = (r: typeof base) =>
      `p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.rps.toFixed(r.rps < 10 ? 1 : 0)} req/s (${r.total.toLocaleString('en-US')} in ${SECONDS} s${r.timeouts ? `, ${r.timeouts} timed out at 60 s` : ''})`;
    return [
      {
        name: `baseline (${label}): bare Fastify route, constant JSON of ${(info.bytes / 1024).toFixed(1)} KB, ${CONNECTIONS} conn`,
        ms: base.p99,
        ratio: 1,
        note: fmt(base),
      },
      {
        name: `search on ${label}: ${LINES.toLocaleString('en-US')} lines, q + region/orgType filters (ratio = req/s vs baseline)`,
        ms: ours.p99,
        ratio: ours.rps / base.rps,
        note: `${fmt(ours)}; p99 ×${(ours.p99 / Math.max(1, base.p99)).toFixed(1)} of baseline; seed ${(info.seedMs / 1000).toFixed(0)} s`,
      },
      {
        name: `search on ${label}, each of ${cold.length} distinct searches once, sequential, not cached (p99 shown)`,
        ms: pct(0.99),
        ratio: pct(0.99) / Math.max(1, base.p99),
        note: `p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${Math.round(cold[cold.length - 1])} ms`,
      },
    ];
  } finally {
    await stop(child);
  }
}

export async function benchCatalogue() {
  const results = [];
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    const name = 'bench_catalogue';
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
    const u = new URL(url);
    u.pathname = `/${name}`;
    try {
      results.push(...(await runOn('PostgreSQL', u.toString())));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  // Seeding 100,000 lines into PGlite takes minutes on these machines: BENCH_CATALOGUE_PGLITE=0 skips it.
  if (process.env.BENCH_CATALOGUE_PGLITE !== '0') results.push(...(await runOn('PGlite (in memory)')));
  return results;
}

if (process.env.BENCH_CATALOGUE_SERVE && process.argv[1] === SELF) await serve();
