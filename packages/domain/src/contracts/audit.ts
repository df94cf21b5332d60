import { z } from 'zod';
import { pageQuery } from './common';

export const auditQuery = z.object({
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  ...pageQuery,
});

export const auditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  regionCode: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});
export const auditList = z.object({ items: z.array(auditEntry), total: z.number() });

/** Chinese labels for audit actions shown on the audit page. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'login.success': '登录成功',
  'login.failure': '登录失败',
  'login.locked': '账号锁定',
  logout: '退出登录',
  'password.change': '修改密码',
  'password.reset_request': '申请找回密码',
  'password.reset': '通过邮件重置密码',
  'profile.update': '修改个人信息',
  'org.create': '新建单位',
  'org.update': '修改单位',
  'account.create': '新建账号',
  'account.update': '修改账号',
  'onboarding.handout.download': '下载账号开通单',
  'dict.create': '新增字典项',
  'dict.update': '修改字典项',
};
