import { and, inArray, lt, lte, or, eq } from 'drizzle-orm';
import { agreementStateOn } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { agreementEvents, agreements } from '../../db/schema/index';
import { audit } from '../../lib/audit';
import { now, today } from '../../lib/clock';
import { notifyOrg, notifyRegion } from '../notifications/notifications.service';
import { stopProjectsOfAgreement } from '../projects/stopByAgreement';
import { partiesOf, type AgreementRow, type Party } from './agreements.repository';

/**
 * Signed agreements become active and expire by their dates: the hourly job (settleAgreementDates) moves the stored
 * status, audited; a write brings its own agreement up to date first (loadAgreementForWrite). Reads never write. Expiry ends the agreement's work: its planned and running projects stop on
 * the last day of the term, and the parties and bureaus are told which.
 */
export async function refreshStatus(db: DbOrTx, a: AgreementRow): Promise<AgreementRow> {
  const derived = agreementStateOn(today(), { state: a.status, termStart: a.termStart, termEnd: a.termEnd });
  if (derived === a.status) return a;
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(agreements)
      .set({ status: derived, updatedAt: now() })
      .where(and(eq(agreements.id, a.id), eq(agreements.status, a.status)))
      .returning();
    if (!u) return a;
    await tx.insert(agreementEvents).values({
      agreementId: a.id,
      action: derived === 'active' ? 'activate' : 'expire',
      fromState: a.status,
      toState: derived,
      actorName: '系统（按日期）',
    });
    if (derived === 'expired') {
      const reason = `协议已于 ${a.termEnd} 到期`;
      const stopped = await stopProjectsOfAgreement(tx, a.id, a.termEnd, reason);
      await audit(
        tx,
        { actor: null, ip: null, requestId: null },
        {
          action: 'agreement.expire',
          actorName: '系统（按日期）',
          entityType: 'agreement',
          entityId: a.id,
          regionCode: a.regionCode,
          before: { status: a.status },
          after: { status: derived, stoppedProjects: stopped },
        },
      );
      await tellEnded(tx, a, await partiesOf(tx, [a.id]), reason, stopped);
    }
    return u;
  });
}

/** Tells every party and the bureaus of their regions that the agreement ended, naming the projects it stopped. */
export async function tellEnded(
  tx: DbOrTx,
  a: AgreementRow,
  parties: Party[],
  reason: string,
  stopped: { title: string }[],
) {
  const names = stopped.map((p) => `“${p.title}”`).join('、');
  const n = {
    kind: 'agreement',
    title: `校企合作协议已结束：${a.title}（${reason}）`,
    body: stopped.length ? `以下 ${stopped.length} 个项目随之中止：${names}` : '协议下没有计划中或实施中的项目',
    link: `/agreements/${a.id}`,
  };
  for (const p of parties) await notifyOrg(tx, p.orgId, n);
  for (const r of new Set([a.regionCode, ...parties.map((p) => p.regionCode)])) await notifyRegion(tx, r, n);
}

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
