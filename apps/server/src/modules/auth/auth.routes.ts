import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changePasswordBody, errorBody, forgotAnswer, forgotBody, forgotInfo, loginBody, okBody, profile, profileUpdateBody, resetBody, sessionUser } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { requireActor } from '../../http/access';
import { createSession, destroySession } from '../../http/session';
import { audit } from '../../lib/audit';
import type { Mailer } from '../mail/mailer';
import { changePassword, findSessionUser, login } from './auth.service';
import { getProfile, updateProfile } from './profile.service';
import { FORGOT_ANSWER, FORGOT_OFFLINE, requestReset, resetPassword } from './reset.service';

export const authRoutes =
  (db: Db, opts: { cookieSecure: boolean; demoData: boolean; mailer: Mailer | null }): FastifyPluginAsyncZod =>
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

    const mailEnabled = !!opts.mailer;
    app.get('/api/auth/profile', { schema: { tags: ['auth'], summary: '个人信息', response: { 200: profile, 401: errorBody } } }, (req) =>
      getProfile(db, req.ctx, mailEnabled),
    );
    app.patch(
      '/api/auth/profile',
      { schema: { tags: ['auth'], summary: '修改个人信息（手机号、邮箱、邮件通知方式）', body: profileUpdateBody, response: { 200: profile, 400: errorBody, 401: errorBody } } },
      (req) => updateProfile(db, req.ctx, mailEnabled, req.body),
    );

    // 忘记密码: whether reset by e-mail is available (the login page explains what to do otherwise).
    app.get('/api/auth/forgot', { schema: { tags: ['auth'], summary: '找回密码方式', response: { 200: forgotInfo } } }, async () => ({
      byEmail: mailEnabled,
      message: mailEnabled ? FORGOT_ANSWER : FORGOT_OFFLINE,
    }));
    app.post(
      '/api/auth/forgot',
      { schema: { tags: ['auth'], summary: '忘记密码：发送重置链接到登记的邮箱', body: forgotBody, response: { 200: forgotAnswer, 400: errorBody, 503: errorBody } } },
      (req) => requestReset(db, req.ctx, opts.mailer, req.body.login, app.log),
    );
    app.post(
      '/api/auth/reset',
      { schema: { tags: ['auth'], summary: '通过邮件链接重置密码', body: resetBody, response: { 200: okBody, 400: errorBody } } },
      (req) => resetPassword(db, req.ctx, req.body.token, req.body.newPassword),
    );
  };
