import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { Actor } from '../../http/access';
import { AppError } from '../../http/errors';
import { regionLabel } from '../orgs/history';
import { sqlRows } from '../../db/rows';

/**
 * A bureau acting on a project (or its report) that is no longer its own because the school's region was corrected
 * or the province moved the project to another region's agreement (issue 13): the refusal names the bureau that now
 * has it, before any other check — the agreement's state or "not found" would send the person looking for the wrong
 * cause. A bureau that never had the project gets the ordinary answers.
 */
export async function refuseIfMovedAway(
  db: DbOrTx,
  actor: Actor,
  project: { id: number; schoolOrgId: number; regionCode: string },
) {
  if (actor.role !== 'region' || !actor.regionCode || actor.regionCode === project.regionCode) return;
  const mine = actor.regionCode;
  const [why] = await sqlRows<{ why: 'school' | 'moved' | null }>(
    db,
    sql`select case
        when exists (select 1 from org_region_history h where h.org_id = ${project.schoolOrgId} and h.region_code = ${mine} and h.valid_to is not null) then 'school'
        when exists (select 1 from audit_log l where l.action = 'project.move' and l.entity_type = 'project' and l.entity_id = ${String(project.id)} and l.before->>'regionCode' = ${mine}) then 'moved'
      end as why`,
  );
  if (!why?.why) return;
  const now = regionLabel(project.regionCode);
  const cause = why.why === 'school' ? '学校所属地区已更正' : `项目已由省人社厅移至${now}的协议下`;
  throw new AppError(
    403,
    'region_mismatch',
    `该项目现属${now}人社局管理（${cause}），${regionLabel(mine)}人社局不能再办理，请联系${now}人社局`,
  );
}
