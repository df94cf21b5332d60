import { randomInt } from 'node:crypto';
import { checkPassword } from '@cjrh/domain';
import { hashPassword } from '../auth/auth.service';

/**
 * Usernames of onboarded accounts: `<school|enterprise>-<市州代码>-<4 位序号>`, e.g. `school-420600-0007`, the
 * sequence continuing from the highest one of that kind and region (the demo accounts' two-digit
 * `school-420100-01` never collide). Readable on the phone, and it says where the account belongs.
 */
export const USERNAME_PATTERN = '^(school|enterprise)-[0-9]{6}-[0-9]{4,}$';
export const usernamePrefix = (type: 'school' | 'enterprise', regionCode: string) => `${type}-${regionCode}-`;

/** The next free usernames per prefix, given the onboarded usernames already taken. */
export function usernameSequencer(taken: string[]) {
  const next = new Map<string, number>();
  for (const u of taken) {
    const cut = u.lastIndexOf('-') + 1;
    const prefix = u.slice(0, cut);
    next.set(prefix, Math.max(next.get(prefix) ?? 1, Number(u.slice(cut)) + 1));
  }
  return (prefix: string) => {
    const n = next.get(prefix) ?? 1;
    next.set(prefix, n + 1);
    return `${prefix}${String(n).padStart(4, '0')}`;
  };
}

// No 0/O, 1/l/I: the password is read off paper and typed by hand.
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const DIGIT = '23456789';
const SYMBOL = '@#%+=?';
const ALL = UPPER + LOWER + DIGIT + SYMBOL;
const pick = (s: string) => s[randomInt(s.length)];

/** A random one-time password of 12 characters with all four classes, so it always passes the password policy. */
export function oneTimePassword(): string {
  const chars = [pick(UPPER), pick(LOWER), pick(DIGIT), pick(SYMBOL)];
  while (chars.length < 12) chars.push(pick(ALL));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  const pw = chars.join('');
  if (!checkPassword(pw).ok) throw new Error('generated password fails the policy'); // cannot happen: all four classes
  return pw;
}

/**
 * argon2id hashes of many passwords. Each takes ~19 MB and tens of milliseconds on libuv's thread pool; a few at a
 * time keep the pool (shared with file and crypto work of other requests) from being monopolised.
 */
export async function hashMany(passwords: string[], parallel = 4): Promise<string[]> {
  const out = new Array<string>(passwords.length);
  let i = 0;
  const worker = async () => {
    while (i < passwords.length) {
      const k = i++;
      out[k] = await hashPassword(passwords[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, passwords.length) }, worker));
  return out;
}
