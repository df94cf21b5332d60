import { describe, it, expect } from 'vitest';
import { formDefinition } from './definitions';
import { diffForms } from './diff';
import { isPinnedField, pinIdentity, prefillForm } from './prefill';
import { defaultCodeLists, type FieldValue, type FormData, type FormDefinition } from './types';
import { rowKeyOf } from './validate';

const lists = defaultCodeLists();
const school = formDefinition('school', 2025);
const ent = formDefinition('enterprise', 2025);
const mk = (def: FormDefinition, org: Record<string, FieldValue>, rows: Record<string, FieldValue>[]): FormData => ({
  org,
  rows: rows.map((values) => ({ key: rowKeyOf(def, values), values })),
});

describe('prefillForm', () => {
  const orgDetail = {
    id: 7,
    name: '襄阳示例汽车零部件有限公司（示例）',
    type: 'enterprise',
    uscc: '91420100MA4K00001U',
    regionCode: '420600',
    contactName: '李经理',
    contactTitle: '',
    contactPhone: '13800138000',
    industryCodes: ['IND-T2'],
    size: '中型',
    employees: 850,
    enterpriseOwnership: '民营',
    integrationLevel: 'provincial',
    schoolType: null,
  };

  it('fills org fields from the organisation record, mapping the integration level', () => {
    const f = prefillForm(ent, orgDetail);
    expect(f.org).toEqual({
      regionCode: '420600',
      enterpriseName: '襄阳示例汽车零部件有限公司（示例）',
      uscc: '91420100MA4K00001U',
      industryGB4754: null,
      industryChain: ['IND-T2'],
      ownership: '民营',
      scale: '中型',
      employees: 850,
      isIntegrationEnterprise: '省级',
      contactName: '李经理',
      contactTitle: null,
      contactPhone: '13800138000',
    });
    expect(f.rows).toEqual([]);
  });

  it('copies last year’s rows (current fields only, keys recomputed) and fills gaps from last year’s org part', () => {
    const last: FormData = {
      org: { industryGB4754: 'C3670', contactTitle: '人事经理', enterpriseName: '旧名称' },
      rows: [
        {
          key: 'stale',
          values: {
            occupationCode: '6-18-01-01',
            postName: '车工',
            needType: '毕业生就业',
            headcount: 12,
            availableFrom: '2024-09-01',
            droppedColumn: 'x',
          },
        },
      ],
    };
    const f = prefillForm(ent, orgDetail, last);
    expect(f.org.industryGB4754).toBe('C3670');
    expect(f.org.contactTitle).toBe('人事经理');
    expect(f.org.enterpriseName).toBe(orgDetail.name); // the record wins over last year's form
    expect(f.rows).toHaveLength(1);
    expect(f.rows[0].key).toBe('6-18-01-01|车工|毕业生就业');
    expect(f.rows[0].values.headcount).toBe(12);
    expect(f.rows[0].values.availableFrom).toBeNull(); // last campaign's date is no longer true
    expect('droppedColumn' in f.rows[0].values).toBe(false);
  });

  it('gives a school without last year’s form no starter rows', () => {
    const f = prefillForm(school, {
      name: '示例技工学校',
      regionCode: '420500',
      schoolType: '技工学校',
      schoolOwnership: '公办',
      enrolment: 900,
      specialties: [{ specialtyCode: '0102' }],
    });
    expect(f.rows).toEqual([]);
    expect(f.org).toMatchObject({
      schoolName: '示例技工学校',
      schoolType: '技工学校',
      ownership: '公办',
      enrolment: 900,
      uscc: null,
    });
  });
});
describe('pinIdentity', () => {
  const record = { name: '襄阳示例汽车零部件有限公司（示例）', uscc: '91420100MA4K00001U', regionCode: '420600' };

  it('puts back the name, USCC and region of the record over what was typed, and keeps every other answer', () => {
    const typed = mk(
      ent,
      {
        enterpriseName: '别的公司',
        uscc: '91420100MA4K00002X',
        regionCode: '420100',
        contactName: '王五',
        employees: 9,
      },
      [{ occupationCode: '6-18-01-01', postName: '车工', needType: '毕业生就业', headcount: 3 }],
    );
    const pinned = pinIdentity(ent, typed, record);
    expect(pinned.org).toEqual({
      enterpriseName: record.name,
      uscc: record.uscc,
      regionCode: record.regionCode,
      contactName: '王五',
      employees: 9,
    });
    expect(pinned.rows).toEqual(typed.rows);
    expect(typed.org.enterpriseName).toBe('别的公司'); // the caller's data is not changed
  });

  it('fills the identity fields a form lacks, under the definition’s own keys', () => {
    const pinned = pinIdentity(school, { org: {}, rows: [] }, record);
    expect(pinned.org).toEqual({ regionCode: '420600', schoolName: record.name, uscc: '91420100MA4K00001U' });
    expect(school.fields.filter(isPinnedField).map((f) => f.key)).toEqual(['regionCode', 'schoolName', 'uscc']);
  });
});

describe('diffForms', () => {
  const base = {
    specialtyCode: '0102',
    needType: '订单（定向）班',
    needDetail: '订单班 40 人',
    graduatesMidLevel: 40,
    targetIndustries: ['IND-T2'],
  };
  const before = mk(school, { contactPhone: '027-87654321', regionCode: '420100' }, [
    base,
    { specialtyCode: '0101', needType: '毕业生就业', needDetail: '就业' },
  ]);

  it('reports changed org fields and added, removed and changed rows, formatted for people', () => {
    const after = mk(school, { contactPhone: '13800138000', regionCode: '420100' }, [
      { ...base, graduatesMidLevel: 45, targetIndustries: ['IND-A1', 'IND-T2'] },
      { specialtyCode: '0103', needType: '其他', needDetail: '新增' },
    ]);
    expect(diffForms(school, before, after, lists)).toEqual([
      {
        scope: 'org',
        kind: 'changed',
        fieldKey: 'contactPhone',
        label: '联系电话',
        before: '027-87654321',
        after: '13800138000',
      },
      {
        scope: 'row',
        rowKey: '0102|订单（定向）班',
        kind: 'changed',
        fieldKey: 'graduatesMidLevel',
        label: '可输送毕业生数—中级工',
        rowLabel: '数控加工 · 订单（定向）班',
        before: '40',
        after: '45',
      },
      {
        scope: 'row',
        rowKey: '0102|订单（定向）班',
        kind: 'changed',
        fieldKey: 'targetIndustries',
        label: '对接产业',
        rowLabel: '数控加工 · 订单（定向）班',
        before: '汽车制造',
        after: '高端装备、汽车制造',
      },
      {
        scope: 'row',
        rowKey: '0103|其他',
        kind: 'added',
        label: '数控机床装配与维修 · 其他',
        rowLabel: '数控机床装配与维修 · 其他',
      },
      {
        scope: 'row',
        rowKey: '0101|毕业生就业',
        kind: 'removed',
        label: '机床切削加工（车工） · 毕业生就业',
        rowLabel: '机床切削加工（车工） · 毕业生就业',
      },
    ]);
  });

  it('finds nothing between equal forms, ignoring row order and empty spellings', () => {
    const same = mk(school, { contactPhone: '027-87654321', regionCode: '420100', remark: '' }, [
      before.rows[1].values,
      { ...base, remark: null },
    ]);
    expect(diffForms(school, before, same, lists)).toEqual([]);
  });
});
