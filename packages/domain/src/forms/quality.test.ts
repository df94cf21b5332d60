import { describe, it, expect } from 'vitest';
import { formDefinition } from './definitions';
import { mergeIssues, qualityWarnings } from './quality';
import { rowKeyOf, validateForm } from './validate';
import { defaultCodeLists, type FieldValue, type FormData, type FormDefinition } from './types';

const school = formDefinition('school', 2025);
const ent = formDefinition('enterprise', 2025);
const mk = (def: FormDefinition, org: Record<string, FieldValue>, rows: Record<string, FieldValue>[]): FormData => ({
  org,
  rows: rows.map((values) => ({ key: rowKeyOf(def, values), values })),
});
const lathe = { occupationCode: '6-18-01-01', postName: '车工', needType: '毕业生就业', needDetail: '招聘' };

describe('qualityWarnings', () => {
  it('flags a row more than 3× or under 1/3 of last year, and the form total', () => {
    const last = mk(ent, { employees: 800 }, [
      { ...lathe, headcount: 10 },
      { ...lathe, needType: '其他', headcount: 30 },
    ]);
    const now = mk(ent, { employees: 900 }, [
      { ...lathe, headcount: 31 },
      { ...lathe, needType: '其他', headcount: 9 },
    ]);
    const w = qualityWarnings(ent, now, { lastYear: last });
    expect(w).toEqual([
      {
        scope: 'row',
        rowKey: now.rows[0].key,
        rowIndex: 0,
        fieldKey: 'headcount',
        severity: 'warning',
        message: '“需求人数”为 31，是去年同一行（10）的 3.1 倍，请核对',
      },
      {
        scope: 'row',
        rowKey: now.rows[1].key,
        rowIndex: 1,
        fieldKey: 'headcount',
        severity: 'warning',
        message: '“需求人数”为 9，不到去年同一行（30）的三分之一，请核对',
      },
    ]);
    const big = mk(ent, { employees: 3000 }, [
      { ...lathe, headcount: 30 },
      { ...lathe, needType: '订单（定向）班', headcount: 100 },
    ]);
    const msgs = qualityWarnings(ent, big, { lastYear: last }).map((i) => `${i.scope}:${i.fieldKey}:${i.message}`);
    expect(msgs).toContain('org:headcount:全表“需求人数”合计为 130，是去年（40）的 3.3 倍，请核对');
    expect(msgs).toContain('org:employees:“职工人数”为 3000，是去年（800）的 3.8 倍，请核对');
  });

  it('stays quiet within the 3× band and without last year', () => {
    const last = mk(ent, {}, [{ ...lathe, headcount: 10 }]);
    expect(qualityWarnings(ent, mk(ent, {}, [{ ...lathe, headcount: 30 }]), { lastYear: last })).toEqual([]);
    expect(qualityWarnings(ent, mk(ent, {}, [{ ...lathe, headcount: 4 }]), { lastYear: last })).toEqual([]);
    expect(qualityWarnings(ent, mk(ent, {}, [{ ...lathe, headcount: 500 }]), {})).toEqual([]);
  });

  it('flags graduates offered above the specialty enrolment, from the row or from the school record', () => {
    const rows: Record<string, FieldValue>[] = [
      {
        specialtyCode: '0102',
        needType: '毕业生就业',
        specialtyEnrolment: 100,
        graduatesMidLevel: 60,
        graduatesHighLevel: 40,
        graduatesTechnician: 5,
      },
      { specialtyCode: '0101', needType: '毕业生就业', graduatesMidLevel: 50 },
      { specialtyCode: '0103', needType: '毕业生就业', graduatesMidLevel: 10 },
    ];
    const w = qualityWarnings(school, mk(school, {}, rows), {
      org: {
        specialties: [
          { specialtyCode: '0101', enrolment: 40, graduatesPerYear: 12 },
          { specialtyCode: '0102', enrolment: 100, graduatesPerYear: 30 },
        ],
      },
    });
    expect(w.map((i) => [i.rowIndex, i.fieldKey, i.message])).toEqual([
      [0, 'graduatesMidLevel', '可输送毕业生合计 105 人，超过该专业在校生数 100 人，请核对'],
      [1, 'graduatesMidLevel', '可输送毕业生合计 50 人，超过该专业在校生数 40 人，请核对'],
      [2, 'specialtyCode', '该专业不在本校已登记的专业中，请核对，或先在单位信息中补充该专业'],
    ]);
  });

  it('flags specialty enrolments adding up to more than the school enrolment', () => {
    const rows = [
      { specialtyCode: '0102', needType: '毕业生就业', specialtyEnrolment: 300 },
      { specialtyCode: '0102', needType: '其他', specialtyEnrolment: 300 },
      { specialtyCode: '0101', needType: '其他', specialtyEnrolment: 250 },
    ];
    expect(qualityWarnings(school, mk(school, { enrolment: 500 }, rows))).toEqual([
      {
        scope: 'org',
        fieldKey: 'enrolment',
        severity: 'warning',
        message: '各专业在校生数合计 550 人，超过全校在校生 500 人，请核对',
      },
    ]);
  });

  it('flags duplicate rows, copied long texts and dates before the campaign year', () => {
    const detail = '与企业合作共建实训基地，共同开发课程';
    const rows: Record<string, FieldValue>[] = [
      { specialtyCode: '0102', needType: '毕业生就业', needDetail: detail, availableFrom: '2024-09-01' },
      { specialtyCode: '0102', needType: '毕业生就业', needDetail: '另一段内容，不同的需求' },
      { specialtyCode: '0101', needType: '其他', needDetail: detail },
    ];
    const data = mk(school, {}, rows);
    const w = qualityWarnings(school, data);
    expect(w.map((i) => [i.rowIndex, i.fieldKey, i.message])).toEqual([
      [1, 'specialtyCode', '疑似重复：与第 1 行的专业（群）名称、合作需求类型相同'],
      [2, 'needDetail', '“具体需求内容”与第 1 行完全相同，请确认是否需要分别填写'],
      [0, 'availableFrom', '早于 2025 年，请核对'],
    ]);
    // The duplicate is also a validation error; merged, it is said once.
    const errors = validateForm(school, { org: {}, rows: data.rows }, defaultCodeLists()).filter(
      (i) => i.scope === 'row',
    );
    const merged = mergeIssues(errors, w);
    expect(merged.filter((i) => i.rowIndex === 1)).toHaveLength(1);
    expect(merged.filter((i) => i.rowIndex === 1)[0].severity).toBe('error');
  });
});

describe('personal data in free text (issue 15)', () => {
  it('warns the author, naming the column and what was found masked, in free-text columns only', () => {
    const data = mk(ent, { contactPhone: '13812341234' }, [
      { ...lathe, needDetail: '有意者请联系王经理 13812341234 或 hr@example.com' },
    ]);
    const w = qualityWarnings(ent, data).filter((i) => i.message.includes('发布时将被隐藏'));
    expect(w).toEqual([
      {
        scope: 'row',
        rowKey: data.rows[0].key,
        rowIndex: 0,
        fieldKey: 'needDetail',
        severity: 'warning',
        message: '具体需求内容 中含有邮箱 h***@example.com、手机号 138****1234，发布时将被隐藏；如非必要请删除',
      },
    ]);
    expect(
      qualityWarnings(ent, mk(ent, {}, [{ ...lathe, needDetail: '订单号 20250701123456789012，共 12 人' }])).filter(
        (i) => i.message.includes('发布时将被隐藏'),
      ),
    ).toEqual([]);
  });
});
