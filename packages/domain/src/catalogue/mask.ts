/**
 * Masking of contact details in the PUBLIC catalogue (anonymous readers see contacts masked; the parties see them in
 * full only after an accepted intent). The server applies these before sending; the web never unmasks.
 * Masks keep just enough to recognise one's own entry (surname, phone prefix and last 4 digits, mail domain).
 */
import { toHalfWidth } from '../forms/parse';

/** '张三' → '张*', '张三丰' → '张**': first character kept (code points, so rare surname characters stay whole). */
export function maskName(name: string | null | undefined): string {
  const chars = Array.from((name ?? '').trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * Mobile '13812341234' → '138****1234' (also with +86 / spaces / dashes); landline '027-87654321' → '027-****4321'
 * (area code and extension kept, the local number shows its last 4 digits); anything else: every digit but the
 * last 4 becomes '*', so an unexpected format still never leaks a whole number.
 */
export function maskPhone(phone: string | null | undefined): string {
  const s = toHalfWidth(phone ?? '').trim();
  if (!s) return '';
  const digits = s.replace(/[\s\-()（）+]/g, '');
  const mobile = /^(?:86)?(1\d{10})$/.exec(digits);
  if (mobile) return `${mobile[1].slice(0, 3)}****${mobile[1].slice(7)}`;
  // Area codes: 010 and 02x have 3 digits, the rest (0710 襄阳 …) 4 — so '07105551234' splits correctly without a dash.
  const landline = /^\(?(0(?:10|2\d|[3-9]\d{2}))\)?[\s-]*(\d{7,8})(?:[\s-]+(\d{1,6}))?$/.exec(s);
  if (landline) {
    const [, area, local, ext] = landline;
    return `${area}-${'*'.repeat(local.length - 4)}${local.slice(-4)}${ext ? `-${ext}` : ''}`;
  }
  const total = (s.match(/\d/g) ?? []).length;
  let seen = 0;
  return s.replace(/\d/g, (d) => (++seen <= total - 4 ? '*' : d));
}

/** 'zhangsan@qq.com' → 'z***@qq.com': a fixed '***' so the local part's length is not revealed. */
export function maskEmail(email: string | null | undefined): string {
  const s = (email ?? '').trim();
  const at = s.lastIndexOf('@');
  if (at <= 0) return s ? maskName(s) : '';
  return `${Array.from(s.slice(0, at))[0]}***${s.slice(at)}`;
}

export interface ContactInfo {
  name?: string | null;
  phone?: string | null;
  title?: string | null;
  email?: string | null;
}

/** Masks a contact block; the job title (职务) is not personal data and stays as is. */
export function maskContact<T extends ContactInfo>(c: T): T {
  const out = { ...c };
  if (c.name != null) out.name = maskName(c.name);
  if (c.phone != null) out.phone = maskPhone(c.phone);
  if (c.email != null) out.email = maskEmail(c.email);
  return out;
}

// Personal data typed into free text (具体需求, remarks): an 18-character ID number, a mobile or landline number, an
// e-mail address. Digit runs are bounded on both sides so parts of longer numbers (order numbers, USCCs) are left
// alone; an ID number is matched before phones, so its digits are never half-masked as a phone.
const ID_IN_TEXT = /(?<![\dA-Za-z])[1-9]\d{16}[\dXx](?![\dA-Za-z])/g;
const MOBILE_IN_TEXT = /(?<![\d*])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g;
const LANDLINE_IN_TEXT = /(?<![\d*])[(（]?0(?:10|2\d|[3-9]\d{2})[)）]?[\s-]?\d{7,8}(?!\d)/g;
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** '身份证 420106199001011234' → '420***********1234': region prefix and last 4 kept, like a bank's display. */
function maskIdNumber(id: string): string {
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/** Masks every ID number, phone number and e-mail address found in a free text; the rest of the text is kept as is. */
export function maskFreeText(text: string): string {
  if (!text) return text;
  return text
    .replace(ID_IN_TEXT, maskIdNumber)
    .replace(EMAIL_IN_TEXT, (m) => maskEmail(m))
    .replace(MOBILE_IN_TEXT, (m) => maskPhone(m))
    .replace(LANDLINE_IN_TEXT, (m) => maskPhone(m));
}

/** Whether a free text holds personal data that would be masked in public (the author is told when saving). */
export function hasPersonalData(text: string): boolean {
  return !!text && maskFreeText(text) !== text;
}

export type PersonalDataKind = 'idNumber' | 'mobile' | 'landline' | 'email';
const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  idNumber: '身份证号',
  mobile: '手机号',
  landline: '电话号码',
  email: '邮箱',
};

/** Each piece of personal data in a free text, in the order the masking finds them, shown masked (never in full). */
export function personalDataIn(text: string): { kind: PersonalDataKind; masked: string }[] {
  if (!text) return [];
  const out: { kind: PersonalDataKind; masked: string }[] = [];
  // The same order as maskFreeText, each pass on what the earlier ones left, so an ID number is not also a phone.
  let rest = text;
  const take = (re: RegExp, kind: PersonalDataKind, mask: (m: string) => string) => {
    rest = rest.replace(re, (m) => (out.push({ kind, masked: mask(m) }), ' '));
  };
  take(ID_IN_TEXT, 'idNumber', maskIdNumber);
  take(EMAIL_IN_TEXT, 'email', (m) => maskEmail(m));
  take(MOBILE_IN_TEXT, 'mobile', (m) => maskPhone(m));
  take(LANDLINE_IN_TEXT, 'landline', (m) => maskPhone(m));
  return out;
}

/** What happens to the text, for the warning: published and masked (forms, cases) unless a route says otherwise. */
const PUBLISHED_MASKED = '发布时将被隐藏';
/** Intents are private between the two parties and not masked for the other party. */
export const SEEN_BY_PARTNER = '对方会看到完整内容（意向被接受后双方联系方式会自动交换）';
/** Objections: the province reads them in full, everyone else masked. */
export const PROVINCE_ONLY = '仅省厅可见完整内容';

/**
 * The warning for the author of a free text with personal data in it, naming the field and what was found (masked):
 * 「具体需求 中含有手机号 138****1234，发布时将被隐藏；如非必要请删除」. Null when there is none.
 */
export function personalDataWarning(
  label: string,
  text: string | null | undefined,
  what = PUBLISHED_MASKED,
): string | null {
  const found = personalDataIn(text ?? '');
  if (!found.length) return null;
  const shown = found.slice(0, 3).map((f) => `${PERSONAL_DATA_LABELS[f.kind]} ${f.masked}`);
  const more = found.length > 3 ? ` 等 ${found.length} 处` : '';
  return `${label} 中含有${shown.join('、')}${more}，${what}；如非必要请删除`;
}

/** The warnings for several free-text fields at once (label → text), in the order given. */
export function personalDataWarnings(
  fields: Record<string, string | null | undefined>,
  what = PUBLISHED_MASKED,
): string[] {
  return Object.entries(fields)
    .map(([label, text]) => personalDataWarning(label, text, what))
    .filter((w): w is string => w !== null);
}
