import { and, inArray, lt, lte, or, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { agreements } from '../../db/schema/index';
import { today } from '../../lib/clock';
import { refreshStatus } from './agreements.service';

/**
 * Brings every signed or active agreement up to its dates (hourly, from main.ts), so an agreement that expires
 * stops its projects and tells its parties even when nobody opens it. Idempotent: refreshStatus moves each once.
 */
export async function settleAgreementDates(db: Db) {
  const day = today();
  const due = await db
    .select()
    .from(agreements)
    .where(
      or(
        and(inArray(agreements.status, ['signed', 'active']), lt(agreements.termEnd, day)),
        and(eq(agreements.status, 'signed'), lte(agreements.termStart, day)),
      ),
    );
  for (const a of due) await refreshStatus(db, a);
  return due.length;
}
