// Recommendation benchmark at national scale: 2,500 schools × 10 lines and 100,000 enterprises × 10 lines
// (1,000,000 enterprise demand lines), generated deterministically (syntheticLines, seed 42) from real reference codes.
//   domain   the line index alone, in memory: build both indexes, rank every school and every enterprise — the
//            baseline of the full recompute;
//   (1)      recomputeAll on a scratch database holding the same lines in published_items (load, rank, store);
//   (2)      recomputeOrg after one organisation's change (one of its lines withdrawn), median of 10 (5 schools,
//            5 enterprises) with the caches warm, the same call with nothing changed, and once cold (after a
//            restart); then a second full recompute says how many lists the incremental updates left different;
//            baseline: the domain's ranking of the same organisation;
//   (3)      a plain SQL join (school lines → crosswalk → enterprise lines, one score expression, window functions)
//            for 20 sample schools against the domain index for the same schools; the bench THROWS unless both give
//            the same top 10 (organisations and scores) for every sample school.
// PostgreSQL when BENCH_DATABASE_URL is set (scratch database bench_recommend, dropped afterwards), then PGlite in
// memory at BENCH_RECOMMEND_PGLITE_ENTERPRISES enterprises (default: the full 100,000; 0 skips PGlite).
// Scale: BENCH_RECOMMEND_SCHOOLS (2,500), BENCH_RECOMMEND_ENTERPRISES (100,000), 10 lines each.
import pg from 'pg';
import { sql } from 'drizzle-orm';
import {
  buildEnterpriseIndex,
  buildSchoolIndex,
  recommendForEnterprise,
  recommendForSchool,
  type EnterpriseLine,
  type SchoolLine,
} from '@cjrh/domain';
import { syntheticLines } from '../packages/domain/src/matching/synthetic';
import { openPglite, openPostgres, type Database } from '../apps/server/src/db/client';
import { invalidateLines, loadLines } from '../apps/server/src/modules/recommendations/lines';
import { invalidateListState } from '../apps/server/src/modules/recommendations/listState';
import {
  RECOMMENDATION_LIMIT,
  recomputeAll,
  recomputeOrg,
} from '../apps/server/src/modules/recommendations/recommendations.service';
import { createSqlTables, loadScratch, sqlTop10 } from './recommendSql';

const LINES_EACH = 10;
const SAMPLE = 20;
type Row = { name: string; ms: number; ratio: number; note?: string };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number) => n.toLocaleString('en-US');
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const c0 = cpuMs();
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, cpu: cpuMs() - c0, value };
}
const byOrg = <T extends { orgId: number }>(ls: readonly T[]) => {
  const m = new Map<number, T[]>();
  for (const l of ls) (m.get(l.orgId) ?? m.set(l.orgId, []).get(l.orgId)!).push(l);
  return m;
};
/** n org ids spread evenly over the list (deterministic). */
const spread = (ids: number[], n: number) =>
  Array.from({ length: n }, (_, i) => ids[Math.floor(((i + 0.5) * ids.length) / n)]);

function generate(schools: number, enterprises: number) {
  // Schools get ids 1…S and enterprises S+1…, the ids they get in the scratch database.
  return syntheticLines({
    seed: 42,
    schools,
    linesPerSchool: LINES_EACH,
    enterprises,
    linesPerEnterprise: LINES_EACH,
    enterpriseIdBase: schools + 1,
  });
}

/** The domain alone: both indexes, then every organisation's list (what recomputeAll computes, minus I/O). */
async function domainFull(schoolLines: SchoolLine[], entLines: EnterpriseLine[]) {
  const build = await timed(() => ({ ent: buildEnterpriseIndex(entLines), school: buildSchoolIndex(schoolLines) }));
  const { ent, school } = build.value;
  const rank = await timed(() => {
    let pairs = 0;
    for (const own of byOrg(schoolLines).values())
      pairs += recommendForSchool(own, ent, { limit: RECOMMENDATION_LIMIT }).length;
    for (const own of byOrg(entLines).values())
      pairs += recommendForEnterprise(own, school, { limit: RECOMMENDATION_LIMIT }).length;
    return pairs;
  });
  return { build, rank, ms: build.ms + rank.ms, cpu: build.cpu + rank.cpu };
}

// The domain baseline per scale, measured once per run and shared by the PostgreSQL and PGlite rows.
const baselines = new Map<string, Awaited<ReturnType<typeof domainFull>>>();

