import { hash, verify } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { checkPassword, LOGIN_LOCK_MINUTES, LOGIN_MAX_FAILURES, type SessionUser } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { orgs, users } from '../../db/schema/index';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now, nowMs } from '../../lib/clock';

// argon2id with the library's defaults (m=19456 KiB, t=2, p=1: OWASP's recommended minimum).
export const hashPassword = (pw: string) => hash(pw);
// Verifying against this when the user does not exist keeps the timing of both failures alike.
let dummyHash: Promise<string> | null = null;

export async function findSessionUser(db: Db, userId: number): Promise<SessionUser> {
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      regionCode: users.regionCode,
      orgId: users.orgId,
      isDemo: users.isDemo,
      mustChangePassword: users.mustChangePassword,
      orgName: orgs.name,
      orgType: orgs.type,
    })
    .from(users)
    .leftJoin(orgs, eq(orgs.id, users.orgId))
    .where(eq(users.id, userId));
  if (!row) throw new AppError(401, 'unauthenticated');
  return { ...row, orgName: row.orgName ?? null, orgType: row.orgType ?? null };
}

export async function login(db: Db, ctx: Ctx, username: string, password: string, opts: { demoData: boolean }): Promise<SessionUser> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  // Without demo data (a real deployment) a demo account left behind answers exactly like an unknown user, so the
  // published demo password opens nothing.
  const demoRefused = !!user?.isDemo && !opts.demoData;
  if (!user || demoRefused) {
    dummyHash ??= hash('not-a-real-password-Aa1!');
    await verify(await dummyHash, password);
    await audit(db, ctx, { action: 'login.failure', actorName: username, after: { reason: demoRefused ? 'demo_account' : 'unknown_user' } });
    throw new AppError(401, 'invalid_credentials');
  }
  const who = { ...ctx, actor: null };
  if (user.lockedUntil && user.lockedUntil.getTime() > nowMs()) {
    await audit(db, who, { action: 'login.failure', actorName: username, entityType: 'user', entityId: user.id, after: { reason: 'locked' } });
    const minutes = Math.ceil((user.lockedUntil.getTime() - nowMs()) / 60_000);
    throw new AppError(423, 'account_locked', `连续登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`);
  }
  if (!(await verify(user.passwordHash, password))) {
    const failures = user.failedLogins + 1;
    const lock = failures >= LOGIN_MAX_FAILURES;
    await db
      .update(users)
      .set(
        lock
          ? { failedLogins: 0, lockedUntil: new Date(nowMs() + LOGIN_LOCK_MINUTES * 60_000) }
          : { failedLogins: failures },
      )
      .where(eq(users.id, user.id));
    await audit(db, who, { action: lock ? 'login.locked' : 'login.failure', actorName: username, entityType: 'user', entityId: user.id, after: { reason: 'wrong_password', failures } });
    if (lock) throw new AppError(423, 'account_locked');
    throw new AppError(401, 'invalid_credentials', `用户名或密码错误（再失败 ${LOGIN_MAX_FAILURES - failures} 次将锁定 ${LOGIN_LOCK_MINUTES} 分钟）`);
  }
  if (user.disabled) {
    await audit(db, who, { action: 'login.failure', actorName: username, entityType: 'user', entityId: user.id, after: { reason: 'disabled' } });
    throw new AppError(403, 'account_disabled');
  }
  await db.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now() }).where(eq(users.id, user.id));
  const su = await findSessionUser(db, user.id);
  await audit(db, { ...ctx, actor: { ...su } }, { action: 'login.success', entityType: 'user', entityId: user.id, regionCode: user.regionCode });
  return su;
}

export async function changePassword(db: Db, ctx: Ctx, oldPassword: string, newPassword: string) {
  const actor = requireActor(ctx);
  const [user] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!user || !(await verify(user.passwordHash, oldPassword))) throw new AppError(400, 'wrong_password');
  if (newPassword === oldPassword) throw new AppError(400, 'password_reused');
  const policy = checkPassword(newPassword);
  if (!policy.ok) throw new AppError(400, 'weak_password', policy.message);
  await db.transaction(async (tx) => {
    // The owner chose this one: a one-time password set by someone else ends here.
    await tx.update(users).set({ passwordHash: await hashPassword(newPassword), mustChangePassword: false }).where(eq(users.id, actor.id));
    await audit(tx, ctx, { action: 'password.change', entityType: 'user', entityId: actor.id, after: { wasOneTime: user.mustChangePassword } });
  });
}
