import { and, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { agreementFiles, agreementParties, agreementRecords, agreements, orgs, projects } from '../../db/schema/index';

export type AgreementRow = typeof agreements.$inferSelect;

export async function partiesOf(db: DbOrTx, agreementIds: number[]) {
  if (!agreementIds.length) return [];
  return db
    .select({
      agreementId: agreementParties.agreementId,
      orgId: orgs.id,
      name: orgs.name,
      side: agreementParties.side,
      regionCode: orgs.regionCode,
      uscc: orgs.uscc,
      address: orgs.address,
      contactName: orgs.contactName,
      contactPhone: orgs.contactPhone,
      confirmedAt: agreementParties.confirmedAt,
    })
    .from(agreementParties)
    .innerJoin(orgs, eq(orgs.id, agreementParties.orgId))
    .where(inArray(agreementParties.agreementId, agreementIds))
    .orderBy(agreementParties.side, orgs.id);
}

export type Party = Awaited<ReturnType<typeof partiesOf>>[number];

export async function scanOf(db: DbOrTx, agreementId: number) {
  const [f] = await db
    .select({
      id: agreementFiles.id,
      fileName: agreementFiles.fileName,
      mime: agreementFiles.mime,
      size: agreementFiles.size,
      uploadedAt: agreementFiles.uploadedAt,
    })
    .from(agreementFiles)
    .where(eq(agreementFiles.agreementId, agreementId))
    .orderBy(agreementFiles.id)
    .limit(100)
    .then((rows) => rows.slice(-1));
  return f;
}

/**
 * The highest serial of the region's agreement numbers (XQ-<region>-<year>-<serial>). Numbers come from the highest
 * serial rather than from a count, so a deleted draft leaves a gap instead of letting the next number collide.
 */
export async function lastSerial(db: DbOrTx, regionCode: string): Promise<number> {
  const [{ n, top }] = await db
    .select({
      n: count(),
      top: sql<number | null>`max(nullif(substring(${agreements.agreementNo} from '-([0-9]+)$'), '')::int)`,
    })
    .from(agreements)
    .where(eq(agreements.regionCode, regionCode));
  return Math.max(Number(n), Number(top ?? 0));
}

/** The agreement's projects that still count (not deleted), for the message that refuses deleting the draft. */
export async function liveProjects(db: DbOrTx, agreementId: number) {
  return db
    .select({ id: projects.id, title: projects.title })
    .from(projects)
    .where(and(eq(projects.agreementId, agreementId), isNull(projects.deletedAt)))
    .orderBy(projects.id);
}

/** The frozen record's fingerprints without its bytes (lists and detail pages show them). */
export async function recordInfo(db: DbOrTx, agreementId: number) {
  const [r] = await db
    .select({
      frozenAt: agreementRecords.frozenAt,
      docxSha256: agreementRecords.docxSha256,
      scanSha256: agreementRecords.scanSha256,
    })
    .from(agreementRecords)
    .where(eq(agreementRecords.agreementId, agreementId))
    .orderBy(sql`${agreementRecords.id} desc`)
    .limit(1);
  return r;
}

export interface AgreementExtras {
  scan?: { fileName: string; mime: string; size: number; uploadedAt: Date };
  record?: { frozenAt: Date; docxSha256: string; scanSha256: string };
  projects: number;
}

/** What agreementOut reads per agreement, for a whole page in three statements (a list of 200 costs what one of 20
 *  does): the latest scan, the latest frozen record and the count of live projects. */
export async function extrasOf(db: DbOrTx, ids: number[]): Promise<Map<number, AgreementExtras>> {
  const m = new Map<number, AgreementExtras>(ids.map((id) => [id, { projects: 0 }]));
  if (!ids.length) return m;
  const [scans, records, counts] = await Promise.all([
    db
      .selectDistinctOn([agreementFiles.agreementId], {
        agreementId: agreementFiles.agreementId,
        fileName: agreementFiles.fileName,
        mime: agreementFiles.mime,
        size: agreementFiles.size,
        uploadedAt: agreementFiles.uploadedAt,
      })
      .from(agreementFiles)
      .where(inArray(agreementFiles.agreementId, ids))
      .orderBy(agreementFiles.agreementId, sql`${agreementFiles.id} desc`),
    db
      .selectDistinctOn([agreementRecords.agreementId], {
        agreementId: agreementRecords.agreementId,
        frozenAt: agreementRecords.frozenAt,
        docxSha256: agreementRecords.docxSha256,
        scanSha256: agreementRecords.scanSha256,
      })
      .from(agreementRecords)
      .where(inArray(agreementRecords.agreementId, ids))
      .orderBy(agreementRecords.agreementId, sql`${agreementRecords.id} desc`),
    db
      .select({ agreementId: projects.agreementId, n: count() })
      .from(projects)
      .where(and(inArray(projects.agreementId, ids), isNull(projects.deletedAt)))
      .groupBy(projects.agreementId),
  ]);
  for (const { agreementId, ...s } of scans) m.get(agreementId)!.scan = s;
  for (const { agreementId, ...r } of records) m.get(agreementId)!.record = r;
  for (const c of counts) if (c.agreementId !== null) m.get(c.agreementId)!.projects = c.n;
  return m;
}
