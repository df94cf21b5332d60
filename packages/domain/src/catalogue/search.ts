/**
 * Pure helpers of the public demand catalogue (需求信息发布): sort options, query normalisation and the choice of
 * LIKE terms. Word segmentation (jieba) runs on the server, which passes the tokens in: the domain stays free of it.
 */
import { toHalfWidth } from '../forms/parse';
import { occupationByCode } from '../reference/occupations';
import { specialtyByCode } from '../reference/specialties';

export const CATALOGUE_SORTS = ['newest', 'closing', 'places'] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];

export const CATALOGUE_SORT_LABELS: Readonly<Record<CatalogueSort, string>> = Object.freeze({
  newest: '最新发布',
  closing: '即将截止',
  places: '需求人数最多',
});

export const isCatalogueSort = (s: unknown): s is CatalogueSort =>
  typeof s === 'string' && (CATALOGUE_SORTS as readonly string[]).includes(s);

/** Longer queries are cut: nobody types more, and it bounds the work of a public endpoint. */
export const QUERY_MAX_LENGTH = 50;
/** A one-character LIKE term ('工', '车') matches most of the catalogue and cannot use a trigram index. */
const MIN_TERM_LENGTH = 2;
/** Terms are ANDed; more than this only slows the query down without narrowing it usefully. */
const MAX_TERMS = 5;

/** Full-width → half-width, whitespace collapsed and trimmed, at most QUERY_MAX_LENGTH characters (code points). */
export function normalizeQuery(q: string | null | undefined): string {
  const s = toHalfWidth(q ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ') // control characters
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(s).slice(0, QUERY_MAX_LENGTH).join('').trim();
}

/** Escapes LIKE wildcards for `LIKE … ESCAPE '\'` (PostgreSQL's default escape character). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface SearchTerms {
  /** The normalised query. */
  query: string;
  /** Terms to AND together, in the order they appear in the query; empty = no text filter. */
  terms: string[];
  /** `%term%` with wildcards escaped, one per term (use with ILIKE … ESCAPE '\'). */
  patterns: string[];
}

const hasWordChar = (s: string) => /[\p{L}\p{N}]/u.test(s);
const len = (s: string) => Array.from(s).length;

/**
 * Chooses the LIKE terms of a query from the server's jieba tokens: tokens of ≥ 2 characters that occur in the query
 * and contain a letter, digit or Han character. A token containing another kept token is dropped — jieba's search
 * mode returns '数控', '车工' and '数控车工'; ANDing '数控' and '车工' already requires both and also finds
 * '数控加工 … 车工'. Without usable tokens (segmenter missing, or only 1-char tokens) the space-separated parts of
 * the query are used.
 */
export function searchTerms(q: string | null | undefined, tokens: readonly string[]): SearchTerms {
  const query = normalizeQuery(q);
  const usable = (list: readonly string[]) => {
    const seen = new Set<string>();
    for (const raw of list) {
      const t = normalizeQuery(raw);
      if (len(t) >= MIN_TERM_LENGTH && hasWordChar(t) && query.includes(t)) seen.add(t);
    }
    return [...seen];
  };
  let terms = usable(tokens);
  if (terms.length === 0) terms = usable(query.split(' '));
  terms = terms.filter((t) => !terms.some((o) => o !== t && t.includes(o)));
  terms.sort((a, b) => query.indexOf(a) - query.indexOf(b) || (a < b ? -1 : a > b ? 1 : 0));
  terms = terms.slice(0, MAX_TERMS);
  return { query, terms, patterns: terms.map((t) => `%${escapeLike(t)}%`) };
}

/** A published line as the catalogue shows it: a school row (specialty) or an enterprise row (post). */
export type CatalogueLine =
  | { specialtyCode: string; needType: string }
  | { occupationCode: string; postName?: string | null; headcount?: number | null; needType: string };

/** '数控加工 · 订单（定向）班' / '数控车工 12 人 · 毕业生就业'. Unknown codes show as the code, never as blank. */
export function itemTitle(line: CatalogueLine): string {
  if ('specialtyCode' in line)
    return `${specialtyByCode(line.specialtyCode)?.name ?? line.specialtyCode} · ${line.needType}`;
  const post = line.postName?.trim() || occupationByCode(line.occupationCode)?.name || line.occupationCode;
  const n = line.headcount && line.headcount > 0 ? ` ${line.headcount} 人` : '';
  return `${post}${n} · ${line.needType}`;
}
