import { INDUSTRIES } from '../reference/industries';
import { OCCUPATIONS } from '../reference/occupations';
import { REGIONS } from '../reference/regions';
import { SKILL_LEVELS } from '../reference/skillLevels';
import { SPECIALTIES } from '../reference/specialties';

/**
 * Demand forms (附件1 school, 附件2 enterprise) are DATA: screens, the Excel template and the import all iterate a
 * FormDefinition, so a column added or renamed by next year's notice is a JSON edit, not a code change.
 */
export const FIELD_TYPES = [
  'text',
  'longtext',
  'integer',
  /** A decimal (hours, money, area), within min/max; added for the form designer. */
  'number',
  'enum',
  'multi_enum',
  'region',
  'specialty',
  'occupation',
  'industry',
  'multi_industry',
  'skill_level',
  'uscc',
  'phone',
  'email',
  'date',
  'boolean',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Short Chinese hint of what a cell expects (Excel header notes, placeholders). */
export const FIELD_TYPE_HINTS: Readonly<Record<FieldType, string>> = Object.freeze({
  text: '文本',
  longtext: '文本（可多行）',
  integer: '整数',
  number: '数字，可带小数',
  enum: '从下拉选项中选择一项',
  multi_enum: '可多选，用顿号“、”分隔',
  region: '市州名称',
  specialty: '专业名称或代码',
  occupation: '职业（工种）名称或代码',
  industry: '产业名称',
  multi_industry: '产业名称，可多选，用顿号“、”分隔',
  skill_level: '技能等级名称',
  uscc: '18 位统一社会信用代码',
  phone: '手机号 11 位，或区号-座机号',
  email: '电子邮箱，如 name@example.com',
  date: '日期，格式 YYYY-MM-DD',
  boolean: '是 / 否',
});

/**
 * What a column means to the rest of the platform (publication, matching, indicators), so those never depend
 * on a column's key or label: a renamed or added column keeps working as long as its role is set.
 */
export const FIELD_ROLES = [
  'specialty',
  'occupation',
  'postName',
  'needType',
  'detail',
  'places',
  'industries',
  'skillLevel',
  'availableFrom',
  'contactName',
  'contactPhone',
  'contactTitle',
] as const;
type FieldRole = (typeof FIELD_ROLES)[number];

export interface FieldDef {
  key: string;
  label: string;
  type: FieldType;
  scope: 'org' | 'row';
  required: boolean;
  /** enum, multi_enum */
  options?: string[];
  /** enum, multi_enum: the dictionary (dict_entries kind) the designer took the options from. */
  dictionary?: string;
  /** Designer layout hints: column width (characters), a group heading, a unit shown after the value. */
  width?: number;
  group?: string;
  unit?: string;
  min?: number;
  max?: number;
  maxLength?: number;
  /** Shown as the Excel header note and a form tooltip. */
  help?: string;
  /** Org record property (OrgDetail) to prefill from, e.g. 'name', 'regionCode'; dotted paths allowed. */
  prefill?: string;
  /** Maps a stored org value to the form's option when they differ (integrationLevel 'national' → '国家级'). */
  prefillMap?: Record<string, string>;
  /** Value for the template's example row (what a person would type, e.g. a name rather than a code). */
  example?: unknown;
  role?: FieldRole;
  /** For a 'places' column counted per training level (中级工/高级工/预备技师). */
  level?: string;
  verification: 'V' | 'P' | 'R';
}

export interface FormDefinition {
  kind: 'school' | 'enterprise';
  /** e.g. '2025.1'; stored with every form so an old form is always read with its own definition. */
  version: string;
  campaignYear: number;
  title: string;
  sheetName: string;
  grain: string;
  fields: FieldDef[];
  /** Row fields that identify a row within one organisation's form, e.g. ['specialtyCode', 'needType']. */
  rowKeyFields: string[];
  source: string;
}

export type FormKind = FormDefinition['kind'];
export type FieldValue = string | number | boolean | string[] | null;

export interface FormRow {
  /** Stable row key, computed by rowKeyOf from the row's key fields. */
  key: string;
  values: Record<string, FieldValue>;
}

export interface FormData {
  org: Record<string, FieldValue>;
  rows: FormRow[];
}

/** A problem with one value (or the form as a whole: scope 'org' with a fieldKey that is not an org field). */
export interface FieldIssue {
  scope: 'org' | 'row';
  rowKey?: string;
  /** 0-based position in FormData.rows. */
  rowIndex?: number;
  fieldKey: string;
  message: string;
  severity: 'error' | 'warning';
}

/** Code lists are passed in because the dictionaries are editable in the database. */
export interface CodeList {
  byCode: Map<string, string /* name */>;
  byName: Map<string, string /* code */>;
}

export interface CodeLists {
  region: CodeList;
  specialty: CodeList;
  occupation: CodeList;
  industry: CodeList;
  skill_level: CodeList;
}

export type CodeListKind = keyof CodeLists;

/** Which code list a field type draws on (undefined for types that are not coded). */
export function codeListKindOf(type: FieldType): CodeListKind | undefined {
  switch (type) {
    case 'region':
    case 'specialty':
    case 'occupation':
    case 'industry':
    case 'skill_level':
      return type;
    case 'multi_industry':
      return 'industry';
    default:
      return undefined;
  }
}

/**
 * Builds a list from dictionary entries. Aliases (a region's short name, an industry's other names) also resolve to
 * the code but never replace a real name, so an alias can not hijack another entry.
 */
export function codeListFrom(entries: { code: string; name: string; aliases?: readonly string[] }[]): CodeList {
  const byCode = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const e of entries) {
    byCode.set(e.code, e.name);
    byName.set(e.name, e.code);
  }
  for (const e of entries) for (const a of e.aliases ?? []) if (a && !byName.has(a)) byName.set(a, e.code);
  return { byCode, byName };
}

