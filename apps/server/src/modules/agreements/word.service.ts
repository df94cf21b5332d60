import { and, desc, eq, isNull } from 'drizzle-orm';
import { DEFAULT_AGREEMENT_TEMPLATE, isAgreementFrozen, beijingDate, type ProjectType } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { agreementTemplates, projects } from '../../db/schema/index';
import type { Ctx } from '../../http/access';
import { publicUrl } from '../../lib/publicUrl';
import type { AgreementRow, Party } from './agreements.repository';
import { agreementDocFile, agreementDocInput } from './docContent';
import { governmentDocx, isGovernment } from './government';
import { loadAgreement } from './load';
import { recordOf } from './record';

export async function currentTemplate(db: DbOrTx) {
  const [t] = await db.select().from(agreementTemplates).orderBy(desc(agreementTemplates.id)).limit(1);
  return (t?.body as typeof DEFAULT_AGREEMENT_TEMPLATE) ?? DEFAULT_AGREEMENT_TEMPLATE;
}

/**
 * The Word document: a draft or an agreement waiting for confirmations is filled from the parties' records as they
 * are now; once every party confirmed, the document frozen at that moment is returned, byte for byte, forever.
 */
export async function agreementDocument(db: Db, ctx: Ctx, id: number) {
  const { a, parties } = await loadAgreement(db, ctx, id);
  const fileName = `${a.agreementNo}.docx`;
  if (isAgreementFrozen(a.status))
    return { fileName, content: Buffer.from((await recordOf(db, a, () => liveDocx(db, a, parties))).docx, 'base64') };
  return { fileName, content: await liveDocx(db, a, parties) };
}

/** The Word document filled from the parties' records as they are now. */
export async function liveDocx(db: DbOrTx, a: AgreementRow, all: Party[]) {
  // One block and one signature block per party, each from that party's own record (a blank stays beside its own
  // name); a party's date line is the day it confirmed; the footer carries the verification address and QR code.
  const parties = all
    .filter((p) => p.agreementId === a.id)
    .map((p) => ({ ...p, signedOn: p.confirmedAt ? beijingDate(p.confirmedAt) : null }));
  // A 校地协议 has its own school–government text (甲方 the government, 乙方 the school).
  if (isGovernment(a) && parties.length === 1) return governmentDocx(a, parties[0], beijingDate, publicUrl());
  const projs = await db
    .select({ title: projects.title, type: projects.type })
    .from(projects)
    .where(and(eq(projects.agreementId, a.id), isNull(projects.deletedAt)));
  return agreementDocFile(
    await currentTemplate(db),
    agreementDocInput(a, parties, projs as { title: string; type: ProjectType }[]),
    { origin: publicUrl() },
  );
}
