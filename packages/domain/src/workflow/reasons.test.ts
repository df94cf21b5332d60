import { describe, it, expect } from 'vitest';
import { formDefinition } from '../forms/definitions';
import { rowKeyOf } from '../forms/validate';
import type { FieldValue, FormData } from '../forms/types';
import {
  checkEditsAllowed,
  reasonProblems,
  returnReasonsSchema,
  unlockedByReasons,
  type ReturnReason,
} from './reasons';

const school = formDefinition('school', 2025);
const mk = (org: Record<string, FieldValue>, rows: Record<string, FieldValue>[]): FormData => ({
  org,
  rows: rows.map((values) => ({ key: rowKeyOf(school, values), values })),
});
const r1 = { specialtyCode: '0102', needType: '订单（定向）班', needDetail: '订单班', graduatesMidLevel: 40 };
const r2 = { specialtyCode: '0101', needType: '毕业生就业', needDetail: '就业', graduatesMidLevel: 20 };
const before = mk({ contactPhone: '027-87654321', contactName: '张老师' }, [r1, r2]);
const K1 = '0102|订单（定向）班';
const K2 = '0101|毕业生就业';

describe('returnReasonsSchema', () => {
  it('needs at least one reason, each with a non-empty text', () => {
    expect(returnReasonsSchema.safeParse([{ text: '请补充' }]).success).toBe(true);
    expect(returnReasonsSchema.safeParse([]).success).toBe(false);
    expect(returnReasonsSchema.safeParse([{ fieldKey: 'contactPhone', text: '  ' }]).success).toBe(false);
    expect(returnReasonsSchema.safeParse([{ rowKey: K1 }]).success).toBe(false);
    expect(returnReasonsSchema.safeParse([{ text: 'x', other: 1 }]).success).toBe(false);
  });
});

describe('unlockedByReasons', () => {
  it('maps each kind of reason to what it unlocks', () => {
    const u = unlockedByReasons([
      { fieldKey: 'contactPhone', text: '电话打不通' },
      { rowKey: K1, text: '整行重填' },
      { rowKey: K2, fieldKey: 'graduatesMidLevel', text: '人数有误' },
    ]);
    expect(u.wholeForm).toBe(false);
    expect([...u.org]).toEqual(['contactPhone']);
    expect([...u.rows]).toEqual([K1]);
    expect([...u.rowFields.get(K2)!]).toEqual(['graduatesMidLevel']);
    expect(unlockedByReasons([{ text: '全部重填' }]).wholeForm).toBe(true);
  });
});

describe('checkEditsAllowed', () => {
  const cell: ReturnReason[] = [{ rowKey: K2, fieldKey: 'graduatesMidLevel', text: '人数有误' }];

  it('allows an edit inside the returned cell', () => {
    expect(checkEditsAllowed(school, before, mk(before.org, [r1, { ...r2, graduatesMidLevel: 25 }]), cell)).toEqual([]);
  });

  it('refuses an edit outside the returned field', () => {
    const after = mk({ ...before.org, contactName: '李老师' }, [
      { ...r1, needDetail: '改了' },
      { ...r2, graduatesMidLevel: 25, needDetail: '也改了' },
    ]);
    expect(checkEditsAllowed(school, before, after, cell)).toEqual([
      { scope: 'org', fieldKey: 'contactName', message: '退回意见未涉及此项，不能修改', severity: 'error' },
      {
        scope: 'row',
        rowKey: K1,
        rowIndex: 0,
        fieldKey: 'needDetail',
        message: '退回意见未涉及此项，不能修改',
        severity: 'error',
      },
      {
        scope: 'row',
        rowKey: K2,
        rowIndex: 1,
        fieldKey: 'needDetail',
        message: '退回意见未涉及此项，不能修改',
        severity: 'error',
      },
    ]);
  });

  it('allows an org field named by a reason, and a whole row including its key fields', () => {
    const reasons: ReturnReason[] = [
      { fieldKey: 'contactPhone', text: '空号' },
      { rowKey: K1, text: '专业填错' },
    ];
    const after = mk({ ...before.org, contactPhone: '13800138000' }, [
      { ...r1, specialtyCode: '0103', needDetail: '改' },
      r2,
    ]);
    expect(checkEditsAllowed(school, before, after, reasons)).toEqual([]);
    // the same key edit on a row that was not returned is refused
    const wrong = mk(before.org, [r1, { ...r2, specialtyCode: '0103' }]);
    expect(checkEditsAllowed(school, before, wrong, reasons)).toMatchObject([
      { scope: 'row', rowIndex: 1, fieldKey: 'specialtyCode' },
    ]);
  });

  it('allows adding and removing rows only when the whole form was returned', () => {
    const added = mk(before.org, [r1, r2, { specialtyCode: '0103', needType: '其他', needDetail: '新' }]);
    const removed = mk(before.org, [r2]);
    expect(checkEditsAllowed(school, before, added, cell)).toMatchObject([
      { scope: 'row', rowIndex: 2, message: expect.stringContaining('不能新增行') },
    ]);
    expect(checkEditsAllowed(school, before, removed, cell)).toMatchObject([
      { scope: 'row', rowKey: K1, message: '退回修改时不能删除行（原第 1 行）' },
    ]);
    expect(checkEditsAllowed(school, before, added, [{ text: '全部核对' }])).toEqual([]);
    expect(checkEditsAllowed(school, before, removed, [{ text: '全部核对' }])).toEqual([]);
  });

  it('ignores row order and empty spellings', () => {
    expect(
      checkEditsAllowed(school, before, mk({ ...before.org, remark: '' }, [r2, { ...r1, remark: null }]), cell),
    ).toEqual([]);
  });
});

describe('reasonProblems', () => {
  it('names reasons that point at nothing', () => {
    expect(
      reasonProblems(school, before, [
        { rowKey: K1, fieldKey: 'needDetail', text: 'ok' },
        { fieldKey: 'contactPhone', text: 'ok' },
      ]),
    ).toEqual([]);
    expect(
      reasonProblems(school, before, [
        { rowKey: 'nope', text: 'x' },
        { fieldKey: 'needDetail', text: 'x' },
        { rowKey: K1, fieldKey: 'contactPhone', text: 'x' },
      ]),
    ).toEqual([
      { index: 0, message: '第 1 条退回理由指向的行不存在' },
      { index: 1, message: '第 2 条退回理由指向的栏目“needDetail”不是表头信息栏目' },
      { index: 2, message: '第 3 条退回理由指向的栏目“contactPhone”不是明细行的栏目' },
    ]);
  });
});
