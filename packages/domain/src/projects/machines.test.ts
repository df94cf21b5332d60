import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../roles';
import {
  AGREEMENT_ACTIONS,
  AGREEMENT_ACTION_LABELS,
  AGREEMENT_STATES,
  AGREEMENT_STATE_LABELS,
  PROJECT_ACTIONS,
  PROJECT_ACTION_LABELS,
  PROJECT_STATES,
  PROJECT_STATE_LABELS,
  REPORT_ACTIONS,
  REPORT_ACTION_LABELS,
  REPORT_DISPLAY_STATES,
  REPORT_STATES,
  REPORT_STATE_LABELS,
  agreementEditScope,
  agreementStateOn,
  agreementTransition,
  allowedAgreementActions,
  allowedProjectActions,
  allowedReportActions,
  canAddProjects,
  canFlagKey,
  isAgreementEditable,
  isReportEditableBy,
  projectTransition,
  reportDisplayState,
  reportTransition,
  type AgreementAction,
  type AgreementContext,
  type AgreementState,
  type ProjectAction,
  type ProjectState,
  type ReportAction,
  type ReportState,
} from './machines';

const cn = /[\u4e00-\u9fff]/;

describe('labels', () => {
  it('every state and action has a Chinese label', () => {
    for (const s of AGREEMENT_STATES) expect(AGREEMENT_STATE_LABELS[s]).toMatch(cn);
    for (const a of AGREEMENT_ACTIONS) expect(AGREEMENT_ACTION_LABELS[a]).toMatch(cn);
    for (const s of PROJECT_STATES) expect(PROJECT_STATE_LABELS[s]).toMatch(cn);
    for (const a of PROJECT_ACTIONS) expect(PROJECT_ACTION_LABELS[a]).toMatch(cn);
    for (const s of REPORT_DISPLAY_STATES) expect(REPORT_STATE_LABELS[s]).toMatch(cn);
    for (const a of REPORT_ACTIONS) expect(REPORT_ACTION_LABELS[a]).toMatch(cn);
  });
});

