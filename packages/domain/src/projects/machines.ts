import { ROLE_LABELS, type Role } from '../roles';
import { isIsoDate } from './common';

/**
 * The agreement, project and progress-report machines of shared/design/workflows.md, as data plus pure functions in
 * the style of workflow/formMachine.ts. Ownership (that a school acts only on its own agreements) is the server's
 * scoping, not these tables'. Result codes are ErrorCodes of errors.ts: illegal_transition (409: no such move now),
 * forbidden_transition (403: not for this role), validation_failed / reasons_required (422: missing input).
 */
type MachineRefusal = {
  ok: false;
  code: 'illegal_transition' | 'forbidden_transition' | 'validation_failed' | 'reasons_required';
  message: string;
};
export type MachineResult<S> = { ok: true; to: S } | MachineRefusal;

/** The parties of an agreement, project or report: they fill, the bureaus review. */
const PARTY_ROLES: readonly Role[] = Object.freeze(['school', 'enterprise'] as Role[]);
const BUREAU_ROLES: readonly Role[] = Object.freeze(['region', 'province'] as Role[]);

const refuse = (code: MachineRefusal['code'], message: string): MachineRefusal => ({ ok: false, code, message });
const blank = (s: string | undefined) => !s || !s.trim();

// ---------------------------------------------------------------- Agreement (校企合作协议)

export const AGREEMENT_STATES = ['draft', 'pending_confirmation', 'signed', 'active', 'expired', 'terminated'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];
export const AGREEMENT_STATE_LABELS: Readonly<Record<AgreementState, string>> = Object.freeze({
  draft: '草稿',
  pending_confirmation: '待各方确认',
  signed: '已签订',
  active: '履行中',
  expired: '已到期',
  terminated: '已终止',
});

export const AGREEMENT_ACTIONS = ['sign', 'confirm', 'decline', 'return', 'activate', 'expire', 'terminate'] as const;
export type AgreementAction = (typeof AGREEMENT_ACTIONS)[number];
export const AGREEMENT_ACTION_LABELS: Readonly<Record<AgreementAction, string>> = Object.freeze({
  sign: '确认签订',
  confirm: '确认协议',
  decline: '拒绝确认',
  return: '备案退回',
  activate: '开始履行',
  expire: '到期',
  terminate: '终止协议',
});

/**
 * A draft is deleted, never terminated. A signature makes the agreement wait for every party's own confirmation
 * (pending_confirmation): nothing counts for a party that has not agreed to it. 'confirm' by the last party moves it
 * to signed (ctx.unconfirmedAfter = 0), earlier ones keep it waiting; any party may 'decline' with a reason (back to
 * draft), and the bureau filing the agreement may 'return' it with a reason (confirmations start again).
 * 'activate' and 'expire' follow the dates and need no person (any role, or the server itself); signed → expired is
 * allowed for an agreement whose whole term passed before anybody activated it.
 */
const AGREEMENT_TRANSITIONS: readonly {
  from: AgreementState;
  action: AgreementAction;
  to: AgreementState;
  roles: readonly Role[];
}[] = Object.freeze([
  { from: 'draft', action: 'sign', to: 'pending_confirmation', roles: PARTY_ROLES },
  { from: 'pending_confirmation', action: 'confirm', to: 'signed', roles: PARTY_ROLES },
  { from: 'pending_confirmation', action: 'decline', to: 'draft', roles: PARTY_ROLES },
  { from: 'signed', action: 'return', to: 'pending_confirmation', roles: BUREAU_ROLES },
  { from: 'active', action: 'return', to: 'pending_confirmation', roles: BUREAU_ROLES },
  { from: 'expired', action: 'return', to: 'pending_confirmation', roles: BUREAU_ROLES },
  { from: 'signed', action: 'activate', to: 'active', roles: [] },
  { from: 'signed', action: 'expire', to: 'expired', roles: [] },
  { from: 'active', action: 'expire', to: 'expired', roles: [] },
  { from: 'signed', action: 'terminate', to: 'terminated', roles: PARTY_ROLES },
  { from: 'active', action: 'terminate', to: 'terminated', roles: PARTY_ROLES },
]);

