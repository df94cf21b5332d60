import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import { ACCOUNT_ROLES_MANAGED_BY, isRegionCode, type EmailNotify, type Role } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { orgs, sessions, users } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { hashPassword } from '../auth/auth.service';
import { assertStrongPassword } from '../../lib/passwordStrength';
import { nowMs } from '../../lib/clock';

type UserRow = typeof users.$inferSelect;
/** The person behind the account, as the manager types them (validated by the domain's contract fields). */
type Contacts = { phone?: string | null; email?: string | null; emailNotify?: EmailNotify };

const select = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  regionCode: users.regionCode,
  orgId: users.orgId,
  orgName: orgs.name,
  phone: users.phone,
  email: users.email,
  emailNotify: users.emailNotify,
  disabled: users.disabled,
  lockedUntil: users.lockedUntil,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

function out(
  r: { lockedUntil: Date | null; lastLoginAt: Date | null; createdAt: Date; orgName: string | null } & Omit<
    UserRow,
    | 'passwordHash'
    | 'failedLogins'
    | 'isDemo'
    | 'lockedUntil'
    | 'lastLoginAt'
    | 'createdAt'
    | 'mustChangePassword'
    | 'passwordChangedAt'
    | 'passwordHistory'
  >,
) {
  return {
    ...r,
    orgName: r.orgName ?? null,
    lockedUntil: r.lockedUntil && r.lockedUntil.getTime() > nowMs() ? r.lockedUntil.toISOString() : null,
    lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listAccounts(
  db: Db,
  ctx: Ctx,
  q: { role?: Role; region?: string; q?: string; page: number; pageSize: number },
) {
  const actor = requireAccess(ctx, 'account.read');
  const parts: SQL[] = [];
  if (actor.role === 'region') parts.push(eq(users.regionCode, actor.regionCode ?? '\0'));
  else if (q.region) parts.push(eq(users.regionCode, q.region));
  if (q.role) parts.push(eq(users.role, q.role));
  if (q.q) {
    const p = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(ilike(users.username, p), ilike(users.displayName, p), ilike(orgs.name, p))!);
  }
  const w = parts.length ? and(...parts) : undefined;
  const [items, [{ total }]] = await Promise.all([
    db
      .select(select)
      .from(users)
      .leftJoin(orgs, eq(orgs.id, users.orgId))
      .where(w)
      .orderBy(asc(users.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(users).leftJoin(orgs, eq(orgs.id, users.orgId)).where(w),
  ]);
  return { items: items.map(out), total };
}

async function getOne(db: Db, id: number) {
  const [r] = await db.select(select).from(users).leftJoin(orgs, eq(orgs.id, users.orgId)).where(eq(users.id, id));
  return r;
}

export async function createAccount(
  db: Db,
  ctx: Ctx,
  b: {
    username: string;
    displayName: string;
    role: Role;
    regionCode: string | null;
    orgId: number | null;
    password: string;
  } & Contacts,
) {
  const actor = requireAccess(ctx, 'account.manage');
  if (!ACCOUNT_ROLES_MANAGED_BY[actor.role].includes(b.role))
    throw new AppError(403, 'forbidden', '无权创建该角色的账号');
  let regionCode: string | null = null;
  let orgId: number | null = null;
  if (b.role === 'school' || b.role === 'enterprise') {
    if (!b.orgId)
      throw new AppError(400, 'validation_failed', '请选择所属单位', [{ path: 'orgId', message: '不能为空' }]);
    const [org] = await db.select().from(orgs).where(eq(orgs.id, b.orgId));
    if (!org || (actor.role === 'region' && org.regionCode !== actor.regionCode))
      throw new AppError(404, 'not_found', '所属单位不存在或不在管辖范围内');
    if (org.type !== b.role) throw new AppError(400, 'validation_failed', '账号角色与单位类型不一致');
    regionCode = org.regionCode;
    orgId = org.id;
  } else if (b.role === 'region') {
    if (!b.regionCode || !isRegionCode(b.regionCode)) throw new AppError(400, 'unknown_reference', '请选择正确的地区');
    regionCode = b.regionCode;
  }
  assertStrongPassword(b.password, b);
  // Hashed before the transaction: argon2 takes a second or more under load, and a connection held meanwhile starved
  // the pool when accounts were created in a burst (503s on PostgreSQL, issue 16).
  const passwordHash = await hashPassword(b.password);
  try {
    const id = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        // Set by the bureau or the province, not the owner: one-time, changed at the first login.
        .values({
          username: b.username,
          displayName: b.displayName,
          role: b.role,
          regionCode,
          orgId,
          passwordHash,
          mustChangePassword: true,
          phone: b.phone ?? null,
          email: b.email ?? null,
          emailNotify: b.emailNotify ?? 'instant',
        })
        .returning({ id: users.id });
      await audit(tx, ctx, {
        action: 'account.create',
        entityType: 'user',
        entityId: row.id,
        regionCode,
        after: {
          username: b.username,
          displayName: b.displayName,
          role: b.role,
          regionCode,
          orgId,
          phone: b.phone ?? null,
          email: b.email ?? null,
        },
      });
      return row.id;
    });
    return out((await getOne(db, id))!);
  } catch (e) {
    if (pgCode(e) === '23505') throw new AppError(409, 'username_taken');
    throw e;
  }
}

export async function updateAccount(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { displayName?: string; disabled?: boolean; unlock?: boolean; password?: string } & Contacts,
) {
  const actor = requireAccess(ctx, 'account.manage');
  const target = await getOne(db, id);
  if (
    !target ||
    (actor.role === 'region' &&
      (target.regionCode !== actor.regionCode || !ACCOUNT_ROLES_MANAGED_BY.region.includes(target.role)))
  ) {
    throw new AppError(404, 'not_found');
  }
  if (target.id === actor.id && b.disabled) throw new AppError(400, 'validation_failed', '不能停用自己的账号');
  const set: Partial<typeof users.$inferInsert> = {};
  if (b.displayName !== undefined) set.displayName = b.displayName;
  if (b.disabled !== undefined) set.disabled = b.disabled;
  if (b.unlock) Object.assign(set, { lockedUntil: null, failedLogins: 0 });
  if (b.phone !== undefined) set.phone = b.phone;
  if (b.email !== undefined) set.email = b.email;
  if (b.emailNotify !== undefined) set.emailNotify = b.emailNotify;
  if (b.password !== undefined) {
    assertStrongPassword(b.password, target);
    set.passwordHash = await hashPassword(b.password);
    // A reset by someone else is a one-time password; setting one's own here is not.
    if (target.id !== actor.id) set.mustChangePassword = true;
  }
  if (!Object.keys(set).length) return out(target);
  await db.transaction(async (tx) => {
    // Under the row lock: a save that changes nothing (the same one twice, or ten at once) records nothing.
    // A password set is always a change (a new hash, sessions ended).
    const [locked] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (
      !Object.entries(set).some(
        ([k, v]) => k === 'passwordHash' || JSON.stringify(v) !== JSON.stringify(locked[k as keyof typeof locked]),
      )
    )
      return;
    await tx.update(users).set(set).where(eq(users.id, id));
    // A password set by someone else (whoever may have known the old one) ends every open session of the account.
    if (b.password !== undefined && target.id !== actor.id) await tx.delete(sessions).where(eq(sessions.userId, id));
    await audit(tx, ctx, {
      action: 'account.update',
      entityType: 'user',
      entityId: id,
      regionCode: target.regionCode,
      before: {
        displayName: target.displayName,
        disabled: target.disabled,
        phone: target.phone,
        email: target.email,
        emailNotify: target.emailNotify,
      },
      after: {
        displayName: b.displayName,
        disabled: b.disabled,
        unlock: b.unlock,
        passwordReset: b.password !== undefined,
        phone: b.phone,
        email: b.email,
        emailNotify: b.emailNotify,
      },
    });
  });
  return out((await getOne(db, id))!);
}
