import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { agreementFiles, agreementRecords } from '../../db/schema/index';
import type { AgreementRow } from './agreements.repository';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function latestRecord(db: DbOrTx, agreementId: number) {
  const [r] = await db
    .select()
    .from(agreementRecords)
    .where(eq(agreementRecords.agreementId, agreementId))
    .orderBy(desc(agreementRecords.id))
    .limit(1);
  return r;
}

/**
 * Freezes the signed record: the Word file as generated now and the latest scan, with their fingerprints. Called in
 * the transaction of the last confirmation; also, once, for an agreement signed before records were kept (the
 * first download or verification stores it, and every later one returns the same bytes).
 */
export async function freezeRecord(tx: DbOrTx, a: AgreementRow, docx: Buffer) {
  const [scan] = await tx
    .select()
    .from(agreementFiles)
    .where(eq(agreementFiles.agreementId, a.id))
    .orderBy(desc(agreementFiles.id))
    .limit(1);
  const scanBytes = scan ? Buffer.from(scan.content, 'base64') : Buffer.alloc(0);
  const [r] = await tx
    .insert(agreementRecords)
    .values({
      agreementId: a.id,
      docx: docx.toString('base64'),
      docxSha256: sha256(docx),
      scan: scan?.content ?? '',
      scanMime: scan?.mime ?? '',
      scanFileName: scan?.fileName ?? '',
      scanSha256: scan ? sha256(scanBytes) : '',
    })
    .returning();
  return r;
}

/** The stored record, freezing it first (with the document `make` gives) for an agreement signed before records were kept. */
export async function recordOf(db: DbOrTx, a: AgreementRow, make: () => Promise<Buffer>) {
  return (await latestRecord(db, a.id)) ?? freezeRecord(db, a, await make());
}
