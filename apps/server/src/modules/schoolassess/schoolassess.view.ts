import { eq } from 'drizzle-orm';
import { regionByCode, schoolTemplateFrom, type SchemeItem } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { assessmentSchemes, schoolAssessments } from '../../db/schema/index';
import { requireAccess, type Actor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { endOfYear } from '../indicators/asOf';
import type { SchoolResult } from './schoolassess.compute';
import { current, liveRows, type FrozenSchoolResult, type Row } from './schoolassess.repository';

export const defaultTitle = (region: string, year: number) =>
  `${regionByCode(region)?.name ?? region}${year} 年度技工院校校企合作考核方案`;

/** The region a caller works on: a bureau its own; the province the one it asks for; a school its own (reading). */
function regionOf(actor: Actor, asked?: string) {
  if (actor.role === 'region') {
    if (asked && asked !== actor.regionCode) throw new AppError(404, 'not_found');
    return actor.regionCode!;
  }
  if (actor.role === 'school') return actor.regionCode!;
  if (!asked) throw new AppError(400, 'validation_failed', '请选择市州');
  if (!regionByCode(asked)) throw new AppError(400, 'validation_failed', '地区代码不正确');
  return asked;
}

export async function view(db: DbOrTx, actor: Actor, region: string, year: number, s: Row | undefined) {
  const base = { year, regionCode: region, regionName: regionByCode(region)?.name ?? region };
  const mine = (r: { schoolOrgId: number }) => actor.role !== 'school' || r.schoolOrgId === actor.orgId;
  if (!s)
    return {
      ...base,
      title: defaultTitle(region, year),
      status: 'none' as const,
      version: null,
      frozenAt: null,
      publishedAt: null,
      asOfDate: endOfYear(year).asOf,
      scheme: [] as SchemeItem[],
      rows: [] as SchoolResult[],
      missing: 0,
    };
  if (s.status !== 'draft') {
    const f = s.frozenResult as FrozenSchoolResult;
    // A school sees nothing before publication, then only its own row.
    if (actor.role === 'school' && s.status !== 'published')
      return {
        ...base,
        title: s.title,
        status: 'none' as const,
        version: null,
        frozenAt: null,
        publishedAt: null,
        asOfDate: f.asOfDate,
        scheme: [],
        rows: [],
        missing: 0,
      };
    return {
      ...base,
      title: s.title,
      status: s.status,
      version: s.version,
      frozenAt: f.frozenAt,
      publishedAt: s.publishedAt?.toISOString() ?? null,
      asOfDate: f.asOfDate,
      scheme: f.scheme,
      rows: f.rows.filter(mine),
      missing: 0,
    };
  }
  if (actor.role === 'school')
    return {
      ...base,
      title: s.title,
      status: 'none' as const,
      version: null,
      frozenAt: null,
      publishedAt: null,
      asOfDate: endOfYear(year).asOf,
      scheme: [],
      rows: [],
      missing: 0,
    };
  const rows = await liveRows(db, region, year, s);
  const missing = rows.reduce((n, r) => n + r.items.filter((i) => i.kind === 'manual' && i.score == null).length, 0);
  return {
    ...base,
    title: s.title,
    status: 'draft' as const,
    version: s.version,
    frozenAt: null,
    publishedAt: null,
    asOfDate: endOfYear(year).asOf,
    scheme: s.items as SchemeItem[],
    rows,
    missing,
  };
}

export async function getSchoolAssessment(db: Db, ctx: Ctx, year: number, region?: string) {
  const actor = requireAccess(ctx, 'schoolassess.read');
  const r = regionOf(actor, region);
  return view(db, actor, r, year, await current(db, r, year));
}

/** The province's regional scheme of the year as a school scheme (or the default one when it has none). */
export async function schoolTemplate(db: Db, ctx: Ctx, year: number) {
  requireAccess(ctx, 'schoolassess.read');
  const [p] = await db
    .select({ items: assessmentSchemes.items, title: assessmentSchemes.title })
    .from(assessmentSchemes)
    .where(eq(assessmentSchemes.year, year));
  return {
    source: p ? `省厅 ${year} 年度市州考核方案` : '默认方案（省厅尚未制定本年度方案）',
    items: schoolTemplateFrom(p?.items as SchemeItem[] | undefined),
  };
}

/** Every region's status for a year (the province's overview; a bureau gets its own line). */
export async function schoolAssessmentOverview(db: Db, ctx: Ctx, year: number) {
  const actor = requireAccess(ctx, 'schoolassess.read');
  const list = await db
    .select({
      regionCode: schoolAssessments.regionCode,
      status: schoolAssessments.status,
      title: schoolAssessments.title,
      frozenAt: schoolAssessments.frozenAt,
      publishedAt: schoolAssessments.publishedAt,
    })
    .from(schoolAssessments)
    .where(eq(schoolAssessments.year, year));
  return {
    items: list
      .filter((r) => actor.role === 'province' || r.regionCode === actor.regionCode)
      .map((r) => ({
        ...r,
        regionName: regionByCode(r.regionCode)?.name ?? r.regionCode,
        frozenAt: r.frozenAt?.toISOString() ?? null,
        publishedAt: r.publishedAt?.toISOString() ?? null,
      })),
  };
}
