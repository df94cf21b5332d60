// The scratch database of the recommendation benchmark (recommend.ts): bulk loading of the synthetic national set
// into the real schema (orgs, campaigns, publications, published_items, school_specialties), and the plain SQL join
// the domain index is compared with.
import { sql } from 'drizzle-orm';
import { NEED_TYPES, REGIONS, SKILL_LEVELS, type EnterpriseLine, type SchoolLine } from '@cjrh/domain';
import { SPECIALTY_OCCUPATIONS } from '../packages/domain/src/reference/crosswalk';
import {
  distancePoints,
  needTypeIndex,
  regionIndex,
  SCHOOL_LEVEL_SKILL_CODES,
  typePoints,
} from '../packages/domain/src/matching/rules';
import type { Database } from '../apps/server/src/db/client';

type Db = Database['db'];
const CHUNK = 25_000;

async function exec(db: Db, q: ReturnType<typeof sql>) {
  return ((await db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;
}
/** A Postgres array literal parameter (one bound text, cast): keeps 25,000-row chunks to a handful of parameters. */
function pgArray(xs: readonly (string | number | null)[], type: string) {
  const lit = `{${xs.map((x) => (x === null ? 'NULL' : `"${String(x).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
  return sql`${lit}::${sql.raw(type)}[]`;
}

/**
 * Loads the set: schools get org ids 1…S, enterprises S+1…; one campaign, one publication, every line public and
 * unexpired, inserted in line order (so published_items.id order = the domain's line order within each side).
 */
export async function loadScratch(db: Db, schoolLines: readonly SchoolLine[], entLines: readonly EnterpriseLine[]) {
  await exec(
    db,
    sql`insert into campaigns (year, title, forms_due, region_due, publish_at, year_end, form_versions) values (2025, '基准测试', '2025-06-30', '2025-07-15', '2025-08-01', '2025-12-31', '{"school":"2025","enterprise":"2025"}'::jsonb)`,
  );
  const [{ id: campaignId }] = await exec(db, sql`select max(id) as id from campaigns`);
  await exec(
    db,
    sql`insert into publications (campaign_id, version, item_count, note) values (${campaignId}, 1, ${schoolLines.length + entLines.length}, '基准测试')`,
  );
  const [{ id: pubId }] = await exec(db, sql`select max(id) as id from publications`);
  const orgsOf = <T extends { orgId: number; regionCode: string }>(ls: readonly T[]) => [
    ...new Map(ls.map((l) => [l.orgId, l.regionCode])).entries(),
  ];
  for (const [type, list] of [
    ['school', orgsOf(schoolLines)],
    ['enterprise', orgsOf(entLines)],
  ] as const) {
    for (let i = 0; i < list.length; i += CHUNK) {
      const part = list.slice(i, i + CHUNK);
      const ids = part.map(([id]) => id);
      await exec(
        db,
        sql`insert into orgs (id, type, name, uscc, region_code, industry_codes)
            select id, ${type}, ${type === 'school' ? '基准学校' : '基准企业'} || id, 'BENCH' || lpad(id::text, 13, '0'), r, '[]'::jsonb
            from unnest(${pgArray(ids, 'int')}, ${pgArray(
              part.map(([, r]) => r),
              'text',
            )}) as t(id, r)`,
      );
    }
  }
  await exec(db, sql`select setval(pg_get_serial_sequence('orgs', 'id'), (select max(id) from orgs))`);
  type Row = {
    org: number;
    type: string;
    region: string;
    spec: string | null;
    occ: string | null;
    ind: string;
    level: string | null;
    post: string;
    levels: string;
    places: number;
    need: string;
    from: string | null;
  };
  const rows = function* (): Generator<Row> {
    for (const s of schoolLines)
      yield {
        org: s.orgId,
        type: 'school',
        region: s.regionCode,
        spec: s.specialtyCode,
        occ: null,
        ind: '[]',
        level: null,
        post: '',
        levels: JSON.stringify(s.levels),
        places: s.graduates,
        need: s.needType,
        from: s.availableFrom,
      };
    for (const e of entLines)
      yield {
        org: e.orgId,
        type: 'enterprise',
        region: e.regionCode,
        spec: null,
        occ: e.occupationCode,
        ind: JSON.stringify(e.industryCodes),
        level: e.skillLevel,
        post: e.postName,
        levels: '[]',
        places: e.headcount,
        need: e.needType,
        from: e.availableFrom,
      };
  };
  let part: Row[] = [];
  let n = 0;
  const flush = async () => {
    const col = <K extends keyof Row>(k: K) => part.map((r) => r[k] as string | number | null);
    await exec(
      db,
      sql`insert into published_items (publication_id, campaign_id, form_id, org_id, org_type, org_name, region_code, row_key, title, need_type, specialty_code, occupation_code, industry_codes, skill_level, post_name, levels, places, available_from, expires_on)
          select ${pubId}, ${campaignId}, org, org, type, '基准' || org, region, 'r' || k, need, need, spec, occ, ind::jsonb, lvl, post, lv::jsonb, places, af::date, '2099-12-31'
          from unnest(${pgArray(col('org'), 'int')}, ${pgArray(col('type'), 'text')}, ${pgArray(col('region'), 'text')}, ${pgArray(
            part.map((_, i) => n + i),
            'int',
          )}, ${pgArray(col('need'), 'text')},
                      ${pgArray(col('spec'), 'text')}, ${pgArray(col('occ'), 'text')}, ${pgArray(col('ind'), 'text')}, ${pgArray(col('level'), 'text')}, ${pgArray(col('post'), 'text')},
                      ${pgArray(col('levels'), 'text')}, ${pgArray(col('places'), 'int')}, ${pgArray(col('from'), 'text')})
            with ordinality as t(org, type, region, k, need, spec, occ, ind, lvl, post, lv, places, af, ord)
          order by ord`,
    );
    n += part.length;
    part = [];
  };
  for (const r of rows()) {
    part.push(r);
    if (part.length === CHUNK) await flush();
  }
  if (part.length) await flush();
  return { pubId: Number(pubId), items: n };
}

/**
 * The SQL side's reference tables, written from the same rules the domain uses (nothing re-derived by hand): the
 * crosswalk (specialty → occupation), distance points per region pair, need-type points per type pair, level orders.
 * Plus the one index a plain join needs (enterprise lines by occupation).
 */
export async function createSqlTables(db: Db) {
  await exec(
    db,
    sql`create table bench_crosswalk (specialty_code text, occupation_code text, primary key (specialty_code, occupation_code))`,
  );
  const cw = Object.entries(SPECIALTY_OCCUPATIONS).flatMap(([s, os]) => os.map((o) => [s, o] as const));
  await exec(
    db,
    sql`insert into bench_crosswalk select * from unnest(${pgArray(
      cw.map((x) => x[0]),
      'text',
    )}, ${pgArray(
      cw.map((x) => x[1]),
      'text',
    )})`,
  );
  await exec(db, sql`create table bench_distance (a text, b text, pts int, primary key (a, b))`);
  const rp = REGIONS.flatMap((a) =>
    REGIONS.map((b) => [a.code, b.code, distancePoints(regionIndex(a.code), regionIndex(b.code))] as const),
  );
  await exec(
    db,
    sql`insert into bench_distance select * from unnest(${pgArray(
      rp.map((x) => x[0]),
      'text',
    )}, ${pgArray(
      rp.map((x) => x[1]),
      'text',
    )}, ${pgArray(
      rp.map((x) => x[2]),
      'int',
    )})`,
  );
  await exec(db, sql`create table bench_type (s text, e text, pts int, primary key (s, e))`);
  const tp = NEED_TYPES.flatMap((s) =>
    NEED_TYPES.map((e) => [s, e, typePoints(needTypeIndex(s), needTypeIndex(e))] as const),
  );
  await exec(
    db,
    sql`insert into bench_type select * from unnest(${pgArray(
      tp.map((x) => x[0]),
      'text',
    )}, ${pgArray(
      tp.map((x) => x[1]),
      'text',
    )}, ${pgArray(
      tp.map((x) => x[2]),
      'int',
    )})`,
  );
  await exec(db, sql`create table bench_level (name text primary key, ord int)`);
  const order = (code: string) => SKILL_LEVELS.find((l) => l.code === code)!.order;
  const lv = [
    ...Object.entries(SCHOOL_LEVEL_SKILL_CODES).map(([name, code]) => [name, order(code)] as const),
    ...SKILL_LEVELS.map((l) => [l.code, l.order] as const),
  ];
  await exec(
    db,
    sql`insert into bench_level select * from unnest(${pgArray(
      lv.map((x) => x[0]),
      'text',
    )}, ${pgArray(
      lv.map((x) => x[1]),
      'int',
    )}) on conflict do nothing`,
  );
  await exec(
    db,
    sql`create index bench_items_occ on published_items (occupation_code, publication_id) where org_type = 'enterprise' and status = 'public'`,
  );
  await exec(db, sql`analyze`);
}

/**
 * The plain SQL version, for the given schools: every (school line, enterprise line) pair the crosswalk links
 * (direct fit), scored by one expression with the domain's points (fit 36 + distance + type + capacity + timing +
 * level; no partners or dismissals in the bench), the top 20 per school line (score desc, enterprise org, line), then
 * the domain's org aggregation (best + 2 per further line ≥ 50, at most +6, cap 100), top 10 per school.
 * Not expressed: partial fit through a shared industry (12 points). A partial pair scores at most 12 + 20 + 14 + 10
 * + 10 + 6 = 72, so the top 20 of a line can only differ when its 20th direct pair scores ≤ 72 — `minKept` reports
 * the lowest 20th score over the sample so the reader can see that this did not happen.
 */
export async function sqlTop10(db: Db, pubId: number, schoolIds: number[]) {
  const rows = await exec(
    db,
    sql`with q as (
          select i.id as qid, i.org_id as school, i.specialty_code, i.region_code, i.need_type, i.places as g, i.available_from as af,
                 (select coalesce(max(l.ord), 0) from jsonb_array_elements_text(i.levels) x join bench_level l on l.name = x) as slevel
          from published_items i
          where i.publication_id = ${pubId} and i.org_type = 'school' and i.status = 'public' and i.org_id in (${sql.join(
            schoolIds.map((s) => sql`${s}`),
            sql`, `,
          )})
        ), pairs as (
          select q.qid, q.school, e.org_id as ent, e.id as eid,
                 36 + coalesce(d.pts, 0) + coalesce(t.pts, 7)
                 + case when q.g > 0 and e.places > 0 then case when q.g >= e.places then 10 else round(10 * q.g::numeric / e.places)::int end else 5 end
                 + case when q.af is null or e.available_from is null then 5
                        when abs(q.af - e.available_from) <= 92 then 10
                        when abs(q.af - e.available_from) > 365 then 0
                        else round(10 * (365 - abs(q.af - e.available_from))::numeric / 273)::int end
                 + case when q.slevel = 0 or coalesce(el.ord, 0) = 0 then 3 when el.ord <= q.slevel then 6 else 0 end as score
          from q
          join bench_crosswalk c on c.specialty_code = q.specialty_code
          join published_items e on e.occupation_code = c.occupation_code and e.publication_id = ${pubId} and e.org_type = 'enterprise' and e.status = 'public'
          left join bench_distance d on d.a = q.region_code and d.b = e.region_code
          left join bench_type t on t.s = q.need_type and t.e = e.need_type
          left join bench_level el on el.name = e.skill_level
        ), ranked as (
          select *, row_number() over (partition by qid order by score desc, ent, eid) as rn from pairs
        ), kept as (
          select * from ranked where rn <= 20
        ), per_line as (
          select qid, min(score) filter (where rn = 20) as kth from kept group by qid
        ), per_org as (
          select school, ent, least(100, max(score) + least(6, 2 * greatest(0, count(*) filter (where score >= 50) - 1))) as score
          from kept group by school, ent
        ), top as (
          select school, ent, score, row_number() over (partition by school order by score desc, ent) as pos from per_org
        )
        select school, ent, score, pos, (select min(coalesce(kth, 0)) from per_line) as min_kept from top where pos <= 10 order by school, pos`,
  );
  const out = new Map<number, { orgId: number; score: number }[]>();
  for (const r of rows)
    (out.get(Number(r.school)) ?? out.set(Number(r.school), []).get(Number(r.school))!).push({
      orgId: Number(r.ent),
      score: Number(r.score),
    });
  return { top: out, minKept: rows.length ? Number(rows[0].min_kept) : 0 };
}
