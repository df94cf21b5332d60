import { describe, expect, it } from 'vitest';
import { ROLES } from '../roles';
import {
  DEMO_STATUS_LABELS,
  DEMO_STATUSES,
  NOMINATION_ACTIONS,
  NOMINATION_TRANSITIONS,
  ROUND_ACTIONS,
  ROUND_STATE_LABELS,
  ROUND_STATES,
  allowedNominationActions,
  allowedRoundActions,
  canNominateIn,
  canScoreIn,
  isSelectionProjectType,
  nominationTransition,
  roundTransition,
} from './machine';

const cn = /[\u4e00-\u9fff]/;

describe('round machine', () => {
  it('walks nomination → review → shortlisted → public_notice → published, by the province only', () => {
    const path: [string, string, string][] = [
      ['nomination', 'assign_experts', 'review'],
      ['review', 'assign_experts', 'review'],
      ['review', 'shortlist', 'shortlisted'],
      ['shortlisted', 'open_notice', 'public_notice'],
      ['public_notice', 'publish', 'published'],
    ];
    for (const [from, action, to] of path) {
      expect(roundTransition(from as never, action as never, 'province')).toEqual({ ok: true, to });
      for (const role of ROLES.filter((r) => r !== 'province'))
        expect(roundTransition(from as never, action as never, role)).toMatchObject({
          ok: false,
          code: 'forbidden_transition',
        });
    }
  });

  it('refuses skipping a step, with a Chinese message', () => {
    const r = roundTransition('review', 'publish', 'province');
    expect(r).toMatchObject({ ok: false, code: 'illegal_transition' });
    expect(!r.ok && r.message).toMatch(cn);
    expect(roundTransition('published', 'shortlist', 'province').ok).toBe(false);
    expect(roundTransition('nomination', 'shortlist', 'province').ok).toBe(false);
  });

  it('offers the province exactly the moves the table allows; nothing to others', () => {
    expect(allowedRoundActions('review', 'province')).toEqual(['assign_experts', 'shortlist']);
    expect(allowedRoundActions('published', 'province')).toEqual([]);
    for (const s of ROUND_STATES) expect(allowedRoundActions(s, 'region')).toEqual([]);
    for (const s of ROUND_STATES)
      for (const a of ROUND_ACTIONS)
        expect(roundTransition(s, a, 'province').ok).toBe(allowedRoundActions(s, 'province').includes(a));
  });

  it('nominations only while open; scores only during the review', () => {
    expect(ROUND_STATES.filter(canNominateIn)).toEqual(['nomination']);
    expect(ROUND_STATES.filter(canScoreIn)).toEqual(['review']);
    for (const s of ROUND_STATES) expect(ROUND_STATE_LABELS[s]).toMatch(cn);
  });
});

describe('nomination machine (projects.selection_status)', () => {
  it('follows the track of workflows.md', () => {
    const seq: [string, string, string, string][] = [
      ['none', 'nominate', 'region', 'nominated'],
      ['nominated', 'start_review', 'province', 'under_review'],
      ['under_review', 'shortlist', 'province', 'shortlisted'],
      ['shortlisted', 'open_notice', 'province', 'public_notice'],
      ['public_notice', 'select', 'province', 'selected'],
    ];
    for (const [from, action, role, to] of seq)
      expect(nominationTransition(from as never, action as never, role as never)).toEqual({ ok: true, to });
    expect(nominationTransition('under_review', 'reject', 'province')).toEqual({ ok: true, to: 'not_selected' });
    expect(nominationTransition('public_notice', 'uphold_objection', 'province')).toEqual({
      ok: true,
      to: 'not_selected',
    });
  });

  it('a project is nominated again only after it was not selected; a selected one never', () => {
    expect(nominationTransition('not_selected', 'nominate', 'region')).toEqual({ ok: true, to: 'nominated' });
    for (const s of ['nominated', 'under_review', 'shortlisted', 'public_notice'] as const) {
      const r = nominationTransition(s, 'nominate', 'region');
      expect(r).toMatchObject({ ok: false, code: 'illegal_transition' });
      expect(!r.ok && r.message).toMatch(/不能重复推荐/);
    }
    const sel = nominationTransition('selected', 'nominate', 'region');
    expect(!sel.ok && sel.message).toMatch(/已入选示范/);
  });

  it('only a region nominates; only the province decides', () => {
    expect(nominationTransition('none', 'nominate', 'province')).toMatchObject({
      ok: false,
      code: 'forbidden_transition',
    });
    expect(nominationTransition('public_notice', 'select', 'region')).toMatchObject({
      ok: false,
      code: 'forbidden_transition',
    });
    expect(nominationTransition('public_notice', 'select', 'expert')).toMatchObject({
      ok: false,
      code: 'forbidden_transition',
    });
    expect(allowedNominationActions('public_notice', 'province')).toEqual(['uphold_objection', 'select']);
    expect(allowedNominationActions('none', 'region')).toEqual(['nominate']);
  });

  it('the table is consistent with the lists and labels', () => {
    for (const t of NOMINATION_TRANSITIONS) {
      expect(DEMO_STATUSES).toContain(t.from);
      expect(DEMO_STATUSES).toContain(t.to);
      expect(NOMINATION_ACTIONS).toContain(t.action);
    }
    for (const s of DEMO_STATUSES) expect(DEMO_STATUS_LABELS[s]).toMatch(cn);
    expect(['alliance', 'specialty', 'base'].every(isSelectionProjectType)).toBe(true);
    expect(isSelectionProjectType('order_class')).toBe(false);
  });
});

describe('conflicts of interest', () => {
  it("are automatic when the expert's organisation is a party of the agreement", async () => {
    const { isAutomaticConflict, AUTO_CONFLICT_REASON } = await import('./conflict');
    expect(isAutomaticConflict(7, [3, 7])).toBe(true);
    expect(isAutomaticConflict(8, [3, 7])).toBe(false);
    expect(isAutomaticConflict(null, [3, 7])).toBe(false);
    expect(AUTO_CONFLICT_REASON).toMatch(cn);
  });
});
