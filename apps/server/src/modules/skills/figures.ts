import { sql } from 'drizzle-orm';
import type { DutyFigures } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { sqlRows } from '../../db/rows';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { thisYear } from '../../lib/clock';

/**
 * The dashboard's 「其他职责」 section (notice 三(二), 三(四)): counted apart from the indicator cards, so
 * GET /api/indicators keeps its items as they are. Approved records only, by the year of their end date or contest
 * date; 校地协议 by the year they were agreed by both sides (agreed_on), in force (not terminated) — the same rule as
 * the school–enterprise agreements, which never include them.
 */
export async function dutyFigures(db: Db, ctx: Ctx, q: { year?: number; region?: string }): Promise<DutyFigures> {
  const actor = requireActor(ctx);
  if (actor.role !== 'province' && actor.role !== 'region')
    throw new AppError(403, 'forbidden', '仅省、市州人社部门可查看');
  if (actor.role === 'region' && q.region && q.region !== actor.regionCode) throw new AppError(404, 'not_found');
  const region = actor.role === 'region' ? actor.regionCode! : (q.region ?? null);
  const year = q.year ?? thisYear();
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const r = (col: string) => (region ? sql`and ${sql.raw(col)} = ${region}` : sql``);
  const [v] = await sqlRows<Record<string, string | number>>(
    db,
    sql`select
    (select count(*) from agreements a where a.kind = 'government' and a.status in ('signed','active','expired') and a.agreed_on <= ${to} ${r('a.region_code')}) as gov_total,
    (select count(*) from agreements a where a.kind = 'government' and a.status in ('signed','active','expired','terminated') and a.agreed_on between ${from} and ${to} ${r('a.region_code')}) as gov_year,
    (select count(*) from agreements a where a.kind = 'government' and a.status = 'pending_confirmation' ${r('a.region_code')}) as gov_pending,
    (select coalesce(sum(people), 0) from skill_trainings t where t.state = 'approved' and t.kind = 'training' and t.end_date between ${from} and ${to} ${r('t.region_code')}) as trained,
    (select coalesce(sum(people), 0) from skill_trainings t where t.state = 'approved' and t.kind = 'evaluation' and t.end_date between ${from} and ${to} ${r('t.region_code')}) as evaluated,
    (select coalesce(sum(certificates), 0) from skill_trainings t where t.state = 'approved' and t.end_date between ${from} and ${to} ${r('t.region_code')}) as certificates,
    (select count(*) from skill_contests c where c.state = 'approved' and c.held_on between ${from} and ${to} ${r('c.region_code')}) as contests,
    (select coalesce(sum(participants), 0) from skill_contests c where c.state = 'approved' and c.held_on between ${from} and ${to} ${r('c.region_code')}) as contestants,
    (select coalesce(sum(winners), 0) from skill_contests c where c.state = 'approved' and c.held_on between ${from} and ${to} ${r('c.region_code')}) as winners,
    (select count(*) from skill_trainings t where t.state = 'submitted' ${r('t.region_code')}) + (select count(*) from skill_contests c where c.state = 'submitted' ${r('c.region_code')}) as waiting`,
  );
  const n = (k: string) => Number(v[k] ?? 0);
  return {
    year,
    regionCode: region,
    items: [
      {
        id: 'gov_agreements',
        label: '校地合作协议（在效）',
        value: n('gov_total'),
        unit: '份',
        note: `本年新签 ${n('gov_year')} 份，待各方确认 ${n('gov_pending')} 份；不计入校企合作协议`,
      },
      {
        id: 'subsidised_trained',
        label: '补贴性职业技能培训人数',
        value: n('trained'),
        unit: '人',
        note: '市州审核通过、本年度结束的培训',
      },
      {
        id: 'skill_evaluated',
        label: '技能人才评价人数',
        value: n('evaluated'),
        unit: '人',
        note: '市州审核通过、本年度结束的评价',
      },
      { id: 'certificates', label: '取得证书人数', value: n('certificates'), unit: '人', note: '培训与评价合计' },
      {
        id: 'contests',
        label: '职业技能竞赛',
        value: n('contests'),
        unit: '场',
        note: `参赛 ${n('contestants')} 人，获奖 ${n('winners')} 人`,
      },
      {
        id: 'skill_waiting',
        label: '待市州审核的培训评价与竞赛记录',
        value: n('waiting'),
        unit: '条',
        note: '审核通过后才计入上列数字',
      },
    ],
  };
}
