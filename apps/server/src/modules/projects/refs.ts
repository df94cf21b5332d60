import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ProjectRefs } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { appMeta, dictEntries } from '../../db/schema/index';

/** Code lists from the editable dictionaries, so the province's additions are accepted at once. */
export async function projectRefs(db: DbOrTx): Promise<ProjectRefs> {
  const rows = await db
    .select({ kind: dictEntries.kind, code: dictEntries.code, data: dictEntries.data })
    .from(dictEntries)
    .where(eq(dictEntries.active, true));
  const set = (k: string, f?: (d: Record<string, unknown>) => boolean) =>
    new Set(rows.filter((r) => r.kind === k && (!f || f(r.data))).map((r) => r.code));
  return {
    specialtyCodes: set('specialty'),
    skillLevelCodes: set('skill_level'),
    occupationCodes: set('occupation', (d) => d.level === 'detail'),
    industryCodes: set('industry'),
  };
}

async function salt(db: DbOrTx): Promise<string> {
  const [row] = await db.select().from(appMeta).where(eq(appMeta.key, 'id_key_salt'));
  if (row) return String(row.value);
  const s = randomBytes(16).toString('hex');
  await db.insert(appMeta).values({ key: 'id_key_salt', value: s }).onConflictDoNothing();
  const [again] = await db.select().from(appMeta).where(eq(appMeta.key, 'id_key_salt'));
  return String(again.value);
}

const keyOf = (s: string, normalized: string) =>
  createHash('sha256').update(`${s}:${normalized}`).digest('hex').slice(0, 32);

/** The key of one ID number (already validated and normalised), the same as inside projects: a school's mentor roster uses it. */
export async function idKeyOf(db: DbOrTx, idNumber: string): Promise<string> {
  return keyOf(await salt(db), idNumber.trim().toUpperCase());
}

/**
 * Mentors and teachers are counted as distinct people by their ID number, but the number itself is never stored:
 * rows may carry `idNumber`, which becomes a salted SHA-256 key (`idKey`) before validation and storage.
 */
export async function hashIdNumbers(db: DbOrTx, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out = { ...data };
  for (const key of ['mentors', 'teachers']) {
    const rows = out[key];
    if (!Array.isArray(rows)) continue;
    const s = rows.some((r) => r && typeof r === 'object' && 'idNumber' in r) ? await salt(db) : '';
    out[key] = rows.map((r) => {
      if (!r || typeof r !== 'object' || !('idNumber' in r)) return r;
      const { idNumber, ...rest } = r as Record<string, unknown>;
      const normalized = String(idNumber ?? '')
        .trim()
        .toUpperCase();
      return normalized ? { ...rest, idKey: keyOf(s, normalized) } : rest;
    });
  }
  return out;
}
