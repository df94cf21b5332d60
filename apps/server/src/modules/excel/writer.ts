import { and, eq, sql } from 'drizzle-orm';
import type { FormDefinition } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { forms, formTransitions } from '../../db/schema/index';
import type { Actor, Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { auditMany, type AuditEntry } from '../../lib/audit';
import { insertSnapshot, type FormRowDb } from '../forms/forms.repository';
import { notifyRegion } from '../notifications/notifications.service';
import type { PlanItem } from './importer';
import { now } from '../../lib/clock';

export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
  submitted: number;
}

const SUBMIT_COMMENT = 'Excel 导入后提交';
// Forms per INSERT: a form of 100 rows is ~50 KB of JSON, so a statement stays at a few MB.
const INSERT_BATCH = 50;

// What the rest of the write needs back from an INSERT/UPDATE: not `data`, which the plan already holds (sending
// 30 MB of JSON back and parsing it again cost a fifth of the write on PGlite).
const back = {
  id: forms.id,
  orgId: forms.orgId,
  version: forms.version,
  state: forms.state,
  rowCount: forms.rowCount,
  regionCode: forms.regionCode,
};
type Written = Pick<FormRowDb, 'id' | 'orgId' | 'version' | 'state' | 'rowCount' | 'regionCode'>;

const conflict = () =>
  new AppError(409, 'version_conflict', '导入期间有单位的表单被他人修改或创建，未导入任何数据，请重新导入');

/**
 * Writes the plan in ONE transaction: the file is all-or-nothing even when a statement fails half-way. Set-wise where
 * it matters (new forms and audit entries in batches); updates are one statement per form because each carries its
 * own optimistic version check. Unchanged forms are not touched: no version bump, no audit entry, no snapshot.
 */
export async function writePlan(
  db: Db,
  ctx: Ctx,
  actor: Actor,
  campaignId: number,
  def: FormDefinition,
  items: PlanItem[],
  jobId: number,
): Promise<WriteCounts> {
  const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0, submitted: 0 };
  await db.transaction(async (tx) => {
    const audits: AuditEntry[] = [];
    const written = new Map<PlanItem, Written>();
    const creates = items.filter((i) => i.action === 'create');
    for (let i = 0; i < creates.length; i += INSERT_BATCH) {
      const part = creates.slice(i, i + INSERT_BATCH);
      const rows = await tx
        .insert(forms)
        .values(
          part.map((it) => ({
            campaignId,
            orgId: it.org.id,
            kind: def.kind,
            regionCode: it.org.regionCode,
            formVersion: def.version,
            state: 'draft',
            data: it.data,
            rowCount: it.data.rows.length,
          })),
        )
        .onConflictDoNothing()
        .returning(back);
      if (rows.length !== part.length) throw conflict(); // created meanwhile on screen: its content was not compared
      const byOrg = new Map(rows.map((r) => [r.orgId, r]));
      for (const it of part) written.set(it, byOrg.get(it.org.id)!);
    }
    for (const it of items) {
      if (it.action === 'unchanged') written.set(it, it.existing!);
      if (it.action !== 'update') continue;
      const f = it.existing!;
      const [u] = await tx
        .update(forms)
        .set({ data: it.data, rowCount: it.data.rows.length, version: sql`${forms.version} + 1`, updatedAt: now() })
        .where(and(eq(forms.id, f.id), eq(forms.version, f.version), eq(forms.state, f.state)))
        .returning(back);
      if (!u) throw conflict();
      written.set(it, u);
    }
    for (const it of items) {
      const f = written.get(it)!;
      counts[it.action === 'create' ? 'created' : it.action === 'update' ? 'updated' : 'unchanged']++;
      if (it.action === 'unchanged') continue;
      audits.push({
        action: 'form.import',
        entityType: 'form',
        entityId: f.id,
        regionCode: f.regionCode,
        before: it.existing ? { version: it.existing.version, rows: it.existing.rowCount } : null,
        after: { version: f.version, rows: f.rowCount, jobId, created: it.action === 'create' },
      });
    }

    // Submitting moves each form the way actOnForm does: snapshot of the submitted version, transition, audit.
    const transitions: (typeof formTransitions.$inferInsert)[] = [];
    for (const it of items.filter((i) => i.submit)) {
      const f = written.get(it)!;
      const snapshotId = await insertSnapshot(tx, { ...f, data: it.data } as FormRowDb, actor.id); // reads id, version, state, data
      const [u] = await tx
        .update(forms)
        .set({ state: 'submitted', version: sql`${forms.version} + 1`, submittedAt: now(), updatedAt: now() })
        .where(and(eq(forms.id, f.id), eq(forms.version, f.version), eq(forms.state, 'draft')))
        .returning({ id: forms.id });
      if (!u) throw conflict();
      transitions.push({
        formId: f.id,
        action: 'submit',
        fromState: 'draft',
        toState: 'submitted',
        formVersion: f.version,
        snapshotId,
        actorId: actor.id,
        actorName: actor.displayName || actor.username,
        actorRole: actor.role,
        comment: SUBMIT_COMMENT,
      });
      audits.push({
        action: 'form.submit',
        entityType: 'form',
        entityId: f.id,
        regionCode: f.regionCode,
        before: { state: 'draft', version: f.version },
        after: { state: 'submitted', jobId },
      });
      if (actor.orgId === f.orgId) {
        await notifyRegion(tx, f.regionCode, {
          kind: 'form_submitted',
          title: `${it.org.name} 通过 Excel 导入提交了需求信息征集表`,
          link: `/forms/${f.id}`,
          dedupeKey: `submitted:${f.id}:v${f.version}`,
        });
      }
      counts.submitted++;
    }
    for (let i = 0; i < transitions.length; i += 500)
      await tx.insert(formTransitions).values(transitions.slice(i, i + 500));
    await auditMany(tx, ctx, audits);
  });
  return counts;
}
