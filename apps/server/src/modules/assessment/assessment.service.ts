import { validateManualScore, validateScheme, type SchemeItem } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { requireActor, type Actor, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { endOfYear } from '../indicators/asOf';
import { computeRows, missingScores, type ManualScore, type RegionResult } from './assessment.compute';
import {
  freezeScheme,
  insertScheme,
  listSchemes,
  manualScores,
  replaceScheme,
  schemeOfYear,
  upsertManualScore,
  type SchemeRow,
} from './assessment.repository';
import { now } from '../../lib/clock';
import { sameData } from '../../lib/duplicates';

/** What freezing stores and what a frozen year always answers with: never recomputed. */
export interface FrozenResult {
  year: number;
  title: string;
  frozenAt: string;
  /** The day the stored figures stood at (absent in results frozen before issue 13: they were counted at freezing). */
  asOfDate?: string;
  scheme: SchemeItem[];
  rows: RegionResult[];
}

const defaultTitle = (year: number) => `${year} 年度“产教融合·技能助跑”专项行动市州考核评估方案`;
const FROZEN = '该年度考核结果已冻结，方案和人工评分不能再修改';

/** The province runs the assessment; a bureau reads its own row; nobody else sees it. */
function reader(ctx: Ctx): Actor {
  const actor = requireActor(ctx);
  if (actor.role !== 'province' && actor.role !== 'region')
    throw new AppError(403, 'forbidden', '考核评估仅对省、市州人社部门开放');
  return actor;
}

function province(ctx: Ctx): Actor {
  const actor = requireActor(ctx);
  if (actor.role !== 'province') throw new AppError(403, 'forbidden', '考核方案和评分由省厅维护');
  return actor;
}

export async function listYears(db: Db, ctx: Ctx) {
  reader(ctx);
  const rows = await listSchemes(db);
  return {
    items: rows.map((r) => ({
      year: r.year,
      title: r.title,
      status: r.status,
      version: r.version,
      itemCount: r.items.length,
      frozenAt: r.frozenAt?.toISOString() ?? null,
    })),
  };
}

async function view(db: Db, actor: Actor, year: number, s: SchemeRow | undefined) {
  const mine = (r: { regionCode: string }) => actor.role === 'province' || r.regionCode === actor.regionCode;
  if (!s)
    return {
      year,
      title: defaultTitle(year),
      status: 'none' as const,
      version: null,
      frozenAt: null,
      live: false,
      asOf: now().toISOString(),
      asOfDate: endOfYear(year).asOf,
      scheme: [],
      rows: [],
      missing: [],
    };
  if (s.status === 'frozen') {
    const f = s.frozenResult as FrozenResult;
    return {
      year,
      title: s.title,
      status: 'frozen' as const,
      version: s.version,
      frozenAt: f.frozenAt,
      live: false,
      asOf: f.frozenAt,
      asOfDate: f.asOfDate ?? f.frozenAt.slice(0, 10),
      scheme: f.scheme,
      rows: f.rows.filter(mine),
      missing: [],
    };
  }
  // The year's own figures: as of 31 December for a past year (what happens later does not move them), today while it runs.
  const p = endOfYear(year);
  const rows = await computeRows(db, p, s.items, await manualScores(db, s.id));
  return {
    year,
    title: s.title,
    status: 'draft' as const,
    version: s.version,
    frozenAt: null,
    live: true,
    asOf: now().toISOString(),
    asOfDate: p.asOf,
    scheme: s.items,
    rows: rows.filter(mine),
    missing: missingScores(rows).filter(mine),
  };
}

/** The scheme and the table: live while draft, the stored result once frozen. A bureau gets only its own row. */
export async function getAssessment(db: Db, ctx: Ctx, year: number) {
  const actor = reader(ctx);
  return view(db, actor, year, await schemeOfYear(db, year));
}

export async function saveScheme(
  db: Db,
  ctx: Ctx,
  year: number,
  b: { title?: string; items: unknown[]; version?: number },
) {
  const actor = province(ctx);
  const v = validateScheme(b.items);
  if (!v.ok) throw new AppError(400, 'validation_failed', v.issues[0].message, v.issues);
  const title = b.title?.trim() || defaultTitle(year);
  try {
    await db.transaction(async (tx) => {
      const cur = await schemeOfYear(tx, year, true);
      if (cur?.status === 'frozen') throw new AppError(409, 'illegal_transition', FROZEN);
      if (cur && b.version !== undefined && b.version !== cur.version) throw new AppError(409, 'version_conflict');
      // The same scheme again (a double click, ten at once): nothing to save, nothing recorded.
      if (cur && cur.title === title && sameData(cur.items, v.items)) return;
      const row = cur ? await replaceScheme(tx, cur.id, title, v.items) : await insertScheme(tx, year, title, v.items);
      await audit(tx, ctx, {
        action: cur ? 'assessment.scheme.replace' : 'assessment.scheme.create',
        entityType: 'assessment_scheme',
        entityId: year,
        before: cur ? { title: cur.title, items: cur.items, version: cur.version } : undefined,
        after: { title, items: v.items, version: row.version },
      });
    });
  } catch (e) {
    // Two first saves of the same year at once: the second one lost.
    if (pgCode(e) === '23505') throw new AppError(409, 'version_conflict');
    throw e;
  }
  return view(db, actor, year, await schemeOfYear(db, year));
}

export async function saveManualScore(db: Db, ctx: Ctx, year: number, b: ManualScore) {
  const actor = province(ctx);
  const issues = validateManualScore(b);
  if (issues.length) throw new AppError(400, 'validation_failed', issues[0].message, issues);
  const entry = { ...b, reason: b.reason.trim() };
  return db.transaction(async (tx) => {
    const s = await schemeOfYear(tx, year, true);
    if (!s) throw new AppError(404, 'not_found', '该年度尚未制定考核方案');
    if (s.status === 'frozen') throw new AppError(409, 'illegal_transition', FROZEN);
    const item = s.items.find((i) => i.key === b.itemKey);
    if (!item) throw new AppError(400, 'validation_failed', `考核方案中没有编号为“${b.itemKey}”的项目`);
    if (item.kind !== 'manual')
      throw new AppError(400, 'validation_failed', `“${item.label}”按指标自动计算，不能人工评分`);
    const before = (await manualScores(tx, s.id)).find((m) => m.regionCode === b.regionCode && m.itemKey === b.itemKey);
    if (before && Math.fround(before.score) === Math.fround(entry.score) && before.reason === entry.reason)
      return {
        regionCode: before.regionCode,
        itemKey: before.itemKey,
        score: before.score,
        reason: before.reason,
        enteredAt: before.enteredAt.toISOString(),
      };
    const row = await upsertManualScore(tx, s.id, entry, actor.id);
    await audit(tx, ctx, {
      action: 'assessment.manual',
      entityType: 'assessment_scheme',
      entityId: year,
      regionCode: b.regionCode,
      before: before ? { itemKey: before.itemKey, score: before.score, reason: before.reason } : undefined,
      after: { itemKey: entry.itemKey, score: entry.score, reason: entry.reason },
    });
    return {
      regionCode: row.regionCode,
      itemKey: row.itemKey,
      score: row.score,
      reason: row.reason,
      enteredAt: row.enteredAt.toISOString(),
    };
  });
}

/** Computes once more, refuses while any manual score is missing, and stores the result for good. */
export async function freeze(db: Db, ctx: Ctx, year: number) {
  const actor = province(ctx);
  await db.transaction(async (tx) => {
    const s = await schemeOfYear(tx, year, true);
    if (!s) throw new AppError(404, 'not_found', '该年度尚未制定考核方案');
    if (s.status === 'frozen') throw new AppError(409, 'illegal_transition', '该年度考核结果已冻结');
    const p = endOfYear(year);
    const rows = await computeRows(tx, p, s.items, await manualScores(tx, s.id));
    const missing = missingScores(rows);
    if (missing.length) {
      const regions = new Set(missing.map((m) => m.regionCode)).size;
      throw new AppError(
        409,
        'illegal_transition',
        `还有 ${regions} 个地区共 ${missing.length} 项人工评分未录入，不能冻结`,
        { missing },
      );
    }
    const at = now();
    const result: FrozenResult = {
      year,
      title: s.title,
      frozenAt: at.toISOString(),
      asOfDate: p.asOf,
      scheme: s.items,
      rows,
    };
    await freezeScheme(tx, s.id, actor.id, at, result);
    await audit(tx, ctx, {
      action: 'assessment.freeze',
      entityType: 'assessment_scheme',
      entityId: year,
      after: {
        version: s.version + 1,
        ranking: rows.map((r) => ({ regionCode: r.regionCode, total: r.total, rank: r.rank })),
      },
    });
  });
  return view(db, actor, year, await schemeOfYear(db, year));
}

/** The stored result of a frozen year, for the downloads (province only). */
export async function frozenResult(db: Db, ctx: Ctx, year: number): Promise<FrozenResult> {
  province(ctx);
  const s = await schemeOfYear(db, year);
  if (!s) throw new AppError(404, 'not_found', '该年度尚未制定考核方案');
  if (s.status !== 'frozen') throw new AppError(409, 'illegal_transition', '考核结果冻结后才能导出');
  return s.frozenResult as FrozenResult;
}
