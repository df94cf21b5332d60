import { describe, it, expect } from 'vitest';
import { formDefinition } from './definitions';
import { defaultCodeLists, type FormData } from './types';
import { DUPLICATE_ROW_MESSAGE, formatValue, normalizeForm, rowKeyOf, sameValue, validateForm } from './validate';

const lists = defaultCodeLists();
const school = formDefinition('school', 2025);
const ent = formDefinition('enterprise', 2025);

const schoolOrg = {
  regionCode: '420100',
  schoolName: '湖北示例技师学院（示例）',
  schoolType: '技师学院',
  ownership: '公办',
  uscc: '12420100MB00000019',
  enrolment: 3200,
  contactName: '张老师',
  contactTitle: '处长',
  contactPhone: '027-87654321',
};
const row = (values: Record<string, unknown>) => ({
  key: '',
  values: { needDetail: '合办订单班一个，共 40 人', ...values } as any,
});

describe('validateForm', () => {
  it('passes a complete form, with names typed for codes', () => {
    const data: FormData = {
      org: { ...schoolOrg, regionCode: '武汉市' },
      rows: [row({ specialtyCode: '数控加工', needType: '订单（定向）班', targetIndustries: '汽车制造、高端装备' })],
    };
    expect(validateForm(school, data, lists)).toEqual([]);
    const n = normalizeForm(school, data, lists).data;
    expect(n.org.regionCode).toBe('420100');
    expect(n.rows[0]).toEqual({
      key: '0102|订单（定向）班',
      values: expect.objectContaining({ specialtyCode: '0102', targetIndustries: ['IND-T2', 'IND-A1'], remark: null }),
    });
  });

  it('reports required fields of the org part and of rows, with row keys and indexes', () => {
    const issues = validateForm(
      school,
      { org: { ...schoolOrg, contactPhone: '' }, rows: [row({ specialtyCode: '0102', needType: '' })] },
      lists,
    );
    expect(issues).toEqual([
      { scope: 'org', fieldKey: 'contactPhone', message: '必填', severity: 'error' },
      { scope: 'row', rowIndex: 0, rowKey: '0102|', fieldKey: 'needType', message: '必填', severity: 'error' },
    ]);
  });

  it('requires at least one row', () => {
    expect(validateForm(school, { org: schoolOrg, rows: [] }, lists)).toEqual([
      { scope: 'org', fieldKey: '', message: '至少填写一行需求信息', severity: 'error' },
    ]);
  });

  it('catches duplicate rows even when one uses the name and the other the code', () => {
    const issues = validateForm(
      school,
      {
        org: schoolOrg,
        rows: [
          row({ specialtyCode: '0102', needType: '毕业生就业' }),
          row({ specialtyCode: '0102', needType: '订单（定向）班' }),
          row({ specialtyCode: '数控加工', needType: '毕业生就业' }),
        ],
      },
      lists,
    );
    expect(issues).toEqual([
      {
        scope: 'row',
        rowKey: '0102|毕业生就业',
        rowIndex: 2,
        fieldKey: 'specialtyCode',
        message: DUPLICATE_ROW_MESSAGE(1),
        severity: 'error',
      },
    ]);
    expect(DUPLICATE_ROW_MESSAGE(1)).toBe('与第 1 行重复（同一专业/岗位与需求类型）');
  });

  it('does not call two rows that both lack a required key field duplicates', () => {
    const issues = validateForm(
      school,
      { org: schoolOrg, rows: [row({ needType: '毕业生就业' }), row({ needType: '毕业生就业' })] },
      lists,
    );
    expect(issues.map((i) => i.message)).toEqual(['必填', '必填']);
  });

  it('keeps a bad value as typed so the draft shows it', () => {
    const r = normalizeForm(ent, { org: { uscc: '123' }, rows: [{ key: 'x', values: { headcount: '十二' } }] }, lists);
    expect(r.data.org.uscc).toBe('123');
    expect(r.data.rows[0].values.headcount).toBe('十二');
    expect(r.issues.find((i) => i.fieldKey === 'headcount')?.message).toBe('应为不小于 0 的整数');
  });
});

describe('rowKeyOf', () => {
  it('is stable: same values give the same key regardless of property order, spacing or list order', () => {
    expect(
      rowKeyOf(ent, { occupationCode: '6-18-01-01', postName: ' 数控 车床操作工', needType: '订单（定向）班' }),
    ).toBe('6-18-01-01|数控车床操作工|订单（定向）班');
    expect(
      rowKeyOf(ent, {
        needType: '订单（定向）班',
        postName: '数控车床操作工',
        occupationCode: '6-18-01-01',
        headcount: 9,
      }),
    ).toBe('6-18-01-01|数控车床操作工|订单（定向）班');
    expect(rowKeyOf(ent, { occupationCode: '6-18-01-01', postName: null, needType: '其他' })).toBe('6-18-01-01||其他');
    expect(rowKeyOf(school, { specialtyCode: '0102', needType: '其他' })).not.toBe(
      rowKeyOf(school, { specialtyCode: '0101', needType: '其他' }),
    );
  });
});

describe('formatValue and sameValue', () => {
  const f = (key: string) => ent.fields.find((x) => x.key === key)!;
  it('shows names, joins lists with 、 and spells booleans', () => {
    expect(formatValue(f('regionCode'), '420600', lists)).toBe('襄阳市');
    expect(formatValue(f('industryChain'), ['IND-T2', 'IND-A1'], lists)).toBe('汽车制造、高端装备');
    expect(formatValue(f('occupationCode'), 'unknown-code', lists)).toBe('unknown-code');
    expect(formatValue(f('headcount'), 30, lists)).toBe('30');
    expect(formatValue(f('headcount'), null, lists)).toBe('');
    expect(formatValue({ ...f('remark'), type: 'boolean' }, true, lists)).toBe('是');
  });
  it('treats empties alike and multi values as sets', () => {
    expect(sameValue(null, '')).toBe(true);
    expect(sameValue([], undefined)).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameValue(1, '1')).toBe(false);
  });
});
