import { checkEmail } from '../contacts';
import { normalizeUscc, validateUscc } from '../uscc';
import {
  codeListKindOf,
  normalizeLabel,
  resolveCode,
  type CodeListKind,
  type CodeLists,
  type FieldDef,
  type FieldValue,
} from './types';

/**
 * One parser for everything a value can arrive as: typed on screen, sent to the server, or read from an Excel cell
 * (string, number, boolean or Date). The web, the server and the import all call it, so they agree on every message.
 */
export type ParseResult = { ok: true; value: FieldValue } | { ok: false; message: string };

export const DEFAULT_MAX_LENGTH = Object.freeze({ text: 100, longtext: 1000 });
/** Counts are non-negative unless a field says otherwise; the max keeps a typo like 1e9 out. */
export const DEFAULT_INTEGER_MIN = 0;
export const DEFAULT_INTEGER_MAX = 10_000_000;

export const FIELD_MESSAGES = Object.freeze({
  required: '必填',
  badFormat: '格式不正确',
  phone: '联系电话格式不正确（手机号 11 位，或区号-座机号）',
  dateFormat: '日期格式应为 YYYY-MM-DD',
  boolean: '应填写“是”或“否”',
});

/** How a code list names an entry and itself in messages: 专业“XX”不在专业目录中. */
const CODE_NOUNS: Readonly<Record<CodeListKind, [string, string]>> = {
  region: ['市州', '湖北省市州列表'],
  specialty: ['专业', '专业目录'],
  occupation: ['职业（工种）', '职业分类目录'],
  industry: ['产业', '产业目录'],
  skill_level: ['技能等级', '技能等级目录'],
};

const ok = (value: FieldValue): ParseResult => ({ ok: true, value });
const fail = (message: string): ParseResult => ({ ok: false, message });

/** Full-width ASCII (ＡＢ１２－) as typed by Chinese input methods → half-width. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

export function isBlankInput(raw: unknown): boolean {
  if (raw === null || raw === undefined) return true;
  if (typeof raw === 'string') return raw.trim() === '';
  if (Array.isArray(raw)) return raw.every(isBlankInput);
  return false;
}

/** A scalar cell as text; undefined for things that are not text-like (objects, NaN). */
function asText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : undefined;
  return undefined;
}

const MULTI_SEPARATORS = /[、,，;；\n]+/;

function splitMulti(raw: unknown): string[] | undefined {
  const parts = Array.isArray(raw)
    ? raw.map(asText)
    : typeof raw === 'string'
      ? raw.split(MULTI_SEPARATORS).map((s) => s.trim())
      : [asText(raw)];
  if (parts.some((p) => p === undefined)) return undefined;
  return [...new Set((parts as string[]).filter((p) => p !== ''))];
}

const loose = (s: string) => normalizeLabel(toHalfWidth(s));

function matchOption(options: readonly string[], s: string): string | undefined {
  return options.find((o) => o === s) ?? options.find((o) => loose(o) === loose(s));
}

export function parseValue(field: FieldDef, raw: unknown, lists: CodeLists): ParseResult {
  if (isBlankInput(raw)) return field.required ? fail(FIELD_MESSAGES.required) : ok(null);
  const r = parseNonEmpty(field, raw, lists);
  // A multi value that was only separators ("、、") is empty after splitting.
  if (r.ok && Array.isArray(r.value) && r.value.length === 0)
    return field.required ? fail(FIELD_MESSAGES.required) : ok(null);
  return r;
}

