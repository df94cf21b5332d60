import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changePasswordBody, errorBody, loginBody, okBody, sessionUser } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { requireActor } from '../../http/access';
import { createSession, destroySession } from '../../http/session';
import { audit } from '../../lib/audit';
import { changePassword, findSessionUser, login } from './auth.service';

export const authRoutes =
  (db: Db, opts: { cookieSecure: boolean; demoData: boolean }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: '登录',
          body: loginBody,
          response: { 200: sessionUser, 400: errorBody, 401: errorBody, 403: errorBody, 423: errorBody },
        },
      },
      async (req, reply) => {
        const user = await login(db, req.ctx, req.body.username, req.body.password, { demoData: opts.demoData });
        await createSession(db, user.id, req, reply, opts.cookieSecure);
        return user;
      },
    );

    app.get(
      '/api/auth/me',
      { schema: { tags: ['auth'], summary: '当前用户', response: { 200: sessionUser, 401: errorBody } } },
      async (req) => findSessionUser(db, requireActor(req.ctx).id),
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags: ['auth'], summary: '退出登录', response: { 200: okBody } } },
      async (req, reply) => {
        if (req.ctx.actor) await audit(db, req.ctx, { action: 'logout', entityType: 'user', entityId: req.ctx.actor.id });
        await destroySession(db, req, reply);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/auth/password',
      {
        schema: {
          tags: ['auth'],
          summary: '修改密码',
          body: changePasswordBody,
          response: { 200: okBody, 400: errorBody, 401: errorBody },
        },
      },
      async (req) => {
        // Clears a one-time password (mustChangePassword), so the other calls open up again.
        await changePassword(db, req.ctx, req.body.oldPassword, req.body.newPassword);
        return { ok: true as const };
      },
    );
  };
