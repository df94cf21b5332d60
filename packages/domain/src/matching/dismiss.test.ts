import { describe, expect, it } from 'vitest';
import {
  buildEnterpriseIndex,
  DISMISS_REASONS,
  dismissPenalty,
  recommendForSchool,
  type Dismissal,
  type EnterpriseLine,
  type SchoolLine,
} from './index';

const d = (counterpartOrgId: number, counterpartIndustryCodes: string[], reason = 'not_relevant'): Dismissal => ({
  counterpartOrgId,
  counterpartIndustryCodes,
  reason,
});

describe('dismissPenalty', () => {
  it('offers the five reasons with Chinese labels', () => {
    expect(DISMISS_REASONS.map((r) => r.label)).toEqual(['距离太远', '专业不对口', '规模不匹配', '已有合作', '其他']);
  });

  it('excludes the dismissed organisation itself', () => {
    expect(dismissPenalty([d(7, ['IND-A1'])], { orgId: 7, industryCodes: [] })).toBe(1);
  });

  it('lowers candidates sharing an industry with dismissed orgs, 0.15 each, capped at 0.5', () => {
    const cand = { orgId: 1, industryCodes: ['IND-A1', 'IND-T2'] };
    expect(dismissPenalty([], cand)).toBe(0);
    expect(dismissPenalty([d(2, ['IND-L1'])], cand)).toBe(0);
    expect(dismissPenalty([d(2, ['IND-A1'])], cand)).toBe(0.15);
    expect(dismissPenalty([d(2, ['IND-A1']), d(3, ['IND-T2', 'IND-A1'], '距离太远')], cand)).toBe(0.3);
    expect(dismissPenalty([d(2, ['IND-A1']), d(3, ['IND-T2']), d(4, ['IND-A1'])], cand)).toBe(0.45);
    expect(
      dismissPenalty(
        [2, 3, 4, 5, 6].map((o) => d(o, ['IND-A1'])),
        cand,
      ),
    ).toBe(0.5);
  });

  it('counts one org once, ignores 已有合作, and treats unknown reasons as 其他', () => {
    const cand = { orgId: 1, industryCodes: ['IND-A1'] };
    expect(dismissPenalty([d(2, ['IND-A1']), d(2, ['IND-A1'])], cand)).toBe(0.15);
    expect(dismissPenalty([d(2, ['IND-A1'], 'already_partner'), d(3, ['IND-A1'], '已有合作')], cand)).toBe(0);
    expect(dismissPenalty([d(2, ['IND-A1'], '随便写的')], cand)).toBe(0.15);
  });

  it('feeds the ranking: penalised orgs sink, the dismissed one disappears', () => {
    const school: SchoolLine = {
      orgId: 1,
      regionCode: '420600',
      specialtyCode: '0102',
      needType: '毕业生就业',
      graduates: 30,
      levels: ['高级工'],
      availableFrom: null,
    };
    const ent = (orgId: number, industryCodes: string[]): EnterpriseLine => ({
      orgId,
      regionCode: '420600',
      occupationCode: '6-18-01-01',
      postName: '车工',
      headcount: 10,
      skillLevel: null,
      needType: '毕业生就业',
      availableFrom: null,
      industryCodes,
    });
    const index = buildEnterpriseIndex([ent(10, ['IND-A1']), ent(11, ['IND-T2']), ent(12, ['IND-A1'])]);
    const dismissals = [d(10, ['IND-A1'])];
    const recs = recommendForSchool([school], index, {
      limit: 10,
      ctx: (org) => ({
        dismissPenalty: dismissPenalty(dismissals, {
          orgId: org,
          industryCodes: index.lines.find((l) => l.orgId === org)!.industryCodes,
        }),
      }),
    });
    expect(recs.map((r) => r.orgId)).toEqual([11, 12]);
    expect(recs[1].score).toBe(Math.round(recs[0].score * 0.85));
  });
});
