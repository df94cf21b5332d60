import { and, eq, sql } from 'drizzle-orm';
import { AGREEMENT_ACTION_LABELS, agreementTransition, type AgreementAction } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { agreementEvents, agreementParties, agreements } from '../../db/schema/index';
import type { Actor, Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now, today } from '../../lib/clock';
import { notifyOrg, notifyRegion } from '../notifications/notifications.service';
import { stopProjectsOfAgreement } from '../projects/stopByAgreement';
import { partiesOf, scanOf, type AgreementRow, type Party } from './agreements.repository';
import { canEditAgreement, loadAgreementForWrite } from './load';
import { refreshStatus, tellEnded } from './settle';
import { agreementOut } from './view';
import { liveDocx } from './word.service';
import { freezeRecord } from './record';
import { confirmsForGovernment, isGovernment } from './government';

type ActionBody = {
  action: 'sign' | 'confirm' | 'decline' | 'return' | 'terminate';
  version: number;
  signingDate?: string;
  reason?: string;
};

/**
 * Sign, confirm, decline, return (备案退回) and terminate. Nothing counts for a party that has not agreed to it: a
 * signature makes the agreement wait for every party's own confirmation (the signer's counts), the last confirmation
 * freezes the signed record, and a decline (any party) or a return (the bureau) undoes the confirmations.
 */
export async function actOnAgreement(db: Db, ctx: Ctx, id: number, b: ActionBody) {
  const { actor, a, parties } = await loadAgreementForWrite(db, ctx, id);
  const own = parties.find((p) => p.orgId === actor.orgId);
  // A bureau confirming a 校地协议 for the local government (government.ts); its own confirmation counts once.
  const forGov = b.action === 'confirm' && !own && confirmsForGovernment(actor, a);
  if (forGov && a.govConfirmedAt)
    throw new AppError(
      409,
      'illegal_transition',
      `${a.govName}一方已于 ${a.govConfirmedAt.toISOString().slice(0, 10)} 确认该协议，无需重复确认`,
    );
  // Confirm and decline are each party's own; a school or enterprise that is no party never sees the agreement (404).
  if ((b.action === 'sign' || b.action === 'terminate') && !canEditAgreement(actor, a, parties))
    throw new AppError(404, 'not_found');
  if (
    (b.action === 'confirm' || b.action === 'decline') &&
    !own &&
    actor.role !== 'region' &&
    actor.role !== 'province'
  )
    throw new AppError(404, 'not_found');
  if (b.action === 'confirm' && own?.confirmedAt)
    throw new AppError(
      409,
      'illegal_transition',
      `${own.name}已于 ${own.confirmedAt.toISOString().slice(0, 10)} 确认该协议，无需重复确认`,
    );
  const scan = await scanOf(db, id);
  const signingDate = b.action === 'sign' ? (b.signingDate ?? today()) : (a.signingDate ?? undefined);
  const govWaiting = isGovernment(a) && !a.govConfirmedAt && !forGov ? 1 : 0;
  const unconfirmedAfter = parties.filter((p) => !p.confirmedAt && p.orgId !== actor.orgId).length + govWaiting;
  const t = agreementTransition(a.status, b.action, {
    hasScan: !!scan,
    signingDate,
    today: today(),
    termStart: a.termStart,
    termEnd: a.termEnd,
    reason: b.reason,
    role: forGov ? undefined : actor.role,
    unconfirmedAfter,
  });
  if (!t.ok)
    throw new AppError(
      t.code === 'illegal_transition' || t.code === 'forbidden_transition' ? 409 : 400,
      t.code,
      t.message,
    );
  const reason = b.reason?.trim() ?? '';
  return db.transaction(async (tx) => {
    const set: Partial<AgreementRow> = { status: t.to };
    if (b.action === 'sign') set.signingDate = signingDate!;
    if (b.action === 'decline') set.signingDate = null;
    if (b.action === 'terminate') Object.assign(set, { terminateReason: reason, terminatedOn: today() });
    // The day it begins to count (the last confirmation); a decline or return voids it until every party confirms again.
    if (t.to === 'signed' && a.status !== 'signed') set.agreedOn = today();
    if (b.action === 'decline' || b.action === 'return') set.agreedOn = null;
    if (b.action === 'sign' || b.action === 'decline' || b.action === 'return')
      Object.assign(set, { govConfirmedAt: null, govConfirmedBy: null });
    if (forGov) Object.assign(set, { govConfirmedAt: now(), govConfirmedBy: actor.id });
    const [u] = await tx
      .update(agreements)
      .set({ ...set, version: sql`${agreements.version} + 1`, updatedAt: now() })
      .where(and(eq(agreements.id, id), eq(agreements.version, b.version)))
      .returning();
    if (!u) throw new AppError(409, 'version_conflict');
    await confirmations(tx, b.action, id, actor);
    await tx.insert(agreementEvents).values({
      agreementId: id,
      action: b.action,
      fromState: a.status,
      toState: t.to,
      reason,
      actorId: actor.id,
      actorName: actor.displayName || actor.username,
    });
    const fresh = await partiesOf(tx, [id]);
    let stopped: { id: number; title: string }[] = [];
    let frozen: { docxSha256: string; scanSha256: string } | undefined;
    // The last confirmation: the Word text as generated now and the scan become the agreement, whatever changes later.
    if (b.action === 'confirm' && t.to === 'signed') frozen = await freezeRecord(tx, u, await liveDocx(tx, u, fresh));
    if (b.action === 'terminate') stopped = await stopProjectsOfAgreement(tx, id, today(), `协议终止：${reason}`);
    await audit(tx, ctx, {
      action: `agreement.${b.action}`,
      entityType: 'agreement',
      entityId: id,
      regionCode: a.regionCode,
      before: { status: a.status, confirmedBy: parties.filter((p) => p.confirmedAt).map((p) => p.orgId) },
      after: {
        status: t.to,
        signingDate: u.signingDate,
        reason: reason || undefined,
        party: own?.orgId,
        government: forGov ? u.govCode : undefined,
        stoppedProjects: stopped.length ? stopped : undefined,
        record: frozen && { docxSha256: frozen.docxSha256, scanSha256: frozen.scanSha256 },
      },
    });
    if (b.action === 'terminate') await tellEnded(tx, u, fresh, `终止原因：${reason}`, stopped);
    else await tell(tx, b.action, u, fresh, actor, own, reason, forGov);
    return agreementOut(tx, actor, await refreshStatus(tx, u), fresh);
  });
}

