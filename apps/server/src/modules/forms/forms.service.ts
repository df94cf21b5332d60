import { and, eq, sql } from 'drizzle-orm';
import {
  allowedFormActions,
  checkEditsAllowed,
  isEditableBy,
  mergeIssues,
  normalizeForm,
  pinIdentity,
  prefillForm,
  qualityWarnings,
  regionByCode,
  validateForm,
  type CodeLists,
  type FormData as DemandData,
  type FormDefinition,
  type FormDetailOut,
  type FormState,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { forms } from '../../db/schema/index';
import { inScope, listScope, requireAccess, type Actor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { findCampaign } from '../campaigns/campaigns.service';
import { getOrg } from '../orgs/orgs.service';
import { findSpecialties } from '../orgs/orgs.repository';
import {
  findForm,
  findFormOf,
  findSnapshot,
  lastYearForm,
  listForms,
  loadCodeLists,
  type FormRowDb,
} from './forms.repository';
import { now } from '../../lib/clock';
import { campaignDefinition, definitionOf } from './definitions.repository';
import { assertCampaignWritable } from '../campaigns/writable';

export { definitionOf } from './definitions.repository';

/** Actions the machine allows this actor on this form, narrowed by who the actor is to the form. */
function actionsFor(actor: Actor, form: FormRowDb) {
  const own = actor.orgId === form.orgId;
  return allowedFormActions(form.state as FormState, actor.role).filter((a) => {
    if (a === 'submit_to_province') return false; // only through a batch
    if (actor.role === 'school' || actor.role === 'enterprise') return own;
    return inScope(actor, { regionCode: form.regionCode, orgId: form.orgId });
  });
}

async function formIssues(db: DbOrTx, def: FormDefinition, form: FormRowDb, lists: CodeLists, year: number) {
  const data = form.data as DemandData;
  const last = await lastYearForm(db, form.orgId, year);
  const specialties = form.kind === 'school' ? await findSpecialties(db, form.orgId) : [];
  return mergeIssues(
    validateForm(def, data, lists),
    qualityWarnings(def, data, { lastYear: (last?.data as DemandData) ?? null, org: { specialties } }),
  );
}

export async function toDetail(
  db: DbOrTx,
  actor: Actor,
  row: { form: FormRowDb; orgName: string; year: number },
  lists?: CodeLists,
): Promise<FormDetailOut> {
  const { form } = row;
  const def = await definitionOf(db, form, row.year);
  lists ??= await loadCodeLists(db);
  const last = await lastYearForm(db, form.orgId, row.year);
  return {
    ...summaryOf(row),
    formVersion: form.formVersion,
    data: form.data as FormDetailOut['data'],
    returnReasons: form.returnReasons,
    allowedActions: actionsFor(actor, form),
    editable: actor.orgId === form.orgId && isEditableBy(form.state as FormState, actor.role),
    issues: await formIssues(db, def, form, lists, row.year),
    hasDiff: form.returnedSnapshotId != null,
    lastYearAvailable: !!last,
  };
}

function summaryOf({ form, orgName, year }: { form: FormRowDb; orgName: string; year: number }) {
  return {
    id: form.id,
    campaignYear: year,
    orgId: form.orgId,
    orgName,
    kind: form.kind,
    regionCode: form.regionCode,
    regionName: regionByCode(form.regionCode)?.name ?? form.regionCode,
    state: form.state as FormState,
    rowCount: form.rowCount,
    version: form.version,
    submittedAt: form.submittedAt?.toISOString() ?? null,
    updatedAt: form.updatedAt.toISOString(),
  };
}

/** Loads a form the actor may see; anything else is 404. */
export async function loadForm(
  db: DbOrTx,
  ctx: Ctx,
  id: number,
  permission: 'form.read' | 'form.fill' | 'form.review' = 'form.read',
) {
  const row = await findForm(db, id);
  const actor = requireAccess(
    ctx,
    permission,
    row ? { regionCode: row.form.regionCode, orgId: row.form.orgId } : { regionCode: '\0' },
  );
  return { row: row!, actor };
}

export async function getForm(db: Db, ctx: Ctx, id: number) {
  const { row, actor } = await loadForm(db, ctx, id);
  return toDetail(db, actor, row);
}

/** The caller's own form of the campaign, created on first open and prefilled from its record and last year. */
/** The caller's form of the year, read only (GET): 404 form_not_started until startMyForm made it. */
export async function myForm(db: Db, ctx: Ctx, year: number) {
  const actor = requireAccess(ctx, 'form.fill');
  const campaign = await findCampaign(db, year);
  const existing = await findFormOf(db, campaign.id, actor.orgId!);
  if (!existing) throw new AppError(404, 'form_not_started');
  return toDetail(db, actor, { form: existing, orgName: actor.orgName ?? '', year });
}

/**
 * Opening 「填报需求」 (POST): the form of the year, made and prefilled (from the organisation and last year's form) the
 * first time, audited. Idempotent: a second open, or ten at once, answer the same one form (a unique index decides).
 */
export async function startMyForm(db: Db, ctx: Ctx, year: number) {
  const actor = requireAccess(ctx, 'form.fill');
  const campaign = await findCampaign(db, year);
  const existing = await findFormOf(db, campaign.id, actor.orgId!);
  if (existing) return toDetail(db, actor, { form: existing, orgName: actor.orgName ?? '', year });
  assertCampaignWritable(campaign);
  const org = await getOrg(db, ctx, actor.orgId!);
  const kind = org.type;
  const def = await campaignDefinition(db, campaign, kind);
  const last = await lastYearForm(db, org.id, year);
  const lists = await loadCodeLists(db);
  const data = normalizeForm(
    def,
    pinIdentity(
      def,
      prefillForm(def, org as unknown as Record<string, unknown>, (last?.data as DemandData) ?? null),
      org,
    ),
    lists,
  ).data;
  const created = await db.transaction(async (tx) => {
    const [f] = await tx
      .insert(forms)
      .values({
        campaignId: campaign.id,
        orgId: org.id,
        kind,
        regionCode: org.regionCode,
        formVersion: def.version,
        data,
        rowCount: data.rows.length,
      })
      .onConflictDoNothing()
      .returning();
    if (f)
      await audit(tx, ctx, {
        action: 'form.create',
        entityType: 'form',
        entityId: f.id,
        regionCode: org.regionCode,
        after: { year, orgId: org.id, prefilledFromLastYear: !!last },
      });
    return f ?? (await findFormOf(tx, campaign.id, org.id));
  });
  return toDetail(db, actor, { form: created, orgName: org.name, year }, lists);
}

export async function saveForm(db: Db, ctx: Ctx, id: number, b: { version: number; data: DemandData }) {
  const { row, actor } = await loadForm(db, ctx, id, 'form.fill');
  const { form } = row;
  await assertCampaignWritable(db, form.campaignId);
  if (!isEditableBy(form.state as FormState, actor.role) || actor.orgId !== form.orgId)
    throw new AppError(409, 'form_locked');
  const def = await definitionOf(db, form, row.year);
  const lists = await loadCodeLists(db);
  const org = await getOrg(db, ctx, form.orgId);
  const data = normalizeForm(def, pinIdentity(def, b.data, org), lists).data;
  if (form.state === 'returned' && form.returnedSnapshotId) {
    const snap = await findSnapshot(db, form.returnedSnapshotId);
    const locked = checkEditsAllowed(def, snap.data as DemandData, data, form.returnReasons);
    if (locked.length) throw new AppError(400, 'field_locked', locked[0].message, locked);
  }
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(forms)
      .set({ data, rowCount: data.rows.length, version: sql`${forms.version} + 1`, updatedAt: now() })
      .where(and(eq(forms.id, id), eq(forms.version, b.version), eq(forms.state, form.state)))
      .returning();
    if (!updated) throw new AppError(409, 'version_conflict', '表单已在其他窗口或由他人修改，请刷新后再保存');
    await audit(tx, ctx, {
      action: 'form.save',
      entityType: 'form',
      entityId: id,
      regionCode: form.regionCode,
      before: { version: form.version, rows: form.rowCount },
      after: { version: updated.version, rows: updated.rowCount },
    });
    return toDetail(tx, actor, { form: updated, orgName: row.orgName, year: row.year }, lists);
  });
}

export async function listFormsFor(
  db: Db,
  ctx: Ctx,
  year: number,
  q: { state?: string; kind?: string; region?: string; q?: string; page: number; pageSize: number },
) {
  const actor = requireAccess(ctx, 'form.read');
  const scope = listScope(actor);
  if (scope.none || (scope.regionCode && q.region && q.region !== scope.regionCode)) return { items: [], total: 0 };
  const campaign = await findCampaign(db, year);
  const { items, total } = await listForms(
    db,
    {
      campaignId: campaign.id,
      regionCode: scope.regionCode ?? q.region,
      orgId: scope.orgId,
      state: q.state,
      kind: q.kind,
      q: q.q,
    },
    q.page,
    q.pageSize,
  );
  return { items: items.map((r) => summaryOf({ ...r, year })), total };
}
