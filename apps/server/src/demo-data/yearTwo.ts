import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { formDefinition, shiftDate, type FieldDef, type FormKind } from '@cjrh/domain';
import type { Db, DbOrTx } from '../db/client';
import {
  type StoredFormData,
  appMeta,
  batches,
  campaigns,
  formDefinitions,
  formSnapshots,
  formTransitions,
  forms,
  orgs,
  users,
} from '../db/schema/index';
import type { Actor, Ctx } from '../http/access';
import { withClockStopped } from '../lib/clock';
import { findCampaign, createCampaign, updateCampaign } from '../modules/campaigns/campaigns.service';
import { openDueCampaigns } from '../modules/campaigns/newYear';
import { getDesign, saveDesign } from '../modules/forms/designer.service';
import { CAMPAIGN_YEAR } from './campaignCommon';
import { UNDER_REVIEW_REGION } from './matchmakingStage';
import { deleteYearTwoPublications, seedYearTwoPublication } from './yearTwoPublication';

// The demo's second year (issue 14), played through the same services the province uses, with the clock standing
// still at fixed instants so two seeds write the same rows:
//   2025-12-31 17:30  the province closes 2025 (its catalogue, agreements and projects stay as published history);
//   2026-01-12 10:00  it creates 2026 from 2025 (deadlines shifted, quotas and forms copied as 2026.1) with an
//                     opening day, and changes the school form in the form designer: one column added, one renamed
//                     (its id kept, so last year's answers still prefill);
//   2026-03-02 08:00  the hourly job opens 2026 on its opening day and freezes its forms.
// 武汉's forms, which the 2025 demo leaves half-way through the review path on purpose (returned, draft, submitted,
// approved, a batch waiting for the province), move into 2026 with their history one year (52 weeks, same weekdays)
// later: so the teaching states are open in the open year, and 2025 holds only what was accepted and published.
//   2026-08-03..18    武汉 sends a small second batch, the province accepts it and publishes 2026 version 1 from it
//                     (yearTwoPublication.ts): so 2026 has forms in every state, accepted included, and a catalogue.
// No 2027: creating it is the province's first act of the next year.

const YEAR_TWO = 2026;
const YEAR_TWO_META_KEY = 'demo-year-two';
const YEAR_TWO_OPENS_ON = '2026-03-02';
/** The designer's change to the 2026 school form: a column added and one renamed (same id). */
export const ADDED_COLUMN = 'teachersForPractice';
export const RENAMED_COLUMN = { key: 'resourcesOffered', label: '可提供的实训资源与条件' } as const;
const SHIFT_MS = 364 * 86_400_000;

const ADDED: Partial<FieldDef> = {
  key: ADDED_COLUMN,
  label: '可派企业实践教师数',
  type: 'integer',
  scope: 'row',
  required: false,
  min: 0,
  max: 200,
  unit: '人',
  width: 12,
  help: '2026 年新增：本专业可派往企业实践的专业教师人数（工学一体化教师企业实践）',
  verification: 'R',
};

export interface YearTwoSummary {
  closed: number;
  opened: number;
  columnsChanged: number;
  movedForms: number;
  movedBatches: number;
  accepted: number;
  publishedLines: number;
}

async function provinceCtx(tx: DbOrTx): Promise<Ctx> {
  const [u] = await tx.select().from(users).where(eq(users.username, 'province'));
  if (!u) throw new Error('demo year two: no province account');
  const actor: Actor = {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    regionCode: null,
    orgId: null,
    orgName: null,
    orgType: null,
    isDemo: true,
  };
  return { actor, ip: null, requestId: null };
}

const at = (iso: string) => new Date(iso);

