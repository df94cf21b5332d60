// The form as the screens hold it, and the lookups every view of it needs. Nothing here knows a column: all of it
// iterates the FormDefinition, so next year's JSON edit reaches every screen.
import {
  designedPx,
  rowKeyOf,
  type FieldDef,
  type FieldIssue,
  type FieldValue,
  type FormDefinition,
  type FormRow,
  type ReturnReason,
  type FormData as DemandData,
} from '@cjrh/domain';

export interface EditorRow {
  /** Stable id for v-for while the key fields are edited. */
  uid: number;
  /** The row's key in the version under review/return (reasons point at it); '' for a row added here. */
  origKey: string;
  values: Record<string, FieldValue>;
}

let nextUid = 1;

/** A stored row → an editor row; `aliases` maps a current key to the key it had when the form was returned. */
export function toEditorRows(def: FormDefinition, rows: FormRow[], aliases?: Map<string, string>): EditorRow[] {
  return rows.map((r) => {
    const key = rowKeyOf(def, r.values);
    return { uid: nextUid++, origKey: aliases?.get(key) ?? key, values: { ...r.values } };
  });
}

export function emptyRow(def: FormDefinition): EditorRow {
  return {
    uid: nextUid++,
    origKey: '',
    values: Object.fromEntries(def.fields.filter((f) => f.scope === 'row').map((f) => [f.key, null])),
  };
}

export function copyRow(row: EditorRow): EditorRow {
  const values = Object.fromEntries(Object.entries(row.values).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
  return { uid: nextUid++, origKey: '', values };
}

export function toData(def: FormDefinition, org: Record<string, FieldValue>, rows: EditorRow[]): DemandData {
  return { org: { ...org }, rows: rows.map((r) => ({ key: rowKeyOf(def, r.values), values: { ...r.values } })) };
}

/**
 * Org fields the server overwrites from the organisation's record on every save (the domain's pinIdentity, the same
 * rule): shown read-only, since a change here would silently be undone.
 */
export { isPinnedField } from '@cjrh/domain';

/** Where a message, a reason or a change sits: an org field, a whole row, or one cell. */
export type Spot = { scope: 'org'; fieldKey: string } | { scope: 'row'; rowIndex: number; fieldKey?: string };

export const spotDomId = (s: Spot) =>
  s.scope === 'org' ? `spot-org-${s.fieldKey}` : `spot-row-${s.rowIndex}${s.fieldKey ? `-${s.fieldKey}` : ''}`;

/** Issues grouped by spot ('o:key', 'r:index:key'); those without a field of their own go to `form`. */
export function indexIssues(def: FormDefinition, issues: FieldIssue[]) {
  const orgKeys = new Set(def.fields.filter((f) => f.scope === 'org').map((f) => f.key));
  const at = new Map<string, FieldIssue[]>();
  const form: FieldIssue[] = [];
  const push = (k: string, i: FieldIssue) => at.set(k, [...(at.get(k) ?? []), i]);
  for (const i of issues) {
    if (i.scope === 'org' && orgKeys.has(i.fieldKey)) push(`o:${i.fieldKey}`, i);
    else if (i.scope === 'row' && i.rowIndex !== undefined && i.fieldKey) push(`r:${i.rowIndex}:${i.fieldKey}`, i);
    else if (i.scope === 'row' && i.rowIndex !== undefined) push(`r:${i.rowIndex}:`, i);
    else form.push(i);
  }
  return { at, form };
}

/** Reasons grouped by what they point at: 'o:key', 'row:rowKey', 'c:rowKey:key'; general ones apart. */
export function indexReasons(reasons: readonly ReturnReason[]) {
  const at = new Map<string, ReturnReason[]>();
  const general: ReturnReason[] = [];
  const push = (k: string, r: ReturnReason) => at.set(k, [...(at.get(k) ?? []), r]);
  for (const r of reasons) {
    if (r.rowKey && r.fieldKey) push(`c:${r.rowKey}:${r.fieldKey}`, r);
    else if (r.rowKey) push(`row:${r.rowKey}`, r);
    else if (r.fieldKey) push(`o:${r.fieldKey}`, r);
    else general.push(r);
  }
  return { at, general };
}

/**
 * Rows whose key fields were edited after a return show in the diff as one removed and one added; the server pairs
 * them in order (checkEditsAllowed), and so does this: current key → the key the reasons name.
 */
export function keyAliasesFromDiff(changes: { scope: string; kind: string; rowKey?: string }[]): Map<string, string> {
  const added = changes.filter((c) => c.scope === 'row' && c.kind === 'added' && c.rowKey).map((c) => c.rowKey!);
  const removed = changes.filter((c) => c.scope === 'row' && c.kind === 'removed' && c.rowKey).map((c) => c.rowKey!);
  const out = new Map<string, string>();
  for (let i = 0; i < Math.min(added.length, removed.length); i++) out.set(added[i], removed[i]);
  return out;
}

/** Column width: the designer's width when the province set one, else by what the cell holds. */
export function columnWidth(f: FieldDef): number {
  const designed = designedPx(f);
  if (designed) return designed;
  switch (f.type) {
    case 'longtext':
      return 280;
    case 'multi_industry':
    case 'multi_enum':
      return 240;
    case 'specialty':
    case 'occupation':
    case 'enum':
    case 'text':
      return 200;
    case 'uscc':
      return 200;
    case 'date':
    case 'phone':
    case 'email':
    case 'region':
    case 'industry':
    case 'skill_level':
      return 160;
    case 'integer':
    case 'number':
      return 130;
    case 'boolean':
      return 90;
  }
}
