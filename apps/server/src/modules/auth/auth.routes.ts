import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  captchaOut,
  changePasswordBody,
  errorBody,
  LOGIN_ADDRESS_MAX_FAILURES,
  LOGIN_CAPTCHA_AFTER_FAILURES,
  LOGIN_LOCK_MINUTES,
  LOGIN_MAX_FAILURES,
  forgotAnswer,
  forgotBody,
  forgotInfo,
  loginBody,
  okBody,
  profile,
  profileUpdateBody,
  resetBody,
  sessionUser,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { requireActor } from '../../http/access';
import { AppError } from '../../http/errors';
import { tooManyAttempts } from '../../http/guard';
import { createSession, currentTokenHash, destroySession } from '../../http/session';
import { audit } from '../../lib/audit';
import type { SharedState } from '../../lib/sharedState';
import { captchaGuard, checkCaptcha, newCaptcha } from './captcha';
import type { Mailer } from '../mail/mailer';
import { changePassword, findSessionUser, login } from './auth.service';
import { getProfile, updateProfile } from './profile.service';
import { sessionRoutes } from './sessions.routes';
import { FORGOT_ANSWER, FORGOT_OFFLINE, requestReset, resetPassword } from './reset.service';

const MINUTE = 60_000;

export const authRoutes =
  (
    db: Db,
    state: SharedState,
    opts: {
      cookieSecure: boolean;
      demoData: boolean;
      mailer: Mailer | null;
      loginRateMax: number;
      passwordMaxDays: number;
    },
  ): FastifyPluginAsyncZod =>
  async (app) => {
    // Two throttles instead of a lock anyone could set off: every attempt counts against the client address
    // (route limit, any usernames), and failures count against the account *from that address* (10 per 15 minutes),
    // so a stranger elsewhere slows only themselves while the owner still logs in. Unknown usernames count the same
    // way, so the answers do not tell which accounts exist.
    const perAddress = {
      max: opts.loginRateMax,
      timeWindow: MINUTE,
      onExceeded: (req: FastifyRequest) => void auditThrottled(req, 'address'),
    };
    const loginFailures = app.createRateLimit({
      max: LOGIN_ADDRESS_MAX_FAILURES,
      timeWindow: LOGIN_LOCK_MINUTES * MINUTE,
      keyGenerator: (req) =>
        `login-failures|${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
    });
    // Wrong old passwords on 修改密码 count per account: a stolen session must not become a password-guessing oracle.
    const oldPasswordFailures = app.createRateLimit({
      max: LOGIN_MAX_FAILURES,
      timeWindow: LOGIN_LOCK_MINUTES * MINUTE,
      keyGenerator: (req) => `old-password|${req.ctx.actor?.id ?? req.ip}`,
    });
    // Failures for the account from anywhere: past LOGIN_CAPTCHA_AFTER_FAILURES every login to it needs a captcha
    // (instead of a lock a stranger could set off). Keyed by the name typed, known or not, so the captcha tells a
    // stranger nothing about which accounts exist.
    const accountKey = (req: { body: { username: string } }) =>
      `login-account:${req.body.username.trim().toLowerCase()}`;
    const ACCOUNT_WINDOW = LOGIN_LOCK_MINUTES * MINUTE;
    const auditThrottled = (req: FastifyRequest, by: string) =>
      audit(
        db,
        { ...req.ctx, actor: null },
        {
          action: 'login.throttled',
          actorName: String((req.body as { username?: unknown } | undefined)?.username ?? '').slice(0, 64) || undefined,
          after: { by },
        },
      ).catch((e: unknown) => req.log.error({ err: e }, 'audit of a throttled login failed'));

    app.post(
      '/api/auth/login',
      {
        config: { rateLimit: perAddress },
        schema: {
          tags: ['auth'],
          summary: '登录',
          body: loginBody,
          response: { 200: sessionUser, 400: errorBody, 401: errorBody, 429: errorBody, 503: errorBody },
        },
      },
      async (req, reply) => {
        const seen = await loginFailures(req, { increment: false });
        if (!seen.isAllowed && seen.remaining === 0) {
          await auditThrottled(req, 'account_and_address');
          throw tooManyAttempts(seen.ttlInSeconds);
        }
        const failures = await state.peek(accountKey(req), ACCOUNT_WINDOW);
        if (failures.count >= LOGIN_CAPTCHA_AFTER_FAILURES) {
          try {
            await checkCaptcha(state, req.body.captchaId, req.body.captchaAnswer);
          } catch (e) {
            await auditThrottled(req, 'captcha');
            throw e;
          }
        }
        let user;
        try {
          user = await login(db, req.ctx, req.body.username, req.body.password, {
            demoData: opts.demoData,
            passwordMaxDays: opts.passwordMaxDays,
          });
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'invalid_credentials')) throw e;
          await loginFailures(req);
          const after = await state.hit(accountKey(req), ACCOUNT_WINDOW);
          // The same answer as any failure, plus the hint that the next attempt needs a captcha (the login page shows it).
          if (after.count >= LOGIN_CAPTCHA_AFTER_FAILURES)
            throw new AppError(401, 'invalid_credentials', undefined, { captchaRequired: true });
          throw e;
        }
        await state.clear(accountKey(req));
        await createSession(db, user.id, req, reply, opts.cookieSecure);
        return user;
      },
    );

    // A fresh picture for the login (after repeated failures), 忘记密码 and anonymous objections. Limited per address:
    // each one costs a little CPU and a slot in the shared state.
    app.get(
      '/api/auth/captcha',
      {
        config: { rateLimit: { max: Math.max(30, opts.loginRateMax), timeWindow: MINUTE } },
        schema: {
          tags: ['auth'],
          summary: '获取图形验证码（2 分钟内有效，只能校验一次）',
          response: { 200: captchaOut, 429: errorBody, 503: errorBody },
        },
      },
      () => newCaptcha(state),
    );

    app.get(
      '/api/auth/me',
      { schema: { tags: ['auth'], summary: '当前用户', response: { 200: sessionUser, 401: errorBody } } },
      async (req) => findSessionUser(db, requireActor(req.ctx).id, opts.passwordMaxDays),
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags: ['auth'], summary: '退出登录', response: { 200: okBody } } },
      async (req, reply) => {
        if (req.ctx.actor)
          await audit(db, req.ctx, { action: 'logout', entityType: 'user', entityId: req.ctx.actor.id });
        await destroySession(db, req, reply);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/auth/password',
      {
        config: { rateLimit: { max: opts.loginRateMax, timeWindow: MINUTE } },
        schema: {
          tags: ['auth'],
          summary: '修改密码（成功后该账号的其他会话全部结束）',
          body: changePasswordBody,
          response: { 200: okBody, 400: errorBody, 401: errorBody, 429: errorBody },
        },
      },
      async (req, reply) => {
        requireActor(req.ctx);
        // Clears a one-time password (mustChangePassword), so the other calls open up again.
        try {
          await changePassword(db, req.ctx, req.body.oldPassword, req.body.newPassword, currentTokenHash(req));
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'wrong_password')) throw e;
          const count = await oldPasswordFailures(req);
          if (count.isAllowed || count.remaining > 0) throw e;
          // The fifth wrong old password: this session ends, and whoever holds it must log in with the password.
          await audit(db, req.ctx, {
            action: 'password.guess_stopped',
            entityType: 'user',
            entityId: req.ctx.actor!.id,
          });
          await destroySession(db, req, reply);
          throw new AppError(401, 'unauthenticated', '原密码错误次数过多，已退出登录，请重新登录');
        }
        return { ok: true as const };
      },
    );

    await app.register(sessionRoutes(db));

    const mailEnabled = !!opts.mailer;
    app.get(
      '/api/auth/profile',
      { schema: { tags: ['auth'], summary: '个人信息', response: { 200: profile, 401: errorBody } } },
      (req) => getProfile(db, req.ctx, mailEnabled),
    );
    app.patch(
      '/api/auth/profile',
      {
        schema: {
          tags: ['auth'],
          summary: '修改个人信息（手机号、邮箱、邮件通知方式）',
          body: profileUpdateBody,
          response: { 200: profile, 400: errorBody, 401: errorBody },
        },
      },
      (req) => updateProfile(db, req.ctx, mailEnabled, req.body),
    );

    // 忘记密码: whether reset by e-mail is available (the login page explains what to do otherwise).
    app.get(
      '/api/auth/forgot',
      { schema: { tags: ['auth'], summary: '找回密码方式', response: { 200: forgotInfo } } },
      async () => ({
        byEmail: mailEnabled,
        message: mailEnabled ? FORGOT_ANSWER : FORGOT_OFFLINE,
      }),
    );
    app.post(
      '/api/auth/forgot',
      {
        // Anonymous and each request may send a mail: a captcha every time, besides the address limit.
        config: { rateLimit: { max: opts.loginRateMax, timeWindow: MINUTE } },
        preHandler: captchaGuard(state),
        schema: {
          tags: ['auth'],
          summary: '忘记密码：发送重置链接到登记的邮箱（需图形验证码）',
          body: forgotBody,
          response: { 200: forgotAnswer, 400: errorBody, 429: errorBody, 503: errorBody },
        },
      },
      (req) => requestReset(db, req.ctx, opts.mailer, req.body.login, app.log),
    );
    app.post(
      '/api/auth/reset',
      {
        config: { rateLimit: { max: opts.loginRateMax, timeWindow: MINUTE } },
        schema: {
          tags: ['auth'],
          summary: '通过邮件链接重置密码',
          body: resetBody,
          response: { 200: okBody, 400: errorBody, 429: errorBody },
        },
      },
      (req) => resetPassword(db, req.ctx, req.body.token, req.body.newPassword),
    );
  };
