import { and, asc, eq } from 'drizzle-orm';
import {
  recommendForEnterprise,
  recommendForSchool,
  scorePair,
  type Recommendation,
  type SchoolLine,
} from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import { publishedItems } from '../db/schema/index';
import { invalidateLines, loadLines } from '../modules/recommendations/lines';
import { RECOMMENDATION_LIMIT } from '../modules/recommendations/recommendations.service';
import type { Line } from './matchmakingStage';

// Step 6 of the matchmaking demo: who recommends whom, from the public lines of the latest publication. The fairs
// and intents are planned on this ranking; recomputeAll stores the real one at the end.

export interface Ranking {
  linesOf: Map<number, Line[]>;
  recsOf: Map<number, { cp: number; score: number }[]>;
  scoreOf: Map<string, number>;
  /** The better of the two directions' scores; 0 when neither recommends the other. */
  pairScore: (a: number, b: number) => number;
  /** The organisation's first line (its name, type and region). */
  info: (orgId: number) => Line;
  isSchool: (orgId: number) => boolean;
  /** The pair of a school's and an enterprise's lines that fits best. */
  bestLines: (s: number, e: number) => { s: Line; e: Line; score: number };
}

export async function rankPublished(tx: DbOrTx, publicationId: number): Promise<Ranking> {
  invalidateLines();
  const lineSet = await loadLines(tx);

  const lines = (await tx
    .select({
      id: publishedItems.id,
      orgId: publishedItems.orgId,
      orgType: publishedItems.orgType,
      orgName: publishedItems.orgName,
      regionCode: publishedItems.regionCode,
      needType: publishedItems.needType,
      specialtyCode: publishedItems.specialtyCode,
      occupationCode: publishedItems.occupationCode,
      postName: publishedItems.postName,
      places: publishedItems.places,
      levels: publishedItems.levels,
      skillLevel: publishedItems.skillLevel,
      availableFrom: publishedItems.availableFrom,
      industryCodes: publishedItems.industryCodes,
    })
    .from(publishedItems)
    .where(and(eq(publishedItems.publicationId, publicationId), eq(publishedItems.status, 'public')))
    .orderBy(asc(publishedItems.orgId), asc(publishedItems.rowKey))) as Line[];
  const linesOf = new Map<number, Line[]>();
  for (const l of lines) (linesOf.get(l.orgId) ?? linesOf.set(l.orgId, []).get(l.orgId)!).push(l);
  // What recomputeAll will store (the same ranking over the same lines, nobody partnered or dismissed yet); it runs
  // once at the end, when the accepted intents below have made partners.
  const recsOf = new Map<number, { cp: number; score: number }[]>();
  const scoreOf = new Map<string, number>();
  const keepRanked = (orgId: number, ranked: Recommendation[]) => {
    const list = ranked.filter((r) => linesOf.has(r.orgId)).map((r) => ({ cp: r.orgId, score: r.score }));
    recsOf.set(orgId, list);
    for (const r of list) scoreOf.set(`${orgId}|${r.cp}`, r.score);
  };
  for (const [orgId, own] of lineSet.schoolByOrg)
    keepRanked(orgId, recommendForSchool(own, lineSet.entIndex, { limit: RECOMMENDATION_LIMIT }));
  for (const [orgId, own] of lineSet.entByOrg)
    if (!recsOf.has(orgId))
      keepRanked(orgId, recommendForEnterprise(own, lineSet.schoolIndex, { limit: RECOMMENDATION_LIMIT }));
  const pairScore = (a: number, b: number) => Math.max(scoreOf.get(`${a}|${b}`) ?? 0, scoreOf.get(`${b}|${a}`) ?? 0);
  const info = (orgId: number) => linesOf.get(orgId)![0];
  const isSchool = (orgId: number) => info(orgId).orgType === 'school';
  const bestLines = (s: number, e: number) => {
    let best = { s: linesOf.get(s)![0], e: linesOf.get(e)![0], score: -1 };
    for (const sl of linesOf.get(s)!) {
      for (const el of linesOf.get(e)!) {
        const m = scorePair(
          {
            orgId: s,
            regionCode: sl.regionCode,
            specialtyCode: sl.specialtyCode ?? '',
            needType: sl.needType,
            graduates: sl.places,
            levels: sl.levels as SchoolLine['levels'],
            availableFrom: sl.availableFrom,
          },
          {
            orgId: e,
            regionCode: el.regionCode,
            occupationCode: el.occupationCode ?? '',
            postName: el.postName,
            headcount: el.places,
            skillLevel: el.skillLevel,
            needType: el.needType,
            availableFrom: el.availableFrom,
            industryCodes: el.industryCodes,
          },
        );
        if (m && m.score > best.score) best = { s: sl, e: el, score: m.score };
      }
    }
    return best;
  };
  return { linesOf, recsOf, scoreOf, pairScore, info, isSchool, bestLines };
}
