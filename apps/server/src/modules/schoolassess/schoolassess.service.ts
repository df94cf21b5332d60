import { and, eq } from 'drizzle-orm';
import { indicatorById, validateManualScore, validateScheme, type SchemeItem } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { orgs, schoolAssessments, schoolAssessmentScores } from '../../db/schema/index';
import { requireAccess, type Actor, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now } from '../../lib/clock';
import { sameData } from '../../lib/duplicates';
import { endOfYear } from '../indicators/asOf';
import type { SchoolManualScore } from './schoolassess.compute';
import { current, liveRows, scores, type FrozenSchoolResult } from './schoolassess.repository';
import { defaultTitle, view } from './schoolassess.view';

// 三(五): a city bureau assesses its own schools each year on a scheme like the province's (the province's scheme of
// the year as template), scores the manual items with a reason and an evidence link, freezes and publishes. The
// province reads every region's; a school reads its own row once published.

const FROZEN = '该年度学校考核结果已冻结，方案和评分不能再修改';

function bureau(ctx: Ctx): Actor {
  const actor = requireAccess(ctx, 'schoolassess.manage');
  if (actor.role !== 'region' || !actor.regionCode)
    throw new AppError(403, 'forbidden', '学校考核方案和评分由市州人社局维护');
  return actor;
}

/** validateScheme for schools, and a count target that fits one school (the indicator's own is the province's). */
function checkScheme(items: unknown[]) {
  const v = validateScheme(items, 'school');
  if (!v.ok) throw new AppError(400, 'validation_failed', v.issues[0].message, v.issues);
  const loose = v.items.find(
    (i) => i.kind === 'indicator' && i.target === undefined && indicatorById(i.indicatorId!)?.unit !== 'ratio',
  );
  if (loose)
    throw new AppError(400, 'validation_failed', `请为“${loose.label}”设定学校的目标值（全省目标不适用于单个学校）`, [
      { path: 'target', message: '请设定目标值' },
    ]);
  return v.items;
}

export async function saveSchoolScheme(
  db: Db,
  ctx: Ctx,
  year: number,
  b: { title?: string; items: unknown[]; version?: number },
) {
  const actor = bureau(ctx);
  const region = actor.regionCode!;
  const items = checkScheme(b.items);
  const title = b.title?.trim() || defaultTitle(region, year);
  try {
    await db.transaction(async (tx) => {
      const cur = await current(tx, region, year, true);
      if (cur && cur.status !== 'draft') throw new AppError(409, 'illegal_transition', FROZEN);
      if (cur && b.version !== undefined && b.version !== cur.version) throw new AppError(409, 'version_conflict');
      // The same scheme again (a double click, ten at once): nothing to save, nothing recorded.
      if (cur && cur.title === title && sameData(cur.items, items)) return;
      const [row] = cur
        ? await tx
            .update(schoolAssessments)
            .set({ title, items, version: cur.version + 1 })
            .where(eq(schoolAssessments.id, cur.id))
            .returning()
        : await tx.insert(schoolAssessments).values({ regionCode: region, year, title, items }).returning();
      // Scores of items no longer in the scheme would be kept invisibly: they go.
      if (cur)
        for (const m of await scores(tx, cur.id))
          if (!items.some((i) => i.key === m.itemKey && i.kind === 'manual'))
            await tx
              .delete(schoolAssessmentScores)
              .where(
                and(eq(schoolAssessmentScores.assessmentId, cur.id), eq(schoolAssessmentScores.itemKey, m.itemKey)),
              );
      await audit(tx, ctx, {
        action: 'school_assessment.scheme',
        entityType: 'school_assessment',
        entityId: row.id,
        regionCode: region,
        before: cur ? { title: cur.title, items: cur.items, version: cur.version } : undefined,
        after: { year, title, items, version: row.version },
      });
    });
  } catch (e) {
    if (pgCode(e) === '23505') throw new AppError(409, 'version_conflict');
    throw e;
  }
  return view(db, actor, region, year, await current(db, region, year));
}

