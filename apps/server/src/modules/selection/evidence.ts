import { and, eq, inArray, isNull } from 'drizzle-orm';
import { agreementStateOn, type SelectionEvidence } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { agreements, internships, progressReports, projects } from '../../db/schema/index';
import { partiesOf } from '../agreements/agreements.repository';
import { now } from '../../lib/clock';

type ProjectRow = typeof projects.$inferSelect;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * What a nomination rests on, taken from the data the platform already tracks at the moment the region nominates
 * (and frozen there, so the experts judge what the region saw):
 * - the project's agreement: number, parties, status on that day, key-project flag;
 * - internship cohorts between the project's school and the agreement's enterprises (students, employed afterwards);
 * - the project's own progress reports: how many the bureau accepted, how many wait, and the sums of their figures;
 * - training and certificates: person-times and certificates by level from the accepted reports of every project under
 *   the same agreement (a base or alliance trains through its training-evaluation projects, not its own reports);
 * - order classes under the same agreement (not cancelled): classes, students, hiring commitment.
 * Only reports a bureau accepted count as evidence; submitted ones are shown as pending.
 */
export async function collectEvidence(db: DbOrTx, p: ProjectRow, today: string): Promise<SelectionEvidence> {
  const [a] = await db.select().from(agreements).where(eq(agreements.id, p.agreementId));
  const parties = await partiesOf(db, [a.id]);
  const enterpriseIds = parties.filter((x) => x.side === 'enterprise').map((x) => x.orgId);

  const cohorts = enterpriseIds.length
    ? await db
        .select({ students: internships.students, employedAfter: internships.employedAfter })
        .from(internships)
        .where(
          and(
            eq(internships.schoolOrgId, p.schoolOrgId),
            inArray(internships.enterpriseOrgId, enterpriseIds),
            eq(internships.state, 'confirmed'),
          ),
        )
    : [];
  const withOutcome = cohorts.filter((c) => c.employedAfter != null);
  const studentsWithOutcome = withOutcome.reduce((s, c) => s + c.students, 0);
  const employed = withOutcome.reduce((s, c) => s + (c.employedAfter ?? 0), 0);

  const own = await db
    .select({ state: progressReports.state, period: progressReports.period, metrics: progressReports.metrics })
    .from(progressReports)
    .where(eq(progressReports.projectId, p.id))
    .orderBy(progressReports.period);
  const accepted = own.filter((r) => r.state === 'accepted');
  const totals: Record<string, number> = {};
  for (const r of accepted)
    for (const [k, v] of Object.entries(r.metrics)) if (typeof v === 'number') totals[k] = round2((totals[k] ?? 0) + v);

  const siblings = await db
    .select({ id: projects.id, type: projects.type, data: projects.data })
    .from(projects)
    .where(and(eq(projects.agreementId, a.id), isNull(projects.deletedAt)));
  const trainingIds = siblings.filter((s) => s.type === 'training_eval').map((s) => s.id);
  const trainingReports = trainingIds.length
    ? await db
        .select({ metrics: progressReports.metrics })
        .from(progressReports)
        .where(and(inArray(progressReports.projectId, trainingIds), eq(progressReports.state, 'accepted')))
    : [];
  const byLevel: Record<string, number> = {};
  let personTimes = 0;
  for (const r of trainingReports) {
    personTimes += num(r.metrics.personTimes);
    const certs = (r.metrics.certificatesByLevel ?? {}) as Record<string, unknown>;
    for (const [level, n] of Object.entries(certs)) byLevel[level] = (byLevel[level] ?? 0) + num(n);
  }
  const classes = siblings.filter((s) => s.type === 'order_class' && s.data.cancelled !== true);

  return {
    collectedAt: now().toISOString(),
    project: { id: p.id, title: p.title, type: p.type, status: p.status, startDate: p.startDate, endDate: p.endDate },
    agreement: {
      id: a.id,
      agreementNo: a.agreementNo,
      title: a.title,
      status: agreementStateOn(today, { state: a.status, termStart: a.termStart, termEnd: a.termEnd }),
      keyProject: a.keyProject,
      signingDate: a.signingDate,
      termStart: a.termStart,
      termEnd: a.termEnd,
      parties: parties.map((x) => ({ orgId: x.orgId, name: x.name, side: x.side })),
    },
    internships: {
      cohorts: cohorts.length,
      students: cohorts.reduce((s, c) => s + c.students, 0),
      employedAfter: employed,
      employmentRate: studentsWithOutcome ? round2(employed / studentsWithOutcome) : null,
    },
    reports: {
      accepted: accepted.length,
      pending: own.filter((r) => r.state === 'submitted').length,
      latestAcceptedPeriod: accepted.at(-1)?.period ?? null,
      totals,
    },
    training: {
      personTimes,
      certificates: Object.values(byLevel).reduce((s, n) => s + n, 0),
      certificatesByLevel: byLevel,
      reports: trainingReports.length,
    },
    orderClasses: {
      classes: classes.length,
      students: classes.reduce((s, c) => s + num(c.data.students), 0),
      hiringCommitment: classes.reduce((s, c) => s + num(c.data.hiringCommitment), 0),
    },
  };
}
