import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  APPLICATION_MOVES,
  type ApplicationDecisionInput,
  type SpecialtyApplication,
  type SpecialtyApplicationInput,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import {
  dictEntries,
  orgs,
  schoolSpecialties,
  specialtyApplicationPartners,
  specialtyApplications,
} from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now, today } from '../../lib/clock';
import { requireSpecialty } from '../trainings/trainings.service';

type Row = typeof specialtyApplications.$inferSelect;

/** Who sees which applications: the province all, a bureau its region, a school its own, an enterprise those naming it. */
function scopeOf(ctx: Ctx): SQL | undefined | 'none' {
  const actor = requireAccess(ctx, 'specialty.read');
  if (actor.role === 'province') return undefined;
  if (actor.role === 'region')
    return actor.regionCode ? eq(specialtyApplications.regionCode, actor.regionCode) : 'none';
  if (actor.orgId == null) return 'none';
  if (actor.role === 'school') return eq(specialtyApplications.schoolOrgId, actor.orgId);
  return sql`exists (select 1 from ${specialtyApplicationPartners} p where p.application_id = ${specialtyApplications.id} and p.enterprise_org_id = ${actor.orgId})`;
}

export async function listApplications(db: Db, ctx: Ctx): Promise<{ items: SpecialtyApplication[] }> {
  const scope = scopeOf(ctx);
  if (scope === 'none') return { items: [] };
  const rows = await db
    .select()
    .from(specialtyApplications)
    .where(scope)
    .orderBy(desc(specialtyApplications.createdAt), desc(specialtyApplications.id))
    .limit(500);
  return { items: await views(db, rows) };
}

async function views(db: DbOrTx, rows: Row[]): Promise<SpecialtyApplication[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const partners = await db
    .select({
      applicationId: specialtyApplicationPartners.applicationId,
      orgId: specialtyApplicationPartners.enterpriseOrgId,
      name: orgs.name,
      state: specialtyApplicationPartners.state,
    })
    .from(specialtyApplicationPartners)
    .innerJoin(orgs, eq(orgs.id, specialtyApplicationPartners.enterpriseOrgId))
    .where(inArray(specialtyApplicationPartners.applicationId, ids))
    .orderBy(specialtyApplicationPartners.enterpriseOrgId);
  const schools = new Map(
    (
      await db
        .select({ id: orgs.id, name: orgs.name })
        .from(orgs)
        .where(inArray(orgs.id, [...new Set(rows.map((r) => r.schoolOrgId))]))
    ).map((o) => [o.id, o.name]),
  );
  const names = new Map(
    (
      await db
        .select({ code: dictEntries.code, name: dictEntries.name })
        .from(dictEntries)
        .where(
          and(
            eq(dictEntries.kind, 'specialty'),
            inArray(dictEntries.code, [...new Set(rows.map((r) => r.specialtyCode))]),
          ),
        )
    ).map((d) => [d.code, d.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    schoolOrgId: r.schoolOrgId,
    schoolName: schools.get(r.schoolOrgId) ?? '',
    regionCode: r.regionCode,
    specialtyCode: r.specialtyCode,
    specialtyName: names.get(r.specialtyCode) ?? r.specialtyCode,
    level: r.level as SpecialtyApplication['level'],
    plannedEnrolment: r.plannedEnrolment,
    reason: r.reason,
    state: r.state,
    decisionNote: r.decisionNote,
    effectiveOn: r.effectiveOn,
    partners: partners
      .filter((p) => p.applicationId === r.id)
      .map(({ orgId, name, state }) => ({ orgId, name, state })),
    createdAt: r.createdAt.toISOString(),
  }));
}

const one = async (db: DbOrTx, id: number) =>
  (await views(db, await db.select().from(specialtyApplications).where(eq(specialtyApplications.id, id))))[0];

export async function createApplication(
  db: Db,
  ctx: Ctx,
  input: SpecialtyApplicationInput,
): Promise<SpecialtyApplication> {
  const actor = requireAccess(ctx, 'specialty.apply');
  const [school] = await db
    .select({ id: orgs.id, regionCode: orgs.regionCode, type: orgs.type })
    .from(orgs)
    .where(eq(orgs.id, actor.orgId ?? -1));
  if (!school || school.type !== 'school') throw new AppError(403, 'forbidden', '只有技工院校可以申请新设专业');
  await requireSpecialty(db, input.specialtyCode);
  const [has] = await db
    .select({ id: schoolSpecialties.id })
    .from(schoolSpecialties)
    .where(and(eq(schoolSpecialties.orgId, school.id), eq(schoolSpecialties.specialtyCode, input.specialtyCode)));
  if (has) throw new AppError(409, 'specialty_exists');
  const partnerIds = [...new Set(input.partnerOrgIds)];
  const found = await db
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(inArray(orgs.id, partnerIds), eq(orgs.type, 'enterprise')));
  if (found.length !== partnerIds.length)
    throw new AppError(400, 'validation_failed', '合作企业须为平台上的企业', [
      { path: 'body.partnerOrgIds', label: '合作企业', message: '须为平台上的企业' },
    ]);
  const { partnerOrgIds: _p, ...values } = input;
  void _p;
  try {
    const id = await db.transaction(async (tx) => {
      const [made] = await tx
        .insert(specialtyApplications)
        .values({ ...values, schoolOrgId: school.id, regionCode: school.regionCode, createdBy: actor.id })
        .returning();
      await tx
        .insert(specialtyApplicationPartners)
        .values(partnerIds.map((p) => ({ applicationId: made.id, enterpriseOrgId: p })));
      await audit(tx, ctx, {
        action: 'specialty_application.create',
        entityType: 'specialty_application',
        entityId: made.id,
        regionCode: made.regionCode,
        after: { ...values, partnerOrgIds: partnerIds },
      });
      return made.id;
    });
    return one(db, id);
  } catch (e) {
    if (pgCode(e) === '23505') throw new AppError(409, 'conflict', '该专业已有进行中的申请');
    throw e;
  }
}

