import { ROLE_LABELS, type Role } from '../roles';

/**
 * The demonstration-selection machines (示范项目遴选) of shared/design/workflows.md, as data plus pure functions in the
 * style of workflow/formMachine.ts: a round (one per call for nominations) and a nomination (one project in a round,
 * mirrored in projects.selection_status). Whether an expert is appointed or a project lies in a bureau's region is the
 * server's scoping; dates and objections are checked by notice.ts.
 */
type SelectionRefusal = { ok: false; code: 'illegal_transition' | 'forbidden_transition'; message: string };
export type SelectionResult<S> = { ok: true; to: S } | SelectionRefusal;

/** The project types a round may select (the three the notice counts as demonstration indicators). */
export const DEMO_PROJECT_TYPES = ['alliance', 'specialty', 'base'] as const;
export type SelectionProjectType = (typeof DEMO_PROJECT_TYPES)[number];

// ---------------------------------------------------------------- Round

export const ROUND_STATES = ['nomination', 'review', 'shortlisted', 'public_notice', 'published'] as const;
export type RoundState = (typeof ROUND_STATES)[number];
export const ROUND_STATE_LABELS: Readonly<Record<RoundState, string>> = Object.freeze({
  nomination: '推荐中',
  review: '专家评审中',
  shortlisted: '已确定拟入选名单',
  public_notice: '公示中',
  published: '已发布',
});

export const ROUND_ACTIONS = ['assign_experts', 'shortlist', 'open_notice', 'publish'] as const;
export type RoundAction = (typeof ROUND_ACTIONS)[number];
const ROUND_ACTION_LABELS: Readonly<Record<RoundAction, string>> = Object.freeze({
  assign_experts: '指定评审专家',
  shortlist: '确定拟入选名单',
  open_notice: '发布公示',
  publish: '发布遴选结果',
});

const PROVINCE: readonly Role[] = Object.freeze(['province'] as Role[]);

/** More experts may be appointed while the review runs (review → review); nominations close with the first appointment. */
const ROUND_TRANSITIONS: readonly {
  from: RoundState;
  action: RoundAction;
  to: RoundState;
  roles: readonly Role[];
}[] = Object.freeze([
  { from: 'nomination', action: 'assign_experts', to: 'review', roles: PROVINCE },
  { from: 'review', action: 'assign_experts', to: 'review', roles: PROVINCE },
  { from: 'review', action: 'shortlist', to: 'shortlisted', roles: PROVINCE },
  { from: 'shortlisted', action: 'open_notice', to: 'public_notice', roles: PROVINCE },
  { from: 'public_notice', action: 'publish', to: 'published', roles: PROVINCE },
]);

export function roundTransition(state: RoundState, action: RoundAction, role: Role): SelectionResult<RoundState> {
  const rule = ROUND_TRANSITIONS.find((t) => t.from === state && t.action === action);
  if (!rule)
    return {
      ok: false,
      code: 'illegal_transition',
      message: `遴选当前为“${ROUND_STATE_LABELS[state] ?? state}”，不能${ROUND_ACTION_LABELS[action] ?? action}`,
    };
  if (!rule.roles.includes(role))
    return {
      ok: false,
      code: 'forbidden_transition',
      message: `${ROLE_LABELS[role] ?? role}不能${ROUND_ACTION_LABELS[action]}`,
    };
  return { ok: true, to: rule.to };
}

export function allowedRoundActions(state: RoundState, role: Role): RoundAction[] {
  return ROUND_TRANSITIONS.filter((t) => t.from === state && t.roles.includes(role)).map((t) => t.action);
}

/** Regions nominate only while the round is open for nominations; experts score only during the review. */
export const canNominateIn = (state: RoundState) => state === 'nomination';
export const canScoreIn = (state: RoundState) => state === 'review';

// ---------------------------------------------------------------- Nomination (and projects.selection_status)

