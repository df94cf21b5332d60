// What `npm run admin -- …` does to the database: the first province account, a password reset, removing the demo
// province. Each write runs in one transaction with its audit row; the CLI (cli.ts) only parses and prints.
import { randomInt } from 'node:crypto';
import { eq, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { accountCreateBody, checkPassword } from '@cjrh/domain';
import type { Db, DbOrTx } from '../db/client';
import * as schema from '../db/schema/index';
import { auditLog, sessions, users } from '../db/schema/index';
import { deleteDemoRowsIn } from '../demo-data/reset';
import type { Ctx } from '../http/access';
import { audit } from '../lib/audit';
import { hashPassword } from '../modules/auth/auth.service';
import { sqlRows } from '../db/rows';

/** Refusals the operator can act on; cli.ts prints the message and exits non-zero. */
export class AdminError extends Error {}

/** The audit log names the command line as the actor (no account is logged in there). */
const ADMIN_ACTOR = '命令行（npm run admin）';
const cliCtx: Ctx = { actor: null, ip: null, requestId: null };

// No look-alikes (0/O, 1/l/I) so the password can be read out over the phone or copied by hand.
const CLASSES = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '@#%+=?'];

/** A random one-time password of 14 characters with every class present, so it always passes the policy. */
function oneTimePassword(): string {
  const all = CLASSES.join('');
  const chars = CLASSES.map((c) => c[randomInt(c.length)]);
  while (chars.length < 14) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  const pw = chars.join('');
  if (!checkPassword(pw).ok) throw new Error('generated password fails the policy'); // cannot happen: all classes present
  return pw;
}

export async function createProvinceAccount(db: Db, o: { username: string; displayName?: string }) {
  const parsed = accountCreateBody.shape.username.safeParse(o.username);
  if (!parsed.success) throw new AdminError(`用户名不正确：${parsed.error.issues[0].message}`);
  const username = parsed.data;
  const displayName = o.displayName?.trim() || '省人社厅管理员';
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
    if (taken)
      throw new AdminError(
        `用户名 ${username} 已存在，未做任何改动。如需为它生成新密码，请运行：npm run admin -- reset-password --username ${username}`,
      );
    const [row] = await tx
      .insert(users)
      .values({ username, displayName, role: 'province', passwordHash, mustChangePassword: true })
      .returning({ id: users.id });
    await audit(tx, cliCtx, {
      action: 'account.create',
      actorName: ADMIN_ACTOR,
      entityType: 'user',
      entityId: row.id,
      after: { username, displayName, role: 'province' },
    });
  });
  return { username, password };
}

export async function resetPassword(db: Db, o: { username: string }) {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, regionCode: users.regionCode })
      .from(users)
      .where(eq(users.username, o.username));
    if (!user) throw new AdminError(`没有用户名为 ${o.username} 的账号，未做任何改动`);
    // One-time, unlocked, and every open session ends: whoever had the old password is out.
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null })
      .where(eq(users.id, user.id));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await audit(tx, cliCtx, {
      action: 'account.update',
      actorName: ADMIN_ACTOR,
      entityType: 'user',
      entityId: user.id,
      regionCode: user.regionCode,
      after: { passwordReset: true, unlock: true },
    });
  });
  return { username: o.username, password };
}

/** Every table but the audit log (append-only; it keeps naming demo accounts, which no foreign key ties it to). */
const countedTables = (Object.values(schema) as unknown[]).filter(
  (v): v is PgTable => is(v, PgTable) && v !== auditLog,
);

async function countRows(tx: DbOrTx): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const t of countedTables) {
    const [r] = await sqlRows<{ n: number }>(tx, sql`select count(*)::int as n from ${t}`);
    out.set(getTableName(t), r.n);
  }
  return out;
}

/** Deletes the demo province (demo organisations and accounts and everything hanging off them) in one transaction
 * with one audit row; real records stay. Answers the rows removed per table. */
export async function removeDemoData(db: Db): Promise<Record<string, number>> {
  return db.transaction(async (tx) => {
    const before = await countRows(tx);
    const summary = await deleteDemoRowsIn(tx);
    const after = await countRows(tx);
    const removed: Record<string, number> = {};
    for (const [table, n] of before) if (n > (after.get(table) ?? 0)) removed[table] = n - (after.get(table) ?? 0);
    if (Object.keys(removed).length) {
      await audit(tx, cliCtx, {
        action: 'demo.remove',
        actorName: ADMIN_ACTOR,
        entityType: 'demo',
        after: { removed, orgs: summary.orgs, users: summary.users },
      });
    }
    return removed;
  });
}
