import { z } from 'zod';

/**
 * The scoring rubric of a round (评分细则): criteria with a label and the most points an expert may give. An expert's
 * sheet names every criterion once, each within 0..max; half points are allowed (experts commonly give 17.5), finer
 * fractions are not. A sheet's total is the sum of its points.
 */
export interface RubricCriterion {
  key: string;
  label: string;
  max: number;
}

interface SelectionIssue {
  path: string;
  message: string;
}
export type SelectionValidation<T> = { ok: true; data: T } | { ok: false; issues: SelectionIssue[] };

/** Whole or half points. */
const isHalfStep = (n: number) => Number.isInteger(n * 2);

const rubricCriterionSchema = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,31}$/, '评分项代码应为小写字母开头的字母、数字或下划线（最多 32 位）'),
  label: z.string().trim().min(1, '请填写评分项名称').max(40, '评分项名称最多 40 个字'),
  max: z
    .number('请填写满分')
    .positive('满分须大于 0')
    .max(100, '单项满分不能超过 100')
    .refine(isHalfStep, '满分须为整数或 0.5 的倍数'),
});

export const rubricSchema = z
  .array(rubricCriterionSchema)
  .min(1, '评分细则至少 1 项')
  .max(20, '评分细则最多 20 项')
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((c, i) => {
      if (seen.has(c.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `评分项代码“${c.key}”重复` });
      seen.add(c.key);
    });
    const total = items.reduce((s, c) => s + c.max, 0);
    if (total > 1000) ctx.addIssue({ code: 'custom', path: [], message: `评分细则总分（${total}）不能超过 1000` });
  });

/** Checks a rubric (for the province's form and the server). */
export function validateRubric(rubric: unknown): SelectionValidation<RubricCriterion[]> {
  const r = rubricSchema.safeParse(rubric);
  if (r.success) return { ok: true, data: r.data };
  return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

export const rubricTotal = (rubric: readonly RubricCriterion[]) => round2(rubric.reduce((s, c) => s + c.max, 0));

/**
 * An expert's points per criterion against the rubric: every criterion present, nothing else, each a number within
 * 0..max in whole or half points. The result carries the total. Messages are for people, in Chinese.
 */
export function validateScoreSheet(
  rubric: readonly RubricCriterion[],
  scores: Record<string, unknown>,
): SelectionValidation<{ scores: Record<string, number>; total: number }> {
  const issues: SelectionIssue[] = [];
  const keys = new Set(rubric.map((c) => c.key));
  for (const k of Object.keys(scores))
    if (!keys.has(k)) issues.push({ path: k, message: `评分项“${k}”不在本轮评分细则中` });
  const clean: Record<string, number> = {};
  for (const c of rubric) {
    const v = scores[c.key];
    if (v === undefined || v === null || v === '') {
      issues.push({ path: c.key, message: `请为“${c.label}”打分` });
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      issues.push({ path: c.key, message: `“${c.label}”的分数应为数字` });
    } else if (v < 0 || v > c.max) {
      issues.push({ path: c.key, message: `“${c.label}”的分数应在 0 至 ${c.max} 分之间` });
    } else if (!isHalfStep(v)) {
      issues.push({ path: c.key, message: `“${c.label}”的分数须为整数或 0.5 的倍数` });
    } else {
      clean[c.key] = v;
    }
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, data: { scores: clean, total: round2(Object.values(clean).reduce((s, n) => s + n, 0)) } };
}

/**
 * Rounds half away from zero to 2 decimals. It goes through a 10-decimal string so a value people read as 1.005 (stored
 * in binary as 1.00499999…) becomes 1.01, as on paper, and not 1.00.
 */
export function round2(n: number): number {
  const sign = n < 0 ? -1 : 1;
  return (sign * Math.round(Number(`${Math.abs(n).toFixed(10)}e2`))) / 100 || 0;
}
