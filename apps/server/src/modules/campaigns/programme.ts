import { asc, sql } from 'drizzle-orm';
import { isYearlyTarget, NOTICE_TARGETS, regionByCode, type NoticeTarget } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { campaigns } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { sqlRows } from '../../db/rows';

/** The programme runs 2025–2027 (notice of 2025-07-02); a later campaign year widens the view. */
const FIRST_YEAR = 2025;
const PROVINCE_SCOPE = '420000';

/**
 * The three-year view (issue 14, part 6): every target of the notice and of the campaigns, with its final deadline,
 * the target each year's campaign set and the value recorded at the end of that year (the last daily indicator
 * snapshot of the year; today's for the running year). Cumulative targets are one line across the years; yearly
 * ones (`*_year`) start again each year. The province sees the province or a region; a bureau its own region.
 */
export async function programme(db: Db, ctx: Ctx, q: { region?: string }) {
  const actor = requireAccess(ctx, 'campaign.read');
  if (actor.role !== 'province' && actor.role !== 'region')
    throw new AppError(403, 'forbidden', '三年总览仅对省、市州人社部门开放');
  if (actor.role === 'region' && q.region && q.region !== actor.regionCode)
    throw new AppError(403, 'forbidden', '只能查看本地区的三年总览');
  const region = actor.role === 'region' ? actor.regionCode! : q.region;
  if (region && !regionByCode(region)) throw new AppError(400, 'unknown_reference', `地区代码不存在：${region}`);
  const scope = region ?? PROVINCE_SCOPE;
  const list = await db
    .select({ year: campaigns.year, status: campaigns.status, targets: campaigns.targets })
    .from(campaigns)
    .orderBy(asc(campaigns.year));
  const lastDeadlineYear = Math.max(...NOTICE_TARGETS.map((t) => Number(t.deadline.slice(0, 4))));
  const years: number[] = [];
  for (let y = FIRST_YEAR; y <= Math.max(lastDeadlineYear, ...list.map((c) => c.year)); y++) years.push(y);
  // The latest wording of each target wins; the notice's order first, then targets only a campaign added.
  const byId = new Map<string, NoticeTarget>(NOTICE_TARGETS.map((t) => [t.id, { ...t }]));
  for (const c of list)
    for (const t of c.targets)
      byId.set(t.id, { ...t, deadline: isYearlyTarget(t) ? (byId.get(t.id)?.deadline ?? t.deadline) : t.deadline });
  const snaps = await sqlRows<{ indicator_id: string; year: number; value: number | null }>(
    db,
    sql`
    select distinct on (indicator_id, extract(year from on_date)) indicator_id, extract(year from on_date)::int as year, value
    from indicator_snapshots where scope = ${scope}
    order by indicator_id, extract(year from on_date), on_date desc`,
  );
  const value = new Map(snaps.map((r) => [`${r.indicator_id}|${r.year}`, r.value]));
  const campaignOf = new Map(list.map((c) => [c.year, c]));
  return {
    scope: region
      ? { kind: 'region' as const, regionCode: region, regionName: regionByCode(region)!.name }
      : { kind: 'province' as const, regionCode: null, regionName: '全省' },
    years,
    targets: [...byId.values()].map((t) => ({
      id: t.id,
      label: t.label,
      unit: t.unit,
      deadline: t.deadline,
      cumulative: !isYearlyTarget(t),
      byYear: years.map((y) => {
        const c = campaignOf.get(y);
        const set = c?.targets.find((x) => x.id === t.id);
        return {
          year: y,
          campaignStatus: c?.status ?? null,
          target: set ? set.value : null,
          value: value.get(`${t.id}|${y}`) ?? null,
        };
      }),
    })),
  };
}
