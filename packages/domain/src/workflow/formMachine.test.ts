import { describe, it, expect } from 'vitest';
import { ROLES, type Role } from '../roles';
import {
  allowedFormActions,
  formDisplayState,
  formTransition,
  FORM_ACTIONS,
  FORM_ACTION_LABELS,
  FORM_STATES,
  FORM_STATE_LABELS,
  isEditableBy,
  type FormAction,
  type FormState,
} from './formMachine';

// workflows.md, written out independently of the machine's table: [from, action, roles, to].
const EXPECTED: [FormState, FormAction, Role[], FormState][] = [
  ['draft', 'submit', ['school', 'enterprise'], 'submitted'],
  ['returned', 'resubmit', ['school', 'enterprise'], 'submitted'],
  ['submitted', 'approve', ['region'], 'region_approved'],
  ['submitted', 'return', ['region'], 'returned'],
  ['region_approved', 'region_reopen', ['region'], 'returned'],
  ['region_approved', 'submit_to_province', ['region'], 'with_province'],
  ['with_province', 'accept', ['province'], 'accepted'],
  ['with_province', 'province_return', ['province'], 'returned'],
  ['accepted', 'reopen', ['province'], 'returned'],
];
const WITH_REASONS: FormAction[] = ['return', 'province_return', 'reopen', 'region_reopen'];

describe('formTransition: every state × action × role', () => {
  for (const state of FORM_STATES) {
    for (const action of FORM_ACTIONS) {
      const rule = EXPECTED.find(([from, a]) => from === state && a === action);
      for (const role of ROLES) {
        const name = `${state} --${action}--> by ${role}`;
        it(name, () => {
          const r = formTransition(state, action, role);
          if (!rule) {
            expect(r).toEqual({
              ok: false,
              code: 'illegal_transition',
              message: `当前状态“${FORM_STATE_LABELS[state]}”不能执行“${FORM_ACTION_LABELS[action]}”`,
            });
          } else if (!rule[2].includes(role)) {
            expect(r).toMatchObject({ ok: false, code: 'forbidden_transition' });
          } else {
            expect(r).toEqual({
              ok: true,
              to: rule[3],
              needsReasons: WITH_REASONS.includes(action),
              locksForm: action === 'accept',
            });
          }
        });
      }
    }
  }

  it('writes the messages in Chinese', () => {
    expect(formTransition('returned', 'approve', 'region')).toMatchObject({
      message: '当前状态“已退回”不能执行“审核通过”',
    });
    expect(formTransition('submitted', 'approve', 'school')).toMatchObject({
      message: '技工院校不能对“已提交待审核”的需求表执行“审核通过”',
    });
  });
});

describe('allowedFormActions and isEditableBy', () => {
  it('lists exactly the allowed moves', () => {
    for (const state of FORM_STATES) {
      for (const role of ROLES) {
        const expected = EXPECTED.filter(([from, , roles]) => from === state && roles.includes(role)).map(([, a]) => a);
        expect(allowedFormActions(state, role).sort()).toEqual(expected.sort());
      }
    }
    expect(allowedFormActions('region_approved', 'region').sort()).toEqual(['region_reopen', 'submit_to_province']);
  });

  it('lets only the filler edit, only in draft or returned', () => {
    for (const state of FORM_STATES) {
      for (const role of ROLES) {
        expect(isEditableBy(state, role)).toBe(
          (state === 'draft' || state === 'returned') && (role === 'school' || role === 'enterprise'),
        );
      }
    }
  });

  it('labels every state, including the derived 未填报', () => {
    expect(FORM_STATE_LABELS).toEqual({
      not_started: '未填报',
      draft: '草稿',
      submitted: '已提交待审核',
      returned: '已退回',
      region_approved: '市州已审核',
      with_province: '已报省厅',
      accepted: '省厅已接收',
    });
    expect(formDisplayState(null)).toBe('not_started');
    expect(formDisplayState('draft')).toBe('draft');
    for (const a of FORM_ACTIONS) expect(FORM_ACTION_LABELS[a]).toMatch(/\p{Script=Han}/u);
  });
});
