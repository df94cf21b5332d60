import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, desc, eq, like } from 'drizzle-orm';
import { activeSessionList, errorBody, okBody, sessionIdParam } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { sessions } from '../../db/schema/index';
import { requireActor } from '../../http/access';
import { AppError } from '../../http/errors';
import { currentTokenHash } from '../../http/session';
import { audit } from '../../lib/audit';

/** A 16-hex prefix of the SHA-256 names a session to its owner; 64 bits cannot collide among one account's sessions. */
const ID_LENGTH = 16;

/** 账号安全: the caller's open sessions (time, address, browser) and ending one of them. */
export const sessionRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/auth/sessions',
      {
        schema: {
          tags: ['auth'],
          summary: '我的登录会话（时间、地址、浏览器）',
          response: { 200: activeSessionList, 401: errorBody },
        },
      },
      async (req) => {
        const actor = requireActor(req.ctx);
        const mine = currentTokenHash(req);
        const rows = await db
          .select()
          .from(sessions)
          .where(eq(sessions.userId, actor.id))
          .orderBy(desc(sessions.lastSeenAt));
        return {
          items: rows.map((s) => ({
            id: s.tokenHash.slice(0, ID_LENGTH),
            createdAt: s.createdAt.toISOString(),
            lastSeenAt: s.lastSeenAt.toISOString(),
            ip: s.ip,
            userAgent: s.userAgent,
            current: s.tokenHash === mine,
          })),
        };
      },
    );

    app.delete(
      '/api/auth/sessions/:id',
      {
        schema: {
          tags: ['auth'],
          summary: '结束我的某个登录会话',
          params: sessionIdParam,
          response: { 200: okBody, 401: errorBody, 404: errorBody },
        },
      },
      async (req) => {
        const actor = requireActor(req.ctx);
        const ended = await db.transaction(async (tx) => {
          const rows = await tx
            .delete(sessions)
            .where(and(eq(sessions.userId, actor.id), like(sessions.tokenHash, `${req.params.id}%`)))
            .returning({ ip: sessions.ip });
          if (rows.length)
            await audit(tx, req.ctx, {
              action: 'session.end',
              entityType: 'user',
              entityId: actor.id,
              after: { session: req.params.id, ip: rows[0].ip },
            });
          return rows.length;
        });
        if (!ended) throw new AppError(404, 'not_found', '该会话不存在或已结束');
        return { ok: true as const };
      },
    );
  };
