// The bureaus work on Beijing time; a deadline day ends at midnight there (the clock's today).
import { openDueCampaigns } from '../campaigns/newYear';
import { today } from '../../lib/clock';
import { sql } from 'drizzle-orm';
import { daysUntil, REGIONS, regionByCode } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { listScope, requireAccess, type Ctx } from '../../http/access';
import { findCampaign } from '../campaigns/campaigns.service';
import { notifyOrg, notifyRegion } from '../notifications/notifications.service';
import { sqlRows as rows } from '../../db/rows';

// "Expected to file": every school that runs programmes, every enterprise its region marked key.
const EXPECTED = sql`((o.type = 'school' and o.runs_programmes) or (o.type = 'enterprise' and o.is_key))`;
/** States in which the filler still owes the region something. */
export const OPEN_STATES = ['not_started', 'draft', 'returned'];
const DONE_STATES = ['region_approved', 'with_province', 'accepted'];

interface ExpectedRow {
  orgId: number;
  orgName: string;
  type: 'school' | 'enterprise';
  regionCode: string;
  formId: number | null;
  state: string;
  updatedAt: string | null;
}

async function expectedOrgs(db: DbOrTx, campaignId: number, scope: { regionCode?: string; orgId?: number }) {
  return rows<ExpectedRow>(
    db,
    sql`select o.id as "orgId", o.name as "orgName", o.type, o.region_code as "regionCode", f.id as "formId",
               coalesce(f.state, 'not_started') as state, to_char(f.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "updatedAt"
        from orgs o left join forms f on f.org_id = o.id and f.campaign_id = ${campaignId}
        where ${EXPECTED}
          ${scope.regionCode ? sql`and o.region_code = ${scope.regionCode}` : sql``}
          ${scope.orgId != null ? sql`and o.id = ${scope.orgId}` : sql``}
        order by o.region_code, o.type, o.id`,
  );
}

export async function completeness(db: Db, ctx: Ctx, year: number, q: { region?: string; onDate?: string }) {
  const actor = requireAccess(ctx, 'form.review');
  const scope = listScope(actor);
  const c = await findCampaign(db, year);
  const regionCode = scope.regionCode ?? q.region;
  const list = await expectedOrgs(db, c.id, { regionCode });
  const day = q.onDate ?? today();
  // Overdue marks come only from an open campaign's own deadlines: a draft has not started, a closed year has ended.
  const formsOverdue = c.status === 'open' && daysUntil(day, c.formsDue) < 0;
  const regionOverdue = c.status === 'open' && daysUntil(day, c.regionDue) < 0;
  const empty = () => ({
    expected: 0,
    not_started: 0,
    draft: 0,
    submitted: 0,
    returned: 0,
    region_approved: 0,
    with_province: 0,
    accepted: 0,
    overdue: 0,
  });
  const byRegion = new Map<string, ReturnType<typeof empty>>();
  for (const r of REGIONS) if (!regionCode || r.code === regionCode) byRegion.set(r.code, empty());
  for (const row of list) {
    const b = byRegion.get(row.regionCode);
    if (!b) continue;
    b.expected++;
    (b as Record<string, number>)[row.state]++;
    if (formsOverdue && OPEN_STATES.includes(row.state)) b.overdue++;
  }
  const regions = [...byRegion.entries()].map(([code, b]) => {
    const done = b.region_approved + b.with_province + b.accepted;
    // A region is late when its forms are overdue, or when approved forms still sit with it after the batch deadline.
    const late = b.overdue > 0 || (regionOverdue && (b.region_approved > 0 || b.submitted > 0));
    return {
      regionCode: code,
      regionName: regionByCode(code)!.name,
      ...b,
      completion: b.expected ? done / b.expected : 1,
      late,
    };
  });
  const total = regions.reduce((s, r) => {
    for (const k of Object.keys(empty()) as (keyof ReturnType<typeof empty>)[]) s[k] += r[k];
    return s;
  }, empty());
  const blocking = list
    .filter((r) => !DONE_STATES.includes(r.state))
    .map((r) => ({
      ...r,
      regionName: regionByCode(r.regionCode)!.name,
      overdueDays: OPEN_STATES.includes(r.state) && formsOverdue ? -daysUntil(day, c.formsDue) : 0,
    }))
    .sort((a, b) => b.overdueDays - a.overdueDays || OPEN_STATES.indexOf(a.state) - OPEN_STATES.indexOf(b.state));
  return {
    year,
    asOf: day,
    formsDue: c.formsDue,
    regionDue: c.regionDue,
    total: {
      ...total,
      completion: total.expected ? (total.region_approved + total.with_province + total.accepted) / total.expected : 1,
    },
    regions,
    blocking,
  };
}

