import { asc, desc, eq, sql, and, isNull } from 'drizzle-orm';
import { checkCampaignMove, checkDeadlineOrder, REGIONS, regionByCode } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { campaignQuotas, campaigns } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit, diffObjects } from '../../lib/audit';
import { now } from '../../lib/clock';
import { effectiveFrom } from '../orgs/history';
import { writeDatedQuotas } from './quotaHistory';
import { carryIntoNewYear, freezeDefinitions, previousCampaign, proposal } from './newYear';
import { assertCampaignWritable } from './writable';

type CampaignRow = typeof campaigns.$inferSelect;
const campaignOutOf = (r: CampaignRow) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = r;
  return rest;
};

export async function findCampaign(db: DbOrTx, year: number): Promise<CampaignRow> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.year, year));
  if (!row) throw new AppError(404, 'not_found', `${year} 年度专项行动不存在`);
  return row;
}

/** Schools and enterprises never see a draft: the province and bureaus prepare it first. */
const seesDrafts = (ctx: Ctx) => ctx.actor?.role === 'province' || ctx.actor?.role === 'region';

export async function listCampaigns(db: Db, ctx: Ctx) {
  requireAccess(ctx, 'campaign.read');
  const rows = await db.select().from(campaigns).orderBy(desc(campaigns.year));
  return rows.filter((r) => r.status !== 'draft' || seesDrafts(ctx)).map(campaignOutOf);
}

export async function getCampaign(db: Db, ctx: Ctx, year: number) {
  requireAccess(ctx, 'campaign.read');
  const c = await findCampaign(db, year);
  if (c.status === 'draft' && !seesDrafts(ctx)) throw new AppError(404, 'not_found', `${year} 年度专项行动尚未开启`);
  return campaignOutOf(c);
}

/**
 * A new year starts as a draft made from the latest year before it: deadlines moved into the year, last year's
 * quotas and forms copied, the notice's targets that still apply. Only the province and bureaus see it until it opens
 * (on `opensOn` or by hand).
 */
export async function createCampaign(
  db: Db,
  ctx: Ctx,
  b: {
    year: number;
    title?: string;
    formsDue?: string;
    regionDue?: string;
    publishAt?: string;
    yearEnd?: string;
    opensOn?: string;
  },
) {
  requireAccess(ctx, 'campaign.manage');
  const [exists] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, b.year));
  if (exists) throw new AppError(409, 'campaign_exists', `${b.year} 年度专项行动已存在，不能重复创建`);
  const prev = await previousCampaign(db, b.year);
  const p = proposal(b.year, prev);
  const d = p.deadlines;
  for (const k of ['formsDue', 'regionDue', 'publishAt', 'yearEnd'] as const) if (b[k]) d[k] = b[k]!;
  const bad = checkDeadlineOrder(d) ?? checkOpensOn(b.opensOn ?? null, d.formsDue);
  if (bad) throw new AppError(400, 'deadline_order', bad);
  try {
    return await db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(campaigns)
        .values({
          year: b.year,
          title: b.title ?? `${b.year} 年度“产教融合·技能助跑”专项行动`,
          status: 'draft',
          opensOn: b.opensOn ?? null,
          basedOnYear: prev?.year ?? null,
          ...d,
          reminderDays: prev?.reminderDays ?? [7, 3, 1],
          targets: p.targets,
          provinceProjectTotal: p.provinceProjectTotal,
          provinceKeyEnterpriseTotal: p.provinceKeyEnterpriseTotal,
          formVersions: { school: `${b.year}.1`, enterprise: `${b.year}.1` },
        })
        .returning();
      const { row, carried } = await carryIntoNewYear(tx, inserted, prev);
      await audit(tx, ctx, {
        action: 'campaign.create',
        entityType: 'campaign',
        entityId: b.year,
        after: { ...campaignOutOf(row), carried },
      });
      return campaignOutOf(row);
    });
  } catch (e) {
    if (pgCode(e) === '23505') throw new AppError(409, 'campaign_exists', `${b.year} 年度专项行动已存在，不能重复创建`);
    throw e;
  }
}

const checkOpensOn = (opensOn: string | null, formsDue: string) =>
  opensOn && opensOn > formsDue ? '开启日期不能晚于单位填报截止日期' : null;

const MOVE_ACTION = { open: 'campaign.open', closed: 'campaign.close', draft: 'campaign.update' } as const;

/**
 * Deadlines, targets and the life-cycle (`status`): draft → open → closed, closed → open with a reason. A closed
 * year takes no other change until it is reopened; opening freezes the year's form definitions.
 */
