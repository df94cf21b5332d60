// A random initial password that always meets the policy, so an administrator need not invent one.
const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#$%&*+-=?'];

function pick(set: string): string {
  const n = new Uint32Array(1);
  crypto.getRandomValues(n);
  return set[n[0] % set.length];
}

export function generatePassword(length = 12): string {
  const chars = SETS.map(pick);
  const all = SETS.join('');
  while (chars.length < length) chars.push(pick(all));
  // Fisher–Yates with crypto randomness so the guaranteed classes are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const r = new Uint32Array(1);
    crypto.getRandomValues(r);
    const j = r[0] % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
