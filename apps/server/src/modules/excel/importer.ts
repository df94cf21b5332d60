import { and, eq, inArray } from 'drizzle-orm';
import {
  checkEditsAllowed,
  DUPLICATE_ROW_MESSAGE,
  duplicateRows,
  FORM_STATE_LABELS,
  normalizeForm,
  normalizeLabel,
  parseValue,
  pinIdentity,
  type CodeLists,
  type FieldIssue,
  type FormData as DemandData,
  type FormDefinition,
  type FormState,
} from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { forms, orgs } from '../../db/schema/index';
import { inScope, type Actor } from '../../http/access';
import { findSnapshot, type FormRowDb } from '../forms/forms.repository';
import type { CellProblem, OrgGroup, RowCollector } from './collect';
import { fieldColumn } from './layout';
import { cellErrorMessage, isCellError } from './reader';

type OrgRow = { id: number; type: 'school' | 'enterprise'; name: string; uscc: string; regionCode: string };

/** What the import will do with one organisation's rows. */
export interface PlanItem {
  group: OrgGroup;
  org: OrgRow;
  existing: FormRowDb | undefined;
  data: DemandData;
  action: 'create' | 'update' | 'unchanged';
  submit: boolean;
}

export interface ImportPlan {
  items: PlanItem[];
  problems: CellProblem[];
  /** USCCs of organisations that will not be written. */
  rejected: Set<string>;
}

const EDITABLE: readonly string[] = ['draft', 'returned'];

/** Key-order-free JSON: jsonb gives keys back in its own order, so plain JSON.stringify would see changes that are not. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

function notListed(actor: Actor, kind: 'school' | 'enterprise'): string {
  if (actor.role === 'school' || actor.role === 'enterprise')
    return '只能导入本单位的数据：该统一社会信用代码不是本单位的';
  if (actor.role === 'region')
    return '统一社会信用代码不在本地区的单位名录中，请核对代码，或先在“单位管理”中添加该单位';
  return `统一社会信用代码不在${kind === 'school' ? '院校' : '企业'}名录中，请核对代码，或先在“单位管理”中添加该单位`;
}

const chunks = <T>(xs: T[], n = 1000) =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
const tick = () => new Promise<void>((r) => setImmediate(r));

/**
 * Second pass, per organisation: who it is (directory, scope, type), its values parsed and validated once by
 * normalizeForm, and what writing would do to its form (create, update, nothing; refused when the form is locked).
 * Reads the database in a few set-wise queries; nothing is written here.
 */
export async function planImport(
  db: DbOrTx,
  actor: Actor,
  campaignId: number,
  def: FormDefinition,
  lists: CodeLists,
  rows: RowCollector,
  wantSubmit: boolean,
): Promise<ImportPlan> {
  const groups = [...rows.groups.values()];
  const byUscc = new Map<string, OrgRow>();
  for (const part of chunks(groups.map((g) => g.uscc))) {
    const found = await db
      .select({ id: orgs.id, type: orgs.type, name: orgs.name, uscc: orgs.uscc, regionCode: orgs.regionCode })
      .from(orgs)
      .where(inArray(orgs.uscc, part));
    for (const o of found) byUscc.set(o.uscc, o);
  }
  const existing = new Map<number, FormRowDb>();
  for (const part of chunks([...byUscc.values()].map((o) => o.id))) {
    for (const f of await db
      .select()
      .from(forms)
      .where(and(eq(forms.campaignId, campaignId), inArray(forms.orgId, part))))
      existing.set(f.orgId, f);
  }

  const plan: ImportPlan = { items: [], problems: [], rejected: new Set() };
  const usccCol = fieldColumn(def.fields.findIndex((f) => f.scope === 'org' && f.prefill === 'uscc'));
  const reject = (g: OrgGroup, message: string) => {
    plan.problems.push({ row: g.firstRow, col: usccCol, message });
    plan.rejected.add(g.uscc);
  };
  let n = 0;
  for (const g of groups) {
    if (++n % 50 === 0) await tick(); // parsing is CPU work: let progress polls through
    const org = byUscc.get(g.uscc);
    if (!org || !inScope(actor, { regionCode: org.regionCode, orgId: org.id })) {
      reject(g, notListed(actor, def.kind));
      continue;
    }
    if (org.type !== def.kind) {
      reject(
        g,
        `该单位在名录中是${org.type === 'school' ? '院校' : '企业'}，不能导入到${def.kind === 'school' ? '学校' : '企业'}需求表`,
      );
      continue;
    }
    const before = plan.problems.length;
    const identity = identityProblems(def, g, org, lists);
    // The identity columns always come from the directory, as when a form is saved on screen (cells are read as
    // they are; normalizeForm turns them into form values or issues).
    const { data, issues } = normalizeForm(
      def,
      pinIdentity(
        def,
        {
          org: g.org as DemandData['org'],
          rows: g.rows.map((r) => ({ key: '', values: r.values as DemandData['rows'][number]['values'] })),
        },
        org,
      ),
      lists,
    );
    plan.problems.push(...identity, ...mapIssues(def, g, issues, data));
    if (g.faulty || plan.problems.length > before) {
      plan.rejected.add(g.uscc);
      continue;
    }
    const form = existing.get(org.id);
    let action: PlanItem['action'] = 'create';
    if (form) {
      if (form.formVersion !== def.version) {
        reject(
          g,
          `该单位本年度的表单按 ${form.formVersion} 版填写，与上传模板（${def.version} 版）不一致，请下载最新模板`,
        );
        continue;
      }
      action = stableJson(form.data) === stableJson(data) ? 'unchanged' : 'update';
      if (action === 'update' && !EDITABLE.includes(form.state)) {
        reject(
          g,
          `该单位的表单当前状态为“${FORM_STATE_LABELS[form.state as FormState] ?? form.state}”，不能再通过导入修改`,
        );
        continue;
      }
      if (action === 'update' && form.state === 'returned' && form.returnedSnapshotId) {
        const snap = await findSnapshot(db, form.returnedSnapshotId);
        const locked = checkEditsAllowed(def, snap.data as DemandData, data, form.returnReasons);
        if (locked.length) {
          plan.problems.push(...mapIssues(def, g, locked, data));
          plan.rejected.add(g.uscc);
          continue;
        }
      }
    }
    const state = form?.state ?? 'draft';
    const submit = wantSubmit && state === 'draft' && (actor.role === 'region' || actor.orgId === org.id);
    plan.items.push({ group: g, org, existing: form, data, action, submit });
  }
  return plan;
}

