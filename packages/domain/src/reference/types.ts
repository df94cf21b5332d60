/**
 * Shared helpers for the reference data. Every data file in this folder keeps a `source` field and marks its items
 * with a verification mark as defined in shared/reference/README.md:
 * V = verified in a cited source, P = partly verified (one secondary source), R = reconstruction, not verified.
 */
const VERIFICATION_MARKS = ['V', 'P', 'R'] as const;
export type VerificationMark = (typeof VERIFICATION_MARKS)[number];

/** Narrows a string read from a JSON data file; a bad value is a bug in the data, so it throws at load time. */
export function asVerification(value: string, where: string): VerificationMark {
  if ((VERIFICATION_MARKS as readonly string[]).includes(value)) return value as VerificationMark;
  throw new Error(`reference data: bad verification mark ${JSON.stringify(value)} in ${where}`);
}

/** Narrows a string to one of the allowed literals or throws (data-file bug). */
export function asOneOf<T extends string>(allowed: readonly T[], value: string, where: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`reference data: unexpected value ${JSON.stringify(value)} in ${where}`);
}

/** Builds a code → item index and fails on duplicate codes. */
export function indexBy<T>(items: readonly T[], key: (item: T) => string, what: string): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (map.has(k)) throw new Error(`reference data: duplicate ${what} ${k}`);
    map.set(k, item);
  }
  return map;
}
