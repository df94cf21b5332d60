// Password policy (issue: ≥ 8 characters and three of four character classes).
export const PASSWORD_MIN_LENGTH = 8;

export function passwordClasses(pw: string): number {
  let n = 0;
  if (/[a-z]/.test(pw)) n++;
  if (/[A-Z]/.test(pw)) n++;
  if (/[0-9]/.test(pw)) n++;
  if (/[^A-Za-z0-9]/.test(pw)) n++;
  return n;
}

export function checkPassword(pw: string): { ok: true } | { ok: false; message: string } {
  if (pw.length < PASSWORD_MIN_LENGTH) return { ok: false, message: `密码至少 ${PASSWORD_MIN_LENGTH} 位` };
  if (pw.length > 128) return { ok: false, message: '密码不能超过 128 位' };
  if (passwordClasses(pw) < 3) return { ok: false, message: '密码须包含大写字母、小写字母、数字、符号中的至少三类' };
  return { ok: true };
}

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_LOCK_MINUTES = 15;
export const SESSION_IDLE_MINUTES = 30;
