import { and, asc, eq, sql } from 'drizzle-orm';
import { designDefinition, type FieldDef, type FormKind } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { dictEntries, formDefinitions } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now } from '../../lib/clock';
import { findCampaign } from '../campaigns/campaigns.service';
import { campaignDefinition, storedDefinitionRow } from './definitions.repository';

/** The year's definition with what the designer needs to know: whether it can still change and its edit revision. */
export async function getDesign(db: Db, ctx: Ctx, year: number, kind: FormKind) {
  requireAccess(ctx, 'campaign.read');
  const campaign = await findCampaign(db, year);
  const definition = await campaignDefinition(db, campaign, kind);
  const row = await storedDefinitionRow(db, kind, campaign.formVersions[kind]);
  return {
    definition,
    rev: row?.rev ?? 0,
    editable: !!row && !row.frozenAt && campaign.status === 'draft',
    basedOn: row ? null : 'code',
  };
}

async function dictionaries(db: Db): Promise<Record<string, string[]>> {
  const rows = await db
    .select({ kind: dictEntries.kind, name: dictEntries.name })
    .from(dictEntries)
    .where(eq(dictEntries.active, true))
    .orderBy(asc(dictEntries.kind), asc(dictEntries.code));
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.kind] ??= []).push(r.name);
  return out;
}

/**
 * Saves the province's edit of a draft year's form (columns, types, required, ranges, dropdowns, help). Refused with a
 * Chinese reason, nothing changed, when the year is open or closed, the definition lives in code (2025), another
 * window saved first, or the columns break a rule of the designer (packages/domain/src/forms/designer.ts).
 */
export async function saveDesign(
  db: Db,
  ctx: Ctx,
  year: number,
  kind: FormKind,
  b: { rev: number; fields: Partial<FieldDef>[]; title?: string; sheetName?: string },
) {
  requireAccess(ctx, 'campaign.manage');
  const campaign = await findCampaign(db, year);
  const row = await storedDefinitionRow(db, kind, campaign.formVersions[kind]);
  if (campaign.status !== 'draft' || !row || row.frozenAt) {
    throw new AppError(
      409,
      'form_definition_frozen',
      `${year} 年度专项行动${campaign.status === 'draft' ? '的表单定义由系统内置' : campaign.status === 'open' ? '已开启' : '已结束'}，表单定义已冻结，不能再修改；只能修改尚未开启年度的表单`,
    );
  }
  const previous = await campaignDefinition(db, campaign, kind);
  const r = designDefinition(
    b.fields,
    { title: b.title, sheetName: b.sheetName },
    { previous, dictionaries: await dictionaries(db) },
  );
  if (!r.ok)
    throw new AppError(
      400,
      'form_definition_invalid',
      r.messages[0],
      r.messages.map((message) => ({ message })),
    );
  return db.transaction(async (tx) => {
    const [saved] = await tx
      .update(formDefinitions)
      .set({ definition: r.def, rev: sql`${formDefinitions.rev} + 1`, updatedAt: now() })
      .where(and(eq(formDefinitions.id, row.id), eq(formDefinitions.rev, b.rev)))
      .returning();
    if (!saved) throw new AppError(409, 'version_conflict', '表单定义已在其他窗口修改，请刷新后再保存');
    const before = new Map(previous.fields.map((f) => [f.key, f]));
    const after = new Map(r.def.fields.map((f) => [f.key, f]));
    await audit(tx, ctx, {
      action: 'form_definition.update',
      entityType: 'form_definition',
      entityId: `${kind}@${row.version}`,
      before: { rev: row.rev, removed: [...before.keys()].filter((k) => !after.has(k)) },
      after: {
        rev: saved.rev,
        added: [...after.keys()].filter((k) => !before.has(k)),
        changed: [...after.keys()].filter(
          (k) => before.has(k) && JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k)),
        ),
      },
    });
    return { definition: r.def, rev: saved.rev, editable: true, basedOn: null };
  });
}
