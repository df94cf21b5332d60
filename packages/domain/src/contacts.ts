import { z } from 'zod';

// Contacts of the person behind an account. One set of rules for the server's contracts and the web's form rules,
// so a number the page accepts is never refused by the server (or the other way round).

/** Mainland mobile numbers: 11 digits starting 13–19 (no +86, spaces or dashes; those are stripped by the page). */
const PHONE_PATTERN = /^1[3-9]\d{9}$/;
const PHONE_MESSAGE = '手机号应为 11 位中国大陆手机号码（1 开头，第二位 3–9）';
const EMAIL_MESSAGE = '邮箱格式不正确，例如 name@example.com';

// zod's own e-mail check (the HTML5 rule): no hand-written RFC 5322 parser here.
const emailCheck = z.email();

function isPhone(v: string): boolean {
  return PHONE_PATTERN.test(v);
}

function isEmail(v: string): boolean {
  return v.length <= 254 && emailCheck.safeParse(v).success;
}

/** Same as isPhone/isEmail but with the Chinese message, for the web's form rules. */
export function checkPhone(v: string): string | null {
  return v === '' || isPhone(v) ? null : PHONE_MESSAGE;
}
export function checkEmail(v: string): string | null {
  return v === '' || isEmail(v) ? null : EMAIL_MESSAGE;
}

export const EMAIL_NOTIFY = ['instant', 'daily', 'off'] as const;
export type EmailNotify = (typeof EMAIL_NOTIFY)[number];
export const EMAIL_NOTIFY_LABELS: Record<EmailNotify, string> = {
  instant: '每条通知即时发送',
  daily: '每日汇总一封',
  off: '不发送邮件',
};

/** An optional phone in a request body: blank or null clears it. */
export const phoneField = z
  .string()
  .trim()
  .refine((v) => v === '' || isPhone(v), PHONE_MESSAGE)
  .transform((v) => v || null)
  .nullable();

/** An optional e-mail in a request body, kept in lower case so a login by e-mail finds it; blank or null clears it. */
export const emailField = z
  .string()
  .trim()
  .refine((v) => v === '' || isEmail(v), EMAIL_MESSAGE)
  .transform((v) => v.toLowerCase() || null)
  .nullable();
