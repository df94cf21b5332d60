import { and, desc, eq, inArray, max, sql } from 'drizzle-orm';
import {
  batchCounts,
  batchStatus,
  diffForms,
  FORM_ACTION_LABELS,
  formTransition,
  reasonProblems,
  regionByCode,
  returnReasonsSchema,
  validateForm,
  type FormAction,
  type FormData as DemandData,
  type FormState,
  type ReturnReason,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { batches, forms, formTransitions } from '../../db/schema/index';
import { listScope, requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { findCampaign } from '../campaigns/campaigns.service';
import { assertCampaignWritable } from '../campaigns/writable';
import { notifyOrg, notifyProvince, notifyRegion } from '../notifications/notifications.service';
import { findSnapshot, insertSnapshot, loadCodeLists, transitionsOf } from './forms.repository';
import { definitionOf, loadForm, toDetail } from './forms.service';
import { now } from '../../lib/clock';
import { sqlRows } from '../../db/rows';

export async function actOnForm(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { action: FormAction; version: number; reasons?: ReturnReason[]; comment?: string },
) {
  const { row, actor } = await loadForm(db, ctx, id);
  const { form } = row;
  if (b.action === 'submit_to_province') throw new AppError(409, 'illegal_transition', '请在“报送省厅”中按批次报送');
  await assertCampaignWritable(db, form.campaignId);
  const t = formTransition(form.state as FormState, b.action, actor.role);
  if (!t.ok) throw new AppError(409, t.code, t.message);
  const isFiller = b.action === 'submit' || b.action === 'resubmit';
  if (isFiller && actor.orgId !== form.orgId) throw new AppError(404, 'not_found');
  if (b.version !== form.version)
    throw new AppError(409, 'version_conflict', '表单已被他人处理或修改，请刷新后再操作', {
      currentVersion: form.version,
      state: form.state,
    });
  const def = await definitionOf(db, form, row.year);
  const lists = await loadCodeLists(db);
  if (isFiller) {
    const errors = validateForm(def, form.data as DemandData, lists).filter((i) => i.severity === 'error');
    if (errors.length)
      throw new AppError(400, 'form_invalid', `表单有 ${errors.length} 处错误，请修改后再提交`, errors);
  }
  let reasons: ReturnReason[] = [];
  if (t.needsReasons) {
    const given = b.reasons?.length ? b.reasons : b.comment ? [{ text: b.comment }] : [];
    const parsed = returnReasonsSchema.safeParse(given);
    if (!parsed.success) throw new AppError(400, 'reasons_required', parsed.error.issues[0]?.message);
    const problems = reasonProblems(def, form.data as DemandData, parsed.data);
    if (problems.length) throw new AppError(400, 'validation_failed', problems[0].message, problems);
    reasons = parsed.data;
  }
  const to = t.to;
  const result = await db.transaction(async (tx) => {
    const snapshotId = await insertSnapshot(tx, form, actor.id);
    const returning = to === 'returned';
    const [updated] = await tx
      .update(forms)
      .set({
        state: to,
        version: sql`${forms.version} + 1`,
        updatedAt: now(),
        ...(returning ? { returnReasons: reasons, returnedSnapshotId: snapshotId } : {}),
        ...(isFiller ? { submittedAt: now() } : { decidedAt: now() }),
        ...(b.action === 'approve' || b.action === 'accept' ? { returnReasons: [] } : {}),
      })
      // Both the version and the state must still be what the actor saw: of two reviewers, one wins.
      .where(and(eq(forms.id, id), eq(forms.version, b.version), eq(forms.state, form.state)))
      .returning();
    if (!updated) throw new AppError(409, 'version_conflict', '表单已被他人处理，请刷新后查看');
    await tx.insert(formTransitions).values({
      formId: id,
      action: b.action,
      fromState: form.state,
      toState: to,
      formVersion: form.version,
      snapshotId,
      actorId: actor.id,
      actorName: actor.displayName || actor.username,
      actorRole: actor.role,
      reasons,
      comment: b.comment ?? '',
    });
    await audit(tx, ctx, {
      action: `form.${b.action}`,
      entityType: 'form',
      entityId: id,
      regionCode: form.regionCode,
      before: { state: form.state, version: form.version },
      after: { state: to, reasons },
    });
    const label = FORM_ACTION_LABELS[b.action];
    const link = `/forms/${id}`;
    if (returning) {
      const who = actor.role === 'province' ? '省厅' : '市州人社局';
      await notifyOrg(tx, form.orgId, {
        kind: 'form_returned',
        title: `${row.year} 年度需求信息征集表被${who}退回`,
        body: reasons
          .map((r) => r.text)
          .join('；')
          .slice(0, 500),
        link,
      });
      if (actor.role === 'province')
        await notifyRegion(tx, form.regionCode, {
          kind: 'form_returned',
          title: `省厅退回了 ${row.orgName} 的表单`,
          body: reasons
            .map((r) => r.text)
            .join('；')
            .slice(0, 500),
          link,
        });
    } else if (b.action === 'approve' || b.action === 'accept') {
      await notifyOrg(tx, form.orgId, {
        kind: 'form_decided',
        title: `${row.year} 年度需求信息征集表：${label}`,
        link,
      });
    } else if (isFiller) {
      await notifyRegion(tx, form.regionCode, {
        kind: 'form_submitted',
        title: `${row.orgName} ${b.action === 'resubmit' ? '重新提交' : '提交'}了需求信息征集表`,
        link,
        dedupeKey: `submitted:${id}:v${form.version}`,
      });
    }
    return updated;
  });
  return toDetail(db, actor, { form: result, orgName: row.orgName, year: row.year }, lists);
}

/** What changed since the version that was returned (empty when the form was never returned). */
export async function formDiff(db: Db, ctx: Ctx, id: number) {
  const { row } = await loadForm(db, ctx, id);
  if (!row.form.returnedSnapshotId) return { against: null, changes: [] };
  const snap = await findSnapshot(db, row.form.returnedSnapshotId);
  const def = await definitionOf(db, row.form, row.year);
  const changes = diffForms(def, snap.data as DemandData, row.form.data as DemandData, await loadCodeLists(db));
  return { against: { snapshotId: snap.id, at: snap.createdAt.toISOString(), state: snap.state }, changes };
}

export async function formHistory(db: Db, ctx: Ctx, id: number) {
  await loadForm(db, ctx, id);
  const rows = await transitionsOf(db, id);
  return { transitions: rows.map((r) => ({ ...r, at: r.at.toISOString(), snapshotId: r.snapshotId ?? null })) };
}

/** A region sends its approved forms (all, or those named) to the province in one batch. */
export async function submitBatch(db: Db, ctx: Ctx, year: number, b: { formIds?: number[]; note?: string }) {
  const actor = requireAccess(ctx, 'batch.submit');
  const campaign = await findCampaign(db, year);
  assertCampaignWritable(campaign);
  const region = actor.regionCode!;
  return db.transaction(async (tx) => {
    // One batch of a region at a time: the forms are read after the previous one took them, and its number is
    // max + 1 (issue 16: two at once gave a duplicate key).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`batch:${campaign.id}:${region}`}))`);
    const candidates = await tx
      .select()
      .from(forms)
      .where(
        and(
          eq(forms.campaignId, campaign.id),
          eq(forms.regionCode, region),
          eq(forms.state, 'region_approved'),
          b.formIds ? inArray(forms.id, b.formIds) : undefined,
        ),
      );
    if (b.formIds && candidates.length !== new Set(b.formIds).size)
      throw new AppError(409, 'illegal_transition', '所选表单中有不属于本地区或尚未审核通过的表单');
    if (!candidates.length) throw new AppError(409, 'nothing_to_submit'); // a state, not bad input: all sent already
    const [{ seq }] = await tx
      .select({ seq: max(batches.seq) })
      .from(batches)
      .where(and(eq(batches.campaignId, campaign.id), eq(batches.regionCode, region)));
    const [batch] = await tx
      .insert(batches)
      .values({
        campaignId: campaign.id,
        regionCode: region,
        seq: (seq ?? 0) + 1,
        formIds: candidates.map((f) => f.id),
        note: b.note ?? '',
        submittedBy: actor.id,
      })
      .returning();
    const ids = candidates.map((f) => f.id);
    const moved = await tx
      .update(forms)
      .set({ state: 'with_province', version: sql`${forms.version} + 1`, lastBatchId: batch.id, updatedAt: now() })
      .where(and(inArray(forms.id, ids), eq(forms.state, 'region_approved')))
      .returning({ id: forms.id });
    if (moved.length !== ids.length)
      throw new AppError(409, 'version_conflict', '有表单在报送过程中被他人修改，请刷新后重试');
    await tx.insert(formTransitions).values(
      candidates.map((f) => ({
        formId: f.id,
        action: 'submit_to_province',
        fromState: f.state,
        toState: 'with_province',
        formVersion: f.version,
        batchId: batch.id,
        actorId: actor.id,
        actorName: actor.displayName || actor.username,
        actorRole: actor.role,
        comment: b.note ?? '',
      })),
    );
    await audit(tx, ctx, {
      action: 'batch.submit',
      entityType: 'batch',
      entityId: batch.id,
      regionCode: region,
      after: { year, seq: batch.seq, forms: ids.length },
    });
    await notifyProvince(tx, {
      kind: 'batch_submitted',
      title: `${regionByCode(region)!.name} 报送了第 ${batch.seq} 批需求信息（${ids.length} 份）`,
      link: `/campaigns/${year}/batches`,
    });
    return batchOut(
      batch,
      candidates.map(() => 'with_province' as FormState),
    );
  });
}

function batchOut(b: typeof batches.$inferSelect, states: FormState[]) {
  return {
    id: b.id,
    regionCode: b.regionCode,
    seq: b.seq,
    formIds: b.formIds,
    note: b.note,
    submittedAt: b.submittedAt.toISOString(),
    counts: batchCounts(states),
    status: batchStatus(states),
  };
}

export async function listBatches(db: Db, ctx: Ctx, year: number) {
  const actor = requireAccess(ctx, 'form.review');
  const scope = listScope(actor);
  const campaign = await findCampaign(db, year);
  const rows = await db
    .select()
    .from(batches)
    .where(
      and(eq(batches.campaignId, campaign.id), scope.regionCode ? eq(batches.regionCode, scope.regionCode) : undefined),
    )
    .orderBy(desc(batches.submittedAt));
  const ids = rows.flatMap((r) => r.formIds);
  const states = new Map(
    (ids.length
      ? await db.select({ id: forms.id, state: forms.state }).from(forms).where(inArray(forms.id, ids))
      : []
    ).map((f) => [f.id, f.state as FormState]),
  );
  return { items: rows.map((b) => batchOut(b, b.formIds.map((id) => states.get(id)!).filter(Boolean))) };
}

/** The province accepts every form of a batch that is still with it. */
export async function acceptBatch(db: Db, ctx: Ctx, batchId: number) {
  const actor = requireAccess(ctx, 'form.accept');
  const [batch] = await db.select().from(batches).where(eq(batches.id, batchId));
  if (!batch) throw new AppError(404, 'not_found');
  await assertCampaignWritable(db, batch.campaignId);
  await db.transaction(async (tx) => {
    // The batch row is the lock: ten acceptances at once read its forms one after another (issue 16).
    await tx.select({ id: batches.id }).from(batches).where(eq(batches.id, batchId)).for('update');
    const pending = await tx
      .select()
      .from(forms)
      .where(and(inArray(forms.id, batch.formIds), eq(forms.state, 'with_province')));
    if (!pending.length) throw new AppError(409, 'illegal_transition', '该批次没有待接收的表单');
    for (const f of pending) {
      const snapshotId = await insertSnapshot(tx, f, actor.id);
      await tx
        .update(forms)
        .set({
          state: 'accepted',
          version: sql`${forms.version} + 1`,
          decidedAt: now(),
          returnReasons: [],
          updatedAt: now(),
        })
        .where(eq(forms.id, f.id));
      await tx.insert(formTransitions).values({
        formId: f.id,
        action: 'accept',
        fromState: 'with_province',
        toState: 'accepted',
        formVersion: f.version,
        snapshotId,
        batchId,
        actorId: actor.id,
        actorName: actor.displayName || actor.username,
        actorRole: actor.role,
      });
    }
    await audit(tx, ctx, {
      action: 'batch.accept',
      entityType: 'batch',
      entityId: batchId,
      regionCode: batch.regionCode,
      after: { accepted: pending.length },
    });
    await notifyRegion(tx, batch.regionCode, {
      kind: 'batch_accepted',
      title: `省厅已接收第 ${batch.seq} 批需求信息（${pending.length} 份）`,
      link: `/campaigns`,
    });
  });
  const { items } = await listBatches(
    db,
    ctx,
    (await sqlRows<{ year: number }>(db, sql`select year from campaigns where id = ${batch.campaignId}`))[0].year,
  );
  return items.find((b) => b.id === batchId)!;
}
