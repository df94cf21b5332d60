import type { FieldDef } from './types';

/**
 * The designer's layout hints read the same way by the web form, its preview and the Excel template: a field's
 * `group` puts consecutive fields under one heading, its `width` (in characters, 4–80) sizes the column.
 */
export interface FieldRun {
  /** The heading shared by the run; '' for fields without a group. */
  group: string;
  fields: FieldDef[];
}

/** Consecutive fields with the same group, in definition order (a group split by other fields shows twice). */
export function fieldRuns(fields: readonly FieldDef[]): FieldRun[] {
  const runs: FieldRun[] = [];
  for (const f of fields) {
    const g = f.group?.trim() ?? '';
    const last = runs.at(-1);
    if (last && last.group === g) last.fields.push(f);
    else runs.push({ group: g, fields: [f] });
  }
  return runs;
}

/** Whether any field carries a group: only then do screens and the template show group headings. */
export const hasGroups = (fields: readonly FieldDef[]) => fields.some((f) => !!f.group?.trim());

/** Pixels per character of a designer width on screen (a CJK character at 14 px plus padding). */
const PX_PER_CHAR = 15;

/** Screen width of a column with a designer width, or undefined to use the type's default. */
export function designedPx(f: Pick<FieldDef, 'width'>): number | undefined {
  return f.width ? Math.max(80, f.width * PX_PER_CHAR) : undefined;
}
