import { eq, sql, type SQL } from 'drizzle-orm';
import { DEFAULT_WARNING_THRESHOLDS, type WarningThresholds } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { warningSettings } from '../../db/schema/index';
import { now } from '../../lib/clock';
import { sqlRows as rows } from '../../db/rows';

/** Sums per region × specialty; `regions` null means every region. */
export interface Sum {
  regionCode: string;
  specialtyCode: string;
  n: number;
}

const inRegions = (col: SQL, regions: string[] | null) =>
  regions
    ? sql`${col} in (${sql.join(
        regions.map((r) => sql`${r}`),
        sql`, `,
      )})`
    : sql`true`;

/** Supply: graduates per year of each specialty at the region's schools. */
export const supplySums = (db: DbOrTx, regions: string[] | null) =>
  rows<Sum>(
    db,
    sql`select o.region_code as "regionCode", ss.specialty_code as "specialtyCode", sum(ss.graduates_per_year)::int as n
      from school_specialties ss join orgs o on o.id = ss.org_id
      where o.type = 'school' and ${inRegions(sql`o.region_code`, regions)}
      group by o.region_code, ss.specialty_code`,
  );

/**
 * Demand: places of the public enterprise lines in the latest publication of the year's campaign, credited to every
 * specialty whose occupations (the editable crosswalk in dict_entries, as the indicators read it) include the line's
 * occupation. A line for an occupation several specialties lead to is demand for each of them.
 */
export const demandSums = (db: DbOrTx, year: number, regions: string[] | null) =>
  rows<Sum>(
    db,
    sql`select pi.region_code as "regionCode", s.code as "specialtyCode", sum(pi.places)::int as n
      from published_items pi
      join publications p on p.id = pi.publication_id
      join campaigns c on c.id = p.campaign_id and c.year = ${year}
      join dict_entries s on s.kind = 'specialty' and coalesce(s.data->'occupationCodes', '[]'::jsonb) ? pi.occupation_code
      where pi.publication_id in (select max(id) from publications group by campaign_id)
        and pi.status = 'public' and pi.org_type = 'enterprise' and pi.occupation_code is not null
        and ${inRegions(sql`pi.region_code`, regions)}
      group by pi.region_code, s.code`,
  );

/** Regions where the year's latest publication holds any public enterprise line: elsewhere demand is not yet known. */
export const publishedDemandRegions = async (db: DbOrTx, year: number) =>
  new Set(
    (
      await rows<{ regionCode: string }>(
        db,
        sql`select distinct pi.region_code as "regionCode"
          from published_items pi
          join publications p on p.id = pi.publication_id
          join campaigns c on c.id = p.campaign_id and c.year = ${year}
          where pi.publication_id in (select max(id) from publications group by campaign_id) and pi.status = 'public' and pi.org_type = 'enterprise'`,
      )
    ).map((r) => r.regionCode),
  );

/** Internship cohorts of the year that have ended, counted as the internship_employment indicator counts them. */
export const employmentSums = (db: DbOrTx, year: number, today: string, regions: string[] | null) =>
  rows<{ regionCode: string; specialtyCode: string; employed: number; students: number }>(
    db,
    sql`select i.region_code as "regionCode", i.specialty_code as "specialtyCode", sum(coalesce(i.employed_after, 0))::int as employed, sum(i.students)::int as students
      from internships i
      where i.state = 'confirmed' and extract(year from i.end_date) = ${year} and i.end_date <= ${today} and ${inRegions(sql`i.region_code`, regions)}
      group by i.region_code, i.specialty_code`,
  );

export async function specialtyNames(db: DbOrTx): Promise<Map<string, string>> {
  const r = await rows<{ code: string; name: string }>(
    db,
    sql`select code, name from dict_entries where kind = 'specialty'`,
  );
  return new Map(r.map((x) => [x.code, x.name]));
}

export interface StoredSettings extends WarningThresholds {
  updatedAt: string | null;
  isDefault: boolean;
}

/** Row 1 of warning_settings, or the defaults while the province has saved nothing. */
export async function readSettings(db: DbOrTx): Promise<StoredSettings> {
  const [r] = await db.select().from(warningSettings).where(eq(warningSettings.id, 1));
  if (!r) return { ...DEFAULT_WARNING_THRESHOLDS, updatedAt: null, isDefault: true };
  return {
    shortageRatio: r.shortageRatio,
    oversupplyRatio: r.oversupplyRatio,
    minEmployment: r.minEmployment,
    updatedAt: r.updatedAt.toISOString(),
    isDefault: false,
  };
}

export async function writeSettings(tx: DbOrTx, t: WarningThresholds, by: number) {
  const values = {
    shortageRatio: t.shortageRatio,
    oversupplyRatio: t.oversupplyRatio,
    minEmployment: t.minEmployment,
    updatedBy: by,
    updatedAt: now(),
  };
  await tx
    .insert(warningSettings)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: warningSettings.id, set: values });
}
