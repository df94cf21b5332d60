import { describe, expect, it } from 'vitest';
import { caseCreateBody, caseUpdateBody } from '../selection/results';
import { declarationBody, objectionBody, roundCreateBody } from './selection';

const rubric = [
  { key: 'cooperation', label: '合作深度', max: 60 },
  { key: 'outcomes', label: '育人成效', max: 40 },
];

describe('selection contracts', () => {
  it('a round names a quota for each of its types and for no other', () => {
    expect(
      roundCreateBody.safeParse({
        year: 2025,
        title: '示范遴选',
        projectTypes: ['base', 'alliance'],
        rubric,
        quota: { base: 5, alliance: 2 },
      }).success,
    ).toBe(true);
    const missing = roundCreateBody.safeParse({
      year: 2025,
      title: '示范遴选',
      projectTypes: ['base', 'alliance'],
      rubric,
      quota: { base: 5 },
    });
    expect(!missing.success && missing.error.issues[0].message).toBe('请填写每类项目的入选名额');
    expect(
      roundCreateBody.safeParse({
        year: 2025,
        title: '示范遴选',
        projectTypes: ['order_class'],
        rubric,
        quota: { order_class: 1 },
      }).success,
    ).toBe(false);
    expect(
      roundCreateBody.safeParse({
        year: 2025,
        title: '示范遴选',
        projectTypes: ['base', 'base'],
        rubric,
        quota: { base: 1 },
      }).success,
    ).toBe(false);
  });

  it('a declared conflict needs its reason; an objection needs a name, a contact and enough words', () => {
    expect(declarationBody.parse({ conflict: false })).toEqual({ conflict: false, reason: '' });
    expect(declarationBody.safeParse({ conflict: true }).success).toBe(false);
    const o = objectionBody.safeParse({ name: '王某', contact: '1371', content: '太短' });
    expect(!o.success && o.error.issues.map((i) => i.message)).toEqual(['联系方式至少 5 个字', '异议内容至少 10 个字']);
  });

  it('a case PATCH changes only what it names (no defaults filled in)', () => {
    expect(caseUpdateBody.parse({ title: '新的标题' })).toEqual({ title: '新的标题' });
    expect(caseUpdateBody.safeParse({}).success).toBe(false);
    expect(
      caseCreateBody.parse({
        year: 2025,
        title: '案例标题',
        summary: '这是一段足够长的摘要。',
        body: '这是一段足够长的案例正文内容，超过二十个字。',
      }),
    ).toMatchObject({ regionCode: null, orgIds: [], projectId: null });
  });
});
