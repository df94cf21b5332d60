/**
 * 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence, 1 check character
 * (ISO 7064 MOD 11-2: Σ digit × 2^(17−i) mod 11 → "10X98765432"). Checked before the number is turned into a key;
 * the number itself is never stored.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export type IdNumberResult = { ok: true; value: string } | { ok: false; message: string };

/** Normalises (trim, full-width → half-width, x → X) and checks format, birth date and check character. */
export function validateIdNumber(raw: string): IdNumberResult {
  const s = raw
    .trim()
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s))
    return { ok: false, message: '身份证号码应为 18 位（前 17 位为数字，最后一位为数字或 X）' };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const t = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d)
    return { ok: false, message: '身份证号码中的出生日期无效' };
  if (idNumberCheckChar(s.slice(0, 17)) !== s[17]) return { ok: false, message: '身份证号码校验位不正确，请核对' };
  return { ok: true, value: s };
}
