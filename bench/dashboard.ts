// Dashboard benchmark: the province dashboard's requests on a large database, against a baseline measured in the
// same process and run: a bare route on the same Fastify app, reached the same way (HTTP on 127.0.0.1, keep-alive,
// the same session cookie).
//   - GET /api/indicators                      the dashboard this year (as of today), every card computed live;
//   - GET /api/indicators?year=2025            the same as of the end of 2025 (a past year: must be as fast);
//   - GET /api/indicators?asOf=2026-03-31      the same as of a day;
//   - GET /api/indicators/:id/regions?year=2025 the map / ranking page (dashboard/map) for the heaviest indicator,
//     people_trained_year (it sums the progress reports);
// each 30 times one after another (p50 / p95), then 8 clients at once (8 × 8 requests, p50 / p95 of each request).
// Data: BENCH_REPORTS (1,000,000) progress reports over monthly periods of 2025-01…2026-05, with the orgs, agreements
// and projects they need, bulk-inserted by SQL (every name marked 示例). PostgreSQL when BENCH_DATABASE_URL is set (a
// scratch database bench_dashboard, created and dropped); PGlite in memory at BENCH_PGLITE_REPORTS (200,000): one
// WebAssembly heap holding a million reports with their indexes is slower to build than the rest of the suite.
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, type Database } from '../apps/server/src/db/client';
import { ensureReferenceData } from '../apps/server/src/db/reference';
import { buildApp } from '../apps/server/src/app';
import { testEnv } from '../apps/server/src/env';
import { setClock } from '../apps/server/src/lib/clock';

const PERIODS = 17; // 2025-01 … 2026-05
const TYPES = [
  'order_class',
  'mentor',
  'training_eval',
  'base',
  'teacher_practice',
  'specialty',
  'competition',
  'rnd',
  'alliance',
];
const PASSWORD = 'Bench@2025x';
const SEQUENTIAL = Number(process.env.BENCH_SEQ ?? 30);
const CLIENTS = 8;
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 8);

const regionsSql = `(select code, row_number() over (order by code) - 1 as i from (values ('420100'),('420200'),('420300'),('420500'),('420600'),('420700'),('420800'),('420900'),('421000'),('421100'),('421200'),('421300'),('422800'),('429004'),('429005'),('429006'),('429021')) r(code))`;

