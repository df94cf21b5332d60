// Password policy (issue 15, 等保2.0 level 3): ≥ 10 characters, three of four character classes, not containing the
// username. The dictionary check (common passwords, keyboard runs, the published demo password) needs a word list
// and runs on the server (apps/server/src/lib/passwordStrength.ts); this part is shared with the web's form rules.
const PASSWORD_MIN_LENGTH = 10;

export function passwordClasses(pw: string): number {
  let n = 0;
  if (/[a-z]/.test(pw)) n++;
  if (/[A-Z]/.test(pw)) n++;
  if (/[0-9]/.test(pw)) n++;
  if (/[^A-Za-z0-9]/.test(pw)) n++;
  return n;
}

export function checkPassword(pw: string, username?: string): { ok: true } | { ok: false; message: string } {
  if (pw.length < PASSWORD_MIN_LENGTH) return { ok: false, message: `密码至少 ${PASSWORD_MIN_LENGTH} 位` };
  if (pw.length > 128) return { ok: false, message: '密码不能超过 128 位' };
  if (passwordClasses(pw) < 3) return { ok: false, message: '密码须包含大写字母、小写字母、数字、符号中的至少三类' };
  // Short usernames (e.g. "ab") would refuse too many honest passwords, so only names of 3+ characters count.
  if (username && username.length >= 3 && pw.toLowerCase().includes(username.toLowerCase()))
    return { ok: false, message: '密码不能包含用户名' };
  return { ok: true };
}

/** Wrong old passwords on 修改密码 before the session ends. */
export const LOGIN_MAX_FAILURES = 5;
/** Failures for one account from one address before that pair must wait (no lock a stranger could set off). Above
 * LOGIN_CAPTCHA_AFTER_FAILURES: the owner behind the same address (an office behind one NAT) still gets the captcha
 * first, and the failures past it each took a solved captcha. */
export const LOGIN_ADDRESS_MAX_FAILURES = 10;
export const LOGIN_LOCK_MINUTES = 15;
/** Failures for one account (from anywhere, within LOGIN_LOCK_MINUTES) after which every login to it needs a captcha:
 * guessing slows down, while the owner still gets in by reading the picture. */
export const LOGIN_CAPTCHA_AFTER_FAILURES = 5;
/** Failures for one account from all addresses together before a hard lock the bureau or the province can lift. */
export const LOGIN_HARD_LOCK_FAILURES = 50;
export const LOGIN_HARD_LOCK_MINUTES = 60;
export const SESSION_IDLE_MINUTES = 30;
/** A new password may not be any of the account's last this many (the current one included). */
export const PASSWORD_HISTORY = 5;
export const PASSWORD_EXPIRY_WARNING_DAYS = 14;
/** Published on the login page of demo deployments; refused as anyone's own password (the server's policy). */
export const DEMO_PASSWORD = 'Demo@2025';
