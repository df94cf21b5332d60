import { hash, verify } from '@node-rs/argon2';
import { and, eq, ne } from 'drizzle-orm';
import { LOGIN_HARD_LOCK_FAILURES, LOGIN_HARD_LOCK_MINUTES, PASSWORD_HISTORY, type SessionUser } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { orgs, sessions, users } from '../../db/schema/index';
import { requireActor, type Ctx } from '../../http/access';
import { AppError, conflict } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now, nowMs } from '../../lib/clock';
import { assertStrongPassword } from '../../lib/passwordStrength';
import { passwordExpiry } from '../../http/session';

// argon2id with the library's defaults (m=19456 KiB, t=2, p=1: OWASP's recommended minimum).
export const hashPassword = (pw: string) => hash(pw);
// Verifying against this when the user does not exist keeps the timing of both failures alike.
let dummyHash: Promise<string> | null = null;

export async function findSessionUser(db: Db, userId: number, passwordMaxDays = 0): Promise<SessionUser> {
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
      passwordChangedAt: users.passwordChangedAt,
      orgName: orgs.name,
      orgType: orgs.type,
    })
    .from(users)
    .leftJoin(orgs, eq(orgs.id, users.orgId))
    .where(eq(users.id, userId));
  if (!row) throw new AppError(401, 'unauthenticated');
  const { passwordChangedAt, ...rest } = row;
  const expiry = passwordExpiry(passwordChangedAt, row.isDemo, passwordMaxDays);
  const expired = expiry != null && expiry.getTime() <= nowMs();
  return {
    ...rest,
    orgName: row.orgName ?? null,
    orgType: row.orgType ?? null,
    mustChangePassword: row.mustChangePassword || expired,
    passwordExpiresAt: expiry?.toISOString() ?? null,
  };
}

/**
 * Checks a username and password. Every refusal — unknown user, wrong password, hard-locked, disabled, a demo account
 * in a real deployment — answers the same 401 with the same message after the same argon2 work, so the answer tells
 * a stranger nothing about which usernames exist (they follow a public pattern). The audit row keeps the reason.
 * Throttling by address and by account+address is done by the route (auth.routes.ts) before this runs.
 */
export async function login(
  db: Db,
  ctx: Ctx,
  username: string,
  password: string,
  opts: { demoData: boolean; passwordMaxDays?: number },
): Promise<SessionUser> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  // Without demo data (a real deployment) a demo account left behind answers exactly like an unknown user, so the
  // published demo password opens nothing.
  const demoRefused = !!user?.isDemo && !opts.demoData;
  const known = user && !demoRefused ? user : null;
  dummyHash ??= hash('not-a-real-password-Aa1!');
  const passwordOk = await verify(known ? known.passwordHash : await dummyHash, password);
  const locked = !!known?.lockedUntil && known.lockedUntil.getTime() > nowMs();
  const reason = !user
    ? 'unknown_user'
    : demoRefused
      ? 'demo_account'
      : locked
        ? 'locked'
        : !passwordOk
          ? 'wrong_password'
          : known!.disabled
            ? 'disabled'
            : null;
  if (reason) {
    const who = { ...ctx, actor: null };
    let action = 'login.failure';
    let failures: number | undefined;
    if (reason === 'wrong_password') {
      // Counted across all addresses; only far more failures than any owner makes lock the account (until the bureau
      // or the province unlocks it, or LOGIN_HARD_LOCK_MINUTES pass), since strangers can trigger this lock too.
      failures = known!.failedLogins + 1;
      const lock = failures >= LOGIN_HARD_LOCK_FAILURES;
      await db
        .update(users)
        .set(
          lock
            ? { failedLogins: 0, lockedUntil: new Date(nowMs() + LOGIN_HARD_LOCK_MINUTES * 60_000) }
            : { failedLogins: failures },
        )
        .where(eq(users.id, known!.id));
      if (lock) action = 'login.locked';
    }
    await audit(db, who, {
      action,
      actorName: username,
      entityType: user ? 'user' : undefined,
      entityId: user?.id,
      after: { reason, failures },
    });
    throw new AppError(401, 'invalid_credentials');
  }
  const ok = known!;
  await db.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now() }).where(eq(users.id, ok.id));
  const su = await findSessionUser(db, ok.id, opts.passwordMaxDays);
  await audit(
    db,
    { ...ctx, actor: { ...su } },
    { action: 'login.success', entityType: 'user', entityId: ok.id, regionCode: ok.regionCode },
  );
  return su;
}

/**
 * The owner changes their password with the old one. A wrong old password is refused; the route counts those and ends
 * the session after a few (a stolen session must not become a password-guessing oracle). On success every other
 * session of the account ends (someone else may hold one); keepTokenHash is the session that made the change.
 */
export async function changePassword(
  db: Db,
  ctx: Ctx,
  oldPassword: string,
  newPassword: string,
  keepTokenHash: string | null,
) {
  const actor = requireActor(ctx);
  const [user] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!user || !(await verify(user.passwordHash, oldPassword))) throw new AppError(400, 'wrong_password');
  if (newPassword === oldPassword) throw new AppError(400, 'password_reused');
  assertStrongPassword(newPassword, user);
  // Not one of the last PASSWORD_HISTORY (the current one counts): one argon2 verification each, a fraction of a second.
  const recent = user.passwordHistory.slice(0, PASSWORD_HISTORY - 1);
  for (const old of recent) {
    if (await verify(old, newPassword))
      throw new AppError(400, 'password_reused', `新密码不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同`);
  }
  const passwordHash = await hashPassword(newPassword); // before the transaction: no connection held while hashing
  await db.transaction(async (tx) => {
    // The owner chose this one: a one-time password set by someone else ends here. Only over the hash that was
    // verified: of two changes at once (two tabs, a double click) one wins, the other is told (issue 16).
    const changed = await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: false,
        passwordChangedAt: now(),
        passwordHistory: [user.passwordHash, ...recent].slice(0, PASSWORD_HISTORY - 1),
      })
      .where(and(eq(users.id, actor.id), eq(users.passwordHash, user.passwordHash)))
      .returning({ id: users.id });
    if (!changed.length) throw conflict('密码刚刚已被修改，请用新密码重新操作');
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, actor.id), keepTokenHash ? ne(sessions.tokenHash, keepTokenHash) : undefined))
      .returning({ userId: sessions.userId });
    await audit(tx, ctx, {
      action: 'password.change',
      entityType: 'user',
      entityId: actor.id,
      after: { wasOneTime: user.mustChangePassword, otherSessionsEnded: ended.length },
    });
  });
}
