import { orgFields, rowFields } from './definitions';
import type { FieldDef, FieldIssue, FieldValue, FormData, FormDefinition } from './types';
import { duplicateRows, rowKeyOf } from './validate';
import { personalDataWarning } from '../catalogue/mask';

/**
 * Plausibility checks (severity 'warning'): they never block a submission, they make the filler and the reviewer look
 * twice. Rules that name fields skip silently when a definition has no such field, so a changed form does not break.
 */
const QUALITY_RATIO = 3;
const GRADUATE_FIELDS = ['graduatesMidLevel', 'graduatesHighLevel', 'graduatesTechnician'];
const SPECIALTY_FIELD = 'specialtyCode';
const SPECIALTY_ENROLMENT_FIELD = 'specialtyEnrolment';
const ORG_ENROLMENT_FIELD = 'enrolment';

export interface QualityContext {
  lastYear?: FormData | null;
  org?: {
    enrolment?: number | null;
    specialties?: { specialtyCode: string; enrolment: number; graduatesPerYear: number }[];
  };
}

const num = (v: FieldValue | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const warn = (i: Omit<FieldIssue, 'severity'>): FieldIssue => ({ ...i, severity: 'warning' });

/** "is N times" / "is under a third of" — null when the two numbers are comparable. */
function farFrom(cur: number, prev: number, what: string): string | null {
  if (prev <= 0) return null; // nothing to compare a first non-zero figure with
  if (cur > prev * QUALITY_RATIO) return `${what}为 ${cur}，是去年（${prev}）的 ${(cur / prev).toFixed(1)} 倍，请核对`;
  if (cur * QUALITY_RATIO < prev) return `${what}为 ${cur}，不到去年（${prev}）的三分之一，请核对`;
  return null;
}

export function qualityWarnings(def: FormDefinition, data: FormData, ctx: QualityContext = {}): FieldIssue[] {
  const out: FieldIssue[] = [];
  const rows = data.rows ?? [];
  const keyLabels = def.rowKeyFields.map((k) => def.fields.find((f) => f.key === k)?.label ?? k).join('、');

  for (const d of duplicateRows(def, rows)) {
    out.push(
      warn({
        scope: 'row',
        rowKey: d.key,
        rowIndex: d.index,
        fieldKey: def.rowKeyFields[0],
        message: `疑似重复：与第 ${d.firstIndex + 1} 行的${keyLabels}相同`,
      }),
    );
  }

  // The same long text in several rows is usually a copy-paste nobody adapted.
  for (const f of rowFields(def).filter((x) => x.type === 'longtext')) {
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      const v = row.values[f.key];
      if (typeof v !== 'string' || v.trim().length < 10) return;
      const first = seen.get(v.trim());
      if (first === undefined) seen.set(v.trim(), i);
      else
        out.push(
          warn({
            scope: 'row',
            rowKey: row.key,
            rowIndex: i,
            fieldKey: f.key,
            message: `“${f.label}”与第 ${first + 1} 行完全相同，请确认是否需要分别填写`,
          }),
        );
    });
  }

  // Phones, e-mails and ID numbers typed into free text are masked on every public page; the author is told at once
  // (decision 0018: a warning, not a refusal). Contact columns (type phone, contact roles) are meant to hold them.
  const free = (f: FieldDef) => (f.type === 'text' || f.type === 'longtext') && !f.role?.startsWith('contact');
  for (const f of orgFields(def).filter(free)) {
    const m = personalDataWarning(f.label, typeof data.org?.[f.key] === 'string' ? (data.org[f.key] as string) : '');
    if (m) out.push(warn({ scope: 'org', fieldKey: f.key, message: m }));
  }
  rows.forEach((row, i) => {
    for (const f of rowFields(def).filter(free)) {
      const v = row.values[f.key];
      const m = typeof v === 'string' ? personalDataWarning(f.label, v) : null;
      if (m) out.push(warn({ scope: 'row', rowKey: row.key, rowIndex: i, fieldKey: f.key, message: m }));
    }
  });

  if (ctx.lastYear) out.push(...lastYearWarnings(def, data, ctx.lastYear));
  out.push(...enrolmentWarnings(def, data, ctx));

  // Dates are expected inside the campaign year or later (a cooperation that already started is not a new need).
  const firstDay = `${def.campaignYear}-01-01`;
  const early = (f: FieldDef, v: FieldValue | undefined) => f.type === 'date' && typeof v === 'string' && v < firstDay;
  for (const f of orgFields(def))
    if (early(f, data.org?.[f.key]))
      out.push(warn({ scope: 'org', fieldKey: f.key, message: `早于 ${def.campaignYear} 年，请核对` }));
  rows.forEach((row, i) => {
    for (const f of rowFields(def)) {
      if (early(f, row.values[f.key]))
        out.push(
          warn({
            scope: 'row',
            rowKey: row.key,
            rowIndex: i,
            fieldKey: f.key,
            message: `早于 ${def.campaignYear} 年，请核对`,
          }),
        );
    }
  });
  return out;
}

