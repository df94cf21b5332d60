import { and, eq, isNull, sql } from 'drizzle-orm';
import { regionByCode } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { orgRegionHistory } from '../../db/schema/index';
import { AppError } from '../../http/errors';
import { thisYear, today } from '../../lib/clock';
import type { OrgRow } from './orgs.repository';
import { sqlRows } from '../../db/rows';

/**
 * An organisation's region and the flags the figures count by have a history (`org_region_history`, issue 13): the
 * bureau's change applies from a day (default today), so figures as of an earlier day keep the old values and from
 * that day on everything tied to the organisation follows the new ones.
 */
export const TRACKED = [
  'regionCode',
  'runsProgrammes',
  'fullTimeProgrammes',
  'nationalIntegrated',
  'nationalIntegratedDone',
  'isKey',
] as const;

const isRealDate = (d: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/**
 * The day a change applies from: today, or a past day of the current year (a correction found late), never after a
 * frozen assessment's day (its figures are final) nor before the organisation's last recorded change.
 */
export async function effectiveFrom(db: DbOrTx, asked: string | undefined): Promise<string> {
  const t = today();
  const day = asked ?? t;
  const field = [{ path: 'effectiveFrom', message: '生效日期无效' }];
  if (!isRealDate(day)) throw new AppError(400, 'validation_failed', `生效日期“${day}”无效，应为 YYYY-MM-DD`, field);
  if (day > t)
    throw new AppError(
      400,
      'validation_failed',
      `生效日期 ${day} 晚于今天（${t}），变更只能自今天或本年度此前的日期起生效`,
      field,
    );
  if (day < `${thisYear()}-01-01`)
    throw new AppError(
      400,
      'validation_failed',
      `生效日期 ${day} 早于本年度，只能自 ${thisYear()}-01-01 以后的日期起生效（以往年度的数据已经结束）`,
      field,
    );
  const [f] = await sqlRows<{ day: string | null; year: number | null }>(
    db,
    sql`select coalesce(frozen_result->>'asOfDate', to_char(frozen_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')) as day, year
        from assessment_schemes where status = 'frozen' order by 1 desc nulls last limit 1`,
  );
  if (f?.day && day <= f.day) {
    throw new AppError(
      409,
      'conflict',
      `${f.year} 年度考核已冻结（数据截至 ${f.day}），变更不能自该日或更早的日期起生效，请选择 ${f.day} 之后的日期`,
      field,
    );
  }
  return day;
}

const changed = (before: OrgRow, after: OrgRow) => TRACKED.filter((k) => before[k] !== after[k]);

/**
 * Closes the open period on `from` and opens one with the new values. A second change on the same day replaces that
 * day's values; a change dated before the last one is refused (the periods would overlap).
 */
export async function recordOrgHistory(
  tx: DbOrTx,
  before: OrgRow,
  after: OrgRow,
  from: string,
  reason: string,
  userId: number | null,
) {
  if (!changed(before, after).length) return;
  const values = {
    regionCode: after.regionCode,
    runsProgrammes: after.runsProgrammes,
    fullTimeProgrammes: after.fullTimeProgrammes,
    nationalIntegrated: after.nationalIntegrated,
    nationalIntegratedDone: after.nationalIntegratedDone,
    isKey: after.isKey,
  };
  const [open] = await tx
    .select()
    .from(orgRegionHistory)
    .where(and(eq(orgRegionHistory.orgId, after.id), isNull(orgRegionHistory.validTo)))
    .for('update');
  if (open?.validFrom && from < open.validFrom) {
    throw new AppError(409, 'conflict', `该单位上次变更自 ${open.validFrom} 起生效，本次变更的生效日期不能早于该日`, [
      { path: 'effectiveFrom', message: `不能早于 ${open.validFrom}` },
    ]);
  }
  if (open && open.validFrom === from) {
    await tx
      .update(orgRegionHistory)
      .set({ ...values, reason, changedBy: userId })
      .where(eq(orgRegionHistory.id, open.id));
    return;
  }
  if (open) await tx.update(orgRegionHistory).set({ validTo: from }).where(eq(orgRegionHistory.id, open.id));
  await tx.insert(orgRegionHistory).values({ orgId: after.id, ...values, validFrom: from, reason, changedBy: userId });
}

/**
 * Everything tied to the organisation that keeps a copy of its region for access (which bureau sees and acts on it)
 * follows it: its projects, their open reports (accepted ones keep the bureau that accepted them, as when a project
 * moves), its agreements, cohorts, trainings, mentors and the forms not yet approved by a bureau. Figures do not
 * read these copies for a past day: they take the region of the day from the history (indicators/sources.ts).
 */
export async function moveOrgRecords(tx: DbOrTx, org: OrgRow, from: string, to: string) {
  if (from === to) return;
  const id = org.id;
  if (org.type === 'school') {
    await tx.execute(
      sql`update projects set region_code = ${to} where school_org_id = ${id} and region_code = ${from}`,
    );
    await tx.execute(
      sql`update progress_reports r set region_code = ${to} from projects p where p.id = r.project_id and p.school_org_id = ${id} and r.state <> 'accepted' and r.region_code = ${from}`,
    );
    await tx.execute(
      sql`update project_people set region_code = ${to} where school_org_id = ${id} and region_code = ${from}`,
    );
    await tx.execute(
      sql`update agreements a set region_code = ${to} where a.region_code = ${from} and exists (select 1 from agreement_parties ap where ap.agreement_id = a.id and ap.org_id = ${id} and ap.side = 'school')`,
    );
    await tx.execute(
      sql`update internships set region_code = ${to} where school_org_id = ${id} and region_code = ${from}`,
    );
    await tx.execute(
      sql`update teacher_trainings set region_code = ${to} where school_org_id = ${id} and region_code = ${from}`,
    );
    await tx.execute(
      sql`update school_mentors set region_code = ${to} where school_org_id = ${id} and region_code = ${from}`,
    );
  }
  await tx.execute(
    sql`update forms set region_code = ${to} where org_id = ${id} and region_code = ${from} and state in ('draft', 'submitted', 'returned')`,
  );
}

export const regionLabel = (code: string) => regionByCode(code)?.name ?? code;
