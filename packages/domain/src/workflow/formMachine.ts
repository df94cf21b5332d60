import { ROLE_LABELS, type Role } from '../roles';

/**
 * The demand-form machine of shared/design/workflows.md as data plus one pure function. The server refuses any other
 * move (409 with the code), the web shows only allowedFormActions(state, role). Ownership — that a school acts only on
 * its own form and a bureau only on its region's — is the server's scoping, not this table's.
 */
export const FORM_STATES = ['draft', 'submitted', 'returned', 'region_approved', 'with_province', 'accepted'] as const;
export type FormState = (typeof FORM_STATES)[number];

/** For display only: an organisation expected to file that has no form yet. Never stored. */
const NOT_STARTED = 'not_started' as const;
export type FormDisplayState = typeof NOT_STARTED | FormState;

export const FORM_STATE_LABELS: Readonly<Record<FormDisplayState, string>> = Object.freeze({
  not_started: '未填报',
  draft: '草稿',
  submitted: '已提交待审核',
  returned: '已退回',
  region_approved: '市州已审核',
  with_province: '已报省厅',
  accepted: '省厅已接收',
});

export function formDisplayState(state: FormState | null | undefined): FormDisplayState {
  return state ?? NOT_STARTED;
}

export const FORM_ACTIONS = [
  'submit',
  'resubmit',
  'approve',
  'return',
  'region_reopen',
  'submit_to_province',
  'accept',
  'province_return',
  'reopen',
] as const;
export type FormAction = (typeof FORM_ACTIONS)[number];

export const FORM_ACTION_LABELS: Readonly<Record<FormAction, string>> = Object.freeze({
  submit: '提交',
  resubmit: '重新提交',
  approve: '审核通过',
  return: '退回修改',
  region_reopen: '撤回审核',
  submit_to_province: '报送省厅',
  accept: '接收',
  province_return: '省厅退回',
  reopen: '重新打开',
});

/** Organisations fill their own forms. */
const FORM_FILLER_ROLES: readonly Role[] = Object.freeze(['school', 'enterprise'] as Role[]);

export interface FormTransitionRule {
  from: FormState;
  action: FormAction;
  roles: readonly Role[];
  to: FormState;
  /** The move must carry ReturnReason[] (non-empty); they decide what the filler may change. */
  needsReasons: boolean;
}

export const FORM_TRANSITIONS: readonly FormTransitionRule[] = Object.freeze([
  { from: 'draft', action: 'submit', roles: FORM_FILLER_ROLES, to: 'submitted', needsReasons: false },
  { from: 'returned', action: 'resubmit', roles: FORM_FILLER_ROLES, to: 'submitted', needsReasons: false },
  { from: 'submitted', action: 'approve', roles: ['region'], to: 'region_approved', needsReasons: false },
  { from: 'submitted', action: 'return', roles: ['region'], to: 'returned', needsReasons: true },
  // A bureau may correct its own approval while the form has not yet left the region.
  { from: 'region_approved', action: 'region_reopen', roles: ['region'], to: 'returned', needsReasons: true },
  {
    from: 'region_approved',
    action: 'submit_to_province',
    roles: ['region'],
    to: 'with_province',
    needsReasons: false,
  },
  { from: 'with_province', action: 'accept', roles: ['province'], to: 'accepted', needsReasons: false },
  { from: 'with_province', action: 'province_return', roles: ['province'], to: 'returned', needsReasons: true },
  { from: 'accepted', action: 'reopen', roles: ['province'], to: 'returned', needsReasons: true },
] satisfies FormTransitionRule[]);

export type FormTransitionResult =
  | { ok: true; to: FormState; needsReasons: boolean; locksForm: boolean }
  | { ok: false; code: 'illegal_transition' | 'forbidden_transition'; message: string };

/** Where the filler may still type. A returned form is editable only where the reasons unlock it (checkEditsAllowed). */
const EDITABLE_STATES: readonly FormState[] = ['draft', 'returned'];

/**
 * The move of `action` from `state` by `role`. 'illegal_transition': the action does not exist in this state for
 * anybody; 'forbidden_transition': it does, but not for this role. locksForm is true when the form becomes final
 * (accepted): its data then feeds the catalogue and only `reopen` changes it.
 */
export function formTransition(state: FormState, action: FormAction, role: Role): FormTransitionResult {
  const rule = FORM_TRANSITIONS.find((t) => t.from === state && t.action === action);
  if (!rule) {
    return {
      ok: false,
      code: 'illegal_transition',
      message: `当前状态“${FORM_STATE_LABELS[state] ?? state}”不能执行“${FORM_ACTION_LABELS[action] ?? action}”`,
    };
  }
  if (!rule.roles.includes(role)) {
    return {
      ok: false,
      code: 'forbidden_transition',
      message: `${ROLE_LABELS[role] ?? role}不能对“${FORM_STATE_LABELS[state]}”的需求表执行“${FORM_ACTION_LABELS[action]}”`,
    };
  }
  return { ok: true, to: rule.to, needsReasons: rule.needsReasons, locksForm: rule.to === 'accepted' };
}

export function allowedFormActions(state: FormState, role: Role): FormAction[] {
  return FORM_TRANSITIONS.filter((t) => t.from === state && t.roles.includes(role)).map((t) => t.action);
}

/** Whether `role` may change the form's content in `state` (only the filler, only in draft or returned). */
export function isEditableBy(state: FormState, role: Role): boolean {
  return EDITABLE_STATES.includes(state) && FORM_FILLER_ROLES.includes(role);
}