/** Synthetic rows sized by the report count; returns how long the load took. */
async function load(db: Database['db'], reports: number) {
  const t0 = performance.now();
  const projects = Math.ceil(reports / PERIODS);
  const agreements = Math.ceil(projects / 3);
  const schools = Math.max(170, Math.round(projects / 35));
  const enterprises = schools * 2;
  const x = (q: string) => db.execute(sql.raw(q));
  await ensureReferenceData(db);
  await x(`insert into orgs (type, name, uscc, region_code, runs_programmes, full_time_teachers, school_type, is_key, national_integrated, national_integrated_done, is_demo)
    select 'school', '示例·基准技师学院' || g || '（示例）', 'BS' || lpad(g::text, 16, '0'), r.code, true, 60 + g % 90, '技师学院', false, g % 40 = 0, g % 80 = 0, true
    from generate_series(1, ${schools}) g join ${regionsSql} r on r.i = g % 17`);
  await x(`insert into orgs (type, name, uscc, region_code, is_key, industry_codes, is_demo)
    select 'enterprise', '示例·基准制造有限公司' || g || '（示例）', 'BE' || lpad(g::text, 16, '0'), r.code, g % 2 = 0, '["C"]'::jsonb, true
    from generate_series(1, ${enterprises}) g join ${regionsSql} r on r.i = g % 17`);
  await x(
    `create temp table bs as select id, region_code, row_number() over (order by id) as n from orgs where type = 'school'`,
  );
  await x(
    `create temp table be as select id, region_code, row_number() over (order by id) as n from orgs where type = 'enterprise'`,
  );
  const spec = (
    (await db.execute(
      sql`select code from dict_entries where kind = 'specialty' order by code limit 12`,
    )) as unknown as { rows: { code: string }[] }
  ).rows.map((r) => r.code);
  await x(`insert into school_specialties (org_id, specialty_code, enrolment, graduates_per_year, integrated, is_key, backbone_teachers)
    select s.id, (array[${spec.map((c) => `'${c}'`).join(',')}])[1 + (s.n + k) % ${spec.length}], 100 + k * 13, 30 + k * 4, (s.n + k) % 3 = 0, k < 2, 3 from bs s cross join generate_series(0, 5) k`);
  await x(`insert into agreements (agreement_no, campaign_year, region_code, title, kind, term_start, term_end, signing_date, status, key_project)
    select 'BENCH-' || lpad(g::text, 8, '0'), 2025, s.region_code, '基准校企合作协议' || g || '（示例）', 'bilateral', date '2025-01-01', date '2027-12-31', date '2024-12-20',
      (array['active','active','active','active','signed','expired','terminated','draft'])[1 + g % 8], g % 50 = 0
    from generate_series(1, ${agreements}) g join bs s on s.n = 1 + g % ${schools}`);
  await x(`insert into agreement_parties (agreement_id, org_id, side)
    select a.id, s.id, 'school' from agreements a join bs s on s.n = 1 + substr(a.agreement_no, 7)::int % ${schools}
    union all select a.id, e.id, 'enterprise' from agreements a join be e on e.n = 1 + substr(a.agreement_no, 7)::int % ${enterprises}`);
  await x(`create temp table ba as select id, region_code, row_number() over (order by id) as n from agreements`);
  // Project data as the types carry it, small: mentors, teachers and specialty codes are what the sources read.
  // Registered, started (and stopped) on dated days, so figures as of a past day select what they would in real data.
  await x(`insert into projects (agreement_id, type, title, campaign_year, region_code, school_org_id, status, start_date, end_date, created_at, started_on, stopped_on, data, report_frequency, selection_status)
    select a.id, t.type, '基准项目' || g || '（示例）', 2025, a.region_code, p.org_id,
      (array['running','running','running','completed','planned','stopped'])[1 + g % 6], date '2025-01-01', date '2026-12-31', timestamptz '2024-12-28 10:00+08',
      case when g % 6 <> 4 then date '2025-01-01' end, case when g % 6 = 5 then date '2026-03-01' end,
      case t.type
        when 'mentor' then jsonb_build_object('mentors', jsonb_build_array(jsonb_build_object('idKey', md5('m' || g), 'name', '导师' || g, 'title', '高级技师', 'termStart', '2025-01-01', 'termEnd', '2027-12-31')))
        when 'teacher_practice' then jsonb_build_object('teachers', jsonb_build_array(jsonb_build_object('idKey', md5('t' || g), 'name', '教师' || g, 'keySpecialty', true, 'backbone', true, 'startDate', '2025-03-01', 'days', 20 + g % 20)))
        when 'base' then jsonb_build_object('specialtyCodes', jsonb_build_array('${spec[0]}'))
        when 'order_class' then jsonb_build_object('students', 30, 'hiringCommitment', 20)
        else '{}'::jsonb end,
      'monthly', case when g % 97 = 0 then 'selected' else 'none' end
    from generate_series(1, ${projects}) g
    join ba a on a.n = 1 + g % ${agreements}
    join agreement_parties p on p.agreement_id = a.id and p.side = 'school'
    join (select unnest(array[${TYPES.map((t) => `'${t}'`).join(',')}]) as type, generate_series(0, ${TYPES.length - 1}) as k) t on t.k = g % ${TYPES.length}`);
  await x(`create temp table bp as select id, type, region_code, row_number() over (order by id) as n from projects`);
  await x(`insert into progress_reports (project_id, period, due_date, state, metrics, note, region_code, version)
    select p.id, to_char(date '2025-01-01' + make_interval(months => k), 'YYYY-MM'), (date '2025-02-01' + make_interval(months => k))::date + 9,
      (array['accepted','accepted','accepted','accepted','accepted','accepted','accepted','submitted','submitted','due','draft','returned'])[1 + (g + k) % 12],
      case when p.type = 'training_eval' then jsonb_build_object('personTimes', 20 + (g + k) % 60, 'certificatesByLevel', jsonb_build_object('四级', 5)) else jsonb_build_object('activities', 1 + k % 4) end,
      '', p.region_code, 3
    from generate_series(1, ${projects}) g join bp p on p.n = g cross join generate_series(0, ${PERIODS - 1}) k
    where (g - 1) * ${PERIODS} + k < ${reports}`);
  await x(`insert into internships (school_org_id, enterprise_org_id, specialty_code, students, start_date, end_date, paid, pay_per_month, insured, safety_trained, employed_after, agreement_id, region_code, version)
    select ap.org_id, e.org_id, '${spec[0]}', 20, date '2025-03-01', date '2025-09-30', true, 2500, true, true, 10, a.id, a.region_code, 1
    from ba a join agreement_parties ap on ap.agreement_id = a.id and ap.side = 'school' join agreement_parties e on e.agreement_id = a.id and e.side = 'enterprise' where a.n % 5 = 0`);
  // Four teachers per school, one row each (the table's grain).
  await x(`insert into teacher_trainings (school_org_id, region_code, teacher_name, specialty_code, start_date, end_date, hours, provider)
    select id, region_code, '教师' || k || '（示例）', '${spec[0]}', date '2025-05-20', date '2025-06-01', 80, '一体化师资培训基地（示例）' from bs cross join generate_series(1, 4) k`);
  // One school in 50 had its region corrected from 1 June 2026 (issue 13): a figure of a past day reads the region of
  // that day from org_region_history (the first rows were written by the orgs insert trigger), today the moved copies.
  await x(
    `create temp table moved as select s.id, s.region_code as old, r.code as new from bs s join ${regionsSql} r on r.i = (s.n + 1) % 17 where s.n % 50 = 0`,
  );
  await x(
    `update org_region_history h set valid_to = date '2026-06-01' from moved m where h.org_id = m.id and h.valid_to is null`,
  );
  await x(`insert into org_region_history (org_id, region_code, runs_programmes, full_time_programmes, national_integrated, national_integrated_done, is_key, valid_from, reason)
    select o.id, m.new, o.runs_programmes, o.full_time_programmes, o.national_integrated, o.national_integrated_done, o.is_key, date '2026-06-01', '基准：地区更正（示例）' from orgs o join moved m on m.id = o.id`);
  await x(`update orgs o set region_code = m.new from moved m where o.id = m.id`);
  await x(`update projects p set region_code = m.new from moved m where p.school_org_id = m.id`);
  await x(
    `update progress_reports r set region_code = m.new from projects p join moved m on m.id = p.school_org_id where p.id = r.project_id and r.state <> 'accepted'`,
  );
  // What autovacuum does after a bulk load: statistics and the visibility map (index-only counts of projects).
  await x(`vacuum analyze`);
  return { ms: performance.now() - t0, projects, agreements, schools, enterprises };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function timed(url: string, cookie: string) {
  const t0 = performance.now();
  const r = await fetch(url, { headers: { cookie } });
  await r.arrayBuffer();
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return performance.now() - t0;
}

async function series(url: string, cookie: string) {
  await timed(url, cookie); // warm-up (plans, caches)
  const seq: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) seq.push(await timed(url, cookie));
  const conc: number[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < PER_CLIENT; i++) conc.push(await timed(url, cookie));
    }),
  );
  return { seq, conc };
}

