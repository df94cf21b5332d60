import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { ExitDecisionInput, ExitDecisionRow, FlaggedSpecialty } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { dictEntries, orgs, schoolSpecialties, specialtyExitDecisions } from '../../db/schema/index';
import { listScope, requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { today } from '../../lib/clock';
import { warningTable } from '../warning/warning.service';

type Row = typeof specialtyExitDecisions.$inferSelect;
/** The flags that call for a decision on a school's specialty (a shortage calls for more places, not an exit). */
const EXIT_FLAGS = new Set(['oversupply', 'low_employment']);

/**
 * The school specialties of the year's flagged region × specialty cells, each with the decision taken on it if any.
 * The warning is per 市州; every school of the 市州 teaching the specialty gets its own decision.
 */
export async function flaggedSpecialties(
  db: Db,
  ctx: Ctx,
  year?: number,
): Promise<{ year: number; items: FlaggedSpecialty[] }> {
  requireAccess(ctx, 'specialty.review');
  const w = await warningTable(db, ctx, { year });
  const flagged = w.rows.filter((r) => r.flags.some((f) => EXIT_FLAGS.has(f)));
  if (!flagged.length) return { year: w.year, items: [] };
  const flags = new Map(
    flagged.map((r) => [`${r.regionCode}|${r.specialtyCode}`, r.flags.filter((f) => EXIT_FLAGS.has(f))]),
  );
  const rows = await db
    .select({
      orgId: orgs.id,
      name: orgs.name,
      regionCode: orgs.regionCode,
      specialtyCode: schoolSpecialties.specialtyCode,
      enrolment: schoolSpecialties.enrolment,
      specialtyName: dictEntries.name,
    })
    .from(schoolSpecialties)
    .innerJoin(orgs, eq(orgs.id, schoolSpecialties.orgId))
    .leftJoin(
      dictEntries,
      and(eq(dictEntries.kind, 'specialty'), eq(dictEntries.code, schoolSpecialties.specialtyCode)),
    )
    .where(
      and(
        inArray(orgs.regionCode, [...new Set(flagged.map((r) => r.regionCode))]),
        inArray(schoolSpecialties.specialtyCode, [...new Set(flagged.map((r) => r.specialtyCode))]),
      ),
    )
    .orderBy(asc(orgs.regionCode), asc(schoolSpecialties.specialtyCode), asc(orgs.id));
  const decided = new Map(
    (
      await db
        .select({
          id: specialtyExitDecisions.id,
          orgId: specialtyExitDecisions.schoolOrgId,
          code: specialtyExitDecisions.specialtyCode,
        })
        .from(specialtyExitDecisions)
        .where(eq(specialtyExitDecisions.warningYear, w.year))
    ).map((d) => [`${d.orgId}|${d.code}`, d.id]),
  );
  const items = rows
    .filter((r) => flags.has(`${r.regionCode}|${r.specialtyCode}`))
    .map((r) => ({
      schoolOrgId: r.orgId,
      schoolName: r.name,
      regionCode: r.regionCode,
      specialtyCode: r.specialtyCode,
      specialtyName: r.specialtyName ?? r.specialtyCode,
      enrolment: r.enrolment,
      flags: flags.get(`${r.regionCode}|${r.specialtyCode}`)!,
      decisionId: decided.get(`${r.orgId}|${r.specialtyCode}`) ?? null,
    }));
  return { year: w.year, items };
}

export async function listDecisions(db: Db, ctx: Ctx): Promise<{ items: ExitDecisionRow[] }> {
  const actor = requireAccess(ctx, 'specialty.read');
  const scope = listScope(actor);
  if (scope.none || actor.role === 'enterprise') return { items: [] };
  const where: SQL[] = [];
  if (scope.regionCode) where.push(eq(specialtyExitDecisions.regionCode, scope.regionCode));
  if (scope.orgId) where.push(eq(specialtyExitDecisions.schoolOrgId, scope.orgId));
  const rows = await db
    .select({ d: specialtyExitDecisions, schoolName: orgs.name, specialtyName: dictEntries.name })
    .from(specialtyExitDecisions)
    .innerJoin(orgs, eq(orgs.id, specialtyExitDecisions.schoolOrgId))
    .leftJoin(
      dictEntries,
      and(eq(dictEntries.kind, 'specialty'), eq(dictEntries.code, specialtyExitDecisions.specialtyCode)),
    )
    .where(where.length ? and(...where) : undefined)
    .orderBy(
      asc(specialtyExitDecisions.state),
      asc(specialtyExitDecisions.effectiveYear),
      asc(specialtyExitDecisions.id),
    );
  return { items: rows.map((r) => view(r.d, r.schoolName, r.specialtyName)) };
}

const view = (d: Row, schoolName: string, specialtyName: string | null): ExitDecisionRow => ({
  id: d.id,
  schoolOrgId: d.schoolOrgId,
  schoolName,
  regionCode: d.regionCode,
  specialtyCode: d.specialtyCode,
  specialtyName: specialtyName ?? d.specialtyCode,
  warningYear: d.warningYear,
  flags: d.flags,
  decision: d.decision,
  reason: d.reason,
  effectiveYear: d.effectiveYear,
  newEnrolment: d.newEnrolment,
  state: d.state,
  doneOn: d.doneOn,
  followUp: d.followUp,
});

async function one(db: DbOrTx, id: number) {
  const [r] = await db
    .select({ d: specialtyExitDecisions, schoolName: orgs.name, specialtyName: dictEntries.name })
    .from(specialtyExitDecisions)
    .innerJoin(orgs, eq(orgs.id, specialtyExitDecisions.schoolOrgId))
    .leftJoin(
      dictEntries,
      and(eq(dictEntries.kind, 'specialty'), eq(dictEntries.code, specialtyExitDecisions.specialtyCode)),
    )
    .where(eq(specialtyExitDecisions.id, id));
  return view(r.d, r.schoolName, r.specialtyName);
}

/** The bureau of the school (or the province) decides on a flagged specialty the school teaches. */
export async function createDecision(db: Db, ctx: Ctx, input: ExitDecisionInput) {
  const [o] = await db
    .select({ id: orgs.id, regionCode: orgs.regionCode, type: orgs.type })
    .from(orgs)
    .where(eq(orgs.id, input.schoolOrgId));
  const actor = requireAccess(ctx, 'specialty.review', { regionCode: o?.regionCode ?? '\0' });
  if (!o || o.type !== 'school') throw new AppError(404, 'not_found');
  const [ss] = await db
    .select()
    .from(schoolSpecialties)
    .where(and(eq(schoolSpecialties.orgId, o.id), eq(schoolSpecialties.specialtyCode, input.specialtyCode)));
  if (!ss)
    throw new AppError(400, 'validation_failed', '该校未开设此专业', [
      { path: 'body.specialtyCode', label: '专业', message: '该校未开设此专业' },
    ]);
  const flagged = (await flaggedSpecialties(db, ctx, input.warningYear)).items.find(
    (f) => f.schoolOrgId === o.id && f.specialtyCode === input.specialtyCode,
  );
  try {
    const id = await db.transaction(async (tx) => {
      const [made] = await tx
        .insert(specialtyExitDecisions)
        .values({
          ...input,
          newEnrolment: input.decision === 'reduce' ? input.newEnrolment : null,
          regionCode: o.regionCode,
          flags: flagged?.flags ?? [],
          decidedBy: actor.id,
        })
        .returning();
      await audit(tx, ctx, {
        action: 'specialty_decision.create',
        entityType: 'specialty_decision',
        entityId: made.id,
        regionCode: o.regionCode,
        after: { ...input, flags: made.flags },
      });
      return made.id;
    });
    return one(db, id);
  } catch (e) {
    if (pgCode(e) === '23505') throw new AppError(409, 'conflict', '该专业本年度的预警已有处置决定');
    throw e;
  }
}

/**
 * Follow-up: the decision is carried out. Reduce sets the specialty's enrolment; withdraw removes the specialty
 * from the school and keeps its enrolment on the decision, so the matching indicator still counts it before then.
 */
export async function completeDecision(db: Db, ctx: Ctx, id: number, followUp: string) {
  await db.transaction(async (tx) => {
    const [d] = await tx.select().from(specialtyExitDecisions).where(eq(specialtyExitDecisions.id, id)).for('update');
    requireAccess(ctx, 'specialty.review', { regionCode: d?.regionCode ?? '\0' });
    if (!d) throw new AppError(404, 'not_found');
    if (d.state !== 'open') throw new AppError(409, 'decision_state');
    const where = and(eq(schoolSpecialties.orgId, d.schoolOrgId), eq(schoolSpecialties.specialtyCode, d.specialtyCode));
    const [ss] = await tx.select().from(schoolSpecialties).where(where);
    if (d.decision === 'reduce' && ss)
      await tx
        .update(schoolSpecialties)
        .set({ enrolment: d.newEnrolment ?? ss.enrolment })
        .where(where);
    if (d.decision === 'withdraw' && ss) await tx.delete(schoolSpecialties).where(where);
    const doneOn = today();
    await tx
      .update(specialtyExitDecisions)
      .set({ state: 'done', doneOn, followUp, enrolmentBefore: ss?.enrolment ?? null })
      .where(eq(specialtyExitDecisions.id, id));
    await audit(tx, ctx, {
      action: 'specialty_decision.done',
      entityType: 'specialty_decision',
      entityId: id,
      regionCode: d.regionCode,
      before: { state: 'open', enrolment: ss?.enrolment ?? null },
      after: { state: 'done', doneOn, followUp },
    });
  });
  return one(db, id);
}
