import { describe, expect, it } from 'vitest';
import { designedPx, fieldRuns, hasGroups } from './layout';
import type { FieldDef } from './types';

const f = (key: string, group?: string, width?: number): FieldDef => ({
  key,
  label: key,
  type: 'text',
  scope: 'row',
  required: false,
  verification: 'R',
  ...(group ? { group } : {}),
  ...(width ? { width } : {}),
});

describe('field layout', () => {
  it('groups consecutive fields under their heading, in order', () => {
    const runs = fieldRuns([f('a'), f('b', '合作资源'), f('c', '合作资源'), f('d'), f('e', '联系人')]);
    expect(runs.map((r) => [r.group, r.fields.map((x) => x.key).join('')])).toEqual([
      ['', 'a'],
      ['合作资源', 'bc'],
      ['', 'd'],
      ['联系人', 'e'],
    ]);
    expect(hasGroups([f('a'), f('b', ' ')])).toBe(false);
    expect(hasGroups([f('a'), f('b', '合作资源')])).toBe(true);
  });

  it('turns a designer width in characters into screen pixels, never narrower than 80', () => {
    expect(designedPx(f('a'))).toBeUndefined();
    expect(designedPx(f('a', undefined, 20))).toBe(300);
    expect(designedPx(f('a', undefined, 4))).toBe(80);
  });
});
