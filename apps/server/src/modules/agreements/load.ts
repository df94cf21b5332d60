import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { agreements } from '../../db/schema/index';
import { requireActor, type Actor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { partiesOf, type AgreementRow, type Party } from './agreements.repository';
import { refreshStatus } from './settle';

/** Parties, the bureau of the agreement's region (or of any party) and the province may see an agreement. */
function canSeeAgreement(actor: Actor, a: AgreementRow, parties: Party[]) {
  if (actor.role === 'province') return true;
  if (actor.role === 'region')
    return a.regionCode === actor.regionCode || parties.some((p) => p.regionCode === actor.regionCode);
  return parties.some((p) => p.orgId === actor.orgId);
}

export function canEditAgreement(actor: Actor, a: AgreementRow, parties: Party[]) {
  const inScope =
    actor.role === 'province' ||
    (actor.role === 'region' && a.regionCode === actor.regionCode) ||
    parties.some((p) => p.orgId === actor.orgId);
  return inScope && actor.role !== 'expert';
}

export async function loadAgreement(db: DbOrTx, ctx: Ctx, id: number) {
  const actor = requireActor(ctx);
  const [row] = await db.select().from(agreements).where(eq(agreements.id, id));
  const parties = row ? await partiesOf(db, [id]) : [];
  if (!row || !canSeeAgreement(actor, row, parties)) throw new AppError(404, 'not_found');
  return { actor, a: row, parties };
}

/** For a write: the agreement as its dates have it now (a term that ended since the last hourly run is expired first). */
export async function loadAgreementForWrite(db: DbOrTx, ctx: Ctx, id: number) {
  const loaded = await loadAgreement(db, ctx, id);
  return { ...loaded, a: await refreshStatus(db, loaded.a) };
}
