import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { passwordResets, sessions, users } from '../../db/schema/index';
import type { Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now, nowMs } from '../../lib/clock';
import type { Mailer } from '../mail/mailer';
import { hashPassword } from './auth.service';
import { assertStrongPassword } from '../../lib/passwordStrength';

// 忘记密码 by e-mail: a random token in a link, only its SHA-256 stored, valid RESET_MINUTES, used once.

const RESET_MINUTES = 30;
/** At most one link per account per this many seconds, so the form cannot be used to flood someone's mailbox. */
const RESET_RESEND_SECONDS = 60;
/** The one answer for every request, whether or not the account exists (no account enumeration). */
export const FORGOT_ANSWER = `如果该账号存在并登记了邮箱，重置密码的链接已发送到登记的邮箱，${RESET_MINUTES} 分钟内有效。没有收到请检查垃圾邮件，或联系所在市州人社局（或省厅）。`;
export const FORGOT_OFFLINE = '平台未开通邮件找回密码，请联系所在市州人社局（或省厅）重置密码。';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

type Log = { warn(o: object, m: string): void };

/**
 * Issues a link for the account named by username or e-mail and mails it in the background: the answer is the same
 * and comes just as fast whether or not the account exists, so neither text nor timing tells who has an account.
 */
export async function requestReset(db: Db, ctx: Ctx, mailer: Mailer | null, login: string, log: Log) {
  if (!mailer) throw new AppError(503, 'mail_not_configured');
  const key = login.trim();
  // A username, or the address on file (stored in lower case); an address shared by several accounts reaches each.
  const found = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      email: users.email,
      regionCode: users.regionCode,
    })
    .from(users)
    .where(and(eq(users.disabled, false), or(eq(users.username, key), eq(users.email, key.toLowerCase()))))
    .limit(5);
  const mails: { to: string; subject: string; text: string }[] = [];
  for (const u of found) {
    if (!u.email) continue;
    const token = randomBytes(32).toString('base64url');
    const issued = await db.transaction(async (tx) => {
      // Serialise requests for one account so two at the same instant cannot both pass the once-a-minute check.
      await tx.execute(sql`select id from users where id = ${u.id} for update`);
      const [last] = await tx
        .select({ at: passwordResets.createdAt })
        .from(passwordResets)
        .where(eq(passwordResets.userId, u.id))
        .orderBy(desc(passwordResets.createdAt))
        .limit(1);
      if (last && nowMs() - last.at.getTime() < RESET_RESEND_SECONDS * 1000) return false;
      await tx
        .insert(passwordResets)
        .values({ tokenHash: sha256(token), userId: u.id, expiresAt: new Date(nowMs() + RESET_MINUTES * 60_000) });
      await audit(
        tx,
        { ...ctx, actor: null },
        {
          action: 'password.reset_request',
          actorName: u.username,
          entityType: 'user',
          entityId: u.id,
          regionCode: u.regionCode,
        },
      );
      return true;
    });
    if (!issued) continue;
    const link = `${mailer.publicUrl}/reset-password?token=${token}`;
    mails.push({
      to: u.email,
      subject: '【产教融合·技能助跑】重置密码',
      text:
        `${u.displayName}，您好：\n\n有人（希望是您本人）申请重置平台账号「${u.username}」的密码。请在 ${RESET_MINUTES} 分钟内打开下面的链接设置新密码，链接只能使用一次：\n\n${link}\n\n` +
        '如果不是您本人申请，请忽略本邮件，原密码仍然有效。\n\n——湖北省“产教融合·技能助跑”专项行动平台（本邮件由系统自动发送，请勿回复）\n',
    });
  }
  // Not awaited: the SMTP round trip would make existing accounts answer slower than unknown ones.
  for (const m of mails) mailer.send(m).catch((e: unknown) => log.warn({ err: e }, 'password reset mail failed'));
  return { ok: true as const, message: FORGOT_ANSWER };
}

/** Sets the new password from a link: once, within RESET_MINUTES; ends the account's sessions. */
export async function resetPassword(db: Db, ctx: Ctx, token: string, newPassword: string) {
  // Checked before the link is spent, so a weak password does not cost the person their link.
  // The username is checked after the link names the account (below); the rest here.
  assertStrongPassword(newPassword);
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    // The conditional update is the single use: of two requests with one token only one gets a row back.
    const [used] = await tx
      .update(passwordResets)
      .set({ usedAt: now() })
      .where(
        and(
          eq(passwordResets.tokenHash, sha256(token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, now()),
        ),
      )
      .returning({ userId: passwordResets.userId });
    const [user] = used ? await tx.select().from(users).where(eq(users.id, used.userId)) : [];
    if (!user || user.disabled) throw new AppError(400, 'reset_link_invalid');
    assertStrongPassword(newPassword, user);
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, failedLogins: 0, lockedUntil: null, passwordChangedAt: now() })
      .where(eq(users.id, user.id));
    // Other links of the account die with this one, and so does every session (someone may know the old password).
    await tx
      .update(passwordResets)
      .set({ usedAt: now() })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await audit(
      tx,
      { ...ctx, actor: null },
      {
        action: 'password.reset',
        actorName: user.username,
        entityType: 'user',
        entityId: user.id,
        regionCode: user.regionCode,
      },
    );
  });
  return { ok: true as const };
}