/** A signature is the signer's confirmation and starts a new round; decline and return clear every confirmation. */
async function confirmations(tx: DbOrTx, action: AgreementAction, id: number, actor: Actor) {
  if (action === 'sign' || action === 'decline' || action === 'return') {
    await tx
      .update(agreementParties)
      .set({ confirmedAt: null, confirmedBy: null })
      .where(eq(agreementParties.agreementId, id));
  }
  if ((action === 'sign' || action === 'confirm') && actor.orgId != null) {
    await tx
      .update(agreementParties)
      .set({ confirmedAt: now(), confirmedBy: actor.id })
      .where(and(eq(agreementParties.agreementId, id), eq(agreementParties.orgId, actor.orgId)));
  }
}

/** Every party hears of every step; a return is also the bureaus' business. */
async function tell(
  tx: DbOrTx,
  action: AgreementAction,
  a: AgreementRow,
  parties: Party[],
  actor: Actor,
  own: Party | undefined,
  reason: string,
  forGov = false,
) {
  const by = actor.displayName || actor.username;
  const who = forGov ? `${a.govName}（由${by}代为确认）` : (own?.name ?? by);
  const waiting = [
    ...parties.filter((p) => !p.confirmedAt).map((p) => p.name),
    ...(isGovernment(a) && !a.govConfirmedAt ? [`${a.govName}（由市州人社局代为确认）`] : []),
  ];
  const title: Record<string, string> = {
    sign: `${who}已签署协议“${a.title}”，请各方登录平台确认`,
    confirm:
      a.status === 'pending_confirmation'
        ? `${who}已确认协议“${a.title}”，尚待 ${waiting.join('、')} 确认`
        : `协议“${a.title}”已由各方确认，正式生效`,
    decline: `${who}拒绝确认协议“${a.title}”，协议退回草稿`,
    return: `市州/省厅备案时退回协议“${a.title}”，请各方重新确认`,
  };
  const n = {
    kind: 'agreement',
    title: title[action] ?? `协议“${a.title}”：${AGREEMENT_ACTION_LABELS[action]}`,
    body: reason ? `原因：${reason}` : '',
    link: `/agreements/${a.id}`,
  };
  for (const p of parties) await notifyOrg(tx, p.orgId, n);
  // A 校地协议 waits for the bureau that confirms for the government: tell it when the school has signed.
  if (action === 'return' || (action === 'sign' && isGovernment(a))) await notifyRegion(tx, a.regionCode, n);
}
