import { eq } from 'drizzle-orm';
import { regionByCode } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { campaignQuotas } from '../../db/schema/index';
import { AppError } from '../../http/errors';

type QuotaRow = typeof campaignQuotas.$inferSelect;
interface QuotaIn {
  regionCode: string;
  projectQuota: number;
  keyEnterpriseQuota: number;
  remark: string;
}

/**
 * Writes a saved 附件3 table as dated rows (issue 13): a region whose figures changed closes its open row on `from` and
 * opens one from that day, so a figure as of an earlier day still divides by the quota in force then. A second change
 * on the same day replaces that day's row; a remark alone is not counted by any figure and is corrected in place. A
 * day before the region's last change is refused (the periods would overlap).
 */
export async function writeDatedQuotas(
  tx: DbOrTx,
  campaignId: number,
  open: QuotaRow[],
  quotas: QuotaIn[],
  d: { from: string; reason: string; userId: number | null },
) {
  const byRegion = new Map(open.map((r) => [r.regionCode, r]));
  for (const q of quotas) {
    const cur = byRegion.get(q.regionCode);
    const values = { projectQuota: q.projectQuota, keyEnterpriseQuota: q.keyEnterpriseQuota, remark: q.remark };
    if (!cur) {
      await tx.insert(campaignQuotas).values({
        campaignId,
        regionCode: q.regionCode,
        ...values,
        validFrom: d.from,
        reason: d.reason,
        changedBy: d.userId,
      });
      continue;
    }
    const counted = cur.projectQuota !== q.projectQuota || cur.keyEnterpriseQuota !== q.keyEnterpriseQuota;
    if (!counted) {
      if (cur.remark !== q.remark)
        await tx.update(campaignQuotas).set({ remark: q.remark }).where(eq(campaignQuotas.id, cur.id));
      continue;
    }
    if (cur.validFrom && d.from < cur.validFrom) {
      const name = regionByCode(q.regionCode)?.name ?? q.regionCode;
      throw new AppError(
        409,
        'conflict',
        `${name}的任务数上次变更自 ${cur.validFrom} 起生效，本次变更的生效日期不能早于该日`,
        [{ path: 'effectiveFrom', message: `不能早于 ${cur.validFrom}` }],
      );
    }
    if (cur.validFrom === d.from) {
      await tx
        .update(campaignQuotas)
        .set({ ...values, reason: d.reason, changedBy: d.userId })
        .where(eq(campaignQuotas.id, cur.id));
      continue;
    }
    await tx.update(campaignQuotas).set({ validTo: d.from }).where(eq(campaignQuotas.id, cur.id));
    await tx.insert(campaignQuotas).values({
      campaignId,
      regionCode: q.regionCode,
      ...values,
      validFrom: d.from,
      reason: d.reason,
      changedBy: d.userId,
    });
  }
}