function lastYearWarnings(def: FormDefinition, data: FormData, last: FormData): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const f of orgFields(def).filter((x) => x.type === 'integer')) {
    const cur = num(data.org?.[f.key]);
    const prev = num(last.org?.[f.key]);
    const m = cur !== null && prev !== null ? farFrom(cur, prev, `“${f.label}”`) : null;
    if (m) out.push(warn({ scope: 'org', fieldKey: f.key, message: m }));
  }
  const intFields = rowFields(def).filter((x) => x.type === 'integer');
  const lastByKey = new Map((last.rows ?? []).map((r) => [rowKeyOf(def, r.values), r] as const));
  (data.rows ?? []).forEach((row, i) => {
    const prevRow = lastByKey.get(rowKeyOf(def, row.values));
    if (!prevRow) return;
    for (const f of intFields) {
      const cur = num(row.values[f.key]);
      const prev = num(prevRow.values[f.key]);
      const m = cur !== null && prev !== null ? farFrom(cur, prev, `“${f.label}”`) : null;
      if (m)
        out.push(
          warn({
            scope: 'row',
            rowKey: row.key,
            rowIndex: i,
            fieldKey: f.key,
            message: m.replace('去年', '去年同一行'),
          }),
        );
    }
  });
  if ((last.rows ?? []).length === 0) return out;
  // Form totals; a specialty's enrolment repeats on each of its rows, so summing it means nothing.
  for (const f of intFields.filter((x) => x.key !== SPECIALTY_ENROLMENT_FIELD)) {
    const sum = (rows: FormData['rows']) => (rows ?? []).reduce((s, r) => s + (num(r.values[f.key]) ?? 0), 0);
    const m = farFrom(sum(data.rows), sum(last.rows), `全表“${f.label}”合计`);
    if (m) out.push(warn({ scope: 'org', fieldKey: f.key, message: m }));
  }
  return out;
}

function enrolmentWarnings(def: FormDefinition, data: FormData, ctx: QualityContext): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (!def.fields.some((f) => f.key === SPECIALTY_FIELD && f.scope === 'row')) return out;
  const gradFields = GRADUATE_FIELDS.filter((k) => def.fields.some((f) => f.key === k && f.scope === 'row'));
  const hasEnrolmentField = def.fields.some((f) => f.key === SPECIALTY_ENROLMENT_FIELD && f.scope === 'row');
  const registered = ctx.org?.specialties ?? [];
  const registeredByCode = new Map(registered.map((s) => [s.specialtyCode, s] as const));
  const enrolmentBySpecialty = new Map<string, number>();

  (data.rows ?? []).forEach((row, i) => {
    const code = row.values[SPECIALTY_FIELD];
    if (typeof code !== 'string' || !code) return;
    if (registered.length > 0 && !registeredByCode.has(code)) {
      out.push(
        warn({
          scope: 'row',
          rowKey: row.key,
          rowIndex: i,
          fieldKey: SPECIALTY_FIELD,
          message: '该专业不在本校已登记的专业中，请核对，或先在单位信息中补充该专业',
        }),
      );
    }
    const enrolment =
      (hasEnrolmentField ? num(row.values[SPECIALTY_ENROLMENT_FIELD]) : null) ??
      registeredByCode.get(code)?.enrolment ??
      null;
    if (enrolment !== null) enrolmentBySpecialty.set(code, Math.max(enrolmentBySpecialty.get(code) ?? 0, enrolment));
    const graduates = gradFields.reduce((s, k) => s + (num(row.values[k]) ?? 0), 0);
    if (gradFields.length && enrolment !== null && graduates > enrolment) {
      out.push(
        warn({
          scope: 'row',
          rowKey: row.key,
          rowIndex: i,
          fieldKey: gradFields[0],
          message: `可输送毕业生合计 ${graduates} 人，超过该专业在校生数 ${enrolment} 人，请核对`,
        }),
      );
    }
  });

  const schoolTotal = num(data.org?.[ORG_ENROLMENT_FIELD]) ?? ctx.org?.enrolment ?? null;
  const specialtySum = [...enrolmentBySpecialty.values()].reduce((a, b) => a + b, 0);
  if (schoolTotal !== null && specialtySum > schoolTotal) {
    out.push(
      warn({
        scope: 'org',
        fieldKey: ORG_ENROLMENT_FIELD,
        message: `各专业在校生数合计 ${specialtySum} 人，超过全校在校生 ${schoolTotal} 人，请核对`,
      }),
    );
  }
  return out;
}

/**
 * Errors plus the warnings that say something new: a warning on the same spot as an error (a duplicate row is
 * both) is dropped, so the filler is not told the same thing twice.
 */
export function mergeIssues(errors: FieldIssue[], warnings: FieldIssue[]): FieldIssue[] {
  const spot = (i: FieldIssue) => `${i.scope}|${i.rowIndex ?? ''}|${i.fieldKey}`;
  const taken = new Set(errors.map(spot));
  return [...errors, ...warnings.filter((w) => !taken.has(spot(w)))];
}
