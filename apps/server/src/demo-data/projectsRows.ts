import { bjAt, dateBetween, maxDate, minDate, addDays } from './projectDates';
import { scanPdf } from './scan';
import { pad4, reserveIds, SYSTEM_ACTOR, type APlan, type PPlan, type SeedCtx } from './projectsCommon';
import type { agreementEvents, agreementFiles, agreementParties, agreements, projects } from '../db/schema/index';

/** Ids and numbers in the order things happened, then the agreement rows with their parties, scans and event trail. */
export async function agreementRows(c: SeedCtx, allAgreements: APlan[], allProjects: PPlan[]) {
  const { tx, rng, regionCounts, accountOf } = c;
  // ------------------------------------------------------------ ids and numbers, in the order things happened
  const agOrder = allAgreements
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.createdDate.localeCompare(b.s.createdDate) || a.i - b.i);
  const agIds = await reserveIds(tx, 'agreements', agOrder.length);
  const seqInRegion = new Map<string, number>();
  agOrder.forEach(({ s }, k) => {
    s.id = agIds[k];
    const n = (seqInRegion.get(s.regionCode) ?? regionCounts.get(s.regionCode) ?? 0) + 1;
    seqInRegion.set(s.regionCode, n);
    s.agreementNo = `XQ-${s.regionCode}-${s.termStart.slice(0, 4)}-${pad4(n)}`;
  });
  const pOrder = allProjects
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.createdDate.localeCompare(b.p.createdDate) || a.i - b.i);
  const pIds = await reserveIds(tx, 'projects', pOrder.length);
  pOrder.forEach(({ p }, k) => (p.id = pIds[k]));

  // ------------------------------------------------------------ agreement rows, parties, scans, events
  const agRows: (typeof agreements.$inferInsert)[] = [];
  const partyRows: (typeof agreementParties.$inferInsert)[] = [];
  const fileRows: (typeof agreementFiles.$inferInsert)[] = [];
  const eventRows: (typeof agreementEvents.$inferInsert)[] = [];
  for (const { s } of agOrder) {
    const school = s.school!;
    const creator = accountOf.get(school.id) ?? s.enterprises.map((e) => accountOf.get(e.id)).find(Boolean) ?? null;
    const signer = accountOf.get(school.id) ?? s.enterprises.map((e) => accountOf.get(e.id)).find(Boolean) ?? null;
    const createdAt = bjAt(s.createdDate, 0.1 + rng.next() * 0.8);
    const events: (typeof agreementEvents.$inferInsert)[] = [
      {
        agreementId: s.id!,
        action: 'create',
        fromState: null,
        toState: 'draft',
        actorId: creator?.id ?? null,
        actorName: creator?.name ?? null,
        at: createdAt,
      },
    ];
    let version = 1;
    if (s.signingDate) {
      const signDay = maxDate(s.signingDate, s.createdDate);
      const uploadAt = new Date(
        Math.max(bjAt(signDay, 0.05 + rng.next() * 0.35).getTime(), createdAt.getTime() + 60_000),
      );
      const signAt = new Date(Math.max(bjAt(signDay, 0.5 + rng.next() * 0.4).getTime(), uploadAt.getTime() + 60_000));
      const pdf = scanPdf(s.agreementNo!);
      const fileName = `${s.agreementNo}-签字盖章扫描件.pdf`;
      fileRows.push({
        agreementId: s.id!,
        fileName,
        mime: 'application/pdf',
        size: pdf.length,
        content: pdf.toString('base64'),
        uploadedBy: signer?.id ?? null,
        uploadedAt: uploadAt,
      });
      events.push({
        agreementId: s.id!,
        action: 'upload_scan',
        fromState: 'draft',
        toState: 'draft',
        reason: fileName,
        actorId: signer?.id ?? null,
        actorName: signer?.name ?? null,
        at: uploadAt,
      });
      events.push({
        agreementId: s.id!,
        action: 'sign',
        fromState: 'draft',
        toState: 'signed',
        actorId: signer?.id ?? null,
        actorName: signer?.name ?? null,
        at: signAt,
      });
      version = 2;
      if (s.status !== 'signed') {
        const activateAt =
          s.termStart > signDay ? bjAt(s.termStart, 0.02 + rng.next() * 0.2) : new Date(signAt.getTime() + 1000);
        events.push({
          agreementId: s.id!,
          action: 'activate',
          fromState: 'signed',
          toState: 'active',
          actorId: null,
          actorName: SYSTEM_ACTOR,
          at: activateAt,
        });
      }
      if (s.status === 'expired')
        events.push({
          agreementId: s.id!,
          action: 'expire',
          fromState: 'active',
          toState: 'expired',
          actorId: null,
          actorName: SYSTEM_ACTOR,
          at: bjAt(addDays(s.termEnd, 1), 0.02 + rng.next() * 0.3),
        });
      if (s.status === 'terminated') {
        events.push({
          agreementId: s.id!,
          action: 'terminate',
          fromState: 'active',
          toState: 'terminated',
          reason: s.terminateReason!,
          actorId: signer?.id ?? null,
          actorName: signer?.name ?? null,
          at: bjAt(s.terminateDate!, 0.3 + rng.next() * 0.6),
        });
        version = 3;
      }
    }
    eventRows.push(...events);
    agRows.push({
      id: s.id,
      agreementNo: s.agreementNo!,
      campaignYear: Number(s.termStart.slice(0, 4)),
      regionCode: s.regionCode,
      title: s.title,
      kind: s.kind,
      leadOrgId: s.kind === 'alliance' ? school.id : null,
      areas: s.areas,
      scope: s.scope,
      termStart: s.termStart,
      termEnd: s.termEnd,
      signingDate: s.signingDate,
      status: s.status,
      terminateReason: s.terminateReason,
      // The days the figures as of a date read: every party confirmed at the signing (below), terminated that day.
      agreedOn: s.signingDate ? maxDate(s.signingDate, s.createdDate) : null,
      terminatedOn: s.status === 'terminated' ? s.terminateDate! : null,
      keyProject: s.keyProject,
      intentId: s.intentId,
      version,
      createdBy: creator?.id ?? null,
      createdAt,
      updatedAt: events[events.length - 1].at!,
    });
    // Signed before confirmations were asked for one by one: every party counts as having confirmed at the signing.
    const signEvent = events.find((e) => e.action === 'sign');
    const confirmedAt = signEvent?.at ?? null;
    for (const sc of s.schools) partyRows.push({ agreementId: s.id!, orgId: sc.id, side: 'school', confirmedAt });
    for (const e of s.enterprises) partyRows.push({ agreementId: s.id!, orgId: e.id, side: 'enterprise', confirmedAt });
  }

  return { agOrder, pOrder, agRows, partyRows, fileRows, eventRows };
}

