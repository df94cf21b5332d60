import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq, lt, or } from 'drizzle-orm';
import { SESSION_IDLE_MINUTES } from '@cjrh/domain';
import type { Db } from '../db/client';
import { orgs, sessions, users } from '../db/schema/index';
import type { Actor, Ctx } from './access';
import { AppError } from './errors';
import { now, nowMs } from '../lib/clock';

const SESSION_COOKIE = 'cjrh_sid';

/** When a password set at changedAt expires (maxDays 0: never; demo accounts keep the published one: never). */
export function passwordExpiry(changedAt: Date, isDemo: boolean, maxDays: number): Date | null {
  return maxDays > 0 && !isDemo ? new Date(changedAt.getTime() + maxDays * 86_400_000) : null;
}
const TOUCH_EVERY_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx;
  }
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new random session id at every login; the session the request came with (if any) ends, so an id planted
 * before the login (session fixation) never becomes a signed-in one. */
export async function createSession(db: Db, userId: number, req: FastifyRequest, reply: FastifyReply, secure: boolean) {
  const old = currentTokenHash(req);
  if (old) await db.delete(sessions).where(eq(sessions.tokenHash, old));
  const token = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    ip: req.ip,
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300),
  });
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', signed: true, secure });
}

export async function destroySession(db: Db, req: FastifyRequest, reply: FastifyReply) {
  const token = readToken(req);
  if (token) await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The SHA-256 of the request's session token: the key of its sessions row (kept when a password change ends the others). */
export function currentTokenHash(req: FastifyRequest): string | null {
  const token = readToken(req);
  return token ? hashToken(token) : null;
}

function readToken(req: FastifyRequest): string | null {
  const raw = req.cookies?.[SESSION_COOKIE];
  if (!raw) return null;
  const un = req.unsignCookie(raw);
  return un.valid && un.value ? un.value : null;
}

/** What a holder of a one-time password may still do: see who they are, change the password, leave. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set([
  'GET /api/auth/me',
  'POST /api/auth/password',
  'POST /api/auth/logout',
]);

/** Resolves the cookie to an actor on every /api request; a session idle for 30 minutes, or older than maxHours
 * however busy (absolute lifetime: a stolen cookie kept alive by a script dies anyway), is dropped.
 * demoData false (a real deployment): a demo account's session counts as none, so a demo account left in the
 * database can never act there. */
export function registerSessionHook(
  app: FastifyInstance,
  db: Db,
  opts: { demoData: boolean; maxHours: number; passwordMaxDays: number },
) {
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.addHook('onRequest', async (req) => {
    req.ctx = { actor: null, ip: req.ip ?? null, requestId: String(req.id) };
    if (!req.url.startsWith('/api/')) return;
    const token = readToken(req);
    if (!token) return;
    const tokenHash = hashToken(token);
    const [row] = await db
      .select({
        lastSeenAt: sessions.lastSeenAt,
        createdAt: sessions.createdAt,
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        role: users.role,
        regionCode: users.regionCode,
        orgId: users.orgId,
        disabled: users.disabled,
        isDemo: users.isDemo,
        mustChangePassword: users.mustChangePassword,
        passwordChangedAt: users.passwordChangedAt,
        orgName: orgs.name,
        orgType: orgs.type,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(orgs, eq(orgs.id, users.orgId))
      .where(eq(sessions.tokenHash, tokenHash));
    if (!row || (row.isDemo && !opts.demoData)) return;
    const idleMs = nowMs() - row.lastSeenAt.getTime();
    const ageMs = nowMs() - row.createdAt.getTime();
    if (idleMs > SESSION_IDLE_MINUTES * 60_000 || ageMs > opts.maxHours * 3_600_000 || row.disabled) {
      await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
      req.ctx.sessionExpired = true;
      return;
    }
    if (idleMs > TOUCH_EVERY_MS) {
      await db.update(sessions).set({ lastSeenAt: now() }).where(eq(sessions.tokenHash, tokenHash));
    }
    const actor: Actor = {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      regionCode: row.regionCode,
      orgId: row.orgId,
      orgName: row.orgName ?? null,
      orgType: row.orgType ?? null,
      isDemo: row.isDemo,
    };
    req.ctx.actor = actor;
    // The one place that holds a one-time password (set by an administrator or a reset) to the password page:
    // routes need not know. routeOptions.url is the route pattern, so a query string cannot slip past it.
    // An expired password (PASSWORD_MAX_AGE_DAYS) holds the account to the password page like a one-time one.
    const expiry = passwordExpiry(row.passwordChangedAt, row.isDemo, opts.passwordMaxDays);
    const mustChange = row.mustChangePassword || (expiry != null && expiry.getTime() <= nowMs());
    if (mustChange && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(`${req.method} ${req.routeOptions.url ?? req.url}`)) {
      throw new AppError(403, 'password_change_required');
    }
  });
}

/** Removes sessions idle for longer than the timeout or past their absolute lifetime (now and then, not on the hot path). */
export async function purgeIdleSessions(db: Db, maxHours = 12) {
  await db
    .delete(sessions)
    .where(
      or(
        lt(sessions.lastSeenAt, new Date(nowMs() - SESSION_IDLE_MINUTES * 60_000)),
        lt(sessions.createdAt, new Date(nowMs() - maxHours * 3_600_000)),
      ),
    );
}
