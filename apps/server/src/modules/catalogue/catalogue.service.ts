import { sql, type SQL } from 'drizzle-orm';
import {
  byLadder,
  maskFreeText,
  maskName,
  maskPhone,
  occupationsForSpecialty,
  specialtiesForOccupation,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import type { Actor, Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { latestPublicationIds, latestPublishedYear, publishedYears } from './publish.service';
import { cachedSearch } from './searchCache';
import { tokens } from './tokens';
import { today } from '../../lib/clock';
import { sqlRows as rows } from '../../db/rows';

export interface CatalogueQuery {
  q?: string;
  year?: number;
  region?: string;
  industry?: string;
  specialty?: string;
  occupation?: string;
  type?: string;
  level?: string;
  orgType?: 'school' | 'enterprise';
  orgId?: number;
  sort?: 'newest' | 'closing' | 'places';
  page: number;
  pageSize: number;
}

const esc = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const beijingToday = () => today();

/** Words of the query as LIKE terms: jieba tokens of two or more characters (a one-character query stays). */
function queryTerms(q: string): string[] {
  const norm = q.normalize('NFKC').trim().toLowerCase().slice(0, 50);
  if (!norm) return [];
  const t = tokens(norm).filter((w) => w.length >= 2);
  // Keep only the longest tokens that are not contained in another (数控车工 ⊃ 数控 would over-filter nothing).
  const terms = t.length ? t.filter((w) => !t.some((o) => o !== w && o.includes(w))) : [norm];
  return terms.slice(0, 8);
}

/**
 * One query word as a condition. A two-character word has no trigram of its own, so '%数控%' can not use the trigram
 * index and reads every line (seconds at 100,000 lines, bench/catalogue.ts); matched as a whole token it can: the
 * stored text starts with the jieba tokens, space-separated, and ' 数控 ' has trigrams with word-boundary padding.
 * jieba's search mode also emits the dictionary words inside longer ones (数控机床 → 数控 机床 数控机床), so this finds
 * the same lines, minus accidental matches across two words. Words jieba does not see as one word, and longer words
 * (which have trigrams), stay substring matches.
 */
function termMatch(term: string): SQL {
  if ([...term].length === 2 && tokens(term).includes(term))
    return sql`(i.search_text like ${`${esc(term)} %`} or i.search_text like ${`% ${esc(term)} %`})`;
  return sql`i.search_text like ${`%${esc(term)}%`}`;
}

type Filter = Exclude<keyof CatalogueQuery, 'q' | 'year' | 'sort' | 'page' | 'pageSize'>;

/** The visible lines of the publications that match the words: what every facet of one search shares. */
function base(pubIds: number[], q: CatalogueQuery): SQL {
  const parts: SQL[] = [
    sql`i.publication_id in (${sql.join(
      pubIds.map((id) => sql`${id}`),
      sql`, `,
    )})`,
    sql`i.status = 'public'`,
    sql`i.expires_on >= ${beijingToday()}`,
  ];
  for (const term of q.q ? queryTerms(q.q) : []) parts.push(termMatch(term));
  return sql.join(parts, sql` and `);
}

/** WHERE clause for the visible lines; `except` leaves one filter out (for that filter's facet counts). */
function where(pubIds: number[], q: CatalogueQuery, except?: Filter): SQL {
  return sql`${base(pubIds, q)} and ${filters(q, except)}`;
}

/** The filters alone (no publication, status or words), over `i`. */
function filters(q: CatalogueQuery, except?: Filter): SQL {
  const parts: SQL[] = [sql`true`];
  if (q.region && except !== 'region') parts.push(sql`i.region_code = ${q.region}`);
  if (q.industry && except !== 'industry') parts.push(sql`i.industry_codes @> ${JSON.stringify([q.industry])}::jsonb`);
  if (q.type && except !== 'type') parts.push(sql`i.need_type = ${q.type}`);
  if (q.level && except !== 'level') parts.push(sql`i.skill_level = ${q.level}`);
  if (q.orgType && except !== 'orgType') parts.push(sql`i.org_type = ${q.orgType}`);
  if (q.orgId != null) parts.push(sql`i.org_id = ${q.orgId}`);
  // A specialty also finds the enterprise posts it leads to, and an occupation the specialties that train for it.
  if (q.specialty && except !== 'specialty') {
    const occ = occupationsForSpecialty(q.specialty);
    parts.push(
      occ.length
        ? sql`(i.specialty_code = ${q.specialty} or i.occupation_code in (${sql.join(
            occ.map((o) => sql`${o}`),
            sql`, `,
          )}))`
        : sql`i.specialty_code = ${q.specialty}`,
    );
  }
  if (q.occupation && except !== 'occupation') {
    const spec = specialtiesForOccupation(q.occupation);
    parts.push(
      spec.length
        ? sql`(i.occupation_code = ${q.occupation} or i.specialty_code in (${sql.join(
            spec.map((s) => sql`${s}`),
            sql`, `,
          )}))`
        : sql`i.occupation_code = ${q.occupation}`,
    );
  }
  return sql.join(parts, sql` and `);
}

const ORDER: Record<NonNullable<CatalogueQuery['sort']>, SQL> = {
  newest: sql`i.published_at desc, i.id desc`,
  closing: sql`i.expires_on asc, i.id asc`,
  places: sql`i.places desc, i.id asc`,
};

type FacetName = 'region' | 'type' | 'orgType' | 'level' | 'specialty' | 'occupation' | 'industry';
type Facets = Record<FacetName, { value: string; count: number }[]>;

const FACETS: { name: FacetName; expr: SQL; unnest?: boolean }[] = [
  { name: 'region', expr: sql`i.region_code` },
  { name: 'type', expr: sql`i.need_type` },
  { name: 'orgType', expr: sql`i.org_type` },
  { name: 'level', expr: sql`i.skill_level` },
  { name: 'specialty', expr: sql`i.specialty_code` },
  { name: 'occupation', expr: sql`i.occupation_code` },
  { name: 'industry', expr: sql`jsonb_array_elements_text(i.industry_codes)`, unnest: true },
];

/** Whose contacts a reader sees unmasked: the province all; a region bureau its own region's (a bureau has no
 * business with another region's contact people); an organisation its own and those of accepted intents. */
export interface ContactVisibility {
  all: boolean;
  region: string | null;
  orgs: Set<number>;
}

async function visibleContactOrgs(db: DbOrTx, actor: Actor | null, orgIds: number[]): Promise<ContactVisibility> {
  const none = { all: false, region: null, orgs: new Set<number>() };
  if (!actor) return none;
  if (actor.role === 'province') return { ...none, all: true };
  if (actor.role === 'region') return { ...none, region: actor.regionCode };
  if (actor.orgId == null || !orgIds.length) return none;
  const partners = await rows<{ id: number }>(
    db,
    sql`select case when from_org_id = ${actor.orgId} then to_org_id else from_org_id end as id from intents
        where state = 'accepted' and (from_org_id = ${actor.orgId} or to_org_id = ${actor.orgId})`,
  );
  return { ...none, orgs: new Set([actor.orgId, ...partners.map((p) => p.id)]) };
}

export interface ItemRow {
  id: number;
  org_id: number;
  org_type: string;
  org_name: string;
  region_code: string;
  title: string;
  need_type: string;
  specialty_code: string | null;
  occupation_code: string | null;
  industry_codes: string[];
  skill_level: string | null;
  places: number;
  available_from: string | null;
  expires_on: string;
  detail: string;
  fields: { label: string; value: string }[];
  contact_name: string;
  contact_phone: string;
  contact_title: string;
  last_confirmed_at: string | null;
  published_at: string;
  status: string;
  withdrawn_reason: string | null;
  version: number;
  year: number;
}

function itemOut(r: ItemRow, visible: ContactVisibility) {
  const show =
    visible.all || visible.orgs.has(r.org_id) || (visible.region != null && visible.region === r.region_code);
  // Phone numbers, e-mails and ID numbers typed into the free text are masked for the same readers as the contact.
  return {
    id: r.id,
    orgId: r.org_id,
    orgType: r.org_type as 'school' | 'enterprise',
    orgName: r.org_name,
    regionCode: r.region_code,
    title: r.title,
    needType: r.need_type,
    specialtyCode: r.specialty_code,
    occupationCode: r.occupation_code,
    industryCodes: r.industry_codes,
    skillLevel: r.skill_level,
    places: r.places,
    availableFrom: r.available_from,
    expiresOn: r.expires_on,
    detail: show ? r.detail : maskFreeText(r.detail),
    fields: show ? r.fields : r.fields.map((f) => ({ ...f, value: maskFreeText(f.value) })),
    contact: {
      name: show ? r.contact_name : maskName(r.contact_name),
      phone: show ? r.contact_phone : maskPhone(r.contact_phone),
      title: r.contact_title,
      masked: !show,
    },
    lastConfirmedAt: r.last_confirmed_at,
    publishedAt: r.published_at,
    status: r.status as 'public' | 'withdrawn',
    withdrawnReason: r.withdrawn_reason,
    version: r.version,
    year: r.year,
  };
}

const SELECT = sql`select i.id, i.org_id, i.org_type, i.org_name, i.region_code, i.title, i.need_type, i.specialty_code, i.occupation_code,
  i.industry_codes, i.skill_level, i.places, to_char(i.available_from, 'YYYY-MM-DD') as available_from, to_char(i.expires_on, 'YYYY-MM-DD') as expires_on,
  i.detail, i.fields, i.contact_name, i.contact_phone, i.contact_title,
  to_char(i.last_confirmed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as last_confirmed_at,
  to_char(i.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as published_at, i.status, i.withdrawn_reason, p.version, c.year
  from published_items i join publications p on p.id = i.publication_id join campaigns c on c.id = i.campaign_id`;

/** The latest publication of the year asked for, or of the latest published year (docs/decisions/0020). */
async function publicationIds(db: DbOrTx, year?: number): Promise<{ year: number | null; ids: number[] }> {
  const shown = year ?? (await latestPublishedYear(db));
  if (shown == null) return { year: null, ids: [] };
  const [c] = await rows<{ id: number }>(db, sql`select id from campaigns where year = ${shown}`);
  return { year: shown, ids: c ? await latestPublicationIds(db, c.id) : [] };
}

export async function searchCatalogue(db: Db, ctx: Ctx, q: CatalogueQuery) {
  // Which versions are current changes only on publish (which forgets every cached answer).
  const { year, ids: pubIds } = await cachedSearch(db, `pubs:${q.year ?? ''}`, () => publicationIds(db, q.year));
  // The year switch of the page: every published year with what it shows today.
  const years = await cachedSearch(db, `years:${beijingToday()}`, () => publishedYears(db, beijingToday()));
  const emptyFacets = Object.fromEntries(
    FACETS.map((f) => [f.name, [] as { value: string; count: number }[]]),
  ) as Facets;
  if (!pubIds.length) return { items: [], total: 0, facets: emptyFacets, year, years };
  // One statement: the lines matching the words are read once (the costly part: a trigram scan, or every line without
  // words) into `m`, then the page, the total and each facet (all filters but its own) are counted from `m` — instead of
  // nine statements each reading the table again (bench/catalogue.ts: 100,000 lines, 64 connections).
  const order = ORDER[q.sort ?? 'newest'];
  const facetCols = FACETS.map(
    (f) =>
      sql`(select coalesce(json_agg(json_build_object('value', v, 'count', n) order by n desc, v), '[]'::json) from (select v, count(*)::int as n from (select ${f.expr} as v from m i where ${filters(q, f.name)}) s where v is not null group by v order by n desc, v limit 100) s) as ${sql.raw(`"${f.name}"`)}`,
  );
  const key = JSON.stringify([
    pubIds,
    beijingToday(),
    q.q ?? '',
    q.region,
    q.industry,
    q.specialty,
    q.occupation,
    q.type,
    q.level,
    q.orgType,
    q.orgId,
    q.sort,
    q.page,
    q.pageSize,
  ]);
  const aggregate = () =>
    cachedSearch(db, key, () =>
      rows<{ ids: number[]; total: number } & Record<FacetName, { value: string; count: number }[]>>(
        db,
        sql`with m as materialized (select i.id, i.org_id, i.org_type, i.region_code, i.need_type, i.specialty_code, i.occupation_code, i.industry_codes, i.skill_level, i.places, i.expires_on, i.published_at
                                from published_items i where ${base(pubIds, q)})
        select (select coalesce(json_agg(x.id), '[]'::json) from (select i.id from m i where ${filters(q)} order by ${order} limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}) x) as ids,
               (select count(*)::int from m i where ${filters(q)}) as total, ${sql.join(facetCols, sql`, `)}`,
      ),
    );
  const answer = async (actor: Actor | null) => {
    const [agg] = await aggregate();
    const items = agg.ids.length
      ? await rows<ItemRow>(
          db,
          sql`${SELECT} where i.id in (${sql.join(
            agg.ids.map((id) => sql`${id}`),
            sql`, `,
          )}) order by ${order}`,
        )
      : [];
    const visible = await visibleContactOrgs(db, actor, [...new Set(items.map((i) => i.org_id))]);
    return {
      items: items.map((r) => itemOut(r, visible)),
      total: agg.total,
      // Counted facets come most-used first; the levels read up the 新八级工 ladder instead, as every other level list.
      facets: Object.fromEntries(
        FACETS.map((f) => [f.name, f.name === 'level' ? byLadder(agg[f.name], (x) => x.value) : agg[f.name]]),
      ) as Facets,
      year,
      years,
    };
  };
  // An anonymous answer is the same for every anonymous reader (every contact masked), so it is kept whole; a signed-in
  // reader's lines are read and masked for them (an accepted intent unlocks contacts at once).
  return ctx.actor ? answer(ctx.actor) : cachedSearch(db, `anon:${key}`, () => answer(null));
}

/** One line, by id: any version (so what was once public stays traceable), withdrawn ones with their reason. */
export async function getItem(db: Db, ctx: Ctx, id: number) {
  const [r] = await rows<ItemRow>(db, sql`${SELECT} where i.id = ${id}`);
  if (!r) throw new AppError(404, 'not_found');
  const latest = await latestPublicationIds(db);
  const visible = await visibleContactOrgs(db, ctx.actor, [r.org_id]);
  const [{ pub }] = await rows<{ pub: number }>(
    db,
    sql`select publication_id as pub from published_items where id = ${id}`,
  );
  return { ...itemOut(r, visible), current: latest.includes(pub) };
}

export async function orgPage(db: Db, ctx: Ctx, orgId: number) {
  const [o] = await rows<{
    id: number;
    name: string;
    type: string;
    region_code: string;
    school_type: string | null;
    size: string | null;
    industry_codes: string[];
    is_key: boolean;
  }>(
    db,
    sql`select id, name, type, region_code, school_type, size, industry_codes, is_key from orgs where id = ${orgId}`,
  );
  const pubIds = await latestPublicationIds(db);
  if (!o || !pubIds.length) throw new AppError(404, 'not_found');
  const items = await rows<ItemRow>(
    db,
    sql`${SELECT} where ${where(pubIds, { orgId, page: 1, pageSize: 500 })} order by i.id limit 500`,
  );
  // Only organisations with something published have a public page.
  if (!items.length && ctx.actor?.role !== 'province' && ctx.actor?.role !== 'region')
    throw new AppError(404, 'not_found');
  const visible = await visibleContactOrgs(db, ctx.actor, [orgId]);
  return {
    id: o.id,
    name: o.name,
    type: o.type as 'school' | 'enterprise',
    regionCode: o.region_code,
    schoolType: o.school_type,
    size: o.size,
    industryCodes: o.industry_codes,
    isKey: o.is_key,
    items: items.map((r) => itemOut(r, visible)),
  };
}
