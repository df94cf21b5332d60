import { governmentAgreementDocContent, localGovernmentByCode } from '@cjrh/domain';
import type { Actor } from '../../http/access';
import { AppError } from '../../http/errors';
import type { AgreementRow } from './agreements.repository';
import type { DocPartyRow } from './docContent';
import { agreementDocx } from './document';

/**
 * 校地协议 (notice 三(二)): a school and a local government sign a 产教协同综合性战略合作协议. It runs through the
 * same draft → sign → 待各方确认 → signed flow, Word text, scan and filing as a school–enterprise agreement, with
 * two differences kept here:
 * - the government has no account; its confirmation (that the sealed text is the government's) is recorded by the
 *   bureau of its area — the 市州 bureau of the county or city, or the province — and undone like any other by a
 *   decline or a return;
 * - it is no school–enterprise cooperation: no projects are registered under it and it counts in no
 *   school–enterprise indicator or quota (they all join an enterprise party or a project); the dashboard counts it
 *   on its own (modules/skills/figures.ts).
 */
export type GovAgreement = Pick<AgreementRow, 'kind' | 'govCode' | 'govName' | 'govConfirmedAt'>;

export const isGovernment = (a: Pick<AgreementRow, 'kind'>) => a.kind === 'government';

/** The government party named by a create body, or a Chinese 400. */
export function governmentOf(code: string | undefined) {
  if (!code) throw new AppError(400, 'validation_failed', '校地协议须选择签约的地方政府（市州或县市区）');
  const g = localGovernmentByCode(code);
  if (!g) throw new AppError(400, 'validation_failed', `行政区划代码 ${code} 不是湖北省的市州或县市区`);
  return g;
}

/** The bureau that confirms for the government: the province, or the 市州 bureau of the government's area. */
export function confirmsForGovernment(actor: Actor, a: GovAgreement): boolean {
  if (!isGovernment(a) || !a.govCode) return false;
  if (actor.role === 'province') return true;
  return actor.role === 'region' && localGovernmentByCode(a.govCode)?.regionCode === actor.regionCode;
}

export function governmentOut(a: GovAgreement) {
  if (!isGovernment(a) || !a.govCode) return null;
  return {
    code: a.govCode,
    name: a.govName ?? '',
    regionCode: localGovernmentByCode(a.govCode)?.regionCode ?? '',
    confirmedAt: a.govConfirmedAt?.toISOString() ?? null,
  };
}

/**
 * The Word text of a 校地协议: school–government wording (甲方 the government, 乙方 the school, the clauses of notice
 * 三(二)), not the school–enterprise template; see governmentAgreementDocContent in the domain.
 */
export async function governmentDocx(
  a: AgreementRow,
  school: DocPartyRow,
  beijingDate: (d: Date) => string,
  origin: string | null,
): Promise<Buffer> {
  const content = governmentAgreementDocContent({
    agreementNo: a.agreementNo,
    title: a.title,
    areas: a.areas,
    termStart: a.termStart,
    termEnd: a.termEnd,
    signingDate: a.signingDate,
    govCode: a.govCode ?? '',
    govName: a.govName ?? '',
    govSignedOn: a.govConfirmedAt ? beijingDate(a.govConfirmedAt) : null,
    school,
  });
  return agreementDocx(content, { agreementNo: a.agreementNo, origin });
}

export const NO_PROJECTS_UNDER_GOVERNMENT =
  '校地协议（与地方政府签订的产教协同综合性战略合作协议）下不登记校企合作项目，请在校企合作协议下登记';
