import { and, count, eq, isNull } from 'drizzle-orm';
import { allowedAgreementActions, canFlagKey, isAgreementEditable, isAgreementFrozen } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { projects } from '../../db/schema/index';
import type { Actor } from '../../http/access';
import { recordInfo, scanOf, type AgreementExtras, type AgreementRow, type Party } from './agreements.repository';
import { confirmsForGovernment, governmentOut } from './government';
import { canEditAgreement } from './load';

/** extras: read for the whole page by the lists (extrasOf); a single agreement reads its own. */
export async function agreementOut(
  db: DbOrTx,
  actor: Actor,
  a: AgreementRow,
  parties: Party[],
  extras?: AgreementExtras,
) {
  const scan = extras ? extras.scan : await scanOf(db, a.id);
  const record = !isAgreementFrozen(a.status) ? undefined : extras ? extras.record : await recordInfo(db, a.id);
  const n = extras
    ? extras.projects
    : (
        await db
          .select({ n: count() })
          .from(projects)
          .where(and(eq(projects.agreementId, a.id), isNull(projects.deletedAt)))
      )[0].n;
  const editable = canEditAgreement(actor, a, parties);
  const own = parties.find((p) => p.agreementId === a.id && p.orgId === actor.orgId);
  // Offer what the machine allows by hand; sign still needs the scan, checked when done. Confirm only for a party
  // that has not confirmed yet; the bureaus (region of a party, province) may return what they file.
  const allowed = allowedAgreementActions(a.status, actor.role).filter((act) => {
    if (act === 'sign' || act === 'terminate') return editable;
    if (act === 'confirm') return !!own && !own.confirmedAt;
    if (act === 'decline') return !!own;
    return act === 'return';
  });
  // The bureau confirms for a local government (it has no account); the machine lists confirm for the parties only.
  if (a.status === 'pending_confirmation' && !a.govConfirmedAt && confirmsForGovernment(actor, a))
    allowed.push('confirm');
  return {
    id: a.id,
    agreementNo: a.agreementNo,
    campaignYear: a.campaignYear,
    regionCode: a.regionCode,
    title: a.title,
    kind: a.kind,
    government: governmentOut(a),
    areas: a.areas,
    scope: a.scope,
    termStart: a.termStart,
    termEnd: a.termEnd,
    signingDate: a.signingDate,
    status: a.status,
    terminateReason: a.terminateReason,
    terminatedOn: a.terminatedOn,
    keyProject: a.keyProject,
    intentId: a.intentId,
    parties: parties
      .filter((p) => p.agreementId === a.id)
      .map((p) => ({
        orgId: p.orgId,
        name: p.name,
        side: p.side,
        regionCode: p.regionCode,
        uscc: p.uscc,
        isLead: a.leadOrgId === p.orgId,
        confirmedAt: p.confirmedAt?.toISOString() ?? null,
      })),
    projectCount: n,
    record: record
      ? { frozenAt: record.frozenAt.toISOString(), docxSha256: record.docxSha256, scanSha256: record.scanSha256 }
      : null,
    scan: scan
      ? { fileName: scan.fileName, mime: scan.mime, size: scan.size, uploadedAt: scan.uploadedAt.toISOString() }
      : null,
    version: a.version,
    allowedActions: [...allowed],
    canEdit: editable && isAgreementEditable(a.status),
    canFlagKey:
      canFlagKey(a.status, actor.role) &&
      (actor.role === 'province' || (actor.role === 'region' && actor.regionCode === a.regionCode)),
  };
}
