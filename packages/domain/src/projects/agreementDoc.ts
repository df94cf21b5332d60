import { z } from 'zod';
import { isIsoDate, runSchema, type ProjectValidation } from './common';
import { AGREEMENT_PARAGRAPH_KINDS, AGREEMENT_PLACEHOLDERS, type AgreementPlaceholder, type AgreementTemplate } from './agreementTemplate';
import { PROJECT_TYPE_LABELS, type ProjectType } from './types';

/**
 * Rendering the agreement's Word content: pure text in, blocks out. The server writes the blocks into a .docx (docx
 * library): 'heading' bold/centred, 'party' and 'signature' left-aligned without indent, 'text' body paragraphs; a
 * '\n' inside a block is a line break.
 */

/** What a value that was not supplied prints as (a line to fill in by hand). */
export const AGREEMENT_BLANK = '________';

const WELL_FORMED = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const KNOWN = new Set<string>(Object.keys(AGREEMENT_PLACEHOLDERS));
const KNOWN_LIST = Object.keys(AGREEMENT_PLACEHOLDERS).map((k) => `{{${k}}}`).join('、');

/** The placeholder names used in a text, in order of first use. */
export function templatePlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(WELL_FORMED)].map((m) => m[1]))];
}

/** Problems with one template text: unknown placeholders, or braces that do not form a placeholder. */
function textProblems(text: string): string[] {
  const problems: string[] = [];
  const unknown = templatePlaceholders(text).filter((n) => !KNOWN.has(n));
  if (unknown.length) problems.push(`模板中有未知的占位符：${unknown.map((n) => `{{${n}}}`).join('、')}；可用的占位符：${KNOWN_LIST}`);
  const rest = text.replace(WELL_FORMED, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push('占位符格式不正确，应写作 {{名称}}，名称为英文字母和数字');
  return problems;
}

/** A template as the province edits it (JSON). Only known placeholders are allowed. */
export const agreementTemplateSchema = z
  .strictObject({
    title: z.string().trim().min(1, '标题不能为空').max(100, '标题不能超过 100 个字'),
    paragraphs: z
      .array(
        z.strictObject({
          kind: z.enum(AGREEMENT_PARAGRAPH_KINDS, '段落类型应为 heading、text、party 或 signature'),
          text: z.string().max(5000, '每段不能超过 5000 个字'),
        }),
      )
      .min(1, '协议至少需要 1 段')
      .max(300, '协议最多 300 段'),
  })
  .superRefine((tpl, ctx) => {
    for (const message of textProblems(tpl.title)) ctx.addIssue({ code: 'custom', path: ['title'], message });
    tpl.paragraphs.forEach((para, i) => {
      for (const message of textProblems(para.text)) ctx.addIssue({ code: 'custom', path: ['paragraphs', i, 'text'], message });
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
  blocks: { kind: string; text: string }[];
}

/**
 * Fills every {{placeholder}}; a missing or blank value prints as AGREEMENT_BLANK. Throws AgreementTemplateError when
 * the template uses an unknown placeholder or is otherwise invalid (save templates through agreementTemplateSchema
 * so this never happens at download time).
 */
export function renderAgreement(template: AgreementTemplate, values: Readonly<Record<string, string | undefined>>): RenderedAgreement {
  const checked = validateAgreementTemplate(template);
  if (!checked.ok) throw new AgreementTemplateError(checked.issues);
  const fill = (text: string) =>
    text.replace(WELL_FORMED, (_m, name: string) => {
      const v = Object.hasOwn(values, name) ? values[name] : undefined;
      return typeof v === 'string' && v.trim() ? v : AGREEMENT_BLANK;
    });
  return { title: fill(checked.data.title), blocks: checked.data.paragraphs.map((p) => ({ kind: p.kind, text: fill(p.text) })) };
}

/** '2025-09-01' → '2025年9月1日'; anything else is returned unchanged. */
export function formatChineseDate(date: string | undefined | null): string {
  if (!date || !isIsoDate(date)) return date ?? '';
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

export interface AgreementDocParty {
  name: string;
  uscc?: string | null;
  address?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

export interface AgreementDocInput {
  agreementNo?: string | null;
  school: AgreementDocParty;
  enterprises: readonly AgreementDocParty[];
  /** Cooperation areas as people read them (e.g. '订单培养', '共建实习实训基地'). */
  areas: readonly string[];
  termStart?: string | null;
  termEnd?: string | null;
  signingDate?: string | null;
  projects: readonly { type: ProjectType; title: string }[];
  regionName?: string | null;
}

const v = (s: string | null | undefined) => (s ?? '').trim();

/** Builds the placeholder values from an agreement's records (dates in Chinese, lists one per line). */
export function agreementDocValues(input: AgreementDocInput): Record<AgreementPlaceholder, string> {
  const enterpriseList = input.enterprises
    .map((e, i) => {
      const details = [v(e.uscc) && `统一社会信用代码：${v(e.uscc)}`, v(e.address) && `地址：${v(e.address)}`, v(e.contactName) && `联系人：${v(e.contactName)}`, v(e.contactPhone) && `电话：${v(e.contactPhone)}`].filter(Boolean);
      return `${i + 1}. ${v(e.name)}${details.length ? `（${details.join('；')}）` : ''}`;
    })
    .join('\n');
  return {
    agreementNo: v(input.agreementNo),
    schoolName: v(input.school.name),
    schoolUscc: v(input.school.uscc),
    schoolAddress: v(input.school.address),
    schoolContact: v(input.school.contactName),
    schoolPhone: v(input.school.contactPhone),
    enterpriseNames: input.enterprises.map((e) => v(e.name)).filter(Boolean).join('、'),
    enterpriseUsccs: input.enterprises.map((e) => v(e.uscc)).filter(Boolean).join('、'),
    enterpriseList,
    areas: input.areas.map((a) => a.trim()).filter(Boolean).join('、'),
    termStart: formatChineseDate(v(input.termStart)),
    termEnd: formatChineseDate(v(input.termEnd)),
    signingDate: formatChineseDate(v(input.signingDate)),
    projects: input.projects.map((p, i) => `${i + 1}. ${PROJECT_TYPE_LABELS[p.type] ?? p.type}：${v(p.title)}`).join('\n'),
    regionName: v(input.regionName),
  };
}
