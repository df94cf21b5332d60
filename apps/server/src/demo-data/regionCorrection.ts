import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { orgs, users } from '../db/schema/index';
import type { Ctx } from '../http/access';
import { today, withClockStopped } from '../lib/clock';
import { updateOrg } from '../modules/orgs/orgs.service';

export const CORRECTED_FROM = '420200';
export const CORRECTED_TO = '420700';

/** The day the demo's correction applies from: 1 June of this year, or 1 January while June has not come. */
export const correctionDay = (t: string) =>
  `${t.slice(0, 4)}-06-01` <= t ? `${t.slice(0, 4)}-06-01` : `${t.slice(0, 4)}-01-01`;

/**
 * One demo school found to belong to 鄂州 rather than 黄石 (issue 13): the province corrects its region from 1 June
 * of this year through the same service a user calls, so its history row, its moved projects and the audit entry are
 * what a real correction writes. Its figures count for 黄石 before that day (2025 unchanged) and for 鄂州 from it.
 * Deterministic: the school is the first 黄石 school by USCC with projects and no demo account; the clock stands still.
 */
export async function seedRegionCorrection(tx: DbOrTx, log: (m: string) => void = () => {}) {
  const t = today();
  const [school] = await tx
    .select()
    .from(orgs)
    .where(
      sql`${orgs.type} = 'school' and ${orgs.isDemo} and ${orgs.regionCode} = ${CORRECTED_FROM}
      and not exists (select 1 from users u where u.org_id = ${orgs.id}) and exists (select 1 from projects p where p.school_org_id = ${orgs.id} and p.deleted_at is null)`,
    )
    .orderBy(orgs.uscc)
    .limit(1);
  const [province] = await tx
    .select()
    .from(users)
    .where(and(eq(users.username, 'province'), eq(users.isDemo, true)));
  if (!school || !province) return log('没有可更正地区的示例院校，跳过');
  const ctx: Ctx = {
    actor: {
      id: province.id,
      username: province.username,
      displayName: province.displayName,
      role: 'province',
      regionCode: null,
      orgId: null,
      orgName: null,
      orgType: null,
      isDemo: true,
    },
    ip: null,
    requestId: null,
  };
  const from = correctionDay(t);
  // Early this morning in Beijing: never after the real clock, the same on every seed of the day.
  await withClockStopped(new Date(`${t}T00:05:00+08:00`), () =>
    updateOrg(tx as Db, ctx, school.id, {
      version: school.version,
      regionCode: CORRECTED_TO,
      effectiveFrom: from,
      changeReason: '核实办学地址属鄂州市，自该日起由鄂州市人社局管理（示例）',
    }),
  );
  log(`地区更正：${school.name} 自 ${from} 起由黄石市改属鄂州市`);
}
