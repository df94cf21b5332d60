import { z } from 'zod';
import { ROLES } from '../roles';
import { EMAIL_NOTIFY, emailField, phoneField } from '../contacts';

/** A captcha the server made (GET /api/auth/captcha): its id and what the person read off the picture. */
export const captchaFields = {
  captchaId: z.string({ error: '请输入图形验证码' }).trim().min(1, '请输入图形验证码').max(64),
  captchaAnswer: z.string({ error: '请输入图形验证码' }).trim().min(1, '请输入图形验证码').max(16),
};
/** GET /api/auth/captcha: the picture as a data: URL (an <img> may show it under the page's CSP). */
export const captchaOut = z.object({ id: z.string(), image: z.string(), expiresInSeconds: z.number() });

export const loginBody = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
  // Only after repeated failures for the account (the failure answer then carries details.captchaRequired).
  captchaId: captchaFields.captchaId.optional(),
  captchaAnswer: captchaFields.captchaAnswer.optional(),
});

export const sessionUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  regionCode: z.string().nullable(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  orgType: z.enum(['school', 'enterprise']).nullable(),
  isDemo: z.boolean(),
  /** The password was set by someone else (an administrator, a reset): every other call answers
   * password_change_required until the owner changes it. */
  mustChangePassword: z.boolean(),
  /** When the password expires (PASSWORD_MAX_AGE_DAYS; null: never). Past it, mustChangePassword is true; the web
   * warns from PASSWORD_EXPIRY_WARNING_DAYS before. */
  passwordExpiresAt: z.string().nullable().optional(),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const changePasswordBody = z.strictObject({
  oldPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const profile = z.object({
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  emailNotify: z.enum(EMAIL_NOTIFY),
  /** Whether the platform sends e-mail at all (SMTP configured); the page explains the setting is idle otherwise. */
  mailEnabled: z.boolean(),
});
export type Profile = z.infer<typeof profile>;

export const profileUpdateBody = z.strictObject({
  phone: phoneField.optional(),
  email: emailField.optional(),
  emailNotify: z.enum(EMAIL_NOTIFY).optional(),
});

/** 忘记密码: a username or the e-mail on file. */
export const forgotBody = z.strictObject({
  login: z.string().trim().min(1, '请输入用户名或邮箱').max(254),
  ...captchaFields,
});
export const forgotAnswer = z.object({ ok: z.literal(true), message: z.string() });
export const forgotInfo = z.object({ byEmail: z.boolean(), message: z.string() });

export const resetBody = z.strictObject({
  token: z.string().trim().min(1, '重置链接不完整，请从邮件中重新打开').max(200),
  newPassword: z.string().min(1, '请输入新密码').max(128),
});

/** One of the caller's open sessions (账号安全: where am I logged in). `id` is a prefix of the token's hash: it names
 * the session to end without being usable as a cookie. */
export const activeSession = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const activeSessionList = z.object({ items: z.array(activeSession) });
export const sessionIdParam = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, '会话编号不正确') });