async function runOn(label: string, database: Database, schools: number, enterprises: number): Promise<Row[]> {
  const db = database.db;
  const scale = `${fmt(schools)} schools, ${fmt(enterprises)} enterprises, ${fmt(enterprises * LINES_EACH)} enterprise lines`;
  let { schoolLines, enterpriseLines } = generate(schools, enterprises);
  const base = baselines.get(scale) ?? baselines.set(scale, await domainFull(schoolLines, enterpriseLines)).get(scale)!;
  const load = await timed(() => loadScratch(db, schoolLines, enterpriseLines));
  const { pubId } = load.value;
  await createSqlTables(db);
  const schoolIds = [...new Set(schoolLines.map((l) => l.orgId))];
  const entIds = [...new Set(enterpriseLines.map((l) => l.orgId))];
  // The lines now live in the database; the synthetic copies are not needed any more (memory).
  schoolLines = [];
  enterpriseLines = [];

  // (1) Full recompute through the service: load every public line, index, rank every organisation, store.
  invalidateLines();
  const all = await timed(() => recomputeAll(db));
  const rows: Row[] = [
    {
      name: `baseline: domain index in memory, build + rank all (${scale})`,
      ms: base.ms,
      ratio: 1,
      note: `build ${(base.build.ms / 1000).toFixed(1)} s, rank ${(base.rank.ms / 1000).toFixed(1)} s; CPU ${(base.cpu / 1000).toFixed(1)} s; ${fmt(base.rank.value)} pairs`,
    },
    {
      name: `(1) recomputeAll on ${label}: load + index + rank + store`,
      ms: all.ms,
      ratio: all.ms / base.ms,
      note: `${fmt(all.value.orgs)} orgs, ${fmt(all.value.pairs)} pairs stored; CPU of this process ${(all.cpu / 1000).toFixed(1)} s; bulk load of the set took ${(load.ms / 1000).toFixed(1)} s`,
    },
  ];

  // (2) One organisation changed: one of its lines withdrawn (as POST /api/catalogue/items/:id/withdraw does), then
  // recomputeOrg with the caches warm; then the same call with nothing changed; then cold (after a restart: every line
  // reloaded and indexed, every list's last entry read back).
  const lines = await loadLines(db);
  const sample = [...spread(schoolIds, 5), ...spread(entIds, 5)];
  const dom: number[] = [];
  const changed: { id: number; ms: number; touched: number; reranked: number; school: boolean }[] = [];
  const unchanged: number[] = [];
  for (const id of sample) {
    const own = lines.schoolByOrg.get(id);
    dom.push(
      (
        await timed(() =>
          own
            ? recommendForSchool(own, lines.entIndex, { limit: RECOMMENDATION_LIMIT })
            : recommendForEnterprise(lines.entByOrg.get(id)!, lines.schoolIndex, { limit: RECOMMENDATION_LIMIT }),
        )
      ).ms,
    );
    await db.execute(
      sql`update published_items set status = 'withdrawn', withdrawn_reason = '基准测试', withdrawn_at = now() where id = (select min(id) from published_items where org_id = ${id} and status = 'public')`,
    );
    const r = await timed(() => recomputeOrg(db, id));
    changed.push({ id, ms: r.ms, touched: r.value.touched, reranked: r.value.reranked, school: !!own });
    unchanged.push((await timed(() => recomputeOrg(db, id))).ms);
  }
  invalidateLines();
  invalidateListState();
  const cold = await timed(() => recomputeOrg(db, sample[0]));
  const side = (school: boolean) => changed.filter((c) => c.school === school);
  const fmtSide = (xs: typeof changed) =>
    `median ${fmt(Math.round(median(xs.map((c) => c.ms))))} ms, max ${fmt(Math.round(Math.max(...xs.map((c) => c.ms))))} ms, lists touched ${Math.round(xs.reduce((a, c) => a + c.touched, 0) / xs.length)} (re-ranked ${Math.round(xs.reduce((a, c) => a + c.reranked, 0) / xs.length)}) on average`;
  // How far the incremental updates drifted from a full recompute of the same data (see decision record 0005).
  await db.execute(
    sql`create table bench_rec_incremental as select org_id, counterpart_org_id, score, lines, reasons from recommendations`,
  );
  invalidateLines();
  await recomputeAll(db);
  const diff = (await db.execute(sql`select count(distinct org_id)::int as lists from (
      (select org_id, counterpart_org_id, score, lines, reasons from bench_rec_incremental except select org_id, counterpart_org_id, score, lines, reasons from recommendations)
      union all (select org_id, counterpart_org_id, score, lines, reasons from recommendations except select org_id, counterpart_org_id, score, lines, reasons from bench_rec_incremental)) d`)) as unknown as {
    rows: { lists: number }[];
  };
  const orderDiff = (await db.execute(sql`select count(*)::int as lists from (
      select org_id, array_agg(counterpart_org_id order by score desc, counterpart_org_id) as ids from bench_rec_incremental group by org_id
      except select org_id, array_agg(counterpart_org_id order by score desc, counterpart_org_id) from recommendations group by org_id) d`)) as unknown as {
    rows: { lists: number }[];
  };
  await db.execute(sql`drop table bench_rec_incremental`);
  rows.push(
    {
      name: `baseline: domain ranking of one organisation (median of ${sample.length})`,
      ms: median(dom),
      ratio: 1,
      note: `median ${median(dom).toFixed(2)} ms, max ${Math.max(...dom).toFixed(1)} ms`,
    },
    {
      name: `(2) recomputeOrg on ${label} after one withdrawn line, caches warm (median of ${sample.length})`,
      ms: median(changed.map((c) => c.ms)),
      ratio: median(changed.map((c) => c.ms)) / median(dom),
      note: `schools: ${fmtSide(side(true))}; enterprises: ${fmtSide(side(false))}. Against a full recompute afterwards: ${fmt(diff.rows[0].lists)} lists differ in some entry, ${fmt(orderDiff.rows[0].lists)} in which organisations they hold or their order`,
    },
    {
      name: `(2) recomputeOrg on ${label}, nothing changed (median of ${sample.length})`,
      ms: median(unchanged),
      ratio: median(unchanged) / median(dom),
      note: `max ${fmt(Math.round(Math.max(...unchanged)))} ms`,
    },
    {
      name: `(2) recomputeOrg on ${label}, cold (after a restart: reload and index every line, read every list's last entry)`,
      ms: cold.ms,
      ratio: cold.ms / median(dom),
    },
  );

  // (3) Plain SQL join against the domain index, 20 sample schools, top 10 each.
  const sampleSchools = spread(schoolIds, SAMPLE);
  const fresh = await loadLines(db);
  const domTop = await timed(
    () =>
      new Map(
        sampleSchools.map((s) => [
          s,
          recommendForSchool(fresh.schoolByOrg.get(s)!, fresh.entIndex, { limit: 10 }).map((r) => ({
            orgId: r.orgId,
            score: r.score,
          })),
        ]),
      ),
  );
  await sqlTop10(db, pubId, sampleSchools.slice(0, 1)); // warm the cache once
  const sqlRuns = [];
  for (let i = 0; i < 3; i++) sqlRuns.push(await timed(() => sqlTop10(db, pubId, sampleSchools)));
  const sqlMs = median(sqlRuns.map((r) => r.ms));
  const { top, minKept } = sqlRuns[0].value;
  for (const s of sampleSchools) {
    const a = JSON.stringify(domTop.value.get(s));
    const b = JSON.stringify(top.get(s) ?? []);
    if (a !== b)
      throw new Error(`recommend bench: top 10 of school ${s} differs on ${label}\n  domain: ${a}\n  sql:    ${b}`);
  }
  rows.push(
    { name: `baseline: domain index, top 10 for ${SAMPLE} sample schools`, ms: domTop.ms, ratio: 1 },
    {
      name: `(3) plain SQL join on ${label} (crosswalk, score expression, windows), same ${SAMPLE} schools`,
      ms: sqlMs,
      ratio: sqlMs / domTop.ms,
      note:
        `top 10 identical for all ${SAMPLE}; SQL scores direct-fit (crosswalk) pairs only: the lowest 20th-best line score was ${minKept}` +
        (minKept > 72
          ? ' > 72 (the most a partial-fit pair can score), so no partial pair could have entered'
          : ' ≤ 72: a partial-fit pair could have entered a line’s top 20, the lists agreed anyway'),
    },
  );
  return rows;
}

export async function benchRecommend(): Promise<Row[]> {
  const schools = Number(process.env.BENCH_RECOMMEND_SCHOOLS ?? 2500);
  const enterprises = Number(process.env.BENCH_RECOMMEND_ENTERPRISES ?? 100_000);
  const liteEnterprises = Number(process.env.BENCH_RECOMMEND_PGLITE_ENTERPRISES ?? enterprises);
  const results: Row[] = [];
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    const name = 'bench_recommend';
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openPostgres(u.toString());
    try {
      results.push(...(await runOn('PostgreSQL', database, schools, enterprises)));
    } finally {
      await database.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  // BENCH_RECOMMEND_PGLITE_ENTERPRISES=0 skips PGlite (e.g. to run it in another process at another scale).
  if (liteEnterprises <= 0) return results;
  const lite = await openPglite(undefined);
  try {
    results.push(
      ...(await runOn(
        `PGlite in memory${liteEnterprises !== enterprises ? ` (smaller scale: ${fmt(liteEnterprises * LINES_EACH)} enterprise lines)` : ''}`,
        lite,
        schools,
        liteEnterprises,
      )),
    );
  } finally {
    await lite.close();
    invalidateLines();
  }
  return results;
}
