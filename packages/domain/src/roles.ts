// Roles and what each may do. The server's requireAccess is the only place that decides; the web
// reads the same table to choose which menu items and buttons to show.
export const ROLES = ['province', 'region', 'school', 'enterprise', 'expert'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  province: '省人社厅',
  region: '市州人社局',
  school: '技工院校',
  enterprise: '企业',
  expert: '评审专家',
};

export type Permission =
  | 'org.read'
  | 'org.create'
  | 'org.update'
  | 'account.read'
  | 'account.manage'
  | 'dict.update'
  | 'audit.read'
  | 'campaign.read'
  | 'campaign.manage'
  | 'form.read'
  | 'form.fill'
  | 'form.review'
  | 'form.accept'
  | 'form.import'
  | 'batch.submit'
  | 'catalogue.publish'
  | 'intent.read'
  | 'intent.send'
  | 'recommendation.read'
  | 'event.manage'
  | 'event.register'
  | 'training.read'
  | 'training.manage'
  | 'training.import'
  | 'keyindustry.manage'
  | 'mentor.read'
  | 'mentor.manage'
  | 'ops.read'
  // Issue 19 parts 6–7: subsidised training, evaluation and contests; school assessment; priority lists.
  | 'skill.read'
  | 'skill.record'
  | 'skill.review'
  | 'schoolassess.read'
  | 'schoolassess.manage'
  | 'priority.read'
  | 'priority.manage'
  // Notice 二(一)–(三), 三(一): layout, specialty setting and exit, teachers, cooperation office.
  | 'layout.read'
  | 'layout.manage'
  | 'layout.flagship'
  | 'specialty.read'
  | 'specialty.apply'
  | 'specialty.partner'
  | 'specialty.review'
  | 'teacher.read'
  | 'teacher.manage'
  /** The bureau (or the province) reviews recruited enterprise talent and 工学一体化 teacher-training bases. */
  | 'teacher.review'
  | 'office.read'
  | 'office.manage'
  /** 上报: the 全省专项行动进展统计表 (province: all regions; bureau: its own). */
  | 'report.export';

/** Which roles hold a permission at all; the scope (own region / own organisation) is applied on top. */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  province: [
    'org.read',
    'org.create',
    'org.update',
    'account.read',
    'account.manage',
    'dict.update',
    'audit.read',
    'campaign.read',
    'campaign.manage',
    'form.read',
    'form.review',
    'form.accept',
    'form.import',
    'catalogue.publish',
    'intent.read',
    'event.manage',
    'training.read',
    'training.import',
    'keyindustry.manage',
    'mentor.read',
    'ops.read',
    'skill.read',
    'skill.review',
    'schoolassess.read',
    'priority.read',
    'priority.manage',
    'layout.read',
    'layout.manage',
    'layout.flagship',
    'specialty.read',
    'specialty.review',
    'teacher.read',
    'teacher.review',
    'office.read',
    'report.export',
  ],
  region: [
    'org.read',
    'org.create',
    'org.update',
    'account.read',
    'account.manage',
    'campaign.read',
    'form.read',
    'form.review',
    'form.import',
    'batch.submit',
    'intent.read',
    'recommendation.read',
    'event.manage',
    'training.read',
    'training.import',
    'mentor.read',
    'skill.read',
    'skill.record',
    'skill.review',
    'schoolassess.read',
    'schoolassess.manage',
    'priority.read',
    'layout.read',
    'layout.manage',
    'specialty.read',
    'specialty.review',
    'teacher.read',
    'teacher.review',
    'office.read',
    'report.export',
  ],
  school: [
    'org.read',
    'org.update',
    'campaign.read',
    'form.read',
    'form.fill',
    'form.import',
    'intent.read',
    'intent.send',
    'recommendation.read',
    'event.register',
    'training.read',
    'training.manage',
    'mentor.read',
    'mentor.manage',
    'skill.read',
    'skill.record',
    'schoolassess.read',
    'specialty.read',
    'specialty.apply',
    'teacher.read',
    'teacher.manage',
    'office.read',
    'office.manage',
  ],
  enterprise: [
    'org.read',
    'org.update',
    'campaign.read',
    'form.read',
    'form.fill',
    'form.import',
    'intent.read',
    'intent.send',
    'recommendation.read',
    'event.register',
    'skill.read',
    'skill.record',
    'specialty.read',
    'specialty.partner',
  ],
  expert: ['campaign.read'],
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && ROLE_PERMISSIONS[role].includes(permission);
}

/** The organisation-level role a region bureau or the province may create accounts for. */
export const ACCOUNT_ROLES_MANAGED_BY: Record<Role, readonly Role[]> = {
  province: ['province', 'region', 'school', 'enterprise', 'expert'],
  region: ['school', 'enterprise'],
  school: [],
  enterprise: [],
  expert: [],
};
