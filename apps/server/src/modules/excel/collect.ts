import { isBlankInput, parseValue, sameValue, type CodeLists, type FieldDef, type FormDefinition } from '@cjrh/domain';
import { EXAMPLE_MARK, fieldColumn } from './layout';
import { cellErrorMessage, isCellError, type Plain } from './reader';

/** One problem, where the person will look for it: sheet row, sheet column (1-based; 0 = the row as a whole). */
export interface CellProblem {
  row: number;
  col: number;
  message: string;
}

interface SourceRow {
  row: number;
  values: Record<string, Plain>;
}

/** The rows of one organisation, identified by its USCC. Org values are the first non-blank one per column. */
export interface OrgGroup {
  uscc: string;
  firstRow: number;
  org: Record<string, Plain>;
  /** field key → sheet row the org value was taken from */
  orgSource: Record<string, number>;
  rows: SourceRow[];
  /** A row of it had a problem only the sheet shows (org columns that disagree): the organisation is not written. */
  faulty: boolean;
}

const MISSING_USCC = '请填写统一社会信用代码（用于识别单位）';

/**
 * First pass over the streamed rows: skips the example row and blank rows, groups the rest by organisation and checks
 * what only the sheet can tell (who a row belongs to, org columns that disagree). Values are parsed later, once per
 * organisation, by normalizeForm, so every cell is parsed exactly once on the normal path.
 */
export class RowCollector {
  readonly groups = new Map<string, OrgGroup>();
  /** Rows whose organisation could not be identified. */
  readonly orphanRows: number[] = [];
  readonly problems: CellProblem[] = [];
  rowsRead = 0;
  private readonly orgFields: { f: FieldDef; i: number }[];
  private readonly rowFields: { f: FieldDef; i: number }[];
  private readonly uscc: { f: FieldDef; i: number };
  private previous: OrgGroup | null | undefined; // undefined: no data row yet; null: the last org was unidentifiable
  private usccCache = new Map<string, string | { error: string }>();

  constructor(
    private readonly def: FormDefinition,
    private readonly lists: CodeLists,
  ) {
    const indexed = def.fields.map((f, i) => ({ f, i }));
    this.orgFields = indexed.filter((x) => x.f.scope === 'org');
    this.rowFields = indexed.filter((x) => x.f.scope === 'row');
    this.uscc = indexed.find((x) => x.f.scope === 'org' && x.f.prefill === 'uscc')!;
  }

  static identifies(def: FormDefinition): boolean {
    return def.fields.some((f) => f.scope === 'org' && f.prefill === 'uscc');
  }

  /** cells: index 0 = column A (序号). */
  add(row: number, cells: Plain[]) {
    const a = cells[0];
    if (typeof a === 'string' && a.trim() === EXAMPLE_MARK) return;
    const cell = (i: number) => cells[fieldColumn(i) - 1] ?? null;
    if (this.def.fields.every((_, i) => blank(cell(i)))) return;
    this.rowsRead++;
    const values: Record<string, Plain> = {};
    for (const { f, i } of this.rowFields) values[f.key] = cell(i);
    const orgBlank = this.orgFields.every(({ i }) => blank(cell(i)));
    let group: OrgGroup | null;
    if (orgBlank && this.previous !== undefined) {
      // A continuation row: org columns left empty (or merged) under the organisation's first row.
      group = this.previous;
    } else {
      group = this.groupOf(row, cell(this.uscc.i));
      if (group) this.mergeOrg(group, row, cell);
    }
    this.previous = group;
    if (group) group.rows.push({ row, values });
    else this.orphanRows.push(row);
  }

  private groupOf(row: number, raw: Plain): OrgGroup | null {
    const col = fieldColumn(this.uscc.i);
    if (blank(raw)) {
      this.problems.push({ row, col, message: MISSING_USCC });
      return null;
    }
    const key = typeof raw === 'string' ? raw.trim() : String(raw);
    let code = this.usccCache.get(key);
    if (code === undefined) {
      const r = isCellError(raw)
        ? { ok: false as const, message: cellErrorMessage(raw) }
        : parseValue({ ...this.uscc.f, required: true }, raw, this.lists);
      code = r.ok ? String(r.value) : { error: r.message };
      this.usccCache.set(key, code);
    }
    if (typeof code !== 'string') {
      this.problems.push({ row, col, message: code.error });
      return null;
    }
    let g = this.groups.get(code);
    if (!g) {
      g = { uscc: code, firstRow: row, org: {}, orgSource: {}, rows: [], faulty: false };
      this.groups.set(code, g);
    }
    return g;
  }

  /** Org columns must say the same on every row of one organisation; a blank cell says nothing. */
  private mergeOrg(g: OrgGroup, row: number, cell: (i: number) => Plain) {
    for (const { f, i } of this.orgFields) {
      const v = cell(i);
      if (blank(v)) continue;
      if (!(f.key in g.org)) {
        g.org[f.key] = v;
        g.orgSource[f.key] = row;
        continue;
      }
      const first = g.org[f.key];
      if (sameRaw(first, v)) continue;
      const a = isCellError(first) ? null : parseValue(f, first, this.lists);
      const b = isCellError(v) ? null : parseValue(f, v, this.lists);
      if (a?.ok && b?.ok && sameValue(a.value, b.value)) continue;
      this.problems.push({
        row,
        col: fieldColumn(i),
        message: isCellError(v)
          ? cellErrorMessage(v)
          : b && !b.ok
            ? b.message
            : `与本单位第 ${g.orgSource[f.key]} 行的“${f.label}”不一致（${shown(first)}）`,
      });
      g.faulty = true;
    }
  }
}

function blank(v: Plain): boolean {
  return !isCellError(v) && isBlankInput(v);
}

function sameRaw(a: Plain, b: Plain): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  return a === b;
}

function shown(v: Plain): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (isCellError(v)) return v.error;
  return String(v ?? '');
}
