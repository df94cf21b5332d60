import { orgFields, rowFields } from './definitions';
import type { CodeLists, FieldValue, FormData, FormDefinition, FormRow } from './types';
import { formatValue, rowKeyOf, sameValue } from './validate';

/** One difference between two versions of a form, formatted for the reviewer. */
export interface FormChange {
  scope: 'org' | 'row';
  rowKey?: string;
  kind: 'added' | 'removed' | 'changed';
  fieldKey?: string;
  /** The field's label, or for an added/removed row the row's description (its key fields by name). */
  label: string;
  /** For row changes: the row's description, e.g. '数控加工 · 订单（定向）班'. */
  rowLabel?: string;
  before?: string;
  after?: string;
}

/** A row's key fields as people read them, joined with ' · '. */
export function describeRow(def: FormDefinition, values: Record<string, FieldValue>, lists: CodeLists): string {
  return def.rowKeyFields
    .map((k) => {
      const f = def.fields.find((x) => x.key === k);
      return f ? formatValue(f, values[k], lists) : '';
    })
    .filter((s) => s !== '')
    .join(' · ');
}

/** Row key → row; keys are recomputed from the values so a stale stored key can not hide a change. */
function byKey(def: FormDefinition, rows: FormRow[] | undefined): Map<string, FormRow> {
  const map = new Map<string, FormRow>();
  for (const r of rows ?? []) {
    const k = rowKeyOf(def, r.values);
    if (!map.has(k)) map.set(k, r);
  }
  return map;
}

/**
 * What changed between the version a reviewer returned and the resubmitted one. Rows are matched by key, so editing
 * a row's specialty or need type shows as one row removed and one added — which is what it means for the catalogue.
 */
export function diffForms(def: FormDefinition, before: FormData, after: FormData, lists: CodeLists): FormChange[] {
  const out: FormChange[] = [];
  for (const f of orgFields(def)) {
    const a = before.org?.[f.key];
    const b = after.org?.[f.key];
    if (!sameValue(a, b))
      out.push({
        scope: 'org',
        kind: 'changed',
        fieldKey: f.key,
        label: f.label,
        before: formatValue(f, a, lists),
        after: formatValue(f, b, lists),
      });
  }
  const fields = rowFields(def);
  const old = byKey(def, before.rows);
  const cur = byKey(def, after.rows);
  for (const [key, row] of cur) {
    const rowLabel = describeRow(def, row.values, lists);
    const prev = old.get(key);
    if (!prev) {
      out.push({ scope: 'row', rowKey: key, kind: 'added', label: rowLabel, rowLabel });
      continue;
    }
    for (const f of fields) {
      const a = prev.values[f.key];
      const b = row.values[f.key];
      if (!sameValue(a, b)) {
        out.push({
          scope: 'row',
          rowKey: key,
          kind: 'changed',
          fieldKey: f.key,
          label: f.label,
          rowLabel,
          before: formatValue(f, a, lists),
          after: formatValue(f, b, lists),
        });
      }
    }
  }
  for (const [key, row] of old) {
    if (cur.has(key)) continue;
    const rowLabel = describeRow(def, row.values, lists);
    out.push({ scope: 'row', rowKey: key, kind: 'removed', label: rowLabel, rowLabel });
  }
  return out;
}
