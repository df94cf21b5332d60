import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import {
  OFFICE_MIN_MEMBERS,
  REGIONS,
  type CoopOffice,
  type CoopOfficeInput,
  type OfficeCompleteness,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { coopOffices, orgs } from '../../db/schema/index';
import { listScope, requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit, diffObjects } from '../../lib/audit';
import { now } from '../../lib/clock';

type Row = typeof coopOffices.$inferSelect;
const view = (r: Row, schoolName: string): CoopOffice => ({
  schoolOrgId: r.schoolOrgId,
  schoolName,
  name: r.name,
  responsibleName: r.responsibleName,
  responsibleTitle: r.responsibleTitle,
  responsiblePhone: r.responsiblePhone,
  establishedOn: r.establishedOn,
  members: r.members,
  version: r.version,
});
const auditView = (r: Omit<Row, 'updatedAt' | 'version' | 'schoolOrgId' | 'regionCode'>) => ({
  name: r.name,
  responsibleName: r.responsibleName,
  responsibleTitle: r.responsibleTitle,
  establishedOn: r.establishedOn,
  members: r.members.map((m) => m.name),
});

async function schoolOf(db: Db, ctx: Ctx, orgId: number, permission: 'office.read' | 'office.manage') {
  const [o] = await db
    .select({ id: orgs.id, name: orgs.name, regionCode: orgs.regionCode, type: orgs.type })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  requireAccess(ctx, permission, { regionCode: o?.regionCode ?? '\0', orgId: o?.id ?? -1 });
  if (!o || o.type !== 'school') throw new AppError(404, 'not_found');
  return o;
}

/** A school's office, or null while none is recorded. */
export async function getOffice(db: Db, ctx: Ctx, orgId: number): Promise<{ office: CoopOffice | null }> {
  const o = await schoolOf(db, ctx, orgId, 'office.read');
  const [r] = await db.select().from(coopOffices).where(eq(coopOffices.schoolOrgId, orgId));
  return { office: r ? view(r, o.name) : null };
}

/** The school records (or updates, at the version it read) its cooperation office. */
export async function saveOffice(db: Db, ctx: Ctx, orgId: number, input: CoopOfficeInput) {
  const o = await schoolOf(db, ctx, orgId, 'office.manage');
  const { version, ...values } = input;
  await db.transaction(async (tx) => {
    // The first save has no row to lock (two at once both inserted): lock the school instead.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`coop-office:${orgId}`}))`);
    const [before] = await tx.select().from(coopOffices).where(eq(coopOffices.schoolOrgId, orgId)).for('update');
    if (before ? before.version !== version : version != null && version !== 1)
      throw new AppError(409, 'version_conflict');
    if (!before) await tx.insert(coopOffices).values({ ...values, schoolOrgId: orgId, regionCode: o.regionCode });
    else
      await tx
        .update(coopOffices)
        .set({ ...values, version: before.version + 1, updatedAt: now() })
        .where(eq(coopOffices.schoolOrgId, orgId));
    const d = diffObjects(before ? auditView(before) : {}, auditView(values));
    await audit(tx, ctx, {
      action: before ? 'coop_office.update' : 'coop_office.create',
      entityType: 'coop_office',
      entityId: orgId,
      regionCode: o.regionCode,
      before: d.before,
      after: d.after,
    });
  });
  return getOffice(db, ctx, orgId);
}

/** Which schools in scope have an office with a responsible person and members, and the count per 市州. */
export async function officeCompleteness(db: Db, ctx: Ctx): Promise<OfficeCompleteness> {
  const actor = requireAccess(ctx, 'office.read');
  const scope = listScope(actor);
  if (scope.none) return { regions: [], schools: [] };
  const where: SQL[] = [eq(orgs.type, 'school')];
  if (scope.regionCode) where.push(eq(orgs.regionCode, scope.regionCode));
  if (scope.orgId) where.push(eq(orgs.id, scope.orgId));
  const rows = await db
    .select({ id: orgs.id, name: orgs.name, regionCode: orgs.regionCode, office: coopOffices })
    .from(orgs)
    .leftJoin(coopOffices, eq(coopOffices.schoolOrgId, orgs.id))
    .where(and(...where))
    .orderBy(asc(orgs.regionCode), asc(orgs.name));
  const schools = rows.map((r) => {
    const members = r.office?.members.length ?? 0;
    const state = !r.office
      ? ('none' as const)
      : r.office.responsibleName && members >= OFFICE_MIN_MEMBERS
        ? ('complete' as const)
        : ('incomplete' as const);
    return {
      orgId: r.id,
      name: r.name,
      regionCode: r.regionCode,
      state,
      responsibleName: r.office?.responsibleName ?? null,
      members,
    };
  });
  const regions = REGIONS.filter((g) => schools.some((s) => s.regionCode === g.code)).map((g) => {
    const mine = schools.filter((s) => s.regionCode === g.code);
    return {
      regionCode: g.code,
      regionName: g.name,
      schools: mine.length,
      recorded: mine.filter((s) => s.state !== 'none').length,
      complete: mine.filter((s) => s.state === 'complete').length,
    };
  });
  return { regions, schools };
}