type Row = { id: number; pt: number };
const rowsOf = async <T>(db: Database['db'], q: ReturnType<typeof sql>) =>
  ((await db.execute(q)) as unknown as { rows: T[] }).rows;

/**
 * Live: between two dashboard requests a submitted training report is accepted (as a bureau would), and the next
 * dashboard must show the year's person-times higher, and its 待审核 figure lower, by exactly that report's figure
 * (reports count once accepted, issue 13) — the bench fails otherwise. Also the price on the write side: the same
 * one-report UPDATE with the summary trigger and with it disabled.
 */
async function liveSeries(db: Database['db'], address: string, cookie: string) {
  const n = Math.min(SEQUENTIAL, 20);
  // Reports that count: under an agreement every party confirmed (a draft's reports count for nobody).
  const picked = await rowsOf<Row>(
    db,
    sql`select r.id, (r.metrics->>'personTimes')::int as pt from progress_reports r join projects p on p.id = r.project_id
    join agreements a on a.id = p.agreement_id and a.status in ('signed', 'active', 'expired', 'terminated')
    where p.type = 'training_eval' and p.deleted_at is null and r.state = 'submitted' and r.period like '2026-%' order by r.id limit ${n}`,
  );
  const figureNow = async () => {
    const t0 = performance.now();
    const r = await fetch(`${address}/api/indicators?year=2026`, { headers: { cookie } });
    const body = (await r.json()) as { items: { id: string; value: number; pendingValue?: number }[] };
    const card = body.items.find((i) => i.id === 'people_trained_year')!;
    return { ms: performance.now() - t0, v: card.value, pending: card.pendingValue ?? 0 };
  };
  const times: number[] = [];
  let { v: before, pending } = await figureNow();
  try {
    for (const r of picked) {
      // Accepted without a decision time: it counts on every day of the year, whatever today is.
      await db.execute(sql`update progress_reports set state = 'accepted', decided_at = null where id = ${r.id}`);
      const now = await figureNow();
      if (now.v !== before + r.pt || now.pending !== pending - r.pt)
        throw new Error(
          `dashboard not live: ${before} + ${r.pt} ≠ ${now.v} or 待审核 ${pending} − ${r.pt} ≠ ${now.pending}`,
        );
      times.push(now.ms);
      before = now.v;
      pending = now.pending;
    }
    const write = async () => {
      const ts: number[] = [];
      for (const r of picked) {
        const t0 = performance.now();
        await db.execute(sql`update progress_reports set state = 'submitted' where id = ${r.id}`);
        ts.push(performance.now() - t0);
        await db.execute(sql`update progress_reports set state = 'accepted' where id = ${r.id}`);
      }
      return pct(ts, 50);
    };
    const withTrigger = await write();
    await db.execute(sql`alter table progress_reports disable trigger progress_reports_totals_upd`);
    let without: number;
    try {
      without = await write();
    } finally {
      await db.execute(sql`alter table progress_reports enable trigger progress_reports_totals_upd`);
    }
    return { times, withTrigger, without, n: picked.length };
  } finally {
    // Back as loaded (through the trigger), so a kept database measures the same next time.
    await db.execute(
      sql`update progress_reports set state = 'submitted' where id in (${sql.join(
        picked.map((r) => sql`${r.id}`),
        sql`, `,
      )})`,
    );
  }
}

