import { and, count, eq, inArray } from 'drizzle-orm';
import { defaultDeadlines, defaultTargets, formDefinition, REGIONS, type FormState } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import {
  appMeta,
  batches,
  campaignQuotas,
  campaigns,
  formSnapshots,
  formTransitions,
  forms,
  importJobs,
  notifications,
  orgs,
  users,
} from '../db/schema/index';
import { loadCodeLists } from '../modules/forms/forms.repository';
import type { DemoPlan } from './generate';
import { apportion } from './random';
import { BATCH, CAMPAIGN_YEAR, type UserLite } from './campaignCommon';
import { planCampaign } from './campaignStories';
import { writeCampaign } from './campaignWrite';

// The 2025 demand collection, half-way through: the campaign with its 附件3 quotas, forms of about 90% of the
// organisations expected to file in every state of the review path, and everything the services write on the way —
// snapshots, transitions, batches, notifications (those of the deadline job included, with the job's dedupe keys).
// Rows are built in memory and inserted in bulk; ids are taken from the sequences up front so that every id grows
// with time, as it would have.
//
// This file makes the campaign and its quotas, and removes the lot on reset. The stages, in order:
//   campaignTargets        who is expected to file, the accounts acting, the state each form is left in
//   campaignFormData       what each organisation wrote in its form
//   campaignStories        each form's walk through the review path (the plan, pure), and the regions' batches
//   campaignWrite          forms, snapshots, transitions and batches as rows, ids in time order
//   campaignNotifications  what the review services and the deadline job sent
// campaignCommon holds the clock (atX) and the shapes they hand each other.

export { ACCEPTED_REGION, atX, CAMPAIGN_YEAR } from './campaignCommon';
const PROVINCE_PROJECT_TOTAL = 500;
export const META_KEY = 'demo-campaign';

const CAMPAIGN_CREATED = new Date(Date.UTC(CAMPAIGN_YEAR, 6, 2, 2));
const QUOTAS_SAVED = new Date(Date.UTC(CAMPAIGN_YEAR, 6, 2, 7, 30));

export interface CampaignSeedSummary {
  campaignId: number;
  expected: number;
  notStarted: number;
  forms: number;
  states: Record<FormState, number>;
  batches: number;
  snapshots: number;
  transitions: number;
  notifications: number;
}

/**
 * Creates the 2025 campaign and its demand collection in the caller's transaction. Does nothing (returns null) when a
 * 2025 campaign already exists: demo forms are never mixed into a real campaign.
 */