export async function updateCampaign(
  db: Db,
  ctx: Ctx,
  year: number,
  b: Partial<CampaignRow> & { version: number; reason?: string },
) {
  requireAccess(ctx, 'campaign.manage');
  const cur = await findCampaign(db, year);
  const { version, reason, ...set } = b;
  const to = set.status ?? cur.status;
  const moving = to !== cur.status;
  if (moving) {
    const bad = checkCampaignMove(cur.status, to, reason);
    if (bad) throw new AppError(409, 'campaign_move', bad);
  } else if (cur.status === 'closed') {
    assertCampaignWritable(cur);
  }
  const merged = { ...cur, ...set };
  const bad =
    checkDeadlineOrder(merged) ?? (merged.status === 'draft' ? checkOpensOn(merged.opensOn, merged.formsDue) : null);
  if (bad) throw new AppError(400, 'deadline_order', bad);
  const reopening = moving && cur.status === 'closed';
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(campaigns)
      .set({
        ...set,
        ...(reopening ? { statusReason: reason!.trim() } : {}),
        version: sql`${campaigns.version} + 1`,
        updatedAt: now(),
      })
      .where(and(eq(campaigns.id, cur.id), eq(campaigns.version, version)))
      .returning();
    if (!row) throw new AppError(409, 'version_conflict');
    if (moving && to === 'open') await freezeDefinitions(tx, row);
    const action = reopening ? 'campaign.reopen' : moving ? MOVE_ACTION[to] : 'campaign.update';
    await audit(tx, ctx, {
      action,
      entityType: 'campaign',
      entityId: year,
      ...diffObjects(campaignOutOf(cur), campaignOutOf(row)),
    });
    return campaignOutOf(row);
  });
}

export async function getQuotas(db: DbOrTx, ctx: Ctx, year: number) {
  requireAccess(ctx, 'campaign.read');
  const c = await findCampaign(db, year);
  const rows = await db
    .select()
    .from(campaignQuotas)
    .where(and(eq(campaignQuotas.campaignId, c.id), isNull(campaignQuotas.validTo)))
    .orderBy(asc(campaignQuotas.regionCode));
  const byCode = new Map(rows.map((r) => [r.regionCode, r]));
  const items = REGIONS.map((r) => {
    const q = byCode.get(r.code);
    return {
      regionCode: r.code,
      regionName: r.name,
      projectQuota: q?.projectQuota ?? 0,
      keyEnterpriseQuota: q?.keyEnterpriseQuota ?? 0,
      remark: q?.remark ?? '',
    };
  });
  const projectSum = items.reduce((s, r) => s + r.projectQuota, 0);
  const keyEnterpriseSum = items.reduce((s, r) => s + r.keyEnterpriseQuota, 0);
  const msgs: string[] = [];
  if (projectSum !== c.provinceProjectTotal)
    msgs.push(
      `合作共建项目任务数合计 ${projectSum}，全省总数 ${c.provinceProjectTotal}，相差 ${projectSum - c.provinceProjectTotal}`,
    );
  if (keyEnterpriseSum !== c.provinceKeyEnterpriseTotal)
    msgs.push(
      `重点企业参与数合计 ${keyEnterpriseSum}，全省总数 ${c.provinceKeyEnterpriseTotal}，相差 ${keyEnterpriseSum - c.provinceKeyEnterpriseTotal}`,
    );
  return {
    items,
    provinceProjectTotal: c.provinceProjectTotal,
    provinceKeyEnterpriseTotal: c.provinceKeyEnterpriseTotal,
    projectSum,
    keyEnterpriseSum,
    balanced: msgs.length === 0,
    message: msgs.length ? msgs.join('；') : null,
    version: c.quotaVersion,
  };
}

/**
 * Replaces the quota table. The province totals follow from the rows unless given; when they are given and the
 * rows do not add up, nothing is saved and the difference is explained.
 */
export async function saveQuotas(db: Db, ctx: Ctx, year: number, quotas: QuotaInput[], totals?: QuotaTotals) {
  await writeQuotas(db, ctx, year, quotas, totals);
  return getQuotas(db, ctx, year);
}

type QuotaInput = { regionCode: string; projectQuota: number; keyEnterpriseQuota: number; remark: string };
type QuotaTotals = {
  provinceProjectTotal?: number;
  provinceKeyEnterpriseTotal?: number;
  version?: number;
  effectiveFrom?: string;
  changeReason?: string;
};

