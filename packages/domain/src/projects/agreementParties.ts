/**
 * The parts of the agreement's Word content that repeat per party: the 甲方/乙方/丙方… information blocks, the
 * signature blocks, the title by kind and the 「一式 N 份」 clause. Each block is built from ONE party's record, so a
 * field that party left blank stays blank beside its own name (joining every party's addresses first and dropping the
 * blank ones put one school's address beside another school's name).
 */
import { isIsoDate } from './common';

/** What a value that was not supplied prints as: a line to fill in by hand (full-width, so it lines up with 汉字). */
export const AGREEMENT_BLANK = '＿＿＿＿＿＿';
/** The date line of a party that has not signed yet: the year, month and day are written in by hand. */
export const AGREEMENT_BLANK_DATE = '　　　　年　　月　　日';

/**
 * 甲方 … 癸方, the ten heavenly stems: real multi-party agreements name their parties this way, so the generator
 * handles 2 to 10 parties (an alliance of 2 to 6 is the usual case; beyond ten a party list belongs in an annex).
 */
const PARTY_LABELS = ['甲方', '乙方', '丙方', '丁方', '戊方', '己方', '庚方', '辛方', '壬方', '癸方'] as const;
export const MIN_AGREEMENT_PARTIES = 2;
export const MAX_AGREEMENT_PARTIES = PARTY_LABELS.length;

export type AgreementKind = 'bilateral' | 'alliance' | 'government';

/** The document title when the agreement has no title of its own; an alliance is signed by its member units. */
export const AGREEMENT_KIND_TITLES: Readonly<Record<AgreementKind, string>> = Object.freeze({
  bilateral: '校企合作协议',
  alliance: '技工教育联盟（集团）共建协议',
  government: '产教协同综合性战略合作协议',
});

export interface AgreementDocParty {
  name: string;
  /** Schools are listed before enterprises and are the ones the body calls 学校方. */
  side?: 'school' | 'enterprise' | 'government' | null;
  uscc?: string | null;
  address?: string | null;
  legalRep?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  /** The day this party signed (ISO); blank prints as AGREEMENT_BLANK_DATE. */
  signedOn?: string | null;
}

export interface AgreementBlock {
  kind: string;
  text: string;
}

const v = (s: string | null | undefined) => (s ?? '').trim();
const orBlank = (s: string | null | undefined) => v(s) || AGREEMENT_BLANK;

/** '2026-10-10' → '2026年10月10日'; anything else is returned unchanged. */
export function formatChineseDate(date: string | undefined | null): string {
  if (!date || !isIsoDate(date)) return date ?? '';
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (counts of copies and parties, 1 to 99). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`chineseNumber: ${n} is outside 1..99`);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${n % 10 ? DIGITS[n % 10] : ''}`;
}

/** The agreement's own title when it has one, otherwise the title of its kind (default 校企合作协议). */
export function agreementDocTitle(a: { title?: string | null; kind?: string | null }): string {
  const own = v(a.title);
  if (own) return own;
  return AGREEMENT_KIND_TITLES[a.kind as AgreementKind] ?? AGREEMENT_KIND_TITLES.bilateral;
}

/** Schools first, then enterprises, each side in the order given; throws outside 2..6 parties. */
export function orderParties<P extends AgreementDocParty>(parties: readonly P[]): P[] {
  if (parties.length < MIN_AGREEMENT_PARTIES || parties.length > MAX_AGREEMENT_PARTIES) {
    throw new RangeError(
      `协议当事方应为 ${MIN_AGREEMENT_PARTIES} 至 ${MAX_AGREEMENT_PARTIES} 个，现有 ${parties.length} 个`,
    );
  }
  return [...parties.filter((p) => p.side !== 'enterprise'), ...parties.filter((p) => p.side === 'enterprise')];
}

const sideLabel = (p: AgreementDocParty) =>
  p.side === 'school'
    ? '（学校）'
    : p.side === 'enterprise'
      ? '（企业）'
      : p.side === 'government'
        ? '（地方政府）'
        : '';

/** 「刘老师　027-87654321」; each half that is missing prints as its own blank. */
function contactLine(p: AgreementDocParty): string {
  if (!v(p.contactName) && !v(p.contactPhone)) return AGREEMENT_BLANK;
  return `${orBlank(p.contactName)}　${orBlank(p.contactPhone)}`;
}

/** One 'party' block per party (parties already in order), five lines each. */
export function partyBlocks(parties: readonly AgreementDocParty[]): AgreementBlock[] {
  return parties.map((p, i) => ({
    kind: 'party',
    text: [
      `${PARTY_LABELS[i]}${sideLabel(p)}：${orBlank(p.name)}`,
      `统一社会信用代码：${orBlank(p.uscc)}`,
      `地址：${orBlank(p.address)}`,
      `法定代表人：${orBlank(p.legalRep)}`,
      `联系人及电话：${contactLine(p)}`,
    ].join('\n'),
  }));
}

/**
 * One 'signature' block per party: the seal line (the party's name, room for the seal is left by the renderer), the
 * representative's signature line and the date, the party's own signing day or the agreement's, else blank.
 */
export function signatureBlocks(parties: readonly AgreementDocParty[], signingDate?: string | null): AgreementBlock[] {
  return parties.map((p, i) => {
    const day = v(p.signedOn) || v(signingDate);
    return {
      kind: 'signature',
      text: [
        `${PARTY_LABELS[i]}（盖章）：${orBlank(p.name)}`,
        '法定代表人或授权代表（签字）：',
        `日期：${day ? formatChineseDate(day) : AGREEMENT_BLANK_DATE}`,
      ].join('\n'),
    };
  });
}

/** 「甲方」「甲方、乙方」: how the body names the schools or the enterprises among the ordered parties. */
export function sideNames(parties: readonly AgreementDocParty[], side: 'school' | 'enterprise'): string {
  const labels = parties.flatMap((p, i) =>
    (side === 'enterprise') === (p.side === 'enterprise') ? [PARTY_LABELS[i]] : [],
  );
  return labels.join('、') || AGREEMENT_BLANK;
}

/** N = parties + 1 (one for each party and one filed with the city's bureau), in words: 一式四份. */
export function copiesInWords(partyCount: number): string {
  return chineseNumber(partyCount + 1);
}
