import { sql } from 'drizzle-orm';
import { today } from '../../lib/clock';
import {
  buildEnterpriseIndex,
  buildSchoolIndex,
  markDead,
  type EnterpriseIndex,
  type EnterpriseLine,
  type SchoolIndex,
  type SchoolLine,
} from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { onCacheEvent } from '../../lib/cacheEvents';
import { sqlRows as rows } from '../../db/rows';

export interface LineSet {
  key: string;
  pubIds: number[];
  schoolLines: SchoolLine[];
  entLines: EnterpriseLine[];
  /** published_items.id of each line, aligned with schoolLines / entLines (= the index's line numbers). */
  schoolItems: Int32Array;
  entItems: Int32Array;
  /** Each organisation's matchable lines, in index order (withdrawn ones removed by refreshOrg). */
  schoolByOrg: Map<number, SchoolLine[]>;
  entByOrg: Map<number, EnterpriseLine[]>;
  /** Index line numbers of each organisation's matchable lines. */
  lineNos: Map<number, { side: 'school' | 'enterprise'; nos: number[] }>;
  entIndex: EnterpriseIndex;
  schoolIndex: SchoolIndex;
  orgIndustries: Map<number, string[]>;
  /** Organisations with any line (public, withdrawn or expired) in the latest publications: no record stand-in (profiles.ts). */
  publishedOrgs: Set<number>;
}

// The indexes over every published line are built once per publication state and reused by every request and by
// single-organisation re-ranking. The key is the latest publication of each campaign and the date (lines expire at
// the end of a day): both cheap to read. A withdrawal or confirmation does NOT change the key: it goes through
// recomputeOrg, which refreshes that one organisation's lines (refreshOrg) — reading a stamp over 1,000,000 items on
// every request cost ≈ 120 ms, more than the whole re-ranking. Keyed per database handle (tests, the bench and
// the seed open several).
let caches = new WeakMap<object, LineSet>();

export function invalidateLines() {
  caches = new WeakMap();
}

// Another process changed an organisation's lines (withdraw, confirm, accepted intent): refresh that organisation in
// the index this process holds, as its own recomputeOrg would; after a full re-rank elsewhere, build afresh.
onCacheEvent(async (db, e) => {
  const set = caches.get(db);
  if (!set) return;
  if (e.t === 'org') await refreshOrg(db, set, e.orgId);
  else if (e.t === 'all') caches.delete(db);
});

async function currentKey(db: DbOrTx) {
  const [r] = await rows<{ ids: string | null; today: string }>(
    db,
    sql`select string_agg(id::text, ',' order by id) as ids, ${today()}::text as today from (select max(id) as id from publications group by campaign_id) p`,
  );
  const pubIds = r.ids ? r.ids.split(',').map(Number) : [];
  return { pubIds, key: `${r.ids ?? ''}|${r.today}` };
}

type Row = {
  id: number;
  org_id: number;
  org_type: string;
  region_code: string;
  specialty_code: string | null;
  occupation_code: string | null;
  post_name: string;
  need_type: string;
  places: number;
  levels: string[];
  skill_level: string | null;
  available_from: string | null;
  industry_codes: string[];
};

const lineCols = sql`id, org_id, org_type, region_code, specialty_code, occupation_code, post_name, need_type, places, levels, skill_level,
                     to_char(available_from, 'YYYY-MM-DD') as available_from, industry_codes`;
const inPubs = (pubIds: number[]) =>
  sql`publication_id in (${sql.join(
    pubIds.map((i) => sql`${i}`),
    sql`, `,
  )})`;

const schoolLine = (r: Row): SchoolLine => ({
  orgId: r.org_id,
  regionCode: r.region_code,
  specialtyCode: r.specialty_code!,
  needType: r.need_type,
  graduates: r.places,
  levels: r.levels as SchoolLine['levels'],
  availableFrom: r.available_from,
});
const entLine = (r: Row): EnterpriseLine => ({
  orgId: r.org_id,
  regionCode: r.region_code,
  occupationCode: r.occupation_code!,
  postName: r.post_name,
  headcount: r.places,
  skillLevel: r.skill_level,
  needType: r.need_type,
  availableFrom: r.available_from,
  industryCodes: r.industry_codes,
});
const matchable = (r: Row) =>
  (r.org_type === 'school' && !!r.specialty_code) || (r.org_type === 'enterprise' && !!r.occupation_code);
const industriesOf = (rs: Row[]) => [...new Set(rs.flatMap((r) => r.industry_codes))];