async function load(tx: DbOrTx, id: number) {
  const [r] = await tx.select().from(specialtyApplications).where(eq(specialtyApplications.id, id)).for('update');
  return r;
}

function move(r: Row, m: keyof typeof APPLICATION_MOVES) {
  if (!APPLICATION_MOVES[m].from.includes(r.state)) throw new AppError(409, 'application_state');
  return APPLICATION_MOVES[m].to;
}

/** A partner enterprise confirms (or declines) its participation in its own account. */
export async function respondAsPartner(db: Db, ctx: Ctx, id: number, confirm: boolean) {
  const actor = requireAccess(ctx, 'specialty.partner');
  await db.transaction(async (tx) => {
    const r = await load(tx, id);
    const [p] = r
      ? await tx
          .select()
          .from(specialtyApplicationPartners)
          .where(
            and(
              eq(specialtyApplicationPartners.applicationId, id),
              eq(specialtyApplicationPartners.enterpriseOrgId, actor.orgId ?? -1),
            ),
          )
      : [];
    if (!r || !p) throw new AppError(404, 'not_found');
    if (r.state !== 'awaiting_partners') throw new AppError(409, 'application_state');
    const state = confirm ? 'confirmed' : 'declined';
    if (p.state === state) return; // answered already (a second click): nothing new to record
    await tx
      .update(specialtyApplicationPartners)
      .set({ state, decidedBy: actor.id, decidedAt: now() })
      .where(
        and(
          eq(specialtyApplicationPartners.applicationId, id),
          eq(specialtyApplicationPartners.enterpriseOrgId, p.enterpriseOrgId),
        ),
      );
    await audit(tx, ctx, {
      action: confirm ? 'specialty_application.partner_confirm' : 'specialty_application.partner_decline',
      entityType: 'specialty_application',
      entityId: id,
      regionCode: r.regionCode,
      before: { state: p.state },
      after: { state },
    });
  });
  return one(db, id);
}

/** The school submits (needs at least one confirmed partner) or withdraws its own application. */
export async function schoolMove(db: Db, ctx: Ctx, id: number, m: 'submit' | 'withdraw') {
  await db.transaction(async (tx) => {
    const r = await load(tx, id);
    requireAccess(ctx, 'specialty.apply', { regionCode: r?.regionCode ?? '\0', orgId: r?.schoolOrgId ?? -1 });
    if (!r) throw new AppError(404, 'not_found');
    const to = move(r, m);
    if (m === 'submit') {
      const [{ n }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(specialtyApplicationPartners)
        .where(
          and(eq(specialtyApplicationPartners.applicationId, id), eq(specialtyApplicationPartners.state, 'confirmed')),
        );
      if (n === 0) throw new AppError(409, 'no_confirmed_partner');
    }
    await tx.update(specialtyApplications).set({ state: to }).where(eq(specialtyApplications.id, id));
    await audit(tx, ctx, {
      action: `specialty_application.${m}`,
      entityType: 'specialty_application',
      entityId: id,
      regionCode: r.regionCode,
      before: { state: r.state },
      after: { state: to },
    });
  });
  return one(db, id);
}

/** The school's bureau (or the province) approves — the specialty then appears on the school — or rejects. */
export async function decideApplication(db: Db, ctx: Ctx, id: number, input: ApplicationDecisionInput) {
  await db.transaction(async (tx) => {
    const r = await load(tx, id);
    const actor = requireAccess(ctx, 'specialty.review', { regionCode: r?.regionCode ?? '\0' });
    if (!r) throw new AppError(404, 'not_found');
    const to = move(r, input.approve ? 'approve' : 'reject');
    if (!input.approve && !input.note)
      throw new AppError(400, 'validation_failed', '不予批准须填写理由', [
        { path: 'body.note', label: '审核意见', message: '不予批准须填写理由' },
      ]);
    const effectiveOn = input.approve ? (input.effectiveOn ?? today()) : null;
    if (input.approve) {
      const [has] = await tx
        .select({ id: schoolSpecialties.id })
        .from(schoolSpecialties)
        .where(and(eq(schoolSpecialties.orgId, r.schoolOrgId), eq(schoolSpecialties.specialtyCode, r.specialtyCode)));
      if (has) throw new AppError(409, 'specialty_exists');
      await tx
        .insert(schoolSpecialties)
        .values({ orgId: r.schoolOrgId, specialtyCode: r.specialtyCode, enrolment: r.plannedEnrolment });
    }
    await tx
      .update(specialtyApplications)
      .set({ state: to, decisionNote: input.note || null, effectiveOn, decidedBy: actor.id, decidedAt: now() })
      .where(eq(specialtyApplications.id, id));
    await audit(tx, ctx, {
      action: input.approve ? 'specialty_application.approve' : 'specialty_application.reject',
      entityType: 'specialty_application',
      entityId: id,
      regionCode: r.regionCode,
      before: { state: r.state },
      after: { state: to, note: input.note, effectiveOn },
    });
  });
  return one(db, id);
}
