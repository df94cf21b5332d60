import { and, count, desc, eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { agreementEvents, agreementFiles, agreements } from '../../db/schema/index';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { extrasOf, partiesOf, type AgreementRow } from './agreements.repository';
import { loadAgreement } from './load';
import { agreementOut } from './view';

export async function getAgreement(db: Db, ctx: Ctx, id: number) {
  const { actor, a, parties } = await loadAgreement(db, ctx, id);
  return agreementOut(db, actor, a, parties);
}

export async function listAgreements(
  db: Db,
  ctx: Ctx,
  q: {
    status?: string;
    year?: number;
    region?: string;
    keyProject?: 'true' | 'false';
    kind?: 'government' | 'enterprise';
    q?: string;
    page: number;
    pageSize: number;
  },
) {
  const actor = requireActor(ctx);
  const parts: SQL[] = [];
  if (actor.role === 'region')
    parts.push(
      or(
        eq(agreements.regionCode, actor.regionCode!),
        sql`exists (select 1 from agreement_parties p join orgs o on o.id = p.org_id where p.agreement_id = ${agreements.id} and o.region_code = ${actor.regionCode})`,
      )!,
    );
  else if (actor.role !== 'province')
    parts.push(
      sql`exists (select 1 from agreement_parties p where p.agreement_id = ${agreements.id} and p.org_id = ${actor.orgId ?? -1})`,
    );
  if (q.region) parts.push(eq(agreements.regionCode, q.region));
  if (q.status) parts.push(eq(agreements.status, q.status as AgreementRow['status']));
  if (q.year) parts.push(eq(agreements.campaignYear, q.year));
  if (q.keyProject) parts.push(eq(agreements.keyProject, q.keyProject === 'true'));
  if (q.kind)
    parts.push(q.kind === 'government' ? eq(agreements.kind, 'government') : ne(agreements.kind, 'government'));
  if (q.q) parts.push(or(ilike(agreements.title, `%${q.q}%`), ilike(agreements.agreementNo, `%${q.q}%`))!);
  const w = parts.length ? and(...parts) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(agreements)
      .where(w)
      .orderBy(desc(agreements.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(agreements).where(w),
  ]);
  const parties = await partiesOf(
    db,
    rows.map((r) => r.id),
  );
  // Reads never write: the stored status moves by date in the hourly job (settle.ts, at :02 Beijing time).
  const extras = await extrasOf(
    db,
    rows.map((r) => r.id),
  );
  return { items: await Promise.all(rows.map((r) => agreementOut(db, actor, r, parties, extras.get(r.id)))), total };
}

export async function downloadScan(db: Db, ctx: Ctx, id: number) {
  await loadAgreement(db, ctx, id);
  const [f] = await db
    .select()
    .from(agreementFiles)
    .where(eq(agreementFiles.agreementId, id))
    .orderBy(desc(agreementFiles.id))
    .limit(1);
  if (!f) throw new AppError(404, 'not_found', '尚未上传扫描件');
  return { fileName: f.fileName, mime: f.mime, content: Buffer.from(f.content, 'base64') };
}

export async function agreementHistory(db: Db, ctx: Ctx, id: number) {
  await loadAgreement(db, ctx, id);
  const rows = await db
    .select()
    .from(agreementEvents)
    .where(eq(agreementEvents.agreementId, id))
    .orderBy(agreementEvents.id);
  return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
}
