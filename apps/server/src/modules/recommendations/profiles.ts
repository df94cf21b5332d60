import { sql } from 'drizzle-orm';
import type { EnterpriseLine, SchoolLine } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import type { LineSet } from './lines';
import { sqlRows } from '../../db/rows';

/**
 * Stand-in lines from the organisation record, for schools and enterprises none of whose demand is in the latest
 * publication yet (their form is still being filled or reviewed). Without them such an organisation sees an empty
 * list until the province publishes. They rank the PUBLISHED lines of the other side against what the record says
 * for certain: a school's specialties and graduates per year (school_specialties), an enterprise's industry chain.
 * Nothing else is invented: no need type ('其他' = neutral), no start date, no skill level, no occupation (so an
 * enterprise matches through its industries only, i.e. a partial fit). They are never indexed, so an organisation
 * without published demand is not recommended to anybody. An organisation whose lines were all withdrawn or expired
 * has said what it needs and that it is met: it gets no stand-in.
 */
export type ProfileLines = { kind: 'school'; lines: SchoolLine[] } | { kind: 'enterprise'; lines: EnterpriseLine[] };

/** Said first among the reasons, so nobody takes a record-based match for a match of published demand. */
export const PROFILE_REASON = '依据单位档案推荐（本单位需求信息尚未发布）';
/** The need type a record does not have: neutral against every type (rules.ts NEED_TYPE_MATCHES). */
const NO_NEED_TYPE = '其他';

/** Stand-in lines of the given organisations (all when omitted) that have no line in the latest publication. */
export async function loadProfileLines(
  db: DbOrTx,
  lines: LineSet,
  orgIds?: number[],
): Promise<Map<number, ProfileLines>> {
  const out = new Map<number, ProfileLines>();
  if (orgIds && orgIds.length === 0) return out;
  const only = orgIds
    ? sql`and o.id in (${sql.join(
        orgIds.map((i) => sql`${i}`),
        sql`, `,
      )})`
    : sql``;
  type R = {
    id: number;
    type: string;
    region_code: string;
    industry_codes: string[];
    specialty_code: string | null;
    graduates: number | null;
  };
  const res = await sqlRows<R>(
    db,
    sql`
    select o.id, o.type, o.region_code, o.industry_codes, s.specialty_code, s.graduates_per_year as graduates
    from orgs o left join school_specialties s on s.org_id = o.id and o.type = 'school'
    where o.type in ('school', 'enterprise') ${only}
    order by o.id, s.specialty_code`,
  );
  for (const r of res) {
    if (lines.publishedOrgs.has(r.id)) continue;
    if (r.type === 'school' && r.specialty_code) {
      const p = out.get(r.id) ?? out.set(r.id, { kind: 'school', lines: [] }).get(r.id)!;
      (p.lines as SchoolLine[]).push({
        orgId: r.id,
        regionCode: r.region_code,
        specialtyCode: r.specialty_code,
        needType: NO_NEED_TYPE,
        graduates: r.graduates ?? 0,
        levels: [],
        availableFrom: null,
      });
    } else if (r.type === 'enterprise' && r.industry_codes.length > 0) {
      out.set(r.id, {
        kind: 'enterprise',
        lines: [
          {
            orgId: r.id,
            regionCode: r.region_code,
            occupationCode: '',
            postName: '',
            headcount: 0,
            skillLevel: null,
            needType: NO_NEED_TYPE,
            availableFrom: null,
            industryCodes: r.industry_codes,
          },
        ],
      });
    }
  }
  return out;
}

/**
 * The reasons of a record-based match, as its owner reads them: the stand-in's missing need type is not a reason
 * (合作方式… would compare '其他' with the other side's type), an enterprise stand-in has no post to name, and the
 * first reason says where the match comes from.
 */
export function profileReasons(kind: ProfileLines['kind'], reasons: string[]): string[] {
  const kept = reasons
    .filter((r) => !r.startsWith('合作方式'))
    .map((r) => (kind === 'enterprise' ? r.replace(/ 专业(对口|相关) +岗位/, ' 专业$1') : r));
  return [PROFILE_REASON, ...kept];
}