/** The lists built from the seed reference data (tests, and the web when offline). Fresh maps on every call. */
export function defaultCodeLists(): CodeLists {
  return {
    region: codeListFrom(REGIONS.map((r) => ({ code: r.code, name: r.name, aliases: [r.shortName] }))),
    specialty: codeListFrom(SPECIALTIES.map((s) => ({ code: s.code, name: s.name }))),
    occupation: codeListFrom(OCCUPATIONS.map((o) => ({ code: o.code, name: o.name }))),
    industry: codeListFrom(INDUSTRIES.map((i) => ({ code: i.code, name: i.name, aliases: i.aliases }))),
    skill_level: codeListFrom(
      SKILL_LEVELS.map((l) => ({ code: l.code, name: l.name, aliases: l.nationalLevel ? [l.nationalLevel] : [] })),
    ),
  };
}

/** Names are compared without spaces and with full-width parentheses: "烹饪(中式烹调)" finds "烹饪（中式烹调）". */
export function normalizeLabel(s: string): string {
  return s.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

// Per-list index of normalised names and upper-cased codes, built on first miss; rebuilt if the maps changed size
// (a dictionary edit in a long-lived web page).
const looseIndex = new WeakMap<CodeList, { size: number; names: Map<string, string>; codes: Map<string, string> }>();

/** A code or a name (exact first, then ignoring spaces/parenthesis width/letter case) → the code, or undefined. */
export function resolveCode(list: CodeList, input: string): string | undefined {
  const s = input.trim();
  if (!s) return undefined;
  if (list.byCode.has(s)) return s;
  const exact = list.byName.get(s);
  if (exact !== undefined) return exact;
  let idx = looseIndex.get(list);
  const size = list.byCode.size * 100_003 + list.byName.size;
  if (!idx || idx.size !== size) {
    idx = { size, names: new Map(), codes: new Map() };
    for (const [name, code] of list.byName)
      if (!idx.names.has(normalizeLabel(name))) idx.names.set(normalizeLabel(name), code);
    for (const code of list.byCode.keys()) idx.codes.set(code.toUpperCase(), code);
    looseIndex.set(list, idx);
  }
  return idx.codes.get(s.toUpperCase()) ?? idx.names.get(normalizeLabel(s));
}
