import { z } from 'zod';
import { ROLES } from '../roles';
import { EMAIL_NOTIFY, emailField, phoneField } from '../contacts';
import { pageQuery, requiredText } from './common';

export const accountListQuery = z.object({
  role: z.enum(ROLES).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  q: z.string().trim().max(100).optional(),
  ...pageQuery,
});

export const account = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  regionCode: z.string().nullable(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  emailNotify: z.enum(EMAIL_NOTIFY),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export const accountList = z.object({ items: z.array(account), total: z.number() });

export const accountCreateBody = z.strictObject({
  username: z
    .string()
    .trim()
    .min(3, '用户名至少 3 位')
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, '用户名只能包含字母、数字、点、下划线和连字符'),
  displayName: requiredText(60),
  role: z.enum(ROLES),
  regionCode: z
    .string()
    .regex(/^\d{6}$/)
    .nullable()
    .default(null),
  orgId: z.number().int().positive().nullable().default(null),
  password: z.string().min(1).max(128),
  phone: phoneField.default(null),
  email: emailField.default(null),
  emailNotify: z.enum(EMAIL_NOTIFY).default('instant'),
});

export const accountUpdateBody = z.strictObject({
  displayName: requiredText(60).optional(),
  disabled: z.boolean().optional(),
  unlock: z.boolean().optional(),
  password: z.string().min(1).max(128).optional(),
  phone: phoneField.optional(),
  email: emailField.optional(),
  emailNotify: z.enum(EMAIL_NOTIFY).optional(),
});
