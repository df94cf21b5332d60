import { eq } from 'drizzle-orm';
import {
  INDUSTRIES,
  OCCUPATIONS,
  OCCUPATION_INDUSTRIES,
  SKILL_LEVELS,
  SPECIALTIES,
  SPECIALTY_CATALOGUE,
  SPECIALTY_CATEGORIES,
  SPECIALTY_OCCUPATIONS,
} from '@cjrh/domain';
import type { DbOrTx } from './client';
import { appMeta, dictEntries } from './schema/index';
import { now } from '../lib/clock';

type NewEntry = typeof dictEntries.$inferInsert;

/** The first content of the editable dictionaries, from the reference data in packages/domain. */
function referenceEntries(): NewEntry[] {
  const rows: NewEntry[] = [];
  INDUSTRIES.forEach((i) =>
    rows.push({
      kind: 'industry',
      code: i.code,
      name: i.name,
      sortOrder: i.sortOrder,
      verification: i.verification,
      data: { group: i.group, aliases: i.aliases },
    }),
  );
  SPECIALTY_CATEGORIES.forEach((c, n) =>
    rows.push({ kind: 'specialty_category', code: c.code, name: c.name, sortOrder: n, verification: 'R', data: {} }),
  );
  SPECIALTIES.forEach((s, n) =>
    rows.push({
      kind: 'specialty',
      code: s.code,
      name: s.name,
      parentCode: s.categoryCode,
      sortOrder: n,
      verification: s.verification,
      data: {
        officialCode: s.officialCode,
        levels: s.levels,
        occupationCodes: SPECIALTY_OCCUPATIONS[s.code] ?? [],
        catalogueVersion: SPECIALTY_CATALOGUE.version,
      },
    }),
  );
  OCCUPATIONS.forEach((o, n) =>
    rows.push({
      kind: 'occupation',
      code: o.code,
      name: o.name,
      parentCode: o.parentCode,
      sortOrder: n,
      verification: o.verification,
      data: { level: o.level, industryCodes: OCCUPATION_INDUSTRIES[o.code] ?? [] },
    }),
  );
  SKILL_LEVELS.forEach((l) =>
    rows.push({
      kind: 'skill_level',
      code: l.code,
      name: l.name,
      sortOrder: l.order,
      verification: 'V',
      data: { nationalLevel: l.nationalLevel },
    }),
  );
  return rows;
}

/** Bump when the reference files gain entries; existing entries (possibly edited by the province) are kept. */
const REFERENCE_VERSION = 1;

export async function ensureReferenceData(db: DbOrTx) {
  const [meta] = await db.select().from(appMeta).where(eq(appMeta.key, 'reference_version'));
  if (meta && Number(meta.value) >= REFERENCE_VERSION) return;
  const rows = referenceEntries();
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(dictEntries)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing();
  }
  await db
    .insert(appMeta)
    .values({ key: 'reference_version', value: REFERENCE_VERSION })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: REFERENCE_VERSION, updatedAt: now() } });
}