export async function seedDemoCampaign(
  tx: DbOrTx,
  input: { plan: DemoPlan; idByUscc: Map<string, number>; scale: number; seed: number; log?: (m: string) => void },
): Promise<CampaignSeedSummary | null> {
  const log = input.log ?? (() => {});
  const [existing] = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, CAMPAIGN_YEAR));
  if (existing) {
    log(`已有 ${CAMPAIGN_YEAR} 年度专项行动，未写入示例需求征集数据`);
    return null;
  }
  const deadlines = defaultDeadlines(CAMPAIGN_YEAR);
  const reminderDays = [7, 3, 1];
  const projectTotal = Math.max(1, Math.round(PROVINCE_PROJECT_TOTAL * input.scale));
  const keyTotal = 600;
  const [campaign] = await tx
    .insert(campaigns)
    .values({
      year: CAMPAIGN_YEAR,
      title: `${CAMPAIGN_YEAR} 年度“产教融合·技能助跑”专项行动`,
      status: 'open',
      ...deadlines,
      reminderDays,
      targets: defaultTargets(CAMPAIGN_YEAR),
      provinceProjectTotal: projectTotal,
      provinceKeyEnterpriseTotal: keyTotal,
      formVersions: {
        school: formDefinition('school', CAMPAIGN_YEAR).version,
        enterprise: formDefinition('enterprise', CAMPAIGN_YEAR).version,
      },
      createdAt: CAMPAIGN_CREATED,
      updatedAt: QUOTAS_SAVED,
    })
    .returning({ id: campaigns.id });
  const { plan } = input;
  const schoolsIn = REGIONS.map((r) => plan.schools.filter((s) => s.regionCode === r.code).length);
  const keysIn = REGIONS.map((r) => plan.enterprises.filter((e) => e.regionCode === r.code && e.isKey).length);
  const projectQuota = apportion(projectTotal, schoolsIn);
  const keyQuota = apportion(keyTotal, keysIn);
  await tx.insert(campaignQuotas).values(
    REGIONS.map((r, i) => ({
      campaignId: campaign.id,
      regionCode: r.code,
      projectQuota: projectQuota[i],
      keyEnterpriseQuota: keyQuota[i],
    })),
  );

  const userList = (await tx
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      regionCode: users.regionCode,
      orgId: users.orgId,
    })
    .from(users)
    .where(eq(users.disabled, false))
    .orderBy(users.id)) as UserLite[];
  const lists = await loadCodeLists(tx);
  const planned = planCampaign(plan, input.idByUscc, userList, lists, input.seed);
  const written = await writeCampaign(tx, campaign.id, planned, userList, {
    formsDue: deadlines.formsDue,
    regionDue: deadlines.regionDue,
    reminderDays,
  });
  await tx
    .insert(appMeta)
    .values({ key: META_KEY, value: { year: CAMPAIGN_YEAR, campaignId: campaign.id } })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: { year: CAMPAIGN_YEAR, campaignId: campaign.id } } });

  const states = Object.fromEntries(
    ['draft', 'submitted', 'returned', 'region_approved', 'with_province', 'accepted'].map((s) => [s, 0]),
  ) as Record<FormState, number>;
  for (const s of planned.stories) states[s.state]++;
  const summary: CampaignSeedSummary = {
    campaignId: campaign.id,
    expected: planned.expected.length,
    notStarted: planned.expected.length - planned.stories.length,
    forms: planned.stories.length,
    states,
    ...written,
  };
  log(
    `${CAMPAIGN_YEAR} 年度需求征集：应填 ${summary.expected} 家，表单 ${summary.forms} 份（草稿 ${states.draft}、待审核 ${states.submitted}、退回 ${states.returned}、市州已审核 ${states.region_approved}、已报省厅 ${states.with_province}、已接收 ${states.accepted}），未填报 ${summary.notStarted} 家；批次 ${summary.batches} 个，通知 ${summary.notifications} 条`,
  );
  return summary;
}

/**
 * Removes what seedDemoCampaign wrote, for `npm run seed -- --reset`: run it in the reset's transaction before the
 * demo organisations and accounts are deleted (forms reference organisations). The campaign itself goes only if the
 * demo created it and nothing else refers to it.
 */
export async function deleteDemoCampaign(tx: DbOrTx) {
  const demoOrgs = tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true));
  const demoForms = (await tx.select({ id: forms.id }).from(forms).where(inArray(forms.orgId, demoOrgs))).map(
    (f) => f.id,
  );
  await tx
    .delete(notifications)
    .where(inArray(notifications.userId, tx.select({ id: users.id }).from(users).where(eq(users.isDemo, true))));
  if (demoForms.length) {
    const ids = new Set(demoForms);
    const demoBatches = (await tx.select({ id: batches.id, formIds: batches.formIds }).from(batches))
      .filter((b) => b.formIds.length > 0 && b.formIds.every((f) => ids.has(f)))
      .map((b) => b.id);
    for (let i = 0; i < demoForms.length; i += BATCH) {
      const part = demoForms.slice(i, i + BATCH);
      await tx.delete(formTransitions).where(inArray(formTransitions.formId, part));
      await tx.delete(formSnapshots).where(inArray(formSnapshots.formId, part));
      await tx.delete(forms).where(inArray(forms.id, part));
    }
    if (demoBatches.length) await tx.delete(batches).where(inArray(batches.id, demoBatches));
  }
  const [meta] = await tx.select().from(appMeta).where(eq(appMeta.key, META_KEY));
  const campaignId = (meta?.value as { campaignId?: number } | undefined)?.campaignId;
  if (campaignId != null) {
    // One after the other: a transaction is one connection.
    const used = [
      await tx.select({ n: count() }).from(forms).where(eq(forms.campaignId, campaignId)),
      await tx.select({ n: count() }).from(batches).where(eq(batches.campaignId, campaignId)),
      await tx.select({ n: count() }).from(importJobs).where(eq(importJobs.campaignId, campaignId)),
    ];
    if (used.every(([r]) => r.n === 0))
      await tx.delete(campaigns).where(and(eq(campaigns.id, campaignId), eq(campaigns.year, CAMPAIGN_YEAR)));
  }
  await tx.delete(appMeta).where(eq(appMeta.key, META_KEY));
  return { forms: demoForms.length };
}