/** Plays the second year in the seed's transaction. Does nothing (null) when a 2026 campaign already exists. */
export async function seedDemoYearTwo(tx: DbOrTx, log: (m: string) => void = () => {}): Promise<YearTwoSummary | null> {
  const db = tx as Db;
  const [exists] = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, YEAR_TWO));
  if (exists) {
    log(`已有 ${YEAR_TWO} 年度专项行动，未写入示例第二年度数据`);
    return null;
  }
  const ctx = await provinceCtx(tx);

  const y1 = await findCampaign(tx, CAMPAIGN_YEAR);
  await withClockStopped(at('2025-12-31T17:30:00+08:00'), () =>
    updateCampaign(db, ctx, CAMPAIGN_YEAR, { version: y1.version, status: 'closed' }),
  );

  let columnsChanged = 0;
  await withClockStopped(at('2026-01-12T10:00:00+08:00'), async () => {
    await createCampaign(db, ctx, { year: YEAR_TWO, opensOn: YEAR_TWO_OPENS_ON });
    const design = await getDesign(db, ctx, YEAR_TWO, 'school');
    const fields: Partial<FieldDef>[] = design.definition.fields.map((f) =>
      f.key === RENAMED_COLUMN.key ? { ...f, label: RENAMED_COLUMN.label } : { ...f },
    );
    const after = fields.findIndex((f) => f.key === RENAMED_COLUMN.key);
    fields.splice(after, 0, ADDED);
    await saveDesign(db, ctx, YEAR_TWO, 'school', { rev: design.rev, fields });
    columnsChanged = 2;
  });
  const opened = await withClockStopped(at(`${YEAR_TWO_OPENS_ON}T08:00:00+08:00`), () =>
    openDueCampaigns(db, YEAR_TWO_OPENS_ON),
  );
  if (!opened.includes(YEAR_TWO)) throw new Error('demo year two: 2026 did not open on its day');

  const y2 = await findCampaign(tx, YEAR_TWO);
  const moved = await moveOpenForms(tx, y1.id, y2);
  const pub = await seedYearTwoPublication(tx, YEAR_TWO);
  const value = { year: YEAR_TWO, campaignId: y2.id };
  await tx
    .insert(appMeta)
    .values({ key: YEAR_TWO_META_KEY, value })
    .onConflictDoUpdate({ target: appMeta.key, set: { value } });
  log(
    `${CAMPAIGN_YEAR} 年度已结束；${YEAR_TWO} 年度于 ${YEAR_TWO_OPENS_ON} 开启，院校表新增 1 列、改名 1 列；武汉市 ${moved.forms} 份未完成的表单与 ${moved.batches} 个批次移入 ${YEAR_TWO} 年度${pub ? `；省厅接收武汉市第二批 ${pub.accepted} 份并发布 ${YEAR_TWO} 年第 ${pub.version} 版（${pub.lines} 条）` : ''}`,
  );
  return {
    closed: CAMPAIGN_YEAR,
    opened: YEAR_TWO,
    columnsChanged,
    movedForms: moved.forms,
    movedBatches: moved.batches,
    accepted: pub?.accepted ?? 0,
    publishedLines: pub?.lines ?? 0,
  };
}

/**
 * Moves 武汉's forms that 2025 left open (every state but accepted), their snapshots, transitions and whole batches
 * into the open 2026 campaign, 52 weeks later, read with 2026's definitions. Rows, not services: this is the demo
 * re-dating its own story, which no user action does.
 */
