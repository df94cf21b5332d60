// The editable value of a project's `data` (or a report's metrics) built from the domain's field descriptors, and the
// few translations between what the form holds and what validateProjectData / the server expect.
import type { ProjectFieldDescriptor, ProjectIssue, ProjectValidation } from '@cjrh/domain';
import { t } from '@/locales';

export type DataModel = Record<string, unknown>;
export type Row = Record<string, unknown>;

/** Row tables that name people: the form asks for the ID number, the server keeps only a salted key (idKey). */
export const PERSON_KEY = 'idKey';
export const ID_NUMBER = 'idNumber';
export const hasPersonKey = (f: ProjectFieldDescriptor) =>
  f.widget === 'rows' && !!f.fields?.some((s) => s.key === PERSON_KEY);

/** The empty value a widget starts from (numbers start unset so "必填" shows instead of a silent 0). */
function emptyValue(f: ProjectFieldDescriptor): unknown {
  switch (f.widget) {
    case 'bool':
      return false;
    case 'multi-select':
    case 'specialties':
    case 'orgs':
    case 'rows':
      return [];
    case 'level_counts':
      return {};
    case 'number':
    case 'org':
      return undefined;
    default:
      return '';
  }
}

export function emptyRow(f: ProjectFieldDescriptor): Row {
  const row: Row = {};
  for (const s of f.fields ?? []) if (s.key !== PERSON_KEY) row[s.key] = emptyValue(s);
  if (hasPersonKey(f)) row[ID_NUMBER] = '';
  return row;
}

/** A fresh model for `fields`, filled from `data` where it has a value (an edit). */
export function modelFrom(fields: readonly ProjectFieldDescriptor[], data: DataModel = {}): DataModel {
  const out: DataModel = {};
  for (const f of fields) {
    const v = data[f.key];
    if (f.widget === 'rows') out[f.key] = Array.isArray(v) ? v.map((r) => ({ ...(r as Row) })) : [];
    else if (f.widget === 'level_counts')
      out[f.key] = v && typeof v === 'object' ? { ...(v as Record<string, number>) } : {};
    else out[f.key] = v === undefined || v === null ? emptyValue(f) : Array.isArray(v) ? [...v] : v;
  }
  return out;
}

/** Mainland resident ID: 18 characters with the ISO 7064 check digit (or the old 15-digit form). */
function idNumberProblem(value: string): string | null {
  const s = value.trim().toUpperCase();
  if (!s) return t.projects.form.idNumberRequired;
  if (/^\d{15}$/.test(s)) return null;
  if (!/^\d{17}[\dX]$/.test(s)) return t.projects.form.idNumberFormat;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((acc, wi, i) => acc + wi * Number(s[i]), 0);
  return '10X98765432'[sum % 11] === s[17] ? null : t.projects.form.idNumberCheck;
}

/** A stand-in key for an ID number while validating in the browser: the same number gives the same key, so duplicates show. */
function localKey(idNumber: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const c of idNumber.trim().toUpperCase()) {
    h1 = Math.imul(h1 ^ c.charCodeAt(0), 0x01000193) >>> 0;
    h2 = Math.imul(h2 + c.charCodeAt(0), 0x5bd1e995) >>> 0;
  }
  return `local${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}

/** Drops unset values, turns typed ID numbers into stand-in keys, and removes empty level counts. */
function normalise(fields: readonly ProjectFieldDescriptor[], model: DataModel, forServer: boolean): DataModel {
  const out: DataModel = {};
  for (const f of fields) {
    const v = model[f.key];
    if (v === undefined || v === null || (v === '' && f.widget !== 'text')) continue;
    if (f.widget === 'level_counts') {
      out[f.key] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).filter(([, n]) => typeof n === 'number' && n > 0),
      );
    } else if (f.widget === 'rows') {
      out[f.key] = (v as Row[]).map((row) => {
        const r: Row = {};
        for (const s of f.fields ?? [])
          if (row[s.key] !== undefined && row[s.key] !== null && row[s.key] !== '') r[s.key] = row[s.key];
        const typed = typeof row[ID_NUMBER] === 'string' ? (row[ID_NUMBER] as string).trim() : '';
        if (typed) {
          if (forServer) {
            delete r[PERSON_KEY];
            r[ID_NUMBER] = typed.toUpperCase();
          } else r[PERSON_KEY] = localKey(typed);
        }
        return r;
      });
    } else out[f.key] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/** What the server receives: ID numbers as typed (it hashes them), existing keys kept. */
export const toPayload = (fields: readonly ProjectFieldDescriptor[], model: DataModel) =>
  normalise(fields, model, true);

/**
 * Runs the domain validator on the model and returns Chinese messages by dotted path. Issues on a stand-in key are
 * reported on the ID number input; an ID number that is not a valid number is reported there too.
 */
export function validateModel(
  fields: readonly ProjectFieldDescriptor[],
  model: DataModel,
  validate: (data: unknown) => ProjectValidation<unknown>,
): Map<string, string> {
  const v = validate(normalise(fields, model, false));
  const out = new Map<string, string>();
  const put = (path: string, message: string) => out.has(path) || out.set(path, message);
  for (const f of fields.filter(hasPersonKey)) {
    ((model[f.key] as Row[] | undefined) ?? []).forEach((row, i) => {
      const typed = typeof row[ID_NUMBER] === 'string' ? (row[ID_NUMBER] as string) : '';
      if (typed.trim() || !row[PERSON_KEY]) {
        const problem = idNumberProblem(typed);
        if (problem) put(`${f.key}.${i}.${ID_NUMBER}`, problem);
      }
    });
  }
  if (!v.ok) {
    for (const issue of v.issues as ProjectIssue[]) {
      const path = issue.path.endsWith(`.${PERSON_KEY}`) ? issue.path.replace(/idKey$/, ID_NUMBER) : issue.path;
      // A value not given yet gets the plain "必填", not a format complaint about nothing (dates, choices).
      const value = issue.path
        .split('.')
        .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), model);
      put(path, value === undefined || value === null || value === '' ? t.projects.form.required : issue.message);
    }
  }
  return out;
}

/** The first path segment of an issue: the field it belongs to (rows: also `key.i`). */
export const topKey = (path: string) => path.split('.')[0];