/**
 * Deadline reminders for every open campaign on the given day: fillers N days before (campaign.reminderDays),
 * on the day, and once when overdue; overdue fillers are escalated to their region bureau once a day; bureaus
 * are reminded of the batch deadline. Dedupe keys make it safe to run as often as wanted.
 * Drafts whose opening day has come are opened first; drafts and closed years send nothing. With `onlyYear` (the
 * province's 「立即发送」 on one year) only that year is looked at.
 */
export async function runDeadlineReminders(db: Db, day = today(), onlyYear?: number) {
  await openDueCampaigns(db, day);
  const open = await rows<{ id: number; year: number; forms_due: string; region_due: string; reminder_days: number[] }>(
    db,
    sql`select id, year, to_char(forms_due, 'YYYY-MM-DD') as forms_due, to_char(region_due, 'YYYY-MM-DD') as region_due, reminder_days from campaigns
        where status = 'open' and (${onlyYear ?? null}::int is null or year = ${onlyYear ?? null}::int)`,
  );
  let sent = 0;
  for (const c of open) {
    const d = daysUntil(day, c.forms_due);
    const list = (await expectedOrgs(db, c.id, {})).filter((r) => OPEN_STATES.includes(r.state));
    const link = `/campaigns/${c.year}/my-form`;
    if (d >= 0 && (d === 0 || c.reminder_days.includes(d))) {
      for (const r of list) {
        sent += await notifyOrg(db, r.orgId, {
          kind: 'deadline',
          title: d === 0 ? `今天是 ${c.year} 年度需求信息填报截止日` : `距 ${c.year} 年度需求信息填报截止还有 ${d} 天`,
          body: `请于 ${c.forms_due} 前完成并提交需求信息征集表。`,
          link,
          dedupeKey: `remind:${c.year}:${r.orgId}:d${d}`,
        });
      }
    }
    if (d < 0) {
      const byRegion = new Map<string, number>();
      for (const r of list) {
        sent += await notifyOrg(db, r.orgId, {
          kind: 'overdue',
          title: `${c.year} 年度需求信息征集表已逾期`,
          body: `填报截止日期为 ${c.forms_due}，请尽快提交。`,
          link,
          dedupeKey: `overdue:${c.year}:${r.orgId}`,
        });
        byRegion.set(r.regionCode, (byRegion.get(r.regionCode) ?? 0) + 1);
      }
      for (const [regionCode, n] of byRegion) {
        sent += await notifyRegion(db, regionCode, {
          kind: 'escalation',
          title: `${n} 家单位逾期未提交 ${c.year} 年度需求信息`,
          body: `填报截止日期 ${c.forms_due} 已过，请督促辖区单位提交。`,
          link: `/campaigns/${c.year}/completeness`,
          dedupeKey: `escalate:${c.year}:${regionCode}:${day}`,
        });
      }
    }
    const rd = daysUntil(day, c.region_due);
    if (rd >= 0 && (rd === 0 || c.reminder_days.includes(rd))) {
      for (const r of REGIONS) {
        sent += await notifyRegion(db, r.code, {
          kind: 'deadline',
          title: rd === 0 ? `今天是 ${c.year} 年度报送省厅截止日` : `距 ${c.year} 年度报送省厅截止还有 ${rd} 天`,
          body: `请于 ${c.region_due} 前审核辖区表单并报送省厅。`,
          link: `/campaigns/${c.year}/review`,
          dedupeKey: `region-remind:${c.year}:${r.code}:d${rd}`,
        });
      }
    }
  }
  return sent;
}