/**
 * A name or region typed next to a USCC that belongs to someone else is most likely a wrong code pasted into the row:
 * importing it would put one school's needs into another's form, so it is an error. Names match loosely (one may
 * contain the other: 武汉第一技师学院 / 湖北省武汉第一技师学院).
 */
function identityProblems(def: FormDefinition, g: OrgGroup, org: OrgRow, lists: CodeLists): CellProblem[] {
  const out: CellProblem[] = [];
  def.fields.forEach((f, i) => {
    const v = g.org[f.key];
    if (f.scope !== 'org' || v === undefined || isCellError(v)) return;
    const at = { row: g.orgSource[f.key], col: fieldColumn(i) };
    if (f.prefill === 'regionCode') {
      const r = parseValue(f, v, lists);
      if (!r.ok) out.push({ ...at, message: r.message });
      else if (r.value !== org.regionCode)
        out.push({
          ...at,
          message: `与单位名录不一致：该单位在名录中属于“${lists.region.byCode.get(org.regionCode) ?? org.regionCode}”`,
        });
    }
    if (f.prefill === 'name' && typeof v === 'string') {
      const [a, b] = [normalizeLabel(v), normalizeLabel(org.name)];
      if (a && !a.includes(b) && !b.includes(a))
        out.push({ ...at, message: `与统一社会信用代码不符：该代码在名录中是“${org.name}”` });
    }
  });
  return out;
}

/** normalizeForm's issues → sheet cells; duplicates get sheet row numbers instead of positions in the form. */
function mapIssues(def: FormDefinition, g: OrgGroup, issues: FieldIssue[], data: DemandData): CellProblem[] {
  const col = (key: string) => (key ? fieldColumn(def.fields.findIndex((f) => f.key === key)) : 0);
  const dupes = issues.length ? duplicateRows(def, data.rows) : []; // the clean path skips recomputing row keys
  const dupeAt = new Set(dupes.map((d) => `${d.index}|${DUPLICATE_ROW_MESSAGE(d.firstIndex + 1)}`));
  const out: CellProblem[] = dupes.map((d) => ({
    row: g.rows[d.index].row,
    col: col(def.rowKeyFields[0]),
    message: DUPLICATE_ROW_MESSAGE(g.rows[d.firstIndex].row),
  }));
  for (const i of issues) {
    if (i.severity !== 'error' || (i.rowIndex !== undefined && dupeAt.has(`${i.rowIndex}|${i.message}`))) continue;
    const raw =
      i.scope === 'org'
        ? g.org[i.fieldKey]
        : i.rowIndex !== undefined
          ? g.rows[i.rowIndex]?.values[i.fieldKey]
          : undefined;
    const message = isCellError(raw) ? cellErrorMessage(raw) : i.message;
    if (i.scope === 'org') out.push({ row: g.orgSource[i.fieldKey] ?? g.firstRow, col: col(i.fieldKey), message });
    else if (i.rowIndex !== undefined) out.push({ row: g.rows[i.rowIndex].row, col: col(i.fieldKey), message });
    else out.push({ row: g.firstRow, col: 0, message }); // a removed row of a returned form: no cell to point at
  }
  return out;
}