describe('agreement machine', () => {
  // A context in which every move's conditions hold, except the date ones, which each test sets.
  const ctx = (patch: Partial<AgreementContext> = {}): AgreementContext => ({
    hasScan: true,
    signingDate: '2025-08-20',
    today: '2025-09-15',
    termStart: '2025-09-01',
    termEnd: '2028-08-31',
    reason: '企业经营调整',
    ...patch,
  });
  const EXPECTED: [AgreementState, AgreementAction, AgreementState, Partial<AgreementContext>][] = [
    ['draft', 'sign', 'pending_confirmation', {}],
    ['pending_confirmation', 'confirm', 'signed', { unconfirmedAfter: 0 }],
    ['pending_confirmation', 'decline', 'draft', {}],
    ['signed', 'return', 'pending_confirmation', {}],
    ['active', 'return', 'pending_confirmation', {}],
    ['expired', 'return', 'pending_confirmation', {}],
    ['signed', 'activate', 'active', {}],
    ['signed', 'expire', 'expired', { today: '2028-09-01' }],
    ['active', 'expire', 'expired', { today: '2028-09-01' }],
    ['signed', 'terminate', 'terminated', {}],
    ['active', 'terminate', 'terminated', {}],
  ];

  for (const state of AGREEMENT_STATES) {
    for (const action of AGREEMENT_ACTIONS) {
      const rule = EXPECTED.find(([from, a]) => from === state && a === action);
      it(`${state} --${action}-->`, () => {
        const r = agreementTransition(state, action, ctx(rule?.[3]));
        if (rule) expect(r).toEqual({ ok: true, to: rule[2] });
        else expect(r).toMatchObject({ ok: false, code: 'illegal_transition' });
      });
    }
  }

  it('a confirmation that leaves others to confirm keeps waiting; decline and return need a reason', () => {
    expect(agreementTransition('pending_confirmation', 'confirm', ctx({ unconfirmedAfter: 1 }))).toEqual({
      ok: true,
      to: 'pending_confirmation',
    });
    expect(agreementTransition('pending_confirmation', 'decline', ctx({ reason: ' ' }))).toMatchObject({
      ok: false,
      code: 'reasons_required',
      message: '拒绝确认须填写原因',
    });
    expect(agreementTransition('active', 'return', ctx({ reason: '' }))).toMatchObject({
      ok: false,
      code: 'reasons_required',
      message: '退回协议须填写退回原因',
    });
  });

  it('a draft is deleted, not terminated', () => {
    const r = agreementTransition('draft', 'terminate', ctx());
    expect(r).toEqual({
      ok: false,
      code: 'illegal_transition',
      message: '草稿状态的协议不能终止，如不再签订请直接删除',
    });
  });

  it('sign needs the scan and a signing date not in the future, and ordered terms', () => {
    expect(agreementTransition('draft', 'sign', ctx({ hasScan: false }))).toEqual({
      ok: false,
      code: 'validation_failed',
      message: '请先上传双方签字盖章的协议扫描件',
    });
    expect(agreementTransition('draft', 'sign', ctx({ signingDate: undefined }))).toMatchObject({
      ok: false,
      code: 'validation_failed',
      message: expect.stringMatching(/签订日期/),
    });
    expect(agreementTransition('draft', 'sign', ctx({ signingDate: '2025-13-01' }))).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
    expect(agreementTransition('draft', 'sign', ctx({ signingDate: '2025-09-16' }))).toMatchObject({
      ok: false,
      message: '签订日期不能晚于今天',
    });
    expect(agreementTransition('draft', 'sign', ctx({ termEnd: '2025-08-31' }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/结束日期不能早于开始日期/),
    });
  });

  it('activate and expire follow the dates', () => {
    expect(agreementTransition('signed', 'activate', ctx({ today: '2025-08-31' }))).toMatchObject({
      ok: false,
      code: 'illegal_transition',
      message: expect.stringMatching(/尚未到开始日期/),
    });
    expect(agreementTransition('signed', 'activate', ctx({ today: '2025-09-01' }))).toEqual({ ok: true, to: 'active' });
    expect(agreementTransition('signed', 'activate', ctx({ today: '2028-09-01' }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/已到期/),
    });
    expect(agreementTransition('active', 'expire', ctx({ today: '2028-08-31' }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/尚未到期/),
    });
  });

  it('terminate needs a reason', () => {
    expect(agreementTransition('active', 'terminate', ctx({ reason: '  ' }))).toEqual({
      ok: false,
      code: 'reasons_required',
      message: '终止协议须填写原因',
    });
  });

  it('roles, when given: parties sign and terminate; date moves are anybody’s', () => {
    for (const role of ROLES) {
      const party = role === 'school' || role === 'enterprise';
      expect(agreementTransition('draft', 'sign', ctx({ role })).ok).toBe(party);
      expect(agreementTransition('active', 'terminate', ctx({ role })).ok).toBe(party);
      expect(agreementTransition('signed', 'activate', ctx({ role })).ok).toBe(true);
    }
    expect(agreementTransition('draft', 'sign', ctx({ role: 'region' }))).toMatchObject({
      code: 'forbidden_transition',
    });
    expect(allowedAgreementActions('active', 'school')).toEqual(['expire', 'terminate']);
    expect(allowedAgreementActions('signed')).toEqual(['return', 'activate', 'expire', 'terminate']);
    expect(allowedAgreementActions('expired', 'school')).toEqual([]);
    expect(allowedAgreementActions('expired', 'region')).toEqual(['return']);
  });

  it('agreementStateOn derives active/expired from the dates', () => {
    const a = (state: AgreementState) => ({ state, termStart: '2025-09-01', termEnd: '2028-08-31' });
    expect(agreementStateOn('2025-08-31', a('signed'))).toBe('signed');
    expect(agreementStateOn('2025-09-01', a('signed'))).toBe('active');
    expect(agreementStateOn('2028-08-31', a('signed'))).toBe('active');
    expect(agreementStateOn('2028-09-01', a('signed'))).toBe('expired');
    expect(agreementStateOn('2028-09-01', a('active'))).toBe('expired');
    expect(agreementStateOn('2030-01-01', a('draft'))).toBe('draft');
    expect(agreementStateOn('2026-01-01', a('terminated'))).toBe('terminated');
  });

  it('editability and the key-project flag', () => {
    expect(AGREEMENT_STATES.map(agreementEditScope)).toEqual([
      'full',
      'add_projects',
      'add_projects',
      'add_projects',
      'none',
      'none',
    ]);
    expect(AGREEMENT_STATES.filter(isAgreementEditable)).toEqual(['draft']);
    expect(AGREEMENT_STATES.filter(canAddProjects)).toEqual(['draft', 'pending_confirmation', 'signed', 'active']);
    for (const state of AGREEMENT_STATES) {
      for (const role of ROLES) {
        const expected = (state === 'signed' || state === 'active') && (role === 'region' || role === 'province');
        expect(canFlagKey(state, role), `${state} ${role}`).toBe(expected);
      }
    }
  });
});

