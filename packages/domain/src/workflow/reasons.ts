import { z } from 'zod';
import { orgFields, rowFields } from '../forms/definitions';
import type { FieldIssue, FormData, FormDefinition } from '../forms/types';
import { rowKeyOf, sameValue } from '../forms/validate';

/**
 * A return (region or province), a province reopen and a region reopen carry reasons. Each points at an org field
 * (fieldKey), a whole row (rowKey) or one cell (rowKey + fieldKey), or at nothing (the whole form), and the returned
 * form unlocks exactly that: everything else stays read-only, so a correction can not quietly change other figures.
 */
export const returnReasonSchema = z.strictObject({
  fieldKey: z.string().trim().min(1).max(64).optional(),
  rowKey: z.string().trim().min(1).max(500).optional(),
  text: z.string().trim().min(1, '退回理由不能为空').max(1000, '退回理由不能超过 1000 个字'),
});
export const returnReasonsSchema = z.array(returnReasonSchema).min(1, '请至少填写一条退回理由').max(500);
export type ReturnReason = z.infer<typeof returnReasonSchema>;

export interface UnlockedParts {
  /** Org-level field keys. */
  org: Set<string>;
  /** Whole rows, by row key. */
  rows: Set<string>;
  /** Single cells: row key → field keys. */
  rowFields: Map<string, Set<string>>;
  wholeForm: boolean;
}

export function unlockedByReasons(reasons: readonly ReturnReason[]): UnlockedParts {
  const u: UnlockedParts = { org: new Set(), rows: new Set(), rowFields: new Map(), wholeForm: false };
  for (const r of reasons) {
    if (!r.rowKey && !r.fieldKey) u.wholeForm = true;
    else if (r.rowKey && !r.fieldKey) u.rows.add(r.rowKey);
    else if (r.rowKey && r.fieldKey) {
      const cells = u.rowFields.get(r.rowKey) ?? new Set<string>();
      cells.add(r.fieldKey);
      u.rowFields.set(r.rowKey, cells);
    } else u.org.add(r.fieldKey!);
  }
  return u;
}

const LOCKED_FIELD_MESSAGE = '退回意见未涉及此项，不能修改';
const ROW_ADDED_MESSAGE = '退回修改时不能新增行（只能修改退回意见指出的内容）';
const ROW_REMOVED_MESSAGE = (n: number) => `退回修改时不能删除行（原第 ${n} 行）`;

/**
 * Every change from the returned version (`before`) to the corrected one (`after`) that the reasons did not unlock.
 * Rows are matched by key; rows left unmatched on both sides are paired in order, because editing a key field of an
 * unlocked row (the wrong specialty) changes its key without adding or removing anything. Extra rows on either side
 * are additions or removals, allowed only when the whole form was returned.
 */
export function checkEditsAllowed(
  def: FormDefinition,
  before: FormData,
  after: FormData,
  reasons: readonly ReturnReason[],
): FieldIssue[] {
  const u = unlockedByReasons(reasons);
  if (u.wholeForm) return [];
  const issues: FieldIssue[] = [];
  for (const f of orgFields(def)) {
    if (!sameValue(before.org?.[f.key], after.org?.[f.key]) && !u.org.has(f.key)) {
      issues.push({ scope: 'org', fieldKey: f.key, message: LOCKED_FIELD_MESSAGE, severity: 'error' });
    }
  }

  const bRows = before.rows ?? [];
  const aRows = after.rows ?? [];
  const bKeys = bRows.map((r) => rowKeyOf(def, r.values));
  const aKeys = aRows.map((r) => rowKeyOf(def, r.values));
  const freeBefore = new Map<string, number[]>();
  bKeys.forEach((k, i) => freeBefore.set(k, [...(freeBefore.get(k) ?? []), i]));
  const pairs: [number, number][] = [];
  const unmatchedAfter: number[] = [];
  aKeys.forEach((k, j) => {
    const i = freeBefore.get(k)?.shift();
    if (i === undefined) unmatchedAfter.push(j);
    else pairs.push([i, j]);
  });
  const unmatchedBefore = [...freeBefore.values()].flat().sort((x, y) => x - y);
  const n = Math.min(unmatchedBefore.length, unmatchedAfter.length);
  for (let p = 0; p < n; p++) pairs.push([unmatchedBefore[p], unmatchedAfter[p]]);
  for (const j of unmatchedAfter.slice(n))
    issues.push({
      scope: 'row',
      rowKey: aKeys[j],
      rowIndex: j,
      fieldKey: '',
      message: ROW_ADDED_MESSAGE,
      severity: 'error',
    });
  for (const i of unmatchedBefore.slice(n))
    issues.push({
      scope: 'row',
      rowKey: bKeys[i],
      fieldKey: '',
      message: ROW_REMOVED_MESSAGE(i + 1),
      severity: 'error',
    });

  const fields = rowFields(def);
  for (const [i, j] of pairs.sort((x, y) => x[1] - y[1])) {
    // Reasons name the key the returned version had; a stale stored key is accepted too.
    const names = [bKeys[i], bRows[i].key].filter(Boolean);
    const wholeRow = names.some((k) => u.rows.has(k));
    for (const f of fields) {
      if (sameValue(bRows[i].values?.[f.key], aRows[j].values?.[f.key])) continue;
      if (wholeRow || names.some((k) => u.rowFields.get(k)?.has(f.key))) continue;
      issues.push({
        scope: 'row',
        rowKey: aKeys[j],
        rowIndex: j,
        fieldKey: f.key,
        message: LOCKED_FIELD_MESSAGE,
        severity: 'error',
      });
    }
  }
  return issues;
}

/**
 * Reasons that point at nothing in the version being returned (a field the definition lacks, a row that is not
 * there, an org field given with a row): the server answers 400 with these instead of unlocking nothing.
 */
export function reasonProblems(
  def: FormDefinition,
  form: FormData,
  reasons: readonly ReturnReason[],
): { index: number; message: string }[] {
  const out: { index: number; message: string }[] = [];
  const keys = new Set((form.rows ?? []).flatMap((r) => [r.key, rowKeyOf(def, r.values)]));
  const org = new Set(orgFields(def).map((f) => f.key));
  const row = new Set(rowFields(def).map((f) => f.key));
  reasons.forEach((r, index) => {
    const at = `第 ${index + 1} 条退回理由`;
    if (r.rowKey && !keys.has(r.rowKey)) out.push({ index, message: `${at}指向的行不存在` });
    if (r.fieldKey && r.rowKey && !row.has(r.fieldKey))
      out.push({ index, message: `${at}指向的栏目“${r.fieldKey}”不是明细行的栏目` });
    if (r.fieldKey && !r.rowKey && !org.has(r.fieldKey))
      out.push({ index, message: `${at}指向的栏目“${r.fieldKey}”不是表头信息栏目` });
  });
  return out;
}
