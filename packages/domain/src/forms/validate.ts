import { orgFields, rowFields } from './definitions';
import { parseValue } from './parse';
import {
  codeListKindOf,
  type CodeLists,
  type FieldDef,
  type FieldIssue,
  type FieldValue,
  type FormData,
  type FormDefinition,
  type FormRow,
} from './types';

export { parseValue } from './parse';

export const DUPLICATE_ROW_MESSAGE = (n: number) => `与第 ${n} 行重复（同一专业/岗位与需求类型）`;
const NO_ROWS_MESSAGE = '至少填写一行需求信息';

/** Empty in every spelling a form can hold: null, undefined, '', whitespace, []. */
export function isEmptyValue(v: unknown): boolean {
  return (
    v === null || v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
  );
}

function canonical(v: unknown): unknown {
  if (isEmptyValue(v)) return null;
  if (Array.isArray(v)) return [...v].map(String).sort();
  if (typeof v === 'string') return v.trim();
  return v;
}

/** Equality used by diffs and edit checks: empties are equal, multi values compare as sets. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function keyPart(v: FieldValue | undefined): string {
  const c = canonical(v);
  if (c === null) return '';
  const s = Array.isArray(c) ? c.join(',') : String(c);
  // Whitespace is collapsed so "数控 车工" and "数控车工 " are one post; '|' is reserved as the separator.
  return s.replace(/\s+/g, '').replace(/\|/g, '｜');
}

/**
 * The row's identity within one organisation's form: its key fields' stored values (codes, not names) joined by '|',
 * e.g. '0102|订单（定向）班'. Same values → same key, whatever order the rows come in.
 */
export function rowKeyOf(def: FormDefinition, values: Record<string, FieldValue | undefined>): string {
  return def.rowKeyFields.map((k) => keyPart(values[k])).join('|');
}

/** A stored value as people read it (display, Excel export): code → name, lists joined with 、, booleans 是/否. */
export function formatValue(field: FieldDef, value: FieldValue | undefined, lists: CodeLists): string {
  if (isEmptyValue(value)) return '';
  const kind = codeListKindOf(field.type);
  const one = (v: string | number | boolean): string => {
    if (typeof v === 'boolean') return v ? '是' : '否';
    if (kind && typeof v === 'string') return lists[kind].byCode.get(v) ?? v;
    return String(v);
  };
  return Array.isArray(value) ? value.map(one).join('、') : one(value as string | number | boolean);
}

/** A value that failed to parse is kept as typed (if it is a plain value) so a draft shows what the person entered. */
function keepRaw(raw: unknown): FieldValue {
  if (typeof raw === 'string' || typeof raw === 'boolean' || (typeof raw === 'number' && Number.isFinite(raw)))
    return raw;
  if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) return raw as string[];
  return null;
}

/**
 * Parses every field of the definition (unknown keys are dropped), recomputes row keys and reports every problem:
 * the server stores `data`, the import writes it, the web shows `issues` next to the fields.
 */
export function normalizeForm(
  def: FormDefinition,
  data: FormData,
  lists: CodeLists,
): { data: FormData; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const org: Record<string, FieldValue> = {};
  for (const f of orgFields(def)) {
    const raw = data.org?.[f.key];
    const r = parseValue(f, raw, lists);
    org[f.key] = r.ok ? r.value : keepRaw(raw);
    if (!r.ok) issues.push({ scope: 'org', fieldKey: f.key, message: r.message, severity: 'error' });
  }
  const fields = rowFields(def);
  const rows: FormRow[] = [];
  (data.rows ?? []).forEach((row, rowIndex) => {
    const values: Record<string, FieldValue> = {};
    const rowIssues: Omit<FieldIssue, 'rowKey'>[] = [];
    for (const f of fields) {
      const raw = row.values?.[f.key];
      const r = parseValue(f, raw, lists);
      values[f.key] = r.ok ? r.value : keepRaw(raw);
      if (!r.ok) rowIssues.push({ scope: 'row', rowIndex, fieldKey: f.key, message: r.message, severity: 'error' });
    }
    const key = rowKeyOf(def, values);
    rows.push({ key, values });
    for (const i of rowIssues) issues.push({ ...i, rowKey: key });
  });
  if (rows.length === 0) issues.push({ scope: 'org', fieldKey: '', message: NO_ROWS_MESSAGE, severity: 'error' });
  for (const d of duplicateRows(def, rows)) {
    issues.push({
      scope: 'row',
      rowKey: d.key,
      rowIndex: d.index,
      fieldKey: def.rowKeyFields[0],
      message: DUPLICATE_ROW_MESSAGE(d.firstIndex + 1),
      severity: 'error',
    });
  }
  return { data: { org, rows }, issues };
}

/** Every error of a form (raw or stored values); empty means it may be submitted. */
export function validateForm(def: FormDefinition, data: FormData, lists: CodeLists): FieldIssue[] {
  return normalizeForm(def, data, lists).issues;
}

/**
 * Rows whose key repeats an earlier row's. Rows missing a required key field are left to the 必填 check, so two
 * half-filled rows are not also called duplicates.
 */
export function duplicateRows(
  def: FormDefinition,
  rows: FormRow[],
): { index: number; firstIndex: number; key: string }[] {
  const requiredKeys = def.rowKeyFields.filter((k) => def.fields.find((f) => f.key === k)?.required);
  const first = new Map<string, number>();
  const out: { index: number; firstIndex: number; key: string }[] = [];
  rows.forEach((row, index) => {
    if (requiredKeys.some((k) => isEmptyValue(row.values[k]))) return;
    const key = rowKeyOf(def, row.values);
    const firstIndex = first.get(key);
    if (firstIndex === undefined) first.set(key, index);
    else out.push({ index, firstIndex, key });
  });
  return out;
}