async function runOn(label: string, database: Database, reports: number, reuse = false) {
  const data = reuse
    ? {
        ms: 0,
        projects: Math.ceil(reports / PERIODS),
        agreements: Math.ceil(reports / PERIODS / 3),
        schools: 0,
        enterprises: 0,
      }
    : await load(database.db, reports);
  if (!reuse)
    await database.db.execute(
      sql`insert into users (username, display_name, password_hash, role) values ('bench-province', '基准测试省厅（示例）', ${await hash(PASSWORD)}, 'province')`,
    );
  const app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent' }), db: database });
  app.get('/bench/bare', async () => ({ ok: true }));
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const login = await fetch(`${address}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench-province', password: PASSWORD }),
    });
    if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const out: { name: string; ms: number; ratio: number; note?: string }[] = [];
    const scale = `${(reports / 1e6).toFixed(reports >= 1e6 ? 0 : 1)}M 份进展报告, ${data.projects} projects`;
    out.push({
      name: `${label}: load ${reports.toLocaleString('en')} reports (${data.projects} projects, ${data.agreements} agreements, ${data.schools + data.enterprises} orgs)`,
      ms: data.ms,
      ratio: 1,
    });
    const bare = await series(`${address}/bench/bare`, cookie);
    const b50 = pct(bare.seq, 50);
    const b50c = pct(bare.conc, 50);
    for (const [name, url] of [
      ['GET /api/indicators (this year, as of today)', `${address}/api/indicators`],
      ['GET /api/indicators?year=2025', `${address}/api/indicators?year=2025`],
      ['GET /api/indicators?asOf=2026-03-31', `${address}/api/indicators?asOf=2026-03-31`],
      [
        'GET /api/indicators/people_trained_year/regions',
        `${address}/api/indicators/people_trained_year/regions?year=2025`,
      ],
    ] as const) {
      const r = await series(url, cookie);
      out.push({
        name: `${label}: ${name}, ${SEQUENTIAL} sequential p50`,
        ms: pct(r.seq, 50),
        ratio: pct(r.seq, 50) / b50,
        note: `p95 ${pct(r.seq, 95).toFixed(0)} ms; ${scale}`,
      });
      out.push({
        name: `${label}: ${name}, ${CLIENTS} concurrent p50`,
        ms: pct(r.conc, 50),
        ratio: pct(r.conc, 50) / b50c,
        note: `p95 ${pct(r.conc, 95).toFixed(0)} ms`,
      });
    }
    // The fair baseline for a past year: the same year's figures with the same records, read as "this year, as of
    // today" (the clock set to the year's last evening). This year's dashboard above counts other records (in this
    // synthetic province every project is of 2025's campaign), so its ratio to year=2025 mixes data volume with the
    // cost of reading a past day.
    setClock('2025-12-31T20:00:00+08:00');
    try {
      const r = await series(`${address}/api/indicators`, cookie);
      out.push({
        name: `${label}: GET /api/indicators on 2025-12-31 (2025 as this year: year=2025's baseline), ${SEQUENTIAL} sequential p50`,
        ms: pct(r.seq, 50),
        ratio: pct(r.seq, 50) / b50,
        note: `p95 ${pct(r.seq, 95).toFixed(0)} ms`,
      });
      out.push({
        name: `${label}: GET /api/indicators on 2025-12-31, ${CLIENTS} concurrent p50`,
        ms: pct(r.conc, 50),
        ratio: pct(r.conc, 50) / b50c,
        note: `p95 ${pct(r.conc, 95).toFixed(0)} ms`,
      });
    } finally {
      setClock(null);
    }
    const live = await liveSeries(database.db, address, cookie);
    out.push({
      name: `${label}: dashboard after each of ${live.n} report acceptances (figure and 待审核 checked), p50`,
      ms: pct(live.times, 50),
      ratio: pct(live.times, 50) / b50,
      note: `p95 ${pct(live.times, 95).toFixed(0)} ms`,
    });
    out.push({
      name: `${label}: one report UPDATE with the summary trigger, p50`,
      ms: live.withTrigger,
      ratio: live.withTrigger / live.without,
      note: `vs ${live.without.toFixed(2)} ms with the trigger disabled`,
    });
    out.push({
      name: `${label}: baseline bare route, sequential p50 (p95 ${pct(bare.seq, 95).toFixed(1)} ms; 8 concurrent p50 ${b50c.toFixed(1)} ms)`,
      ms: b50,
      ratio: 1,
    });
    return out;
  } finally {
    await app.close();
  }
}

export async function benchDashboard() {
  const results = [];
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    // BENCH_DASHBOARD_DB names the scratch database (several checkouts may bench on one server at once).
    const name = process.env.BENCH_DASHBOARD_DB ?? 'bench_dashboard';
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_DASHBOARD_DB: not a plain database name: ${name}`);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // BENCH_KEEP=1 keeps the loaded database after the run; BENCH_REUSE=1 measures a kept one again without reloading.
    const reuse =
      process.env.BENCH_REUSE === '1' &&
      (await admin.query(`select 1 from pg_database where datname = '${name}'`)).rowCount === 1;
    if (!reuse) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(
        `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
      );
    }
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openPostgres(u.toString());
    try {
      results.push(...(await runOn('PostgreSQL', database, Number(process.env.BENCH_REPORTS ?? 1_000_000), reuse)));
    } finally {
      await database.close();
      if (process.env.BENCH_KEEP !== '1') await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  if (process.env.BENCH_PGLITE_REPORTS === '0') return results;
  const lite = await openPglite(undefined);
  try {
    results.push(...(await runOn('PGlite (in memory)', lite, Number(process.env.BENCH_PGLITE_REPORTS ?? 200_000))));
  } finally {
    await lite.close();
  }
  return results;
}