/** The matchable lines: public, unexpired lines of the latest publication of each campaign, in published_items.id order. */
export async function loadLines(db: DbOrTx): Promise<LineSet> {
  const { pubIds, key } = await currentKey(db);
  const cached = caches.get(db);
  if (cached?.key === key) return cached;
  // Ordered by id so the line numbers (which break ties) do not depend on the heap order of the table.
  const list = pubIds.length
    ? await rows<Row>(
        db,
        sql`select ${lineCols} from published_items where ${inPubs(pubIds)} and status = 'public' and expires_on >= ${today()} order by id`,
      )
    : [];
  const publishedOrgs = new Set(
    pubIds.length
      ? (
          await rows<{ org_id: number }>(db, sql`select distinct org_id from published_items where ${inPubs(pubIds)}`)
        ).map((r) => r.org_id)
      : [],
  );
  const schoolRows: Row[] = [];
  const entRows: Row[] = [];
  const industries = new Map<number, Set<string>>();
  for (const r of list) {
    const set = industries.get(r.org_id) ?? industries.set(r.org_id, new Set()).get(r.org_id)!;
    for (const c of r.industry_codes) set.add(c);
    if (r.org_type === 'school' && r.specialty_code) schoolRows.push(r);
    else if (r.org_type === 'enterprise' && r.occupation_code) entRows.push(r);
  }
  const schoolLines = schoolRows.map(schoolLine);
  const entLines = entRows.map(entLine);
  const set: LineSet = {
    key,
    pubIds,
    schoolLines,
    entLines,
    schoolItems: Int32Array.from(schoolRows, (r) => r.id),
    entItems: Int32Array.from(entRows, (r) => r.id),
    schoolByOrg: new Map(),
    entByOrg: new Map(),
    lineNos: new Map(),
    entIndex: buildEnterpriseIndex(entLines),
    schoolIndex: buildSchoolIndex(schoolLines),
    orgIndustries: new Map([...industries].map(([o, s]) => [o, [...s]])),
    publishedOrgs,
  };
  const group = <T extends { orgId: number }>(side: 'school' | 'enterprise', ls: T[], into: Map<number, T[]>) =>
    ls.forEach((l, j) => {
      (into.get(l.orgId) ?? into.set(l.orgId, []).get(l.orgId)!).push(l);
      (set.lineNos.get(l.orgId) ?? set.lineNos.set(l.orgId, { side, nos: [] }).get(l.orgId)!).nos.push(j);
    });
  group('school', schoolLines, set.schoolByOrg);
  group('enterprise', entLines, set.entByOrg);
  caches.set(db, set);
  return set;
}

/** What refreshOrg found changed in one organisation's matchable lines. */
export interface OrgLineChange {
  lines: LineSet;
  rebuilt: boolean;
  /** Lines no longer matchable (withdrawn, expired) and lines matchable again (an expired line confirmed). */
  removed: (SchoolLine | EnterpriseLine)[];
  added: (SchoolLine | EnterpriseLine)[];
}

/**
 * Brings one organisation's lines up to date after a withdrawal or a confirmation (the only changes between
 * publications). Withdrawn or expired lines are marked dead in the indexes in place; a line that became matchable
 * again (an expired line confirmed) can not be added to an immutable index, so then everything is reloaded.
 */
export async function refreshOrg(db: DbOrTx, set: LineSet, orgId: number): Promise<OrgLineChange> {
  const all = set.pubIds.length
    ? await rows<Row>(
        db,
        sql`select ${lineCols} from published_items where org_id = ${orgId} and ${inPubs(set.pubIds)} and status = 'public' and expires_on >= ${today()} order by id`,
      )
    : [];
  const fresh = all.filter(matchable);
  const mine = set.lineNos.get(orgId);
  const items = mine ? (mine.side === 'school' ? set.schoolItems : set.entItems) : null;
  const had = new Map((mine?.nos ?? []).map((j) => [items![j], j]));
  const now = new Set(fresh.map((r) => r.id));
  const lineAt = (j: number) => (mine!.side === 'school' ? set.schoolLines[j] : set.entLines[j]);
  const removed = [...had].filter(([item]) => !now.has(item)).map(([, j]) => lineAt(j));
  const added = fresh.filter((r) => !had.has(r.id));
  if (added.length) {
    caches.delete(db);
    return {
      lines: await loadLines(db),
      rebuilt: true,
      removed,
      added: added.map((r) => (r.org_type === 'school' ? schoolLine(r) : entLine(r))),
    };
  }
  if (!removed.length) return { lines: set, rebuilt: false, removed, added: [] };
  const index = mine!.side === 'school' ? set.schoolIndex : set.entIndex;
  for (const [item, j] of had) if (!now.has(item)) markDead(index, j);
  const kept = mine!.nos.filter((j) => now.has(items![j]));
  if (kept.length) set.lineNos.set(orgId, { side: mine!.side, nos: kept });
  else set.lineNos.delete(orgId);
  if (mine!.side === 'school') {
    if (kept.length)
      set.schoolByOrg.set(
        orgId,
        kept.map((j) => set.schoolLines[j]),
      );
    else set.schoolByOrg.delete(orgId);
  } else if (kept.length)
    set.entByOrg.set(
      orgId,
      kept.map((j) => set.entLines[j]),
    );
  else set.entByOrg.delete(orgId);
  if (all.length) set.orgIndustries.set(orgId, industriesOf(all));
  else set.orgIndustries.delete(orgId);
  return { lines: set, rebuilt: false, removed, added: [] };
}
