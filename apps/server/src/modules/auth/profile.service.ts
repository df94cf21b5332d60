import { eq } from 'drizzle-orm';
import type { EmailNotify } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { users } from '../../db/schema/index';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit, diffObjects } from '../../lib/audit';

// 个人信息: the account owner's own contacts and how notifications reach them by e-mail.

async function read(db: Db, id: number, mailEnabled: boolean) {
  const [u] = await db
    .select({
      username: users.username,
      displayName: users.displayName,
      phone: users.phone,
      email: users.email,
      emailNotify: users.emailNotify,
    })
    .from(users)
    .where(eq(users.id, id));
  if (!u) throw new AppError(401, 'unauthenticated');
  return { ...u, mailEnabled };
}

export async function getProfile(db: Db, ctx: Ctx, mailEnabled: boolean) {
  return read(db, requireActor(ctx).id, mailEnabled);
}

export async function updateProfile(
  db: Db,
  ctx: Ctx,
  mailEnabled: boolean,
  b: { phone?: string | null; email?: string | null; emailNotify?: EmailNotify },
) {
  const actor = requireActor(ctx);
  const before = await read(db, actor.id, mailEnabled);
  const set = Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined));
  if (!Object.keys(set).length) return before;
  await db.transaction(async (tx) => {
    // Compared under the row lock: the same save twice (or ten times at once) is one change and one entry.
    const [current] = await tx
      .select({ phone: users.phone, email: users.email, emailNotify: users.emailNotify })
      .from(users)
      .where(eq(users.id, actor.id))
      .for('update');
    const d = diffObjects(current, { ...current, ...set });
    if (!Object.keys(d.after).length) return;
    await tx.update(users).set(set).where(eq(users.id, actor.id));
    await audit(tx, ctx, {
      action: 'profile.update',
      entityType: 'user',
      entityId: actor.id,
      regionCode: actor.regionCode,
      ...d,
    });
  });
  return read(db, actor.id, mailEnabled);
}
