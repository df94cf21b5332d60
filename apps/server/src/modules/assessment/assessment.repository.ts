import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import type { SchemeItem } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { assessmentManualScores, assessmentSchemes } from '../../db/schema/index';
import type { ManualScore } from './assessment.compute';
import { now } from '../../lib/clock';

export type SchemeRow = typeof assessmentSchemes.$inferSelect;

/** The year's scheme; `lock` holds the row until the transaction ends, so a manual score and a freeze cannot cross. */
export async function schemeOfYear(db: DbOrTx, year: number, lock = false): Promise<SchemeRow | undefined> {
  const q = db.select().from(assessmentSchemes).where(eq(assessmentSchemes.year, year));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export const listSchemes = (db: DbOrTx) => db.select().from(assessmentSchemes).orderBy(desc(assessmentSchemes.year));

export async function insertScheme(tx: DbOrTx, year: number, title: string, items: SchemeItem[]) {
  const [row] = await tx.insert(assessmentSchemes).values({ year, title, items }).returning();
  return row;
}

export async function replaceScheme(tx: DbOrTx, id: number, title: string, items: SchemeItem[]) {
  const [row] = await tx
    .update(assessmentSchemes)
    .set({ title, items, version: sql`${assessmentSchemes.version} + 1` })
    .where(eq(assessmentSchemes.id, id))
    .returning();
  // Scores of items that are no longer manual items of the scheme would never be shown again.
  const manualKeys = items.filter((i) => i.kind === 'manual').map((i) => i.key);
  await tx
    .delete(assessmentManualScores)
    .where(
      and(
        eq(assessmentManualScores.schemeId, id),
        manualKeys.length ? notInArray(assessmentManualScores.itemKey, manualKeys) : undefined,
      ),
    );
  return row;
}

export async function manualScores(db: DbOrTx, schemeId: number): Promise<(ManualScore & { enteredAt: Date })[]> {
  return db
    .select({
      regionCode: assessmentManualScores.regionCode,
      itemKey: assessmentManualScores.itemKey,
      score: assessmentManualScores.score,
      reason: assessmentManualScores.reason,
      enteredAt: assessmentManualScores.enteredAt,
    })
    .from(assessmentManualScores)
    .where(eq(assessmentManualScores.schemeId, schemeId));
}

export async function upsertManualScore(tx: DbOrTx, schemeId: number, m: ManualScore, by: number) {
  const set = { score: m.score, reason: m.reason, enteredBy: by, enteredAt: now() };
  const [row] = await tx
    .insert(assessmentManualScores)
    .values({ schemeId, regionCode: m.regionCode, itemKey: m.itemKey, score: m.score, reason: m.reason, enteredBy: by })
    .onConflictDoUpdate({
      target: [assessmentManualScores.schemeId, assessmentManualScores.regionCode, assessmentManualScores.itemKey],
      set,
    })
    .returning();
  return row;
}

export async function freezeScheme(tx: DbOrTx, id: number, by: number, at: Date, result: unknown) {
  const [row] = await tx
    .update(assessmentSchemes)
    .set({
      status: 'frozen',
      frozenAt: at,
      frozenBy: by,
      frozenResult: result,
      version: sql`${assessmentSchemes.version} + 1`,
    })
    .where(and(eq(assessmentSchemes.id, id), eq(assessmentSchemes.status, 'draft')))
    .returning();
  return row;
}
