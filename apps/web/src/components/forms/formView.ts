// What the two halves of a rendered form (org block, rows table) need to know, built once by the page.
import type { CodeLists, FieldDef, FieldValue, FormDefinition } from '@cjrh/domain';
import type { CodeOptions } from './codeLists';
import type { EditorRow, indexIssues, indexReasons } from './formModel';

type FormMode = 'edit' | 'view' | 'pick';

export interface FormChangeMarks {
  /** 'o:key' and 'c:currentRowKey:key' → the old value as people read it. */
  cells: Map<string, { before?: string; after?: string }>;
  /** Current keys of rows added since the return. */
  addedRows: Set<string>;
}

export interface FormView {
  def: FormDefinition;
  lists: CodeLists;
  options: CodeOptions;
  mode: FormMode;
  org: Record<string, FieldValue>;
  rows: EditorRow[];
  orgEditable: (f: FieldDef) => boolean;
  cellEditable: (row: EditorRow, f: FieldDef) => boolean;
  /** Rows may be added, copied and deleted (a draft, or a form returned as a whole). */
  rowsEditable: boolean;
  issues: ReturnType<typeof indexIssues>;
  reasons: ReturnType<typeof indexReasons>;
  /** The form was resubmitted after the return: its reasons read as 已修改. */
  reasonsResolved: boolean;
  changes?: FormChangeMarks | null;
  /** Spots a reviewer has ticked in the return dialog: 'o:key', 'row:rowKey', 'c:rowKey:key'. */
  picked?: Set<string>;
  /** Prefix of the spots' element ids, so a second rendering of the form (the return dialog) has ids of its own. */
  domPrefix?: string;
}

/** What a reviewer clicked: an org field, a whole row, or a cell. */
export interface PickTarget {
  fieldKey?: string;
  rowKey?: string;
  rowIndex?: number;
}

export const pickId = (p: PickTarget) =>
  p.rowKey !== undefined
    ? p.fieldKey
      ? `c:${p.rowKey}:${p.fieldKey}`
      : `row:${p.rowKey}`
    : p.fieldKey
      ? `o:${p.fieldKey}`
      : 'general';
