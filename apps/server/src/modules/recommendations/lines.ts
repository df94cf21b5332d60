import { sql } from 'drizzle-orm';
import { buildEnterpriseIndex, buildSchoolIndex, type EnterpriseIndex, type EnterpriseLine, type SchoolIndex, type SchoolLine } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { latestPublicationIds } from '../catalogue/publish.service';

export interface LineSet {
  key: string;
  schoolLines: SchoolLine[];
  entLines: EnterpriseLine[];
  schoolByOrg: Map<number, SchoolLine[]>;
  entByOrg: Map<number, EnterpriseLine[]>;
  entIndex: EnterpriseIndex;
  schoolIndex: SchoolIndex;
  orgIndustries: Map<number, string[]>;
  /** Organisations with any line (public, withdrawn or expired) in the latest publications: no record stand-in (profiles.ts). */
  publishedOrgs: Set<number>;
}

async function rows<T>(db: DbOrTx, q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

const group = <T extends { orgId: number }>(xs: T[]) => {
  const m = new Map<number, T[]>();
  for (const x of xs) (m.get(x.orgId) ?? m.set(x.orgId, []).get(x.orgId)!).push(x);
  return m;
};

// The indexes over every published line are built once per publication state and reused by every request and
// by single-organisation re-ranking; a new publication, withdrawal or confirmation changes the key.
let cache: LineSet | null = null;

export function invalidateLines() {
  cache = null;
}

/** The matchable lines: public, unexpired lines of the latest publication of each campaign. */
export async function loadLines(db: DbOrTx): Promise<LineSet> {
  const pubIds = await latestPublicationIds(db);
  const [{ stamp }] = pubIds.length
    ? await rows<{ stamp: string }>(db, sql`select count(*) || ':' || coalesce(max(coalesce(withdrawn_at, published_at)), now())::text as stamp from published_items where publication_id in (${sql.join(pubIds.map((i) => sql`${i}`), sql`, `)}) and status = 'public'`)
    : [{ stamp: 'none' }];
  const key = `${pubIds.join(',')}|${stamp}`;
  if (cache?.key === key) return cache;
  type R = { org_id: number; org_type: string; region_code: string; specialty_code: string | null; occupation_code: string | null; post_name: string; need_type: string; places: number; levels: string[]; skill_level: string | null; available_from: string | null; industry_codes: string[] };
  const list = pubIds.length
    ? await rows<R>(
        db,
        sql`select org_id, org_type, region_code, specialty_code, occupation_code, post_name, need_type, places, levels, skill_level,
                   to_char(available_from, 'YYYY-MM-DD') as available_from, industry_codes
            from published_items where publication_id in (${sql.join(pubIds.map((i) => sql`${i}`), sql`, `)})
              and status = 'public' and expires_on >= current_date`,
      )
    : [];
  const publishedOrgs = new Set(
    pubIds.length
      ? (await rows<{ org_id: number }>(db, sql`select distinct org_id from published_items where publication_id in (${sql.join(pubIds.map((i) => sql`${i}`), sql`, `)})`)).map((r) => r.org_id)
      : [],
  );
  const schoolLines: SchoolLine[] = [];
  const entLines: EnterpriseLine[] = [];
  const orgIndustries = new Map<number, string[]>();
  for (const r of list) {
    orgIndustries.set(r.org_id, [...new Set([...(orgIndustries.get(r.org_id) ?? []), ...r.industry_codes])]);
    if (r.org_type === 'school' && r.specialty_code) {
      schoolLines.push({ orgId: r.org_id, regionCode: r.region_code, specialtyCode: r.specialty_code, needType: r.need_type, graduates: r.places, levels: r.levels as SchoolLine['levels'], availableFrom: r.available_from });
    } else if (r.org_type === 'enterprise' && r.occupation_code) {
      entLines.push({ orgId: r.org_id, regionCode: r.region_code, occupationCode: r.occupation_code, postName: r.post_name, headcount: r.places, skillLevel: r.skill_level, needType: r.need_type, availableFrom: r.available_from, industryCodes: r.industry_codes });
    }
  }
  cache = {
    key,
    schoolLines,
    entLines,
    schoolByOrg: group(schoolLines),
    entByOrg: group(entLines),
    entIndex: buildEnterpriseIndex(entLines),
    schoolIndex: buildSchoolIndex(schoolLines),
    orgIndustries,
    publishedOrgs,
  };
  return cache;
}
