import type { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { compiledWorkbooks } from '../../db/schema';
import { AppError } from '../../http/errors';
import { findCampaign } from '../campaigns/campaigns.service';
import { latestPublishedYear } from './publish.service';
import { sqlRows as rows } from '../../db/rows';
import { writeWorkbook, type Publication } from './compiledSheets';

/**
 * 需求信息汇编: the compiled catalogue of ONE published version as a workbook, for printing and passing around.
 *
 * Layout: a 汇总 sheet first, then for each of the 17 regions in region-code order a 学校 sheet and an 企业 sheet
 * (「武汉市·学校」「武汉市·企业」) with the key columns of the form (keyFields: readable on A4 landscape at ≥ 9 pt), and
 * last 「学校·全部栏目」「企业·全部栏目」 with every column of the form template for all regions (the digital file).
 * Separate sheets rather than two blocks on one sheet, because the two forms have different columns: a frozen header
 * and print titles (repeated on every printed page) can only be right for the rows under them if a sheet holds
 * one form. Every region has both sheets even when empty, so the workbook's shape is the same for every version.
 * Page setup, print titles and row heights come from the shared layout (excel/print.ts).
 *
 * Content is the publication's snapshot (published_items), not the live forms, which may have changed since. A line's
 * published `fields` are matched to the definition's columns by label; contacts (kept apart at publication) are
 * masked with the public catalogue's functions — this is a public document whoever downloads it. Withdrawn lines
 * are left out, as on the public catalogue and the open data.
 *
 * Written with ExcelJS's streaming writer, rows fetched in chunks, so the rows of a 100,000-line version are never all
 * in memory. Built once per publication and stored (`storedCompiled`, issue 15): every later reader gets the stored
 * bytes with an ETag; a withdrawal drops the stored file (`forgetCompiled`).
 */

export interface CompiledQuery {
  year?: number;
  version?: number;
}

/** The requested publication: by default the latest version of the latest published year (as the public page). */
async function findPublication(db: DbOrTx, q: CompiledQuery): Promise<Publication> {
  const latestYear = q.year ?? (await latestPublishedYear(db));
  if (latestYear == null) throw new AppError(404, 'not_found', '尚未发布需求信息，暂无需求信息汇编');
  const [p] = await rows<{ id: number; version: number; published_on: string }>(
    db,
    sql`select p.id, p.version, to_char((p.published_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as published_on
        from publications p join campaigns c on c.id = p.campaign_id
        where c.year = ${latestYear} ${q.version != null ? sql`and p.version = ${q.version}` : sql``}
        order by p.version desc limit 1`,
  );
  if (!p)
    throw new AppError(
      404,
      'not_found',
      q.version != null
        ? `${latestYear} 年度没有第 ${q.version} 版需求信息`
        : `${latestYear} 年度尚未发布需求信息，暂无需求信息汇编`,
    );
  return {
    id: p.id,
    version: p.version,
    year: latestYear,
    publishedOn: p.published_on,
    campaign: await findCampaign(db, latestYear),
  };
}

/** Builds the workbook afresh (what every request did before it was stored; kept for the bench's baseline). */
export async function compiledWorkbook(
  db: DbOrTx,
  q: CompiledQuery,
  onError: (err: unknown) => void,
): Promise<{ fileName: string; stream: Readable }> {
  const pub = await findPublication(db, q);
  return { fileName: fileNameOf(pub), stream: await writeWorkbook(db, pub, onError) };
}

const fileNameOf = (pub: Publication) => `湖北省需求信息汇编（${pub.year}年第${pub.version}版）.xlsx`;

/** Advisory lock key (with the publication id) taken by a build and by a withdrawal's invalidation. */
const COMPILED_LOCK = 0x636f6d70; // 'comp'

export interface StoredCompiled {
  fileName: string;
  etag: string;
  size: number;
  /** Whether this request built the file (it was not stored yet). */
  built: boolean;
  content(): Promise<Buffer>;
}

/**
 * The stored workbook of the requested publication, built on the first request under an advisory lock: of several
 * requests (on any process sharing the database) one builds, the others wait for it and read what it stored. A
 * withdrawal deletes the row under the same lock (`forgetCompiled`), so a build that began before it never stores
 * the old lines after it. Building holds the whole file in memory once (≈ 1 MB per 5,000 lines), then never again.
 */
export async function storedCompiled(db: Db, q: CompiledQuery): Promise<StoredCompiled> {
  const pub = await findPublication(db, q);
  const head = async (tx: DbOrTx) =>
    (
      await tx
        .select({ fileName: compiledWorkbooks.fileName, etag: compiledWorkbooks.etag, size: compiledWorkbooks.size })
        .from(compiledWorkbooks)
        .where(eq(compiledWorkbooks.publicationId, pub.id))
    )[0];
  const content = async () => {
    const [row] = await db
      .select({ content: compiledWorkbooks.content })
      .from(compiledWorkbooks)
      .where(eq(compiledWorkbooks.publicationId, pub.id));
    // Withdrawn a moment ago, between the two reads: the file of the lines as they are now.
    return row ? Buffer.from(row.content, 'base64') : (await storedCompiled(db, q)).content();
  };
  const stored = await head(db);
  if (stored) return { ...stored, built: false, content };
  let bytes: Buffer | null = null;
  const made = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${COMPILED_LOCK}, ${pub.id})`);
    const other = await head(tx);
    if (other) return { ...other, built: false };
    let failure: unknown = null;
    const chunks: Buffer[] = [];
    for await (const chunk of await writeWorkbook(tx, pub, (err) => (failure = err))) chunks.push(chunk as Buffer);
    if (failure) throw failure;
    bytes = Buffer.concat(chunks);
    const row = {
      publicationId: pub.id,
      fileName: fileNameOf(pub),
      etag: `"${createHash('sha256').update(bytes).digest('base64url')}"`,
      size: bytes.length,
    };
    await tx.insert(compiledWorkbooks).values({ ...row, content: bytes.toString('base64') });
    return { fileName: row.fileName, etag: row.etag, size: row.size, built: true };
  });
  const built = bytes as Buffer | null;
  return { ...made, content: built ? async () => built : content };
}

/** A withdrawal changed the public lines of `publicationId`: its stored workbook is built again on the next request. */
export async function forgetCompiled(tx: DbOrTx, publicationId: number) {
  await tx.execute(sql`select pg_advisory_xact_lock(${COMPILED_LOCK}, ${publicationId})`);
  await tx.delete(compiledWorkbooks).where(eq(compiledWorkbooks.publicationId, publicationId));
}
