import { orgFields, rowFields } from './definitions';
import type { FieldDef, FieldValue, FormData, FormDefinition } from './types';
import { isEmptyValue, rowKeyOf } from './validate';

/** Reads 'a.b.c' from a record; anything missing is undefined. */
function readPath(record: Record<string, unknown>, path: string): unknown {
  let cur: unknown = record;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** An org-record value as a form value; the field's prefillMap turns stored codes into the form's option. */
function toFieldValue(field: FieldDef, raw: unknown): FieldValue {
  if (typeof raw === 'string' && field.prefillMap && Object.prototype.hasOwnProperty.call(field.prefillMap, raw))
    return field.prefillMap[raw];
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (Array.isArray(raw)) return raw.filter((x): x is string => typeof x === 'string');
  return null;
}

/**
 * A new form for this campaign. Org fields come from the organisation record (OrgDetail) through each field's
 * `prefill` path — the record is kept up to date by the organisation, the form only snapshots it — and fall back to
 * last year's form. Rows are copied from last year's form (only fields the current definition still has), because
 * most needs carry over; a school without last year's form starts with no rows rather than rows without a need type.
 */
export function prefillForm(def: FormDefinition, org: Record<string, unknown>, lastYear?: FormData | null): FormData {
  // A date from an earlier campaign ("可开始合作时间 2024-09-01") is no longer true; make the filler enter it again.
  const stale = (f: FieldDef, v: FieldValue) =>
    f.type === 'date' && typeof v === 'string' && v < `${def.campaignYear}-01-01`;
  const carry = (f: FieldDef, v: FieldValue | undefined): FieldValue =>
    v === undefined || stale(f, v) ? null : toFieldValue(f, v);

  const orgValues: Record<string, FieldValue> = {};
  for (const f of orgFields(def)) {
    let v: FieldValue = f.prefill ? toFieldValue(f, readPath(org, f.prefill)) : null;
    if (isEmptyValue(v) && lastYear) v = carry(f, lastYear.org?.[f.key]);
    orgValues[f.key] = isEmptyValue(v) ? null : v;
  }

  const fields = rowFields(def);
  const rows = (lastYear?.rows ?? []).map((row) => {
    const values: Record<string, FieldValue> = {};
    for (const f of fields) {
      const v = carry(f, row.values?.[f.key]);
      values[f.key] = isEmptyValue(v) ? null : v;
    }
    return { key: rowKeyOf(def, values), values };
  });
  return { org: orgValues, rows };
}

/** The organisation record's properties that identify it: a form's org field prefilled from one of them is pinned. */
const PINNED_PREFILLS = ['name', 'uscc', 'regionCode'] as const;
export type OrgIdentity = Record<(typeof PINNED_PREFILLS)[number], string>;

/** An org field that always shows the record's value: saving overwrites it, so the screens show it read-only. */
export const isPinnedField = (f: FieldDef) =>
  f.scope === 'org' && !!f.prefill && (PINNED_PREFILLS as readonly string[]).includes(f.prefill);

/**
 * Org-level answers that identify the organisation (name, USCC, region) always come from its record, never from what
 * was typed: on every save, every import and in the demo's forms alike. Everything else is left as it was.
 */
export function pinIdentity(def: FormDefinition, data: FormData, org: OrgIdentity): FormData {
  const pinned = { ...data.org };
  for (const f of def.fields) if (isPinnedField(f)) pinned[f.key] = org[f.prefill as keyof OrgIdentity];
  return { ...data, org: pinned };
}
