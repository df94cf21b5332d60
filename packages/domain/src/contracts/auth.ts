import { z } from 'zod';
import { ROLES } from '../roles';

export const loginBody = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
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
});
export type SessionUser = z.infer<typeof sessionUser>;

export const changePasswordBody = z.strictObject({
  oldPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});