export const NOMINATION_STATES = [
  'nominated',
  'under_review',
  'shortlisted',
  'public_notice',
  'selected',
  'not_selected',
] as const;
export type NominationState = (typeof NOMINATION_STATES)[number];
/** projects.selection_status: a project never nominated is 'none'. */
export const DEMO_STATUSES = ['none', ...NOMINATION_STATES] as const;
export type SelectionStatus = (typeof DEMO_STATUSES)[number];
export const DEMO_STATUS_LABELS: Readonly<Record<SelectionStatus, string>> = Object.freeze({
  none: '未推荐',
  nominated: '已推荐',
  under_review: '评审中',
  shortlisted: '拟入选',
  public_notice: '公示中',
  selected: '入选示范',
  not_selected: '未入选',
});

export const NOMINATION_ACTIONS = [
  'nominate',
  'start_review',
  'shortlist',
  'reject',
  'open_notice',
  'uphold_objection',
  'select',
] as const;
export type NominationAction = (typeof NOMINATION_ACTIONS)[number];
const NOMINATION_ACTION_LABELS: Readonly<Record<NominationAction, string>> = Object.freeze({
  nominate: '推荐',
  start_review: '进入评审',
  shortlist: '列入拟入选名单',
  reject: '未列入拟入选名单',
  open_notice: '公示',
  uphold_objection: '异议成立',
  select: '入选',
});

/**
 * A project not selected in one round may be nominated again in a later one; a selected project stays selected.
 * 'reject' is the rest of a round when the shortlist is drawn; 'uphold_objection' removes a project from the notice.
 */
export const NOMINATION_TRANSITIONS: readonly {
  from: SelectionStatus;
  action: NominationAction;
  to: NominationState;
  roles: readonly Role[];
}[] = Object.freeze([
  { from: 'none', action: 'nominate', to: 'nominated', roles: ['region'] },
  { from: 'not_selected', action: 'nominate', to: 'nominated', roles: ['region'] },
  { from: 'nominated', action: 'start_review', to: 'under_review', roles: PROVINCE },
  { from: 'under_review', action: 'shortlist', to: 'shortlisted', roles: PROVINCE },
  { from: 'under_review', action: 'reject', to: 'not_selected', roles: PROVINCE },
  { from: 'shortlisted', action: 'open_notice', to: 'public_notice', roles: PROVINCE },
  { from: 'public_notice', action: 'uphold_objection', to: 'not_selected', roles: PROVINCE },
  { from: 'public_notice', action: 'select', to: 'selected', roles: PROVINCE },
]);

export function nominationTransition(
  state: SelectionStatus,
  action: NominationAction,
  role: Role,
): SelectionResult<NominationState> {
  const rule = NOMINATION_TRANSITIONS.find((t) => t.from === state && t.action === action);
  if (!rule) {
    if (action === 'nominate')
      return {
        ok: false,
        code: 'illegal_transition',
        message: `该项目${state === 'selected' ? '已入选示范' : `已被推荐（${DEMO_STATUS_LABELS[state] ?? state}）`}，不能重复推荐`,
      };
    return {
      ok: false,
      code: 'illegal_transition',
      message: `项目当前为“${DEMO_STATUS_LABELS[state] ?? state}”，不能执行“${NOMINATION_ACTION_LABELS[action] ?? action}”`,
    };
  }
  if (!rule.roles.includes(role))
    return {
      ok: false,
      code: 'forbidden_transition',
      message: `${ROLE_LABELS[role] ?? role}不能执行“${NOMINATION_ACTION_LABELS[action]}”`,
    };
  return { ok: true, to: rule.to };
}

export function allowedNominationActions(state: SelectionStatus, role: Role): NominationAction[] {
  return NOMINATION_TRANSITIONS.filter((t) => t.from === state && t.roles.includes(role)).map((t) => t.action);
}

export function isSelectionProjectType(value: unknown): value is SelectionProjectType {
  return typeof value === 'string' && (DEMO_PROJECT_TYPES as readonly string[]).includes(value);
}