function parseNonEmpty(field: FieldDef, raw: unknown, lists: CodeLists): ParseResult {
  switch (field.type) {
    case 'text':
    case 'longtext': {
      const s = asText(raw);
      if (s === undefined) return fail(FIELD_MESSAGES.badFormat);
      const max = field.maxLength ?? DEFAULT_MAX_LENGTH[field.type];
      return [...s].length > max ? fail(`不能超过 ${max} 个字`) : ok(s);
    }
    case 'integer':
      return parseInteger(field, raw);
    case 'number':
      return parseNumber(field, raw);
    case 'email': {
      const s = asText(raw);
      if (s === undefined) return fail(FIELD_MESSAGES.badFormat);
      const e = toHalfWidth(s).replace(/\s+/g, '').toLowerCase();
      const bad = checkEmail(e);
      return bad ? fail(bad) : ok(e);
    }
    case 'enum': {
      const s = asText(raw);
      const found = s === undefined ? undefined : matchOption(field.options ?? [], s);
      return found !== undefined ? ok(found) : fail(`应为以下选项之一：${(field.options ?? []).join('、')}`);
    }
    case 'multi_enum': {
      const items = splitMulti(raw);
      if (!items) return fail(FIELD_MESSAGES.badFormat);
      const out: string[] = [];
      const unknown: string[] = [];
      for (const it of items) {
        const found = matchOption(field.options ?? [], it);
        if (found === undefined) unknown.push(it);
        else if (!out.includes(found)) out.push(found);
      }
      return unknown.length
        ? fail(`“${unknown.join('”、“')}”不是可选项，可选：${(field.options ?? []).join('、')}`)
        : ok(out);
    }
    case 'region':
    case 'specialty':
    case 'occupation':
    case 'industry':
    case 'skill_level':
    case 'multi_industry':
      return parseCoded(field, raw, lists);
    case 'uscc': {
      const s = asText(raw);
      if (s === undefined) return fail(FIELD_MESSAGES.badFormat);
      const code = toHalfWidth(s).replace(/\s+/g, '');
      const v = validateUscc(code);
      return v.ok ? ok(normalizeUscc(code)) : fail(v.message);
    }
    case 'phone':
      return parsePhone(raw);
    case 'date':
      return parseDate(raw);
    case 'boolean':
      return parseBoolean(raw);
  }
}

/** A decimal as typed or read from a cell ("1,200.5", full-width digits); within min/max, never more than 4 decimals kept. */
function parseNumber(field: FieldDef, raw: unknown): ParseResult {
  const min = field.min ?? DEFAULT_INTEGER_MIN;
  const max = field.max ?? DEFAULT_INTEGER_MAX;
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string') {
    const s = toHalfWidth(raw.trim()).replace(/,(?=\d{3}(?!\d))/g, '');
    if (!/^[+-]?\d+(\.\d+)?$/.test(s)) return fail(`应为不小于 ${min} 的数字`);
    n = Number(s);
  } else return fail(`应为不小于 ${min} 的数字`);
  if (!Number.isFinite(n) || n < min) return fail(`应为不小于 ${min} 的数字`);
  if (n > max) return fail(`不能大于 ${max}`);
  return ok(Math.round(n * 10_000) / 10_000 || 0);
}

function parseInteger(field: FieldDef, raw: unknown): ParseResult {
  const min = field.min ?? DEFAULT_INTEGER_MIN;
  const max = field.max ?? DEFAULT_INTEGER_MAX;
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string') {
    // "1,200" and full-width digits are how people type counts; "12.0" is what Excel text cells hold.
    const s = toHalfWidth(raw.trim()).replace(/,(?=\d{3}(?!\d))/g, '');
    if (!/^[+-]?\d+(\.\d+)?$/.test(s)) return fail(`应为不小于 ${min} 的整数`);
    n = Number(s);
  } else return fail(`应为不小于 ${min} 的整数`);
  if (!Number.isInteger(n) || n < min) return fail(`应为不小于 ${min} 的整数`);
  if (n > max) return fail(`不能大于 ${max}`);
  return ok(n === 0 ? 0 : n); // no -0
}

function parseCoded(field: FieldDef, raw: unknown, lists: CodeLists): ParseResult {
  const kind = codeListKindOf(field.type)!;
  const items = field.type === 'multi_industry' ? splitMulti(raw) : [asText(raw)];
  if (!items || items.some((i) => i === undefined)) return fail(FIELD_MESSAGES.badFormat);
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const it of items as string[]) {
    const code = resolveCode(lists[kind], it);
    if (code === undefined) unknown.push(it);
    else if (!codes.includes(code)) codes.push(code);
  }
  const [noun, dir] = CODE_NOUNS[kind];
  if (unknown.length) return fail(`${noun}“${unknown.join('”、“')}”不在${dir}中`);
  return ok(field.type === 'multi_industry' ? codes : codes[0]);
}

