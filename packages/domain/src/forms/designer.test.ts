import { describe, expect, it } from 'vitest';
import { defaultCodeLists } from './types';
import { designDefinition } from './designer';
import { formDefinition } from './definitions';
import { parseValue } from './parse';
import type { FieldDef } from './types';

const previous = formDefinition('school', 2025);
const ctx = { previous, dictionaries: { skill_level: ['初级工', '中级工', '高级工'] } };
const extra = (f: Partial<FieldDef>): Partial<FieldDef>[] => [
  ...previous.fields,
  { scope: 'row', required: false, verification: 'R', ...f },
];

describe('form designer', () => {
  it('adds a dropdown column whose options come from a dictionary, keeping version and year', () => {
    const r = designDefinition(
      extra({ key: 'targetLevel', label: '目标等级', type: 'enum', dictionary: 'skill_level' }),
      {},
      ctx,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.def.version).toBe('2025.1');
    expect(r.def.fields.at(-1)).toMatchObject({ key: 'targetLevel', options: ['初级工', '中级工', '高级工'] });
  });

  it('names each problem in Chinese', () => {
    const bad = (f: Partial<FieldDef>) => {
      const r = designDefinition(extra(f), {}, ctx);
      return r.ok ? null : r.messages;
    };
    expect(bad({ key: 'Bad-key', label: '坏', type: 'text' })).toEqual([
      '列“坏”的标识“Bad-key”不合法：须以小写英文字母开头，只含英文字母和数字',
    ]);
    expect(bad({ key: 'x1', label: '金额', type: 'money' as never })).toEqual(['列“金额”的类型“money”不存在']);
    expect(bad({ key: 'x2', label: '等级', type: 'enum' })).toEqual(['下拉列“等级”须填写选项，或选择一个字典作为来源']);
    expect(bad({ key: 'x3', label: '学时', type: 'number', min: 10, max: 1 })).toEqual(['列“学时”的最小值大于最大值']);
  });
});

describe("the designer's new types", () => {
  const lists = defaultCodeLists();
  const num: FieldDef = {
    key: 'hours',
    label: '学时',
    type: 'number',
    scope: 'row',
    required: false,
    min: 0,
    max: 100,
    verification: 'R',
  };
  const mail: FieldDef = {
    key: 'mail',
    label: '邮箱',
    type: 'email',
    scope: 'org',
    required: false,
    verification: 'R',
  };
  it('number: decimals within the range', () => {
    expect(parseValue(num, '12.5', lists)).toEqual({ ok: true, value: 12.5 });
    expect(parseValue(num, '１,０00', lists)).toEqual({ ok: false, message: '不能大于 100' });
    expect(parseValue(num, 'abc', lists)).toEqual({ ok: false, message: '应为不小于 0 的数字' });
  });
  it('email: checked and lower-cased', () => {
    expect(parseValue(mail, ' Li@Example.COM ', lists)).toEqual({ ok: true, value: 'li@example.com' });
    expect(parseValue(mail, 'li@', lists)).toEqual({ ok: false, message: '邮箱格式不正确，例如 name@example.com' });
  });
});
