import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { projects } from '../../db/schema/index';
import { now } from '../../lib/clock';

/**
 * The end of an agreement ends its work: every planned or running project under it stops on the agreement's last
 * day, with the reason, so it counts no more from that day. Completed, already stopped and deleted projects are left
 * as they are. Returns the stopped projects so the caller can tell the parties and bureaus which ones.
 */
export async function stopProjectsOfAgreement(tx: DbOrTx, agreementId: number, on: string, reason: string) {
  return tx
    .update(projects)
    .set({
      status: 'stopped',
      stopReason: reason,
      stoppedOn: on,
      version: sql`${projects.version} + 1`,
      updatedAt: now(),
    })
    .where(
      and(
        eq(projects.agreementId, agreementId),
        inArray(projects.status, ['planned', 'running']),
        isNull(projects.deletedAt),
      ),
    )
    .returning({ id: projects.id, title: projects.title, regionCode: projects.regionCode });
}