describe('project machine', () => {
  const EXPECTED: [ProjectState, ProjectAction, ProjectState][] = [
    ['planned', 'start', 'running'],
    ['planned', 'stop', 'stopped'],
    ['running', 'complete', 'completed'],
    ['running', 'stop', 'stopped'],
  ];
  for (const state of PROJECT_STATES) {
    for (const action of PROJECT_ACTIONS) {
      const rule = EXPECTED.find(([from, a]) => from === state && a === action);
      for (const role of ROLES) {
        it(`${state} --${action}--> by ${role}`, () => {
          const r = projectTransition(state, action, role, { reason: '合作企业停产' });
          if (!rule)
            expect(r).toEqual({
              ok: false,
              code: 'illegal_transition',
              message: `当前状态“${PROJECT_STATE_LABELS[state]}”不能执行“${PROJECT_ACTION_LABELS[action]}”`,
            });
          else if (role !== 'school' && role !== 'enterprise')
            expect(r).toMatchObject({ ok: false, code: 'forbidden_transition' });
          else expect(r).toEqual({ ok: true, to: rule[2] });
        });
      }
    }
  }
  it('stop needs a reason; start needs a live agreement when its state is given', () => {
    expect(projectTransition('running', 'stop', 'school')).toEqual({
      ok: false,
      code: 'reasons_required',
      message: '中止项目须填写原因',
    });
    expect(projectTransition('planned', 'start', 'school', { agreementState: 'terminated' })).toMatchObject({
      ok: false,
      code: 'illegal_transition',
    });
    expect(projectTransition('planned', 'start', 'school', { agreementState: 'active' })).toEqual({
      ok: true,
      to: 'running',
    });
    expect(allowedProjectActions('running', 'enterprise')).toEqual(['complete', 'stop']);
    expect(allowedProjectActions('running', 'region')).toEqual([]);
  });
});

describe('progress report machine', () => {
  const FILLERS: Role[] = ['school', 'enterprise'];
  const REVIEWERS: Role[] = ['region', 'province'];
  const EXPECTED: [ReportState, ReportAction, Role[], ReportState][] = [
    ['due', 'start', FILLERS, 'draft'],
    ['draft', 'submit', FILLERS, 'submitted'],
    ['returned', 'submit', FILLERS, 'submitted'],
    ['submitted', 'accept', REVIEWERS, 'accepted'],
    ['submitted', 'return', REVIEWERS, 'returned'],
  ];
  for (const state of REPORT_STATES) {
    for (const action of REPORT_ACTIONS) {
      const rule = EXPECTED.find(([from, a]) => from === state && a === action);
      for (const role of ROLES) {
        it(`${state} --${action}--> by ${role}`, () => {
          const r = reportTransition(state, action, role, '人次与台账不符');
          if (!rule) expect(r).toMatchObject({ ok: false, code: 'illegal_transition' });
          else if (!rule[2].includes(role)) expect(r).toMatchObject({ ok: false, code: 'forbidden_transition' });
          else expect(r).toEqual({ ok: true, to: rule[3] });
        });
      }
    }
  }
  it('return needs a reason', () => {
    expect(reportTransition('submitted', 'return', 'region')).toEqual({
      ok: false,
      code: 'reasons_required',
      message: '退回时须填写退回原因',
    });
    expect(reportTransition('submitted', 'accept', 'region')).toEqual({ ok: true, to: 'accepted' });
  });
  it('overdue is derived from the due date', () => {
    expect(reportDisplayState('due', '2025-10-10', '2025-10-10')).toBe('due');
    expect(reportDisplayState('due', '2025-10-10', '2025-10-11')).toBe('overdue');
    expect(reportDisplayState('draft', '2025-10-10', '2025-10-11')).toBe('overdue');
    expect(reportDisplayState('submitted', '2025-10-10', '2025-12-01')).toBe('submitted');
    expect(reportDisplayState('returned', '2025-10-10', '2025-12-01')).toBe('returned');
    expect(reportDisplayState('accepted', '2025-10-10', '2025-12-01')).toBe('accepted');
  });
  it('allowed actions and editability', () => {
    expect(allowedReportActions('submitted', 'province')).toEqual(['accept', 'return']);
    expect(allowedReportActions('submitted', 'school')).toEqual([]);
    expect(REPORT_STATES.filter((s) => isReportEditableBy(s, 'school'))).toEqual(['due', 'draft', 'returned']);
    expect(REPORT_STATES.filter((s) => isReportEditableBy(s, 'region'))).toEqual([]);
  });
});