export interface AgreementContext {
  /** The signed scan (PDF/image) has been uploaded. */
  hasScan: boolean;
  signingDate?: string;
  today: string;
  termStart: string;
  termEnd: string;
  /** Required for 'terminate', 'decline' and 'return'. */
  reason?: string;
  /** For 'confirm': how many parties still have not confirmed once this one has; 0 makes the agreement signed. */
  unconfirmedAfter?: number;
  /** When given, checked against the rule's roles (date-driven moves accept anybody). */
  role?: Role;
}

/** The move of `action` from `state`; the ctx supplies what the move needs (scan, dates, reason). */
export function agreementTransition(
  state: AgreementState,
  action: AgreementAction,
  ctx: AgreementContext,
): MachineResult<AgreementState> {
  const rule = AGREEMENT_TRANSITIONS.find((t) => t.from === state && t.action === action);
  if (!rule) {
    if (state === 'draft' && action === 'terminate')
      return refuse('illegal_transition', '草稿状态的协议不能终止，如不再签订请直接删除');
    return refuse(
      'illegal_transition',
      `当前状态“${AGREEMENT_STATE_LABELS[state] ?? state}”不能执行“${AGREEMENT_ACTION_LABELS[action] ?? action}”`,
    );
  }
  if (ctx.role && rule.roles.length > 0 && !rule.roles.includes(ctx.role)) {
    return refuse(
      'forbidden_transition',
      `${ROLE_LABELS[ctx.role] ?? ctx.role}不能对协议执行“${AGREEMENT_ACTION_LABELS[action]}”`,
    );
  }
  switch (action) {
    case 'sign': {
      if (!ctx.hasScan) return refuse('validation_failed', '请先上传双方签字盖章的协议扫描件');
      if (blank(ctx.signingDate) || !isIsoDate(ctx.signingDate))
        return refuse('validation_failed', '请填写签订日期（YYYY-MM-DD）');
      if (ctx.signingDate! > ctx.today) return refuse('validation_failed', '签订日期不能晚于今天');
      if (ctx.termEnd < ctx.termStart) return refuse('validation_failed', '协议期限的结束日期不能早于开始日期');
      break;
    }
    case 'activate':
      if (ctx.today < ctx.termStart)
        return refuse('illegal_transition', `协议期限自 ${ctx.termStart} 开始，尚未到开始日期`);
      if (ctx.today > ctx.termEnd)
        return refuse('illegal_transition', `协议期限已于 ${ctx.termEnd} 结束，应为“已到期”`);
      break;
    case 'expire':
      if (ctx.today <= ctx.termEnd) return refuse('illegal_transition', `协议期限至 ${ctx.termEnd}，尚未到期`);
      break;
    case 'terminate':
      if (blank(ctx.reason)) return refuse('reasons_required', '终止协议须填写原因');
      break;
    case 'decline':
      if (blank(ctx.reason)) return refuse('reasons_required', '拒绝确认须填写原因');
      break;
    case 'return':
      if (blank(ctx.reason)) return refuse('reasons_required', '退回协议须填写退回原因');
      break;
    case 'confirm':
      if ((ctx.unconfirmedAfter ?? 0) > 0) return { ok: true, to: 'pending_confirmation' };
      break;
  }
  return { ok: true, to: rule.to };
}

/**
 * The state to show and count on `today`: a signed or active agreement is active from its start date and expired
 * after its end date, so no scheduler has to move it. Other states are returned as stored.
 */
export function agreementStateOn(
  today: string,
  agreement: { state: AgreementState; termStart: string; termEnd: string },
): AgreementState {
  const { state, termStart, termEnd } = agreement;
  if (state !== 'signed' && state !== 'active') return state;
  if (today > termEnd) return 'expired';
  if (today >= termStart) return 'active';
  return 'signed';
}

/** What may still change: everything in draft; only new projects once signed (waiting for confirmations) or active; nothing afterwards. */
export function agreementEditScope(state: AgreementState): 'full' | 'add_projects' | 'none' {
  if (state === 'draft') return 'full';
  if (state === 'pending_confirmation' || state === 'signed' || state === 'active') return 'add_projects';
  return 'none';
}