/** Project rows, versioned as the service versions a status change. */
export function projectRows(c: SeedCtx, pOrder: { p: PPlan; i: number }[]) {
  const { rng, accountOf, dayBefore, frequencyOf } = c;
  return pOrder.map(({ p }) => {
    const creator = accountOf.get(p.ag.school!.id) ?? null;
    const createdAt = bjAt(p.createdDate, rng.next());
    let version = 1;
    let updatedAt = createdAt;
    const bump = (day: string) => {
      version++;
      updatedAt = new Date(
        Math.max(
          bjAt(minDate(maxDate(day, p.createdDate), dayBefore), rng.next()).getTime(),
          updatedAt.getTime() + 1000,
        ),
      );
    };
    if (p.status !== 'planned') bump(p.start);
    const completedOn =
      p.status === 'completed' ? dateBetween(rng, addDays(p.end, 1), minDate(addDays(p.end, 10), dayBefore)) : null;
    if (completedOn) bump(completedOn);
    if (p.status === 'stopped') bump(p.stopDate!);
    return {
      id: p.id,
      agreementId: p.ag.id!,
      type: p.type,
      title: p.title,
      campaignYear: Number(p.start.slice(0, 4)),
      regionCode: p.ag.regionCode,
      schoolOrgId: p.ag.school!.id,
      status: p.status,
      stopReason: p.stopReason,
      startedOn: p.status !== 'planned' ? p.start : null,
      stoppedOn: p.status === 'stopped' ? p.stopDate! : null,
      completedOn,
      startDate: p.start,
      endDate: p.end,
      data: p.data,
      reportFrequency: frequencyOf(p.type),
      selectionStatus: 'none',
      deletedAt: null,
      version,
      createdBy: creator?.id ?? null,
      createdAt,
      updatedAt,
    };
  }) as (typeof projects.$inferInsert)[];
}
