import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import {
  countyByCode,
  FLAGSHIP_LIMIT_PER_REGION,
  regionByCode,
  type CountyFigure,
  type FlagshipInput,
  type LayoutQuery,
  type LayoutSchool,
  type LayoutView,
  type TrainingBase,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { orgs, schoolLayouts, schoolStandards, standardItems, trainingBases } from '../../db/schema/index';
import { listScope, requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now } from '../../lib/clock';

/** The layout table: every school in the caller's scope with county, flagship and 达标 count, the bases and county sums. */
export async function layoutView(db: Db, ctx: Ctx, q: LayoutQuery): Promise<LayoutView> {
  const actor = requireAccess(ctx, 'layout.read');
  const scope = listScope(actor);
  if (scope.none) return { schools: [], bases: [], counties: [], flagshipsByRegion: [] };
  const region = scope.regionCode ?? q.regionCode;
  const where: SQL[] = [eq(orgs.type, 'school')];
  if (region) where.push(eq(orgs.regionCode, region));
  if (q.countyCode) where.push(eq(schoolLayouts.countyCode, q.countyCode));
  if (q.schoolType) where.push(eq(orgs.schoolType, q.schoolType));
  if (q.ownership) where.push(eq(orgs.schoolOwnership, q.ownership));
  if (q.flagship)
    where.push(
      q.flagship === 'yes' ? eq(schoolLayouts.flagship, true) : sql`coalesce(${schoolLayouts.flagship}, false) = false`,
    );
  // Met = every active item met; the counts come from one grouped join, not a query per school.
  const met = sql<number>`coalesce(st.met, 0)::int`;
  const [{ total: itemsTotal }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(standardItems)
    .where(eq(standardItems.active, true));
  if (q.standard === 'met') where.push(sql`${met} >= ${itemsTotal}`);
  if (q.standard === 'unmet') where.push(sql`${met} < ${itemsTotal}`);
  const rows = await db
    .select({
      o: {
        id: orgs.id,
        name: orgs.name,
        regionCode: orgs.regionCode,
        schoolType: orgs.schoolType,
        ownership: orgs.schoolOwnership,
        enrolment: orgs.enrolment,
      },
      l: schoolLayouts,
      met,
    })
    .from(orgs)
    .leftJoin(schoolLayouts, eq(schoolLayouts.orgId, orgs.id))
    .leftJoin(
      sql`(select ss.org_id, count(*) filter (where ss.status = 'met') as met from ${schoolStandards} ss join ${standardItems} si on si.id = ss.item_id and si.active group by ss.org_id) st`,
      sql`st.org_id = ${orgs.id}`,
    )
    .where(and(...where))
    .orderBy(asc(orgs.regionCode), asc(orgs.name));
  const schools: LayoutSchool[] = rows.map(({ o, l, met: m }) => ({
    orgId: o.id,
    name: o.name,
    regionCode: o.regionCode,
    regionName: regionByCode(o.regionCode)?.name ?? o.regionCode,
    countyCode: l?.countyCode ?? null,
    countyName: l?.countyCode ? (countyByCode(l.countyCode)?.name ?? l.countyCode) : null,
    schoolType: o.schoolType,
    ownership: o.ownership,
    enrolment: o.enrolment,
    flagship: l?.flagship ?? false,
    flagshipReason: l?.flagshipReason ?? null,
    standardsMet: m,
    standardsTotal: itemsTotal,
    version: l?.version ?? 1,
  }));
  const bases = await listBases(db, region, q.countyCode);
  return {
    schools,
    bases,
    counties: countyFigures(schools, bases),
    flagshipsByRegion: await flagshipCounts(db, region),
  };
}

export async function listBases(db: DbOrTx, regionCode?: string, countyCode?: string): Promise<TrainingBase[]> {
  const where: SQL[] = [];
  if (regionCode) where.push(eq(trainingBases.regionCode, regionCode));
  if (countyCode) where.push(eq(trainingBases.countyCode, countyCode));
  const rows = await db
    .select({ b: trainingBases, ownerName: orgs.name })
    .from(trainingBases)
    .leftJoin(orgs, eq(orgs.id, trainingBases.ownerOrgId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(trainingBases.countyCode), asc(trainingBases.name), asc(trainingBases.id));
  return rows.map(({ b, ownerName }) => ({
    id: b.id,
    name: b.name,
    regionCode: b.regionCode,
    countyCode: b.countyCode,
    countyName: countyByCode(b.countyCode)?.name ?? b.countyCode,
    ownerOrgId: b.ownerOrgId,
    ownerName,
    capacity: b.capacity,
    status: b.status,
    version: b.version,
  }));
}

function countyFigures(schools: LayoutSchool[], bases: TrainingBase[]): CountyFigure[] {
  const by = new Map<string, CountyFigure>();
  const get = (code: string) => {
    let f = by.get(code);
    if (!f)
      by.set(
        code,
        (f = {
          countyCode: code,
          countyName: countyByCode(code)?.name ?? code,
          regionCode: countyByCode(code)?.regionCode ?? '',
          schools: 0,
          flagships: 0,
          bases: 0,
          baseCapacity: 0,
        }),
      );
    return f;
  };
  for (const s of schools) if (s.countyCode) (get(s.countyCode).schools++, s.flagship && get(s.countyCode).flagships++);
  for (const b of bases) {
    const f = get(b.countyCode);
    f.bases++;
    f.baseCapacity += b.capacity;
  }
  return [...by.values()].sort((a, b) => a.countyCode.localeCompare(b.countyCode));
}

async function flagshipCounts(db: DbOrTx, regionCode?: string) {
  const rows = await db
    .select({ regionCode: schoolLayouts.regionCode, n: sql<number>`count(*)::int` })
    .from(schoolLayouts)
    .where(and(eq(schoolLayouts.flagship, true), regionCode ? eq(schoolLayouts.regionCode, regionCode) : undefined))
    .groupBy(schoolLayouts.regionCode);
  const n = new Map(rows.map((r) => [r.regionCode, r.n]));
  const regions = regionCode ? [regionCode] : [...n.keys()];
  return regions
    .sort()
    .map((code) => ({ regionCode: code, regionName: regionByCode(code)?.name ?? code, flagships: n.get(code) ?? 0 }));
}

async function school(db: DbOrTx, orgId: number) {
  const [o] = await db
    .select({ id: orgs.id, type: orgs.type, regionCode: orgs.regionCode, name: orgs.name })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  return o?.type === 'school' ? o : undefined;
}

/**
 * Writes the school's layout row at the version the editor started from (a school with no row yet is at version 1),
 * so two bureaus editing at once get 409 instead of one losing the other's change.
 */
async function writeLayout(
  tx: DbOrTx,
  org: { id: number; regionCode: string },
  version: number,
  patch: Partial<typeof schoolLayouts.$inferInsert>,
) {
  // A school without a row has nothing to lock: two first writes at once both inserted (duplicate key). Lock the school.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`school-layout:${org.id}`}))`);
  const [row] = await tx.select().from(schoolLayouts).where(eq(schoolLayouts.orgId, org.id)).for('update');
  if ((row?.version ?? 1) !== version) throw new AppError(409, 'version_conflict');
  if (!row) {
    await tx.insert(schoolLayouts).values({ orgId: org.id, regionCode: org.regionCode, ...patch, version: 2 });
    return { before: null };
  }
  await tx
    .update(schoolLayouts)
    .set({ ...patch, regionCode: org.regionCode, version: row.version + 1, updatedAt: now() })
    .where(eq(schoolLayouts.orgId, org.id));
  return { before: row };
}

/** A bureau places its school in a county of the school's own 市州. */
export async function setCounty(db: Db, ctx: Ctx, orgId: number, input: { countyCode: string; version: number }) {
  const org = await school(db, orgId);
  requireAccess(ctx, 'layout.manage', { regionCode: org?.regionCode ?? '\0' });
  if (!org) throw new AppError(404, 'not_found');
  const county = countyByCode(input.countyCode);
  if (!county)
    throw new AppError(400, 'validation_failed', '县（市、区）代码不存在', [
      { path: 'body.countyCode', label: '县（市、区）', message: '代码不存在' },
    ]);
  if (county.regionCode !== org.regionCode) throw new AppError(400, 'county_mismatch');
  await db.transaction(async (tx) => {
    const { before } = await writeLayout(tx, org, input.version, { countyCode: county.code });
    await audit(tx, ctx, {
      action: 'layout.county',
      entityType: 'org',
      entityId: org.id,
      regionCode: org.regionCode,
      before: { countyCode: before?.countyCode ?? null },
      after: { countyCode: county.code },
    });
  });
  return { ok: true as const };
}

/**
 * The province designates (or lifts) a flagship school; at most two per 市州. The check and the write hold a lock
 * on the 市州 for the transaction, so two designations at once cannot both pass as the second.
 */
export async function setFlagship(db: Db, ctx: Ctx, orgId: number, input: FlagshipInput) {
  requireAccess(ctx, 'layout.flagship');
  const org = await school(db, orgId);
  if (!org) throw new AppError(404, 'not_found');
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`flagship:${org.regionCode}`}))`);
    if (input.flagship) {
      const [{ n }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(schoolLayouts)
        .where(
          and(
            eq(schoolLayouts.regionCode, org.regionCode),
            eq(schoolLayouts.flagship, true),
            sql`${schoolLayouts.orgId} <> ${org.id}`,
          ),
        );
      if (n >= FLAGSHIP_LIMIT_PER_REGION)
        throw new AppError(
          409,
          'flagship_limit',
          `${regionByCode(org.regionCode)?.name ?? org.regionCode}已有 ${n} 所龙头院校，每个市州最多 ${FLAGSHIP_LIMIT_PER_REGION} 所，请先取消一所再认定`,
        );
    }
    const patch = input.flagship
      ? { flagship: true, flagshipReason: input.reason, flagshipBy: ctx.actor!.id, flagshipAt: now() }
      : { flagship: false, flagshipReason: null, flagshipBy: null, flagshipAt: null };
    const { before } = await writeLayout(tx, org, input.version, patch);
    await audit(tx, ctx, {
      action: input.flagship ? 'layout.flagship' : 'layout.flagship_lift',
      entityType: 'org',
      entityId: org.id,
      regionCode: org.regionCode,
      before: { flagship: before?.flagship ?? false, reason: before?.flagshipReason ?? null },
      after: { flagship: input.flagship, reason: input.reason || null },
    });
  });
  return { ok: true as const };
}
