import { describe, it, expect } from 'vitest';
import { excelSerialToDate, parseValue, FIELD_MESSAGES } from './parse';
import { defaultCodeLists, type FieldDef, type FieldType } from './types';

const lists = defaultCodeLists();
const field = (type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({
  key: 'x',
  label: 'X',
  type,
  scope: 'row',
  required: false,
  verification: 'R',
  ...extra,
});
const good = (f: FieldDef, raw: unknown) => {
  const r = parseValue(f, raw, lists);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse, got ${r.message}`);
  return r.value;
};
const bad = (f: FieldDef, raw: unknown) => {
  const r = parseValue(f, raw, lists);
  if (r.ok) throw new Error(`expected ${JSON.stringify(raw)} to be refused, got ${JSON.stringify(r.value)}`);
  return r.message;
};

describe('empty values', () => {
  it.each([null, undefined, '', '   ', []])('%j is null when optional and 必填 when required', (raw) => {
    expect(good(field('text'), raw)).toBeNull();
    expect(bad(field('integer', { required: true }), raw)).toBe('必填');
  });
  it('a multi value made only of separators is empty', () => {
    expect(good(field('multi_industry'), '、，')).toBeNull();
    expect(bad(field('multi_industry', { required: true }), '、，')).toBe('必填');
  });
});

describe('text and longtext', () => {
  it('trims and keeps numbers from Excel cells as text', () => {
    expect(good(field('text'), '  数控车床操作工 ')).toBe('数控车床操作工');
    expect(good(field('text'), 2025)).toBe('2025');
  });
  it('applies maxLength, with defaults 100 and 1000 characters', () => {
    expect(good(field('text'), '字'.repeat(100))).toHaveLength(100);
    expect(bad(field('text'), '字'.repeat(101))).toBe('不能超过 100 个字');
    expect(good(field('longtext'), '字'.repeat(1000))).toHaveLength(1000);
    expect(bad(field('longtext'), '字'.repeat(1001))).toBe('不能超过 1000 个字');
    expect(bad(field('text', { maxLength: 5 }), '六个字的名称')).toBe('不能超过 5 个字');
  });
  it('refuses objects', () => expect(bad(field('text'), { a: 1 })).toBe(FIELD_MESSAGES.badFormat));
});

describe('integer', () => {
  const f = field('integer');
  it.each([
    [12, 12],
    ['12', 12],
    ['12.0', 12],
    [' 0 ', 0],
    ['１２', 12],
    ['1,200', 1200],
    [-0, 0],
  ])('accepts %j as %j', (raw, value) => expect(good(f, raw)).toBe(value));
  it.each(['12.5', 12.5, -1, '-3', '十二', '12人', '1e3', true])('refuses %j with a Chinese message', (raw) => {
    expect(bad(f, raw)).toBe('应为不小于 0 的整数');
  });
  it('follows min and max of the field', () => {
    expect(good(field('integer', { min: -10 }), '-3')).toBe(-3);
    expect(bad(field('integer', { min: 1 }), 0)).toBe('应为不小于 1 的整数');
    expect(bad(field('integer', { max: 100 }), 101)).toBe('不能大于 100');
    expect(bad(f, 10_000_001)).toBe('不能大于 10000000');
  });
});

describe('enum and multi_enum', () => {
  const options = ['订单（定向）班', '毕业生就业', '技能等级认定/培训评价'];
  it('accepts an option, tolerating half-width parentheses and spaces', () => {
    expect(good(field('enum', { options }), '毕业生就业')).toBe('毕业生就业');
    expect(good(field('enum', { options }), ' 订单(定向)班 ')).toBe('订单（定向）班');
    expect(good(field('enum', { options }), '技能等级认定／培训评价')).toBe('技能等级认定/培训评价');
  });
  it('refuses anything else, listing the options', () => {
    expect(bad(field('enum', { options }), '招聘')).toBe(
      '应为以下选项之一：订单（定向）班、毕业生就业、技能等级认定/培训评价',
    );
  });
  it('splits multi values on 、,，;； and arrays, dropping duplicates', () => {
    const f = field('multi_enum', { options });
    expect(good(f, '毕业生就业、订单（定向）班；毕业生就业')).toEqual(['毕业生就业', '订单（定向）班']);
    expect(good(f, '毕业生就业,订单(定向)班')).toEqual(['毕业生就业', '订单（定向）班']);
    expect(good(f, ['毕业生就业'])).toEqual(['毕业生就业']);
    expect(bad(f, '毕业生就业，招聘')).toContain('“招聘”不是可选项');
  });
});

describe('code-list types accept a code or a name and store the code', () => {
  it.each([
    ['region', '420100', '420100'],
    ['region', '武汉市', '420100'],
    ['region', '武汉', '420100'],
    ['region', 420100, '420100'],
    ['specialty', '0102', '0102'],
    ['specialty', '数控加工', '0102'],
    ['specialty', '机床切削加工(车工)', '0101'],
    ['occupation', '车工', '6-18-01-01'],
    ['occupation', '6-18-01-01', '6-18-01-01'],
    ['industry', '汽车制造', 'IND-T2'],
    ['industry', 'ind-t2', 'IND-T2'],
    ['skill_level', '中级工', 'ZJG'],
    ['skill_level', '四级', 'ZJG'],
  ] as [FieldType, unknown, string][])('%s %j → %s', (type, raw, code) => expect(good(field(type), raw)).toBe(code));

  it('refuses unknown entries with the list named', () => {
    expect(bad(field('specialty'), '火箭驾驶')).toBe('专业“火箭驾驶”不在专业目录中');
    expect(bad(field('region'), '长沙市')).toBe('市州“长沙市”不在湖北省市州列表中');
    expect(bad(field('occupation'), '宇航员X')).toBe('职业（工种）“宇航员X”不在职业分类目录中');
    expect(bad(field('skill_level'), '九级')).toBe('技能等级“九级”不在技能等级目录中');
  });

  it('multi_industry splits, resolves every item and names all unknowns', () => {
    expect(good(field('multi_industry'), '汽车制造、高端装备，汽车制造')).toEqual(['IND-T2', 'IND-A1']);
    expect(good(field('multi_industry'), ['IND-T1', '大健康'])).toEqual(['IND-T1', 'IND-T4']);
    expect(bad(field('multi_industry'), '汽车制造、造船、采矿')).toBe('产业“造船”、“采矿”不在产业目录中');
  });
});

describe('uscc', () => {
  it('accepts a valid code, upper-casing and removing spaces', () => {
    expect(good(field('uscc'), ' 91350100m000100y43 ')).toBe('91350100M000100Y43');
  });
  it('refuses a wrong length or check character with validateUscc messages', () => {
    expect(bad(field('uscc'), '9135010')).toBe('统一社会信用代码应为18位');
    expect(bad(field('uscc'), '91350100M000100Y44')).toContain('校验位错误');
  });
});

describe('phone', () => {
  const f = field('phone');
  it.each([
    ['13800138000', '13800138000'],
    [13800138000, '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['+86 13800138000', '13800138000'],
    ['027-87654321', '027-87654321'],
    ['0710-1234567', '0710-1234567'],
    ['(027)87654321', '027-87654321'],
    ['027 87654321', '027-87654321'],
    ['027－87654321', '027-87654321'],
    ['027-87654321-8001', '027-87654321-8001'],
    ['027-87654321转8001', '027-87654321-8001'],
  ])('accepts %j as %j', (raw, value) => expect(good(f, raw)).toBe(value));
  it.each(['1380013800', '23800138000', '138001380001', '87654321', '027-0123456', '027-123', 'abc'])(
    'refuses %j',
    (raw) => {
      expect(bad(f, raw)).toBe('联系电话格式不正确（手机号 11 位，或区号-座机号）');
    },
  );
});

describe('date', () => {
  const f = field('date');
  it.each([
    ['2025-09-01', '2025-09-01'],
    ['2025/9/1', '2025-09-01'],
    ['2025.09.01', '2025-09-01'],
    ['2025年9月1日', '2025-09-01'],
    ['20250901', '2025-09-01'],
    ['2025-09-01T00:00:00', '2025-09-01'],
    ['2025-09-01T00:00:00+08:00', '2025-09-01'],
    ['2025-09-01T00:00:00.000Z', '2025-09-01'],
    // Beijing midnight as a UTC instant, which is what Excel readers produce on a server in China
    ['2025-08-31T16:00:00.000Z', '2025-09-01'],
    [45901, '2025-09-01'],
    [45901.75, '2025-09-01'],
    ['45901', '2025-09-01'],
  ])('accepts %j as %j', (raw, value) => expect(good(f, raw)).toBe(value));
  it('accepts Date objects (rounded to the nearest UTC midnight)', () => {
    expect(good(f, new Date(Date.UTC(2025, 8, 1)))).toBe('2025-09-01');
    expect(good(f, new Date('2025-08-31T16:00:00Z'))).toBe('2025-09-01');
  });
  it('converts Excel serials including the 1900 leap-year quirk', () => {
    expect(excelSerialToDate(1)).toBe('1900-01-01');
    expect(excelSerialToDate(59)).toBe('1900-02-28');
    expect(excelSerialToDate(60)).toBeUndefined();
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(45658)).toBe('2025-01-01');
    expect(excelSerialToDate(0)).toBeUndefined();
  });
  it('refuses non-dates and dates that do not exist', () => {
    expect(bad(f, '2025-02-30')).toBe('日期“2025-02-30”不存在');
    expect(bad(f, '2025-13-01')).toBe('日期“2025-13-01”不存在');
    expect(bad(f, '九月一日')).toBe('日期格式应为 YYYY-MM-DD');
    expect(bad(f, new Date(NaN))).toBe('日期格式应为 YYYY-MM-DD');
    expect(bad(f, -5)).toBe('日期格式应为 YYYY-MM-DD');
  });
});

describe('boolean', () => {
  it.each([
    ['是', true],
    ['否', false],
    ['true', true],
    ['FALSE', false],
    [true, true],
    [0, false],
  ])('accepts %j', (raw, value) => expect(good(field('boolean'), raw)).toBe(value));
  it('refuses anything else', () => expect(bad(field('boolean'), '也许')).toBe('应填写“是”或“否”'));
});
