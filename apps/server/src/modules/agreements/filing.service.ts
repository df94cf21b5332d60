import { and, count, desc, eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm';
import { agreementStateOn, beijingDate, regionByCode } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { agreements } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { today } from '../../lib/clock';
import { extrasOf, partiesOf } from './agreements.repository';
import { agreementOut } from './view';
import { latestRecord } from './record';

type FilingStatus = 'pending_confirmation' | 'signed' | 'active' | 'expired' | 'terminated';

/**
 * 协议备案: a region bureau sees every agreement with a party in its region (or counted for it) once it has been
 * signed; the province sees all. Newest signature first. Each row offers 「退回」 (the 'return' action) while signed,
 * active or expired.
 */
export async function filingList(
  db: Db,
  ctx: Ctx,
  q: { status?: FilingStatus; region?: string; q?: string; page: number; pageSize: number },
) {
  // The bureaus' review permission: region bureaus and the province file agreements, parties do not.
  const actor = requireAccess(ctx, 'form.review');
  const parts: SQL[] = [ne(agreements.status, 'draft')];
  if (actor.role === 'region')
    parts.push(
      or(
        eq(agreements.regionCode, actor.regionCode!),
        sql`exists (select 1 from agreement_parties p join orgs o on o.id = p.org_id where p.agreement_id = ${agreements.id} and o.region_code = ${actor.regionCode})`,
      )!,
    );
  if (q.region)
    parts.push(
      or(
        eq(agreements.regionCode, q.region),
        sql`exists (select 1 from agreement_parties p join orgs o on o.id = p.org_id where p.agreement_id = ${agreements.id} and o.region_code = ${q.region})`,
      )!,
    );
  if (q.status) parts.push(eq(agreements.status, q.status));
  if (q.q)
    parts.push(
      or(
        ilike(agreements.title, `%${q.q}%`),
        ilike(agreements.agreementNo, `%${q.q}%`),
        sql`exists (select 1 from agreement_parties p join orgs o on o.id = p.org_id where p.agreement_id = ${agreements.id} and o.name ilike ${`%${q.q}%`})`,
      )!,
    );
  const w = and(...parts);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(agreements)
      .where(w)
      .orderBy(sql`${agreements.signingDate} desc nulls last`, desc(agreements.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(agreements).where(w),
  ]);
  const parties = await partiesOf(
    db,
    rows.map((r) => r.id),
  );
  const items = [];
  // Reads never write: the stored status moves by date in the hourly job (settle.ts).
  const extras = await extrasOf(
    db,
    rows.map((r) => r.id),
  );
  for (const r of rows) items.push(await agreementOut(db, actor, r, parties, extras.get(r.id)));
  return { items, total };
}

/** Public verification of an agreement number: what the parties agreed to and the record's fingerprints, nothing personal. */
export async function verifyAgreement(db: Db, agreementNo: string) {
  const [a] = await db.select().from(agreements).where(eq(agreements.agreementNo, agreementNo));
  // A draft is no agreement yet: it verifies as unknown.
  if (!a || a.status === 'draft')
    throw new AppError(404, 'not_found', `未找到编号为“${agreementNo}”的已签署协议，请核对协议编号`);
  const parties = await partiesOf(db, [a.id]);
  const record = await latestRecord(db, a.id);
  const day = (d: Date | null) => (d ? beijingDate(d.getTime()) : null);
  return {
    agreementNo: a.agreementNo,
    title: a.title,
    status: agreementStateOn(today(), { state: a.status, termStart: a.termStart, termEnd: a.termEnd }),
    termStart: a.termStart,
    termEnd: a.termEnd,
    signingDate: a.signingDate,
    terminatedOn: a.terminatedOn,
    parties: [
      ...parties.map((p) => ({
        name: p.name,
        side: p.side as 'school' | 'enterprise' | 'government',
        regionCode: p.regionCode,
        regionName: regionByCode(p.regionCode)?.name ?? p.regionCode,
        confirmedOn: day(p.confirmedAt),
      })),
      // A 校地协议's government party, confirmed by the bureau of its area (government.ts).
      ...(a.kind === 'government' && a.govName
        ? [
            {
              name: a.govName,
              side: 'government' as const,
              regionCode: a.regionCode,
              regionName: regionByCode(a.regionCode)?.name ?? a.regionCode,
              confirmedOn: day(a.govConfirmedAt),
            },
          ]
        : []),
    ],
    record: record
      ? { frozenAt: record.frozenAt.toISOString(), docxSha256: record.docxSha256, scanSha256: record.scanSha256 }
      : null,
  };
}