export async function saveSchoolScore(db: Db, ctx: Ctx, year: number, b: SchoolManualScore) {
  const actor = bureau(ctx);
  const region = actor.regionCode!;
  const issues = validateManualScore(b);
  if (issues.length) throw new AppError(400, 'validation_failed', issues[0].message, issues);
  return db.transaction(async (tx) => {
    const s = await current(tx, region, year, true);
    if (!s) throw new AppError(404, 'not_found', '该年度尚未制定学校考核方案');
    if (s.status !== 'draft') throw new AppError(409, 'illegal_transition', FROZEN);
    const item = (s.items as SchemeItem[]).find((i) => i.key === b.itemKey);
    if (!item) throw new AppError(400, 'validation_failed', `考核方案中没有编号为“${b.itemKey}”的项目`);
    if (item.kind !== 'manual')
      throw new AppError(400, 'validation_failed', `“${item.label}”按指标自动计算，不能人工评分`);
    const [school] = await tx
      .select({ id: orgs.id })
      .from(orgs)
      .where(and(eq(orgs.id, b.schoolOrgId), eq(orgs.type, 'school'), eq(orgs.regionCode, region)));
    if (!school) throw new AppError(400, 'validation_failed', '只能为本地区的技工院校评分');
    const entry = {
      assessmentId: s.id,
      schoolOrgId: b.schoolOrgId,
      itemKey: b.itemKey,
      score: b.score,
      reason: b.reason.trim(),
      evidence: b.evidence.trim(),
      enteredBy: actor.id,
      enteredAt: now(),
    };
    const before = (await scores(tx, s.id)).find((m) => m.schoolOrgId === b.schoolOrgId && m.itemKey === b.itemKey);
    const answer = {
      schoolOrgId: b.schoolOrgId,
      itemKey: b.itemKey,
      score: entry.score,
      reason: entry.reason,
      evidence: entry.evidence,
    };
    if (
      before &&
      Math.fround(before.score) === Math.fround(entry.score) &&
      before.reason === entry.reason &&
      before.evidence === entry.evidence
    )
      return answer;
    await tx
      .insert(schoolAssessmentScores)
      .values(entry)
      .onConflictDoUpdate({
        target: [
          schoolAssessmentScores.assessmentId,
          schoolAssessmentScores.schoolOrgId,
          schoolAssessmentScores.itemKey,
        ],
        set: {
          score: entry.score,
          reason: entry.reason,
          evidence: entry.evidence,
          enteredBy: entry.enteredBy,
          enteredAt: entry.enteredAt,
        },
      });
    await audit(tx, ctx, {
      action: 'school_assessment.manual',
      entityType: 'school_assessment',
      entityId: s.id,
      regionCode: region,
      before,
      after: {
        schoolOrgId: b.schoolOrgId,
        itemKey: b.itemKey,
        score: entry.score,
        reason: entry.reason,
        evidence: entry.evidence,
      },
    });
    return answer;
  });
}

/** Computes once more, refuses while a manual score is missing, and stores the result for good. */
export async function freezeSchoolAssessment(db: Db, ctx: Ctx, year: number) {
  const actor = bureau(ctx);
  const region = actor.regionCode!;
  await db.transaction(async (tx) => {
    const s = await current(tx, region, year, true);
    if (!s) throw new AppError(404, 'not_found', '该年度尚未制定学校考核方案');
    if (s.status !== 'draft') throw new AppError(409, 'illegal_transition', '该年度学校考核结果已冻结');
    const rows = await liveRows(tx, region, year, s);
    const missing = rows.flatMap((r) =>
      r.items
        .filter((i) => i.kind === 'manual' && i.score == null)
        .map((i) => ({ schoolName: r.schoolName, itemLabel: i.label })),
    );
    if (missing.length)
      throw new AppError(
        409,
        'illegal_transition',
        `还有 ${new Set(missing.map((m) => m.schoolName)).size} 所学校共 ${missing.length} 项人工评分未录入，不能冻结`,
        { missing },
      );
    const at = now();
    const result: FrozenSchoolResult = {
      year,
      regionCode: region,
      title: s.title,
      frozenAt: at.toISOString(),
      asOfDate: endOfYear(year).asOf,
      scheme: s.items as SchemeItem[],
      rows,
    };
    await tx
      .update(schoolAssessments)
      .set({ status: 'frozen', frozenAt: at, frozenBy: actor.id, frozenResult: result, version: s.version + 1 })
      .where(eq(schoolAssessments.id, s.id));
    await audit(tx, ctx, {
      action: 'school_assessment.freeze',
      entityType: 'school_assessment',
      entityId: s.id,
      regionCode: region,
      after: { year, ranking: rows.map((r) => ({ schoolOrgId: r.schoolOrgId, total: r.total, rank: r.rank })) },
    });
  });
  return view(db, actor, region, year, await current(db, region, year));
}

export async function publishSchoolAssessment(db: Db, ctx: Ctx, year: number) {
  const actor = bureau(ctx);
  const region = actor.regionCode!;
  await db.transaction(async (tx) => {
    const s = await current(tx, region, year, true);
    if (!s) throw new AppError(404, 'not_found', '该年度尚未制定学校考核方案');
    if (s.status === 'draft') throw new AppError(409, 'illegal_transition', '请先冻结考核结果，再公布');
    if (s.status === 'published') throw new AppError(409, 'illegal_transition', '考核结果已公布');
    await tx
      .update(schoolAssessments)
      .set({ status: 'published', publishedAt: now(), version: s.version + 1 })
      .where(eq(schoolAssessments.id, s.id));
    await audit(tx, ctx, {
      action: 'school_assessment.publish',
      entityType: 'school_assessment',
      entityId: s.id,
      regionCode: region,
      after: { year },
    });
  });
  return view(db, actor, region, year, await current(db, region, year));
}
