import { and, eq, inArray, isNull } from 'drizzle-orm';
import {
  AGREEMENT_COUNTED_STATES,
  countProjectsByRegion,
  quotaProgress,
  quotaProgressTotal,
  yearFractionElapsed,
  type ProjectType,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { agreements, campaignQuotas, campaigns, projects } from '../../db/schema/index';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { today as beijingToday } from '../../lib/clock';

/**
 * Live project counts per region and type for a campaign year, against 附件3. Deleted projects do not count, nor do
 * projects of an agreement not yet agreed by every party (draft, waiting for confirmations): nothing counts for a
 * party that has not agreed to it. Nor do a terminated agreement's: the cooperation the quota asks for did not come
 * about (the same reading as quota_completion in indicators/sources.ts).
 */
export async function quotaTable(db: Db, ctx: Ctx, year: number) {
  const actor = requireActor(ctx);
  if (actor.role !== 'province' && actor.role !== 'region') throw new AppError(403, 'forbidden');
  const [camp] = await db.select().from(campaigns).where(eq(campaigns.year, year));
  if (!camp) throw new AppError(404, 'not_found', `${year} 年度专项行动不存在`);
  const rows = await db
    .select({
      id: projects.id,
      type: projects.type,
      regionCode: projects.regionCode,
      campaignYear: projects.campaignYear,
    })
    .from(projects)
    .innerJoin(agreements, eq(agreements.id, projects.agreementId))
    .where(
      and(
        eq(projects.campaignYear, year),
        isNull(projects.deletedAt),
        inArray(agreements.status, [...AGREEMENT_COUNTED_STATES]),
      ),
    );
  const quotas = await db
    .select()
    .from(campaignQuotas)
    .where(and(eq(campaignQuotas.campaignId, camp.id), isNull(campaignQuotas.validTo)));
  const today = beijingToday();
  const fraction = yearFractionElapsed(today, year);
  const table = quotaProgress(
    countProjectsByRegion(
      rows.map((r) => ({ ...r, type: r.type as ProjectType })),
      year,
    ),
    quotas,
    fraction,
  );
  const visible = actor.role === 'region' ? table.filter((r) => r.regionCode === actor.regionCode) : table;
  return {
    year,
    asOf: today,
    yearFraction: fraction,
    rows: visible,
    total: actor.role === 'province' ? quotaProgressTotal(table, fraction) : null,
  };
}