/**
 * saveQuotas without the answer; false when `unlessSame` and the table under the lock already says what `quotas` say
 * (the Excel import: the same file twice, or ten at once, is one save and one audit entry — issue 16).
 */
export async function writeQuotas(
  db: Db,
  ctx: Ctx,
  year: number,
  quotas: QuotaInput[],
  totals?: QuotaTotals,
  unlessSame = false,
): Promise<boolean> {
  const actor = requireAccess(ctx, 'campaign.manage');
  const c = await findCampaign(db, year);
  if (c.status === 'closed') assertCampaignWritable(c);
  const unknown = quotas.filter((q) => !regionByCode(q.regionCode)).map((q) => q.regionCode);
  if (unknown.length) throw new AppError(400, 'unknown_reference', `地区代码不存在：${unknown.join('、')}`);
  const dup = quotas.find((q, i) => quotas.findIndex((x) => x.regionCode === q.regionCode) !== i);
  if (dup) throw new AppError(400, 'validation_failed', `地区 ${regionByCode(dup.regionCode)!.name} 重复`);
  const missing = REGIONS.filter((r) => !quotas.some((q) => q.regionCode === r.code)).map((r) => r.name);
  if (missing.length) throw new AppError(400, 'validation_failed', `缺少地区：${missing.join('、')}`);
  const projectSum = quotas.reduce((s, q) => s + q.projectQuota, 0);
  const keySum = quotas.reduce((s, q) => s + q.keyEnterpriseQuota, 0);
  if (totals?.provinceProjectTotal != null && totals.provinceProjectTotal !== projectSum) {
    throw new AppError(
      400,
      'quota_unbalanced',
      `各地区合作共建项目任务数之和为 ${projectSum}，与全省总数 ${totals.provinceProjectTotal} 不一致`,
    );
  }
  if (totals?.provinceKeyEnterpriseTotal != null && totals.provinceKeyEnterpriseTotal !== keySum) {
    throw new AppError(
      400,
      'quota_unbalanced',
      `各地区重点企业参与数之和为 ${keySum}，与全省总数 ${totals.provinceKeyEnterpriseTotal} 不一致`,
    );
  }
  const from = await effectiveFrom(db, totals?.effectiveFrom);
  const reason = totals?.changeReason?.trim() ?? '';
  return db.transaction(async (tx) => {
    // Saves of one campaign's quotas run one after another (two at once: delete + insert raced into a duplicate key),
    // and each carries the version it was edited from: of two editors, the second learns of the first instead of
    // overwriting it. The Excel import (no version) replaces whatever is there, as its file says.
    const [locked] = await tx
      .select({
        quotaVersion: campaigns.quotaVersion,
        p: campaigns.provinceProjectTotal,
        k: campaigns.provinceKeyEnterpriseTotal,
      })
      .from(campaigns)
      .where(eq(campaigns.id, c.id))
      .for('update');
    if (totals?.version != null && locked.quotaVersion !== totals.version)
      throw new AppError(409, 'version_conflict', '任务分配已被他人修改（或由导入保存），请刷新后重新填写');
    const before = await tx
      .select()
      .from(campaignQuotas)
      .where(and(eq(campaignQuotas.campaignId, c.id), isNull(campaignQuotas.validTo)));
    const same =
      locked.p === (totals?.provinceProjectTotal ?? projectSum) &&
      locked.k === (totals?.provinceKeyEnterpriseTotal ?? keySum) &&
      quotas.every((q) =>
        before.some(
          (b) =>
            b.regionCode === q.regionCode &&
            b.projectQuota === q.projectQuota &&
            b.keyEnterpriseQuota === q.keyEnterpriseQuota &&
            b.remark === q.remark,
        ),
      );
    if (unlessSame && same) return false;
    await writeDatedQuotas(tx, c.id, before, quotas, { from, reason, userId: actor.id });
    await tx
      .update(campaigns)
      .set({
        provinceProjectTotal: totals?.provinceProjectTotal ?? projectSum,
        provinceKeyEnterpriseTotal: totals?.provinceKeyEnterpriseTotal ?? keySum,
        quotaVersion: locked.quotaVersion + 1,
        updatedAt: now(),
      })
      .where(eq(campaigns.id, c.id));
    await audit(tx, ctx, {
      action: 'campaign.quotas',
      entityType: 'campaign',
      entityId: year,
      before,
      after: quotas.map((q) => ({ ...q, effectiveFrom: from, changeReason: reason })),
    });
    return true;
  });
}
