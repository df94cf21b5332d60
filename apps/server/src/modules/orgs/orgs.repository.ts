import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { dictEntries, orgs, schoolSpecialties } from '../../db/schema/index';

export type OrgRow = typeof orgs.$inferSelect;

export interface OrgFilter {
  type?: 'school' | 'enterprise';
  regionCode?: string;
  orgId?: number;
  q?: string;
  isKey?: boolean;
}

function where(f: OrgFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (f.type) parts.push(eq(orgs.type, f.type));
  if (f.regionCode) parts.push(eq(orgs.regionCode, f.regionCode));
  if (f.orgId != null) parts.push(eq(orgs.id, f.orgId));
  if (f.isKey != null) parts.push(eq(orgs.isKey, f.isKey));
  if (f.q) {
    // LIKE with the trigram index finds substrings of Chinese names; escape the wildcards people type.
    const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(ilike(orgs.name, pattern), ilike(orgs.uscc, pattern))!);
  }
  return parts.length ? and(...parts) : undefined;
}

export async function listOrgs(db: DbOrTx, f: OrgFilter, page: number, pageSize: number) {
  const w = where(f);
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(orgs)
      .where(w)
      .orderBy(asc(orgs.regionCode), asc(orgs.type), asc(orgs.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(orgs).where(w),
  ]);
  return { items, total };
}

export async function findOrg(db: DbOrTx, id: number): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, id));
  return row;
}

export async function findSpecialties(db: DbOrTx, orgId: number) {
  return db
    .select({
      specialtyCode: schoolSpecialties.specialtyCode,
      enrolment: schoolSpecialties.enrolment,
      graduatesPerYear: schoolSpecialties.graduatesPerYear,
      integrated: schoolSpecialties.integrated,
      isKey: schoolSpecialties.isKey,
      backboneTeachers: schoolSpecialties.backboneTeachers,
      specialtyName: sql<string>`coalesce(${dictEntries.name}, ${schoolSpecialties.specialtyCode})`,
    })
    .from(schoolSpecialties)
    .leftJoin(
      dictEntries,
      and(eq(dictEntries.kind, 'specialty'), eq(dictEntries.code, schoolSpecialties.specialtyCode)),
    )
    .where(eq(schoolSpecialties.orgId, orgId))
    .orderBy(asc(schoolSpecialties.specialtyCode));
}

export async function replaceSpecialties(
  tx: DbOrTx,
  orgId: number,
  rows: {
    specialtyCode: string;
    enrolment: number;
    graduatesPerYear: number;
    integrated: boolean;
    isKey: boolean;
    backboneTeachers: number;
  }[],
) {
  await tx.delete(schoolSpecialties).where(eq(schoolSpecialties.orgId, orgId));
  if (rows.length) await tx.insert(schoolSpecialties).values(rows.map((r) => ({ ...r, orgId })));
}

/** Codes of one dictionary kind that do not exist (or are inactive). */
export async function missingCodes(db: DbOrTx, kind: string, codes: string[]): Promise<string[]> {
  if (!codes.length) return [];
  const found = await db
    .select({ code: dictEntries.code })
    .from(dictEntries)
    .where(and(eq(dictEntries.kind, kind), inArray(dictEntries.code, codes), eq(dictEntries.active, true)));
  const have = new Set(found.map((r) => r.code));
  return [...new Set(codes)].filter((c) => !have.has(c));
}
