import { z } from 'zod';

/**
 * Small zod builders and date helpers shared by the projects folder. Not re-exported from projects/index.ts: the
 * names are generic on purpose and would crowd the package's namespace.
 */

/** Upper bound for every count, so a typo of extra zeros is caught (well above any real class, base or year). */
const MAX_COUNT = 10_000_000;

/** A type error's message: '必填' when the value is missing, else `wrong`. */
const typeError = (wrong: string) => ({
  error: (iss: { input?: unknown }) => (iss.input === undefined ? '必填' : wrong),
});

export const isoDate = () => z.iso.date('日期格式应为 YYYY-MM-DD');

/** A non-negative (or ≥ min) integer with Chinese messages. */
export const count = (min = 0, max = MAX_COUNT) =>
  z
    .number(typeError('应为数字'))
    .int('须为整数')
    .min(min, min === 0 ? '不能为负数' : `不能小于 ${min}`)
    .max(max, `不能大于 ${max}`);

/** A non-negative amount that may have decimals (万元, 元/月). */
export const amount = (max = MAX_COUNT) =>
  z.number(typeError('应为数字')).min(0, '不能为负数').max(max, `不能大于 ${max}`);

/** A required one-line text typed by people: trimmed, non-empty, capped. */
export const label = (max: number) =>
  z.string(typeError('应为文本')).trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`);

export const orgId = () => z.number(typeError('应为单位编号')).int('单位编号不正确').positive('单位编号不正确');

export const bool = () => z.boolean(typeError('应为“是”或“否”'));

/** A code from a reference list; whether it exists is checked against the lists, not here. */
export const code = () => z.string(typeError('应为代码')).trim().min(1, '不能为空').max(32, '代码过长');

/**
 * The key of a person (mentor, teacher) derived from their ID number. The SERVER computes it (a keyed hash, e.g.
 * HMAC-SHA-256 hex of the ID number) before anything is stored; the raw ID number never reaches a project record.
 * The domain only checks the format, and refuses what looks like a raw ID number (15 or 18 digits / 17 + X).
 */
export const personKey = () =>
  z
    .string(typeError('应为人员标识'))
    .regex(/^[A-Za-z0-9]{8,64}$/, '人员标识应为 8–64 位字母或数字（由系统根据身份证号生成）')
    .refine((s) => !/^(\d{15}|\d{17}[\dXx])$/.test(s), '人员标识不能是身份证号原文，须由系统生成');

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a YYYY-MM-DD date (UTC calendar arithmetic, no clock). Throws on a malformed date. */
export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms) || fromDayNumber(ms / 86_400_000) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return ms / 86_400_000;
}

export function fromDayNumber(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/** Calendar days from start to end, both included (2025-09-01 → 2025-09-30 is 30). */
export function daysInclusive(start: string, end: string): number {
  return dayNumber(end) - dayNumber(start) + 1;
}

/** Adds an issue at `path` when end < start (ISO dates compare as strings). */
export function checkDateOrder(
  ctx: z.RefinementCtx,
  start: string,
  end: string,
  path: string,
  message = '结束日期不能早于开始日期',
): void {
  if (end < start) ctx.addIssue({ code: 'custom', path: [path], message });
}

/** Adds an issue for every value that occurs a second time in the list. */
export function checkUnique(
  ctx: z.RefinementCtx,
  values: readonly (string | number)[],
  path: string,
  what: (v: string | number) => string,
): void {
  const seen = new Set<string | number>();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [path, i], message: what(v) });
    seen.add(v);
  });
}

/** One problem with submitted data: a dotted path ('mentors.0.idKey', '' for the whole object) and a Chinese text. */
export interface ProjectIssue {
  path: string;
  message: string;
}

export type ProjectValidation<T> = { ok: true; data: T } | { ok: false; issues: ProjectIssue[] };

const TYPE_NAMES: Record<string, string> = {
  number: '数字',
  int: '整数',
  string: '文本',
  boolean: '“是”或“否”',
  array: '列表',
  object: '对象',
  record: '对象',
};

/** Zod's English defaults in Chinese; messages written in the schemas (Chinese already) win over this map. */
function chineseMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return '必填';
      return `应为${TYPE_NAMES[iss.expected] ?? '正确的类型'}`;
    case 'too_small': {
      const min = Number(iss.minimum);
      if (iss.origin === 'string') return min <= 1 ? '不能为空' : `至少 ${min} 个字`;
      if (iss.origin === 'array' || iss.origin === 'set') return `至少需要 ${min} 项`;
      return `不能小于 ${min}`;
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      if (iss.origin === 'string') return `不能超过 ${max} 个字`;
      if (iss.origin === 'array' || iss.origin === 'set') return `最多 ${max} 项`;
      return `不能大于 ${max}`;
    }
    case 'invalid_value':
      return `应为以下之一：${iss.values.map(String).join('、')}`;
    case 'unrecognized_keys':
      return `不允许的字段：${iss.keys.join('、')}`;
    case 'invalid_format':
      return iss.format === 'date' ? '日期格式应为 YYYY-MM-DD' : '格式不正确';
    case 'not_multiple_of':
      return '须为整数';
    case 'invalid_key':
      return '键不正确';
    default:
      return '格式不正确';
  }
}

/** safeParse with Chinese messages, issues flattened to dotted paths. */
export function runSchema<T>(schema: z.ZodType<T>, data: unknown): ProjectValidation<T> {
  const r = schema.safeParse(data, { error: chineseMessage });
  if (r.success) return { ok: true, data: r.data };
  return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}