/** Only a draft is fully editable (parties, terms, dates, text). */
export function isAgreementEditable(state: AgreementState): boolean {
  return agreementEditScope(state) === 'full';
}

/** Projects may be added to a draft, signed or active agreement. */
export function canAddProjects(state: AgreementState): boolean {
  return agreementEditScope(state) !== 'none';
}

/** The key-project flag (重点项目, for the signing ceremony): region or province, while signed or active. */
export function canFlagKey(state: AgreementState, role: Role): boolean {
  return (state === 'signed' || state === 'active') && BUREAU_ROLES.includes(role);
}

/** The states in which an agreement has been agreed by every party and counts (indicators, quota, assessment). */
export const AGREEMENT_COUNTED_STATES: readonly AgreementState[] = Object.freeze([
  'signed',
  'active',
  'expired',
] as AgreementState[]);

/** States whose text was frozen when the last party confirmed: the stored Word file is the agreement. */
export function isAgreementFrozen(state: AgreementState): boolean {
  return state === 'signed' || state === 'active' || state === 'expired' || state === 'terminated';
}

/** Actions to offer for `state` (and `role`, when given); the ctx's conditions are checked when the move is made. */
export function allowedAgreementActions(state: AgreementState, role?: Role): AgreementAction[] {
  return AGREEMENT_TRANSITIONS.filter(
    (t) => t.from === state && (!role || t.roles.length === 0 || t.roles.includes(role)),
  ).map((t) => t.action);
}

// ---------------------------------------------------------------- Cooperation project (合作共建项目)

export const PROJECT_STATES = ['planned', 'running', 'completed', 'stopped'] as const;
export type ProjectState = (typeof PROJECT_STATES)[number];
export const PROJECT_STATE_LABELS: Readonly<Record<ProjectState, string>> = Object.freeze({
  planned: '计划中',
  running: '实施中',
  completed: '已完成',
  stopped: '已中止',
});

export const PROJECT_ACTIONS = ['start', 'complete', 'stop'] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];
export const PROJECT_ACTION_LABELS: Readonly<Record<ProjectAction, string>> = Object.freeze({
  start: '开始实施',
  complete: '完成',
  stop: '中止',
});

/** A planned project that never starts is stopped with a reason too, so nothing disappears silently. */
const PROJECT_TRANSITIONS: readonly {
  from: ProjectState;
  action: ProjectAction;
  to: ProjectState;
  roles: readonly Role[];
  needsReason: boolean;
}[] = Object.freeze([
  { from: 'planned', action: 'start', to: 'running', roles: PARTY_ROLES, needsReason: false },
  { from: 'planned', action: 'stop', to: 'stopped', roles: PARTY_ROLES, needsReason: true },
  { from: 'running', action: 'complete', to: 'completed', roles: PARTY_ROLES, needsReason: false },
  { from: 'running', action: 'stop', to: 'stopped', roles: PARTY_ROLES, needsReason: true },
]);

/**
 * ctx.reason is required for 'stop'. When ctx.agreementState is given (the agreement's state on today), a project
 * starts only under a signed or active agreement.
 */
export function projectTransition(
  state: ProjectState,
  action: ProjectAction,
  role: Role,
  ctx: { reason?: string; agreementState?: AgreementState } = {},
): MachineResult<ProjectState> {
  const rule = PROJECT_TRANSITIONS.find((t) => t.from === state && t.action === action);
  if (!rule)
    return refuse(
      'illegal_transition',
      `当前状态“${PROJECT_STATE_LABELS[state] ?? state}”不能执行“${PROJECT_ACTION_LABELS[action] ?? action}”`,
    );
  if (!rule.roles.includes(role))
    return refuse(
      'forbidden_transition',
      `${ROLE_LABELS[role] ?? role}不能对项目执行“${PROJECT_ACTION_LABELS[action]}”`,
    );
  if (rule.needsReason && blank(ctx.reason)) return refuse('reasons_required', '中止项目须填写原因');
  if (action === 'start' && ctx.agreementState && ctx.agreementState !== 'signed' && ctx.agreementState !== 'active') {
    return refuse('illegal_transition', `所属协议“${AGREEMENT_STATE_LABELS[ctx.agreementState]}”，项目不能开始实施`);
  }
  return { ok: true, to: rule.to };
}

