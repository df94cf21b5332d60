import { and, asc, eq } from 'drizzle-orm';
import type { SchemeItem } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { orgs, schoolAssessments, schoolAssessmentScores } from '../../db/schema/index';
import { endOfYear } from '../indicators/asOf';
import { computeSchools, type SchoolManualScore, type SchoolResult } from './schoolassess.compute';

export interface FrozenSchoolResult {
  year: number;
  regionCode: string;
  title: string;
  frozenAt: string;
  asOfDate: string;
  scheme: SchemeItem[];
  rows: SchoolResult[];
}

export type Row = typeof schoolAssessments.$inferSelect;

export async function current(db: DbOrTx, region: string, year: number, forUpdate = false) {
  const q = db
    .select()
    .from(schoolAssessments)
    .where(and(eq(schoolAssessments.regionCode, region), eq(schoolAssessments.year, year)));
  const [r] = forUpdate ? await q.for('update') : await q;
  return r as Row | undefined;
}

export async function schoolsOf(db: DbOrTx, region: string) {
  return db
    .select({ id: orgs.id, name: orgs.name })
    .from(orgs)
    .where(and(eq(orgs.type, 'school'), eq(orgs.regionCode, region)))
    .orderBy(asc(orgs.id));
}

export async function scores(db: DbOrTx, id: number): Promise<SchoolManualScore[]> {
  return db
    .select({
      schoolOrgId: schoolAssessmentScores.schoolOrgId,
      itemKey: schoolAssessmentScores.itemKey,
      score: schoolAssessmentScores.score,
      reason: schoolAssessmentScores.reason,
      evidence: schoolAssessmentScores.evidence,
    })
    .from(schoolAssessmentScores)
    .where(eq(schoolAssessmentScores.assessmentId, id));
}

export async function liveRows(db: DbOrTx, region: string, year: number, s: Row) {
  return computeSchools(
    db,
    endOfYear(year),
    region,
    await schoolsOf(db, region),
    s.items as SchemeItem[],
    await scores(db, s.id),
  );
}
