import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { validateIdNumber, type Permission } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { dictEntries, orgs } from '../../db/schema/index';
import { listScope, requireAccess, type Actor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { idKeyOf } from '../projects/refs';

/**
 * What every roster of people at a school shares — the teacher roster, the mentor roster (技能导师) and the recruited
 * enterprise talent: the ID number checked and turned into the keyed hash (projects/refs.ts; the number itself is
 * never stored), the school the caller acts for, the rows a caller may list, and the specialty name beside a code.
 */

/** The keyed hash of a valid ID number, or a Chinese 400 naming the field. */
export async function personKeyOf(db: DbOrTx, idNumber: string): Promise<string> {
  const v = validateIdNumber(idNumber);
  if (!v.ok)
    throw new AppError(400, 'validation_failed', `身份证号码：${v.message}`, [
      { path: 'body.idNumber', label: '身份证号码', message: v.message },
    ]);
  return idKeyOf(db, v.value);
}

/** 409 for a person already on this school's roster (the unique index on school and key). */
export const personOnRoster = (who: string) =>
  new AppError(409, 'conflict', `该身份证号码的${who}已在本校名册中，请修改原记录`);

/** The school the caller (a school account) records for; 403 `只有技工院校可以…` otherwise. */
export async function ownSchool(db: DbOrTx, actor: Actor, what: string) {
  const [school] = await db
    .select({ id: orgs.id, regionCode: orgs.regionCode, type: orgs.type })
    .from(orgs)
    .where(eq(orgs.id, actor.orgId ?? -1));
  if (!school || school.type !== 'school') throw new AppError(403, 'forbidden', `只有技工院校可以${what}`);
  return school;
}

/** The rows of a school roster the caller may list (province all, bureau its region, school its own); null: none. */
export function rosterWhere(
  ctx: Ctx,
  permission: Permission,
  cols: { regionCode: PgColumn; schoolOrgId: PgColumn },
): SQL[] | null {
  const scope = listScope(requireAccess(ctx, permission));
  if (scope.none) return null;
  const where: SQL[] = [];
  if (scope.regionCode) where.push(eq(cols.regionCode, scope.regionCode));
  if (scope.orgId) where.push(eq(cols.schoolOrgId, scope.orgId));
  return where;
}

/** The join condition for a specialty's name (the code is shown when the dictionary no longer has it). */
export const specialtyJoin = (code: PgColumn) => and(eq(dictEntries.kind, 'specialty'), eq(dictEntries.code, code));