const MOBILE = /^1\d{10}$/;
// Area code 0 + 2–3 digits, local number 7–8 digits not starting with 0, optional extension (-123, 转123, #123).
const LANDLINE = /^\(?(0\d{2,3})\)?[-\s]?([1-9]\d{6,7})(?:(?:[-#]|转)(\d{1,6}))?$/;

function parsePhone(raw: unknown): ParseResult {
  const s0 = asText(raw);
  if (s0 === undefined) return fail(FIELD_MESSAGES.phone);
  const s = toHalfWidth(s0)
    .replace(/[－—–]/g, '-')
    .trim();
  const compact = s.replace(/^\+?86[-\s]?/, '').replace(/[\s-]/g, '');
  if (MOBILE.test(compact)) return ok(compact);
  const m = LANDLINE.exec(s.replace(/\s*-\s*/g, '-').replace(/\s+/g, ' '));
  if (m) return ok(`${m[1]}-${m[2]}${m[3] ? `-${m[3]}` : ''}`);
  return fail(FIELD_MESSAGES.phone);
}

const DAY_MS = 86_400_000;

function ymd(y: number, m: number, d: number): string | undefined {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 9999 || t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d)
    return undefined;
  return t.toISOString().slice(0, 10);
}

/** Excel's 1900 date system: serial 1 = 1900-01-01, and serial 60 is Lotus's phantom 1900-02-29. */
export function excelSerialToDate(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return undefined;
  const days = Math.floor(serial); // a time of day in the fraction does not change the date
  if (days === 60) return undefined;
  const t = new Date(Date.UTC(1900, 0, 1) + (days < 60 ? days - 1 : days - 2) * DAY_MS);
  return t.toISOString().slice(0, 10);
}

/**
 * An instant → its calendar date, rounded to the nearest UTC midnight: Excel readers hand out local midnight as a Date,
 * which in Beijing is 16:00Z the day before, and rounding gives the day the person typed for any zone within ±12 h.
 */
function instantToDate(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  return new Date(Math.round(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

function parseDate(raw: unknown): ParseResult {
  if (raw instanceof Date) {
    const d = instantToDate(raw.getTime());
    return d ? ok(d) : fail(FIELD_MESSAGES.dateFormat);
  }
  if (typeof raw === 'number') {
    const d = /^\d{8}$/.test(String(raw)) ? compactDate(String(raw)) : excelSerialToDate(raw);
    return d ? ok(d) : fail(FIELD_MESSAGES.dateFormat);
  }
  if (typeof raw !== 'string') return fail(FIELD_MESSAGES.dateFormat);
  const s = toHalfWidth(raw.trim());
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) return ymd(+m[1], +m[2], +m[3]) ? ok(ymd(+m[1], +m[2], +m[3])!) : fail(`日期“${s}”不存在`);
  m = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (m) {
    // With a zone offset or none, the date part is already the local date; only a UTC instant needs rounding.
    const d = m[4] === 'Z' ? instantToDate(Date.parse(s)) : ymd(+m[1], +m[2], +m[3]);
    return d ? ok(d) : fail(`日期“${s}”不存在`);
  }
  if (/^\d{8}$/.test(s)) return compactDate(s) ? ok(compactDate(s)!) : fail(`日期“${s}”不存在`);
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    const d = excelSerialToDate(Number(s)); // a serial that went through a CSV or a text cell
    return d ? ok(d) : fail(FIELD_MESSAGES.dateFormat);
  }
  return fail(FIELD_MESSAGES.dateFormat);
}

function compactDate(s: string): string | undefined {
  return ymd(+s.slice(0, 4), +s.slice(4, 6), +s.slice(6, 8));
}

const TRUE_WORDS = new Set(['是', 'true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['否', 'false', 'no', 'n', '0']);

function parseBoolean(raw: unknown): ParseResult {
  if (typeof raw === 'boolean') return ok(raw);
  const s = asText(raw)?.toLowerCase();
  if (s !== undefined && TRUE_WORDS.has(s)) return ok(true);
  if (s !== undefined && FALSE_WORDS.has(s)) return ok(false);
  return fail(FIELD_MESSAGES.boolean);
}
