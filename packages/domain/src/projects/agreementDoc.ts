import { z } from 'zod';
import { runSchema, type ProjectValidation } from './common';
import {
  AGREEMENT_BLANK,
  agreementDocTitle,
  copiesInWords,
  formatChineseDate,
  orderParties,
  partyBlocks,
  sideNames,
  signatureBlocks,
  type AgreementBlock,
  type AgreementDocParty,
} from './agreementParties';
import {
  AGREEMENT_PARAGRAPH_KINDS,
  AGREEMENT_PLACEHOLDERS,
  FLAT_DEFAULTS,
  FLAT_PARTY_BLOCKS,
  FLAT_SIGNATURE_BLOCKS,
  type AgreementPlaceholder,
  type AgreementTemplate,
} from './agreementTemplate';
import { PROJECT_TYPE_LABELS, type ProjectType } from './types';

/**
 * Rendering the agreement's Word content: pure text in, blocks out. The server writes the blocks into a .docx (docx
 * library): 'heading' bold and kept with the next paragraph, 'party' and 'signature' left-aligned without indent,
 * 'text' body paragraphs; a '\n' inside a block is a line break.
 */

const WELL_FORMED = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const KNOWN = new Set<string>(Object.keys(AGREEMENT_PLACEHOLDERS));
const KNOWN_LIST = Object.keys(AGREEMENT_PLACEHOLDERS)
  .map((k) => `{{${k}}}`)
  .join('、');

/** The placeholder names used in a text, in order of first use. */
export function templatePlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(WELL_FORMED)].map((m) => m[1]))];
}

/** Problems with one template text: unknown placeholders, or braces that do not form a placeholder. */
function textProblems(text: string): string[] {
  const problems: string[] = [];
  const unknown = templatePlaceholders(text).filter((n) => !KNOWN.has(n));
  if (unknown.length)
    problems.push(`模板中有未知的占位符：${unknown.map((n) => `{{${n}}}`).join('、')}；可用的占位符：${KNOWN_LIST}`);
  const rest = text.replace(WELL_FORMED, '');
  if (rest.includes('{{') || rest.includes('}}'))
    problems.push('占位符格式不正确，应写作 {{名称}}，名称为英文字母和数字');
  return problems;
}

/** A template as the province edits it (JSON). Only known placeholders are allowed. */
export const agreementTemplateSchema = z
  .strictObject({
    title: z.string().trim().min(1, '标题不能为空').max(100, '标题不能超过 100 个字'),
    paragraphs: z
      .array(
        z.strictObject({
          kind: z.enum(
            AGREEMENT_PARAGRAPH_KINDS,
            '段落类型应为 heading、text、party、signature、parties 或 signatures',
          ),
          text: z.string().max(5000, '每段不能超过 5000 个字'),
        }),
      )
      .min(1, '协议至少需要 1 段')
      .max(300, '协议最多 300 段'),
  })
  .superRefine((tpl, ctx) => {
    for (const message of textProblems(tpl.title)) ctx.addIssue({ code: 'custom', path: ['title'], message });
    tpl.paragraphs.forEach((para, i) => {
      for (const message of textProblems(para.text))
        ctx.addIssue({ code: 'custom', path: ['paragraphs', i, 'text'], message });
    });
  });

export function validateAgreementTemplate(template: unknown): ProjectValidation<AgreementTemplate> {
  return runSchema(agreementTemplateSchema, template);
}

/** Thrown by renderAgreement for a template that agreementTemplateSchema refuses; `issues` lists why. */
export class AgreementTemplateError extends Error {
  constructor(public issues: { path: string; message: string }[]) {
    super(`协议模板有误：${issues.map((i) => i.message).join('；')}`);
    this.name = 'AgreementTemplateError';
  }
}

export interface RenderedAgreement {
  title: string;
  blocks: AgreementBlock[];
}

/** The per-party blocks that replace a template's 'parties' and 'signatures' paragraphs. */
export interface AgreementPartyBlocks {
  parties: readonly AgreementBlock[];
  signatures: readonly AgreementBlock[];
}

/**
 * Fills every {{placeholder}}; a missing or blank value prints as AGREEMENT_BLANK (a placeholder the caller does not
 * know about at all takes FLAT_DEFAULTS). A 'parties' or 'signatures' paragraph becomes the given per-party blocks,
 * or without them the former two-sided blocks filled from the flat values. Throws AgreementTemplateError when the template
 * uses an unknown placeholder or is otherwise invalid (save templates through agreementTemplateSchema so this never
 * happens at download time).
 */
