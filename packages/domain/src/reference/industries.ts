import data from './industries.json';
import { asOneOf, asVerification, indexBy, type VerificationMark } from './types';

/**
 * Industry tags for schools, enterprises and demands. This is SEED data for the admin-editable industry dictionary
 * (the server copies it into a table): codes are stable invented identifiers (IND-T1 …), never a TS enum.
 */
export type IndustryGroup = 'pillar' | 'advantage' | 'characteristic' | 'service' | 'livelihood' | 'emerging';

export const INDUSTRY_GROUPS: readonly IndustryGroup[] = Object.freeze([
  'pillar',
  'advantage',
  'characteristic',
  'service',
  'livelihood',
  'emerging',
] as IndustryGroup[]);

export const INDUSTRY_GROUP_LABELS: Readonly<Record<IndustryGroup, string>> = Object.freeze({
  pillar: '万亿级支柱产业',
  advantage: '优势产业',
  characteristic: '千亿级特色产业集群',
  service: '现代服务业',
  livelihood: '民生紧缺领域',
  emerging: '新兴产业',
});

export interface Industry {
  code: string;
  name: string;
  group: IndustryGroup;
  aliases: string[];
  verification: 'V' | 'P' | 'R';
  sortOrder: number;
}

export const INDUSTRIES: readonly Industry[] = Object.freeze(
  data.items
    .map((i): Industry => {
      const verification: VerificationMark = asVerification(i.verification, `industry ${i.code}`);
      return Object.freeze({
        code: i.code,
        name: i.name,
        group: asOneOf(INDUSTRY_GROUPS, i.group, `industry ${i.code}`),
        aliases: Object.freeze([...i.aliases]) as string[],
        verification,
        sortOrder: i.sortOrder,
      });
    })
    .sort((a, b) => a.sortOrder - b.sortOrder),
);

export const INDUSTRY_CODES: readonly string[] = Object.freeze(INDUSTRIES.map((i) => i.code));

const byCode = indexBy(INDUSTRIES, (i) => i.code, 'industry code');

export function industryByCode(code: string): Industry | undefined {
  return byCode.get(code);
}

/** Finds an industry by its name or one of its aliases (exact match after trimming). */
export function industryByName(name: string): Industry | undefined {
  const n = name.trim();
  return INDUSTRIES.find((i) => i.name === n) ?? INDUSTRIES.find((i) => i.aliases.includes(n));
}

export function industriesInGroup(group: IndustryGroup): Industry[] {
  return INDUSTRIES.filter((i) => i.group === group);
}