export function allowedProjectActions(state: ProjectState, role: Role): ProjectAction[] {
  return PROJECT_TRANSITIONS.filter((t) => t.from === state && t.roles.includes(role)).map((t) => t.action);
}

// ---------------------------------------------------------------- Progress report (进度报告)

export const REPORT_STATES = ['due', 'draft', 'submitted', 'accepted', 'returned'] as const;
export type ReportState = (typeof REPORT_STATES)[number];
/** For display only, derived from the due date: never stored. */
export const REPORT_DISPLAY_STATES = [...REPORT_STATES, 'overdue'] as const;
export type ReportDisplayState = (typeof REPORT_DISPLAY_STATES)[number];
export const REPORT_STATE_LABELS: Readonly<Record<ReportDisplayState, string>> = Object.freeze({
  due: '待填报',
  draft: '填报中',
  submitted: '已提交待审核',
  accepted: '已通过',
  returned: '已退回',
  overdue: '已逾期',
});

export const REPORT_ACTIONS = ['start', 'submit', 'accept', 'return'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];
export const REPORT_ACTION_LABELS: Readonly<Record<ReportAction, string>> = Object.freeze({
  start: '开始填报',
  submit: '提交',
  accept: '审核通过',
  return: '退回修改',
});

/** Fillers are the project's parties; the region reviews, the province may too. */
const REPORT_TRANSITIONS: readonly {
  from: ReportState;
  action: ReportAction;
  to: ReportState;
  roles: readonly Role[];
  needsReason: boolean;
}[] = Object.freeze([
  { from: 'due', action: 'start', to: 'draft', roles: PARTY_ROLES, needsReason: false },
  { from: 'draft', action: 'submit', to: 'submitted', roles: PARTY_ROLES, needsReason: false },
  { from: 'returned', action: 'submit', to: 'submitted', roles: PARTY_ROLES, needsReason: false },
  { from: 'submitted', action: 'accept', to: 'accepted', roles: BUREAU_ROLES, needsReason: false },
  { from: 'submitted', action: 'return', to: 'returned', roles: BUREAU_ROLES, needsReason: true },
]);

/** `reason` is required for 'return'. */
export function reportTransition(
  state: ReportState,
  action: ReportAction,
  role: Role,
  reason?: string,
): MachineResult<ReportState> {
  const rule = REPORT_TRANSITIONS.find((t) => t.from === state && t.action === action);
  if (!rule)
    return refuse(
      'illegal_transition',
      `当前状态“${REPORT_STATE_LABELS[state] ?? state}”不能执行“${REPORT_ACTION_LABELS[action] ?? action}”`,
    );
  if (!rule.roles.includes(role))
    return refuse(
      'forbidden_transition',
      `${ROLE_LABELS[role] ?? role}不能对进度报告执行“${REPORT_ACTION_LABELS[action]}”`,
    );
  if (rule.needsReason && blank(reason)) return refuse('reasons_required', '退回时须填写退回原因');
  return { ok: true, to: rule.to };
}

export function allowedReportActions(state: ReportState, role: Role): ReportAction[] {
  return REPORT_TRANSITIONS.filter((t) => t.from === state && t.roles.includes(role)).map((t) => t.action);
}

/** A report not yet submitted (due or draft) after its due date shows as overdue. */
export function reportDisplayState(state: ReportState, dueDate: string, today: string): ReportDisplayState {
  return (state === 'due' || state === 'draft') && today > dueDate ? 'overdue' : state;
}

/** The filler types while the report is due (saving moves it to draft), draft or returned. */
export function isReportEditableBy(state: ReportState, role: Role): boolean {
  return (state === 'due' || state === 'draft' || state === 'returned') && PARTY_ROLES.includes(role);
}