export function renderAgreement(
  template: AgreementTemplate,
  values: Readonly<Record<string, string | undefined>>,
  perParty?: AgreementPartyBlocks,
): RenderedAgreement {
  const checked = validateAgreementTemplate(template);
  if (!checked.ok) throw new AgreementTemplateError(checked.issues);
  const fill = (text: string) =>
    text.replace(WELL_FORMED, (_m, name: string) => {
      const v = Object.hasOwn(values, name) ? values[name] : FLAT_DEFAULTS[name as AgreementPlaceholder];
      return typeof v === 'string' && v.trim() ? v : AGREEMENT_BLANK;
    });
  const flat = (bs: typeof FLAT_PARTY_BLOCKS) => bs.map((b) => ({ kind: b.kind, text: fill(b.text) }));
  const blocks = checked.data.paragraphs.flatMap((p): AgreementBlock[] => {
    if (p.kind === 'parties') return perParty ? [...perParty.parties] : flat(FLAT_PARTY_BLOCKS);
    if (p.kind === 'signatures') return perParty ? [...perParty.signatures] : flat(FLAT_SIGNATURE_BLOCKS);
    return [{ kind: p.kind, text: fill(p.text) }];
  });
  return { title: fill(checked.data.title), blocks };
}

export interface AgreementDocInput {
  agreementNo?: string | null;
  title?: string | null;
  kind?: 'bilateral' | 'alliance' | 'government' | null;
  /** 2 to 6 parties; schools are put before enterprises (甲方 is the first school, e.g. an alliance's lead). */
  parties: readonly AgreementDocParty[];
  /** Cooperation areas as people read them (e.g. '订单培养', '共建实习实训基地'). */
  areas: readonly string[];
  termStart?: string | null;
  termEnd?: string | null;
  signingDate?: string | null;
  /** Without a type the title is printed alone. */
  projects: readonly { type?: ProjectType | null; title: string }[];
  regionName?: string | null;
}

const v = (s: string | null | undefined) => (s ?? '').trim();

/**
 * The same field of every party of one side, joined with each blank kept in its place, so in a template saved
 * before the per-party blocks the n-th address still belongs to the n-th name.
 */
const each = (
  ps: readonly AgreementDocParty[],
  pick: (p: AgreementDocParty) => string | null | undefined,
  sep: string,
) => ps.map((p) => v(pick(p)) || AGREEMENT_BLANK).join(sep);

/** Builds the placeholder values from an agreement's records (dates in Chinese, lists one per line). */
export function agreementDocValues(input: AgreementDocInput): Record<AgreementPlaceholder, string> {
  const parties = orderParties(input.parties);
  const schools = parties.filter((p) => p.side !== 'enterprise');
  const enterprises = parties.filter((p) => p.side === 'enterprise');
  const enterpriseList = enterprises
    .map((e, i) => {
      const details = [
        `统一社会信用代码：${v(e.uscc) || AGREEMENT_BLANK}`,
        `地址：${v(e.address) || AGREEMENT_BLANK}`,
        `联系人：${v(e.contactName) || AGREEMENT_BLANK}`,
        `电话：${v(e.contactPhone) || AGREEMENT_BLANK}`,
      ];
      return `${i + 1}. ${v(e.name)}（${details.join('；')}）`;
    })
    .join('\n');
  return {
    title: agreementDocTitle(input),
    agreementNo: v(input.agreementNo),
    schoolParties: sideNames(parties, 'school'),
    enterpriseParties: sideNames(parties, 'enterprise'),
    copies: copiesInWords(parties.length),
    schoolName: each(schools, (p) => p.name, '、'),
    schoolUscc: each(schools, (p) => p.uscc, '、'),
    schoolAddress: each(schools, (p) => p.address, '；'),
    schoolContact: each(schools, (p) => p.contactName, '、'),
    schoolPhone: each(schools, (p) => p.contactPhone, '、'),
    enterpriseNames: each(enterprises, (p) => p.name, '、'),
    enterpriseUsccs: each(enterprises, (p) => p.uscc, '、'),
    enterpriseList,
    areas: input.areas
      .map((a) => a.trim())
      .filter(Boolean)
      .join('、'),
    termStart: formatChineseDate(v(input.termStart)),
    termEnd: formatChineseDate(v(input.termEnd)),
    signingDate: formatChineseDate(v(input.signingDate)),
    projects: input.projects.length
      ? input.projects
          .map((p, i) => `${i + 1}. ${p.type ? `${PROJECT_TYPE_LABELS[p.type] ?? p.type}：` : ''}${v(p.title)}`)
          .join('\n')
      : '（签订后在平台登记）',
    regionName: v(input.regionName),
  };
}

/**
 * The whole document content from an agreement's records: the template filled, one information block and one
 * signature block per party, the title from the agreement (or its kind).
 */
export function agreementDocContent(template: AgreementTemplate, input: AgreementDocInput): RenderedAgreement {
  const parties = orderParties(input.parties);
  const values = agreementDocValues({ ...input, parties });
  return renderAgreement(template, values, {
    parties: partyBlocks(parties),
    signatures: signatureBlocks(parties, input.signingDate),
  });
}
