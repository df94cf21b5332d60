/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 * 18 characters: 1 registration authority, 2 organisation type, 3–8 administrative division code (42xxxx for Hubei),
 * 9–17 subject identifier (organisation code), 18 check character. The alphabet has 31 characters: digits and the
 * capital letters without I, O, Z, S, V.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_LENGTH = 18;
/** Weight of positions 1–17: 3^(i-1) mod 31. */
export const USCC_WEIGHTS: readonly number[] = Object.freeze([
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
]);

type UsccErrorCode = 'uscc_length' | 'uscc_charset' | 'uscc_check_digit';
export type UsccResult = { ok: true } | { ok: false; code: UsccErrorCode; message: string };

const USCC_MESSAGES = Object.freeze({
  uscc_length: '统一社会信用代码应为18位',
  uscc_charset: '统一社会信用代码含有非法字符（不使用 I、O、Z、S、V）',
  uscc_check_digit: (expected: string) => `统一社会信用代码校验位错误，应为 ${expected}`,
});

const VALUE = new Map<string, number>([...USCC_ALPHABET].map((c, i) => [c, i] as const));
const ALLOWED = /^[0-9A-HJ-NP-RTUW-Y]*$/;

/** Trims surrounding whitespace and upper-cases; store codes in this form. */
export function normalizeUscc(code: string): string {
  return code.trim().toUpperCase();
}

/** The check character for the first 17 characters (lower case accepted). Throws on a wrong length or a character outside the alphabet. */
export function usccCheckChar(first17: string): string {
  const s = first17.toUpperCase();
  if (s.length !== USCC_LENGTH - 1) throw new RangeError(`usccCheckChar expects 17 characters, got ${s.length}`);
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const v = VALUE.get(s[i]);
    if (v === undefined) throw new RangeError(`invalid USCC character ${JSON.stringify(s[i])} at position ${i + 1}`);
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Validates length, alphabet and check character. Lower case is accepted (upper-cased); surrounding spaces are ignored. */
export function validateUscc(code: string): UsccResult {
  const s = normalizeUscc(code);
  if ([...s].length !== USCC_LENGTH) return { ok: false, code: 'uscc_length', message: USCC_MESSAGES.uscc_length };
  if (!ALLOWED.test(s)) return { ok: false, code: 'uscc_charset', message: USCC_MESSAGES.uscc_charset };
  const expected = usccCheckChar(s.slice(0, 17));
  if (s[17] !== expected)
    return { ok: false, code: 'uscc_check_digit', message: USCC_MESSAGES.uscc_check_digit(expected) };
  return { ok: true };
}

export function isValidUscc(code: string): boolean {
  return validateUscc(code).ok;
}

/**
 * Builds a valid code from its parts and appends the check character (for deterministic demo data).
 * prefix2 = registration authority + organisation type (e.g. '91' enterprise, '52' private non-enterprise unit),
 * regionCode6 = 6-digit division code, body9 = 9-character subject identifier. Throws on bad lengths or characters.
 */
export function makeUscc(prefix2: string, regionCode6: string, body9: string): string {
  const parts: [string, string, number][] = [
    ['prefix2', prefix2, 2],
    ['regionCode6', regionCode6, 6],
    ['body9', body9, 9],
  ];
  for (const [name, value, len] of parts) {
    if (value.length !== len)
      throw new RangeError(`makeUscc: ${name} must have ${len} characters, got ${JSON.stringify(value)}`);
  }
  if (!/^\d{6}$/.test(regionCode6))
    throw new RangeError(`makeUscc: regionCode6 must be 6 digits, got ${JSON.stringify(regionCode6)}`);
  const first17 = (prefix2 + regionCode6 + body9).toUpperCase();
  return first17 + usccCheckChar(first17);
}
