import { z } from 'zod';
import { indicatorById, type IndicatorUnit } from '../indicators/definitions';

// The province's yearly assessment of the regions (市州考核): a scheme of weighted items, each either an indicator
// computed live for the region or a score the province enters by hand with a reason. The rules here decide what a
// valid scheme is and how items, totals and ranks are scored, for the server and the web alike.

export const SCHEME_ITEM_KINDS = ['indicator', 'manual'] as const;
export type SchemeItemKind = (typeof SCHEME_ITEM_KINDS)[number];

export interface SchemeItem {
  key: string;
  label: string;
  kind: SchemeItemKind;
  /** For indicator items: one of INDICATORS that can be computed per region. */
  indicatorId?: string;
  /** 0–100; the weights of a scheme add up to exactly 100. */
  weight: number;
  /** For indicator items: the target the region is scored against; default the indicator's own target. A region's
   * share of a province-wide count (e.g. 1000 key enterprises) is the province's call, so it may set it here. */
  target?: number;
  note?: string;
}

const text = (max: number, what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(max, `${what}不能超过 ${max} 个字`);

/** Shape only; validateScheme adds the rules across items. */
const schemeItemSchema = z.strictObject({
  key: z
    .string({ error: '请填写项目编号' })
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, '项目编号只能由小写字母、数字和下划线组成，且以字母开头'),
  label: text(60, '考核项目名称'),
  kind: z.enum(SCHEME_ITEM_KINDS, { error: '项目类型应为“指标”或“人工评分”' }),
  indicatorId: z.string().optional(),
  weight: z.number({ error: '权重应为数字' }),
  target: z.number({ error: '目标值应为数字' }).min(0, '目标值不能为负数').optional(),
  note: z.string().trim().max(500, '说明不能超过 500 个字').optional(),
});

export interface SchemeIssue {
  path: string;
  message: string;
}

export type SchemeValidation = { ok: true; items: SchemeItem[] } | { ok: false; issues: SchemeIssue[] };

const round2 = (v: number) => Math.round((v + Number.EPSILON) * 100) / 100;

/** Keys unique, weights 0–100 adding up to exactly 100, indicator ids known and region-scoped, at least one item. */
export function validateScheme(input: unknown, scope: 'region' | 'school' = 'region'): SchemeValidation {
  const parsed = z.array(schemeItemSchema, { error: '考核项目应为列表' }).safeParse(input);
  if (!parsed.success)
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  const items = parsed.data.map((i): SchemeItem => {
    const out: SchemeItem = { key: i.key, label: i.label, kind: i.kind, weight: i.weight };
    if (i.kind === 'indicator') out.indicatorId = i.indicatorId;
    if (i.kind === 'indicator' && i.target !== undefined) out.target = i.target;
    if (i.note) out.note = i.note;
    return out;
  });
  const issues: SchemeIssue[] = [];
  if (items.length === 0) issues.push({ path: '', message: '考核方案至少应有 1 个考核项目' });
  const seen = new Set<string>();
  items.forEach((it, n) => {
    if (seen.has(it.key)) issues.push({ path: `${n}.key`, message: `项目编号“${it.key}”重复` });
    seen.add(it.key);
    if (!Number.isFinite(it.weight) || it.weight < 0 || it.weight > 100)
      issues.push({ path: `${n}.weight`, message: `“${it.label}”的权重应在 0 到 100 之间` });
    if (it.kind === 'indicator') {
      const def = it.indicatorId ? indicatorById(it.indicatorId) : undefined;
      if (!def) issues.push({ path: `${n}.indicatorId`, message: `“${it.label}”须选择一个已有的指标` });
      else if (!(def.scopes as readonly string[]).includes(scope))
        issues.push({
          path: `${n}.indicatorId`,
          message:
            scope === 'region'
              ? `指标“${def.label}”不能按市州计算，不能用于市州考核`
              : `指标“${def.label}”不能按学校计算，不能用于学校考核`,
        });
      else if (def.unit === 'ratio' && it.target !== undefined && it.target > 1)
        issues.push({ path: `${n}.target`, message: `“${it.label}”为比例指标，目标值应在 0 到 1 之间` });
    } else if (parsed.data[n].indicatorId) {
      issues.push({ path: `${n}.indicatorId`, message: `“${it.label}”为人工评分项，不能关联指标` });
    }
  });
  const sum = round2(items.reduce((s, i) => s + (Number.isFinite(i.weight) ? i.weight : 0), 0));
  if (items.length > 0 && sum !== 100) issues.push({ path: 'weight', message: `各项权重之和应为 100，当前为 ${sum}` });
  return issues.length ? { ok: false, issues } : { ok: true, items };
}

/** The target an indicator item is scored against (its own, else the indicator's). */
export function itemTarget(item: SchemeItem): number | null {
  if (item.kind !== 'indicator') return null;
  return item.target ?? indicatorById(item.indicatorId ?? '')?.target ?? null;
}

/**
 * An indicator item's score, 0–100: the share of the target reached, capped at 100. Every unit (ratio, count,
 * people, person-times) is scored the same way; the unit is passed so a caller never mixes a ratio value with a count
 * target unnoticed. A target of 0 marks a monitoring item (the notice sets no number): 100 once there is a value.
 * No value (nothing to divide by) scores 0.
 */
export function itemScore(value: number | null, target: number, unit: IndicatorUnit): number {
  if (value == null || !Number.isFinite(value)) return 0;
  if (target <= 0) return 100;
  if (unit === 'ratio' && target > 1) throw new Error(`a ratio target must be at most 1, got ${target}`);
  return Math.min(1, Math.max(0, value / target)) * 100;
}

const MANUAL_REASON_MIN = 4;

/** A manual score is 0–100 and carries a reason of at least 4 characters. */
export function validateManualScore(m: { score: number; reason: string }): SchemeIssue[] {
  const issues: SchemeIssue[] = [];
  if (typeof m.score !== 'number' || !Number.isFinite(m.score) || m.score < 0 || m.score > 100)
    issues.push({ path: 'score', message: '人工评分应在 0 到 100 之间' });
  if ((m.reason ?? '').trim().length < MANUAL_REASON_MIN)
    issues.push({ path: 'reason', message: `请填写评分理由（至少 ${MANUAL_REASON_MIN} 个字）` });
  return issues;
}

/** Σ weight × score ÷ 100, rounded to 2 decimals; an item without a score counts 0. */
export function totalScore(
  items: readonly Pick<SchemeItem, 'key' | 'weight'>[],
  scores: Readonly<Record<string, number | null | undefined>>,
): number {
  return round2(items.reduce((s, i) => s + (i.weight * (scores[i.key] ?? 0)) / 100, 0));
}

/** Ranks by total, highest first; equal totals share a rank and the next rank skips (1, 1, 3). Ties keep input order. */
export function rankRegions<T extends { total: number }>(rows: readonly T[]): (T & { rank: number })[] {
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => b.r.total - a.r.total || a.i - b.i);
  const out: (T & { rank: number })[] = [];
  sorted.forEach(({ r }, n) => {
    const prev = out[n - 1];
    out.push({ ...r, rank: prev && prev.total === r.total ? prev.rank : n + 1 });
  });
  return out;
}

/** Where the figure behind an indicator item can be checked, row by row. */
export const evidenceLink = (indicatorId: string, regionCode: string, year: number) =>
  `/indicators/${indicatorId}?region=${regionCode}&year=${year}`;