async function moveOpenForms(
  tx: DbOrTx,
  fromId: number,
  to: { id: number; formVersions: { school: string; enterprise: string } },
) {
  const open = await tx
    .select({ id: forms.id, kind: forms.kind })
    .from(forms)
    .innerJoin(orgs, eq(orgs.id, forms.orgId))
    .where(
      and(
        eq(forms.campaignId, fromId),
        eq(forms.regionCode, UNDER_REVIEW_REGION),
        ne(forms.state, 'accepted'),
        eq(orgs.isDemo, true),
      ),
    );
  if (!open.length) return { forms: 0, batches: 0 };
  const ids = open.map((f) => f.id);
  const shift = (col: unknown) => sql`${col} + ${`${SHIFT_MS / 1000} seconds`}::interval`;
  for (const kind of ['school', 'enterprise'] as const) {
    const mine = open.filter((f) => f.kind === kind).map((f) => f.id);
    if (!mine.length) continue;
    await tx
      .update(forms)
      .set({
        campaignId: to.id,
        formVersion: to.formVersions[kind],
        createdAt: shift(forms.createdAt),
        updatedAt: shift(forms.updatedAt),
        submittedAt: shift(forms.submittedAt),
        decidedAt: shift(forms.decidedAt),
      } as never)
      .where(inArray(forms.id, mine));
  }
  await tx
    .update(formSnapshots)
    .set({ createdAt: shift(formSnapshots.createdAt) } as never)
    .where(inArray(formSnapshots.formId, ids));
  // The answers' dates move with the story (可开始合作时间 2025-09-01 → 2026-09-01), or 2026 would warn 「早于 2026 年」.
  const kindOf = new Map(open.map((f) => [f.id, f.kind as FormKind]));
  const later = (kind: FormKind, data: StoredFormData): StoredFormData => {
    const dates = formDefinition(kind, CAMPAIGN_YEAR).fields.filter((f) => f.type === 'date');
    const move = (values: Record<string, unknown>) => {
      const out = { ...values };
      for (const f of dates)
        if (typeof out[f.key] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(out[f.key] as string))
          out[f.key] = shiftDate(out[f.key] as string, 1);
      return out;
    };
    return { org: move(data.org), rows: data.rows.map((r) => ({ ...r, values: move(r.values) })) };
  };
  for (const f of await tx
    .select({ id: forms.id, data: forms.data })
    .from(forms)
    .where(inArray(forms.id, ids))
    .orderBy(asc(forms.id))) {
    await tx
      .update(forms)
      .set({ data: later(kindOf.get(f.id)!, f.data) })
      .where(eq(forms.id, f.id));
  }
  for (const sn of await tx
    .select({ id: formSnapshots.id, formId: formSnapshots.formId, data: formSnapshots.data })
    .from(formSnapshots)
    .where(inArray(formSnapshots.formId, ids))
    .orderBy(asc(formSnapshots.id))) {
    await tx
      .update(formSnapshots)
      .set({ data: later(kindOf.get(sn.formId)!, sn.data) })
      .where(eq(formSnapshots.id, sn.id));
  }
  await tx
    .update(formTransitions)
    .set({ at: shift(formTransitions.at) } as never)
    .where(inArray(formTransitions.formId, ids));
  const moving = new Set(ids);
  const whole = (
    await tx.select({ id: batches.id, formIds: batches.formIds }).from(batches).where(eq(batches.campaignId, fromId))
  )
    .filter((b) => b.formIds.length > 0 && b.formIds.every((f) => moving.has(f)))
    .map((b) => b.id);
  if (whole.length)
    await tx
      .update(batches)
      .set({ campaignId: to.id, submittedAt: shift(batches.submittedAt) } as never)
      .where(inArray(batches.id, whole));
  return { forms: ids.length, batches: whole.length };
}

/** Removes the demo's second year for `npm run seed -- --reset`, after the demo forms are gone (deleteDemoCampaign). */
export async function deleteDemoYearTwo(tx: DbOrTx) {
  const [meta] = await tx.select().from(appMeta).where(eq(appMeta.key, YEAR_TWO_META_KEY));
  const campaignId = (meta?.value as { campaignId?: number } | undefined)?.campaignId;
  if (campaignId != null) {
    await deleteYearTwoPublications(tx, campaignId);
    const [left] = await tx.select({ id: forms.id }).from(forms).where(eq(forms.campaignId, campaignId)).limit(1);
    const [leftBatch] = await tx
      .select({ id: batches.id })
      .from(batches)
      .where(eq(batches.campaignId, campaignId))
      .limit(1);
    if (!left && !leftBatch) {
      await tx.delete(campaigns).where(and(eq(campaigns.id, campaignId), eq(campaigns.year, YEAR_TWO)));
      await tx.delete(formDefinitions).where(eq(formDefinitions.campaignYear, YEAR_TWO));
    }
  }
  await tx.delete(appMeta).where(eq(appMeta.key, YEAR_TWO_META_KEY));
}
