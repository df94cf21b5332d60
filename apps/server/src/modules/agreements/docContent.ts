import {
  agreementDocContent,
  MAX_AGREEMENT_PARTIES,
  MIN_AGREEMENT_PARTIES,
  regionByCode,
  type AgreementDocInput,
  type AgreementTemplate,
  type ProjectType,
} from '@cjrh/domain';
import { AppError } from '../../http/errors';
import type { AgreementRow } from './agreements.repository';
import { agreementDocx, type AgreementDocxOptions } from './document';

/** A party as partiesOf returns it; signedOn/legalRep are used when the caller has them (per-party confirmation). */
export interface DocPartyRow {
  orgId: number;
  name: string;
  side: 'school' | 'enterprise' | 'government';
  uscc: string;
  address: string;
  contactName: string;
  contactPhone: string;
  legalRep?: string | null;
  signedOn?: string | null;
}

type DocAgreement = Pick<
  AgreementRow,
  'agreementNo' | 'title' | 'kind' | 'leadOrgId' | 'areas' | 'termStart' | 'termEnd' | 'signingDate' | 'regionCode'
>;

/**
 * The domain's document input from the agreement's rows: the lead organisation (an alliance's lead school) first, so
 * it is 甲方; otherwise the order partiesOf gives. More parties than the generator names (甲…癸) are refused with a
 * message rather than a 500.
 */
export function agreementDocInput(
  a: DocAgreement,
  parties: readonly DocPartyRow[],
  projects: readonly { title: string; type?: ProjectType | null }[],
): AgreementDocInput {
  if (parties.length < MIN_AGREEMENT_PARTIES || parties.length > MAX_AGREEMENT_PARTIES) {
    throw new AppError(
      422,
      'validation_failed',
      `协议当事方为 ${parties.length} 个，Word 协议支持 ${MIN_AGREEMENT_PARTIES} 至 ${MAX_AGREEMENT_PARTIES} 个当事方`,
    );
  }
  const ordered = [
    ...parties.filter((p) => p.orgId === a.leadOrgId),
    ...parties.filter((p) => p.orgId !== a.leadOrgId),
  ];
  return {
    agreementNo: a.agreementNo,
    title: a.title,
    kind: a.kind,
    parties: ordered.map((p) => ({
      name: p.name,
      side: p.side,
      uscc: p.uscc,
      address: p.address,
      legalRep: p.legalRep,
      contactName: p.contactName,
      contactPhone: p.contactPhone,
      signedOn: p.signedOn,
    })),
    areas: a.areas,
    termStart: a.termStart,
    termEnd: a.termEnd,
    signingDate: a.signingDate,
    projects,
    regionName: regionByCode(a.regionCode)?.name ?? a.regionCode,
  };
}

/**
 * The .docx of an agreement: per-party blocks from the template, the footer with the number, the verification
 * address (options.origin, default DEFAULT_VERIFY_ORIGIN) and its QR code.
 */
export async function agreementDocFile(
  template: AgreementTemplate,
  input: AgreementDocInput,
  options: AgreementDocxOptions = {},
): Promise<Buffer> {
  return agreementDocx(agreementDocContent(template, input), { agreementNo: input.agreementNo, ...options });
}
