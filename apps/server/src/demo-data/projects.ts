import { and, eq, inArray, or } from 'drizzle-orm';
import { PROJECT_TYPES, REGIONS } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import {
  agreementEvents,
  agreementFiles,
  agreementParties,
  agreements,
  appMeta,
  selectionDeclarations,
  selectionNominations,
  selectionObjections,
  selectionScores,
  indicatorSnapshots,
  internships,
  orgs,
  progressReports,
  projects,
  regionKeyIndustries,
  reportVersions,
  teacherTrainings,
} from '../db/schema/index';
import { today as beijingToday } from '../lib/clock';
import type { DemoPlan } from './generate';
import { monthEnds } from '../modules/indicators/history';
import {
  insertJson,
  PROJECTS_META_KEY,
  PROJECTS_SEED,
  reserveIds,
  STATUSES,
  type ProjectsSeedSummary,
  type ReportState,
} from './projectsCommon';
import { loadContext } from './projectsContext';
import { historyIndicators } from './projectsHistory';
import { planAgreements } from './projectsPlan';
import { reportPlansFor } from './projectsReports';
import { agreementRows, projectRows as buildProjectRows } from './projectsRows';
import { extraRows } from './projectsExtras';
import { mulberry32 } from './random';
import { deleteDemoResults } from './results';
import { now } from '../lib/clock';

export { type ProjectsSeedSummary } from './projectsCommon';

// Issues 5 and 6 brought to life: agreements between each region's schools and key enterprises in every state (with
// their scans and event trails), cooperation projects of every type under them, progress reports period by period up
// to today (accepted, submitted, returned, late), internship cohorts, the regions' key industries, teacher-training
// records, and a monthly indicator history that ends where today's live values are.
//
// Unlike the collection demo (fixed on 2025-08-05) this part is placed relative to TODAY (Beijing): a signed agreement
// must still be waiting for its start date, an expired one must have ended, reports must be due up to now. Given the
// same day, scale and seed the rows are identical.
//
// Quota story (附件3, projects whose start date falls in 2025): 襄阳, 宜昌 and 十堰 finished ahead of their 2025 quota;
// 神农架, 恩施 and 随州 are far behind. 武汉's quota (a quarter of the province's) cannot be met within a region's 8–30
// agreements of 1–3 projects each, so 武汉 sits below it too — in line with the matchmaking demo, where 武汉 is still
// reviewing its collection.
//
// The steps live beside this file: projectsContext (what the database says), projectsPlan (agreements and projects per
// region), projectsRows (agreement and project rows), projectsReports (progress reports), projectsExtras (internships,
// key industries, teacher trainings), projectsHistory (indicator history). Their order is the order the dice are
// thrown in, so it is part of the output: keep it.

/**
 * Writes agreements, projects, reports, internships, key industries, teacher trainings and the indicator history in
 * the caller's transaction. Does nothing (returns null) when agreements of demo organisations exist already.
 */
export async function seedDemoProjects(
  tx: DbOrTx,
  input: {
    plan: DemoPlan;
    idByUscc: Map<string, number>;
    scale: number;
    seed: number;
    log?: (m: string) => void;
    today?: string;
  },
): Promise<ProjectsSeedSummary | null> {
  const log = input.log ?? (() => {});
  const started = performance.now();
  const today = input.today ?? beijingToday();
  const { plan, idByUscc, scale, seed } = input;
  const demoIds = [...idByUscc.values()];
  const [existing] = await tx
    .select({ id: agreementParties.agreementId })
    .from(agreementParties)
    .where(inArray(agreementParties.orgId, tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true))))
    .limit(1);
  if (existing || demoIds.length === 0) {
    log('示例单位已有合作协议，未写入示例协议与项目数据');
    return null;
  }
  const rng = mulberry32((PROJECTS_SEED ^ seed) >>> 0);
  const c = await loadContext(tx, rng, today, { plan, idByUscc, scale, seed });
  const { allAgreements, quotaStory } = planAgreements(c);

  // ------------------------------------------------------------ validation (fail loudly)
  const allProjects = allAgreements.flatMap((s) => s.projects);
  for (const p of allProjects) p.data = c.checkedData(p.type, p.data, p.title);

  const { pOrder, agRows, partyRows, fileRows, eventRows } = await agreementRows(c, allAgreements, allProjects);
  const reportPlans = reportPlansFor(c, allProjects);
  const projectRows = buildProjectRows(c, pOrder);
  const { internshipRows, keyIndustryRows, trainingRows } = await extraRows(c, allAgreements);

  // ------------------------------------------------------------ write
  await insertJson(tx, agreements, agRows);
  await insertJson(tx, agreementParties, partyRows);
  await insertJson(tx, agreementFiles, fileRows);
  for (const e of eventRows) e.reason ??= '';
  eventRows.sort((a, b) => a.at!.getTime() - b.at!.getTime() || a.agreementId - b.agreementId);
  await insertJson(tx, agreementEvents, eventRows);
  await insertJson(tx, projects, projectRows);
  reportPlans.sort((a, b) => a.row.dueDate.localeCompare(b.row.dueDate) || a.row.projectId - b.row.projectId);
  const reportIds = await reserveIds(tx, 'progress_reports', reportPlans.length);
  const versionRows: (typeof reportVersions.$inferInsert)[] = [];
  reportPlans.forEach((r, k) => {
    r.row.id = reportIds[k];
    for (const v of r.versions) versionRows.push({ ...v, reportId: reportIds[k] });
  });
  await insertJson(
    tx,
    progressReports,
    reportPlans.map((r) => r.row),
  );
  versionRows.sort((a, b) => a.at!.getTime() - b.at!.getTime() || a.reportId - b.reportId || a.version - b.version);
  await insertJson(tx, reportVersions, versionRows);
  internshipRows.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime());
  await insertJson(tx, internships, internshipRows);
  if (keyIndustryRows.length) await tx.insert(regionKeyIndustries).values(keyIndustryRows).onConflictDoNothing();
  await insertJson(tx, teacherTrainings, trainingRows);

  // ------------------------------------------------------------ indicator history ending at today's live values
  // Month ends before today: the days the server's hourly job also fills (fillMonthEnds), so the two never differ.
  const snapshotDates = monthEnds(today);
  // The history itself is derived from the records once every stage has written them (seedIndicatorHistory, demo.ts).

  // ------------------------------------------------------------ summary
  const tally = <K extends string>(keys: readonly K[], values: K[]) =>
    Object.fromEntries(keys.map((k) => [k, values.filter((v) => v === k).length])) as Record<K, number>;
  const summary: ProjectsSeedSummary = {
    agreements: tally(
      STATUSES,
      allAgreements.map((s) => s.status),
    ),
    projects: tally(
      PROJECT_TYPES,
      allProjects.map((p) => p.type),
    ),
    projectStatuses: tally(
      ['planned', 'running', 'completed', 'stopped'] as const,
      allProjects.map((p) => p.status),
    ),
    reports: tally(
      ['due', 'draft', 'submitted', 'accepted', 'returned'] as const,
      reportPlans.map((r) => r.row.state as ReportState),
    ),
    overdue: reportPlans.filter((r) => (r.row.state === 'due' || r.row.state === 'draft') && r.row.dueDate < today)
      .length,
    internships: internshipRows.length,
    trainings: [2025, 2026].map((year) => ({
      year,
      teachers: trainingRows.filter((t) => t.endDate.startsWith(String(year))).length,
    })),
    quota: quotaStory,
  };
  const meta = { today, snapshotDates, agreements: allAgreements.length, projects: allProjects.length };
  await tx
    .insert(appMeta)
    .values({ key: PROJECTS_META_KEY, value: meta })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: meta, updatedAt: now() } });
  const a = summary.agreements;
  const rs = summary.reports;
  const aheadList = quotaStory
    .filter((q) => q.quota > 0 && q.count2025 >= q.quota)
    .map((q) => REGIONS.find((r) => r.code === q.regionCode)!.shortName);
  const behindList = quotaStory
    .filter((q) => q.quota > 0 && q.count2025 < q.quota * 0.5)
    .map((q) => REGIONS.find((r) => r.code === q.regionCode)!.shortName);
  log(
    `合作协议 ${allAgreements.length} 份（草稿 ${a.draft}、已签订 ${a.signed}、履行中 ${a.active}、已到期 ${a.expired}、已终止 ${a.terminated}）；合作共建项目 ${allProjects.length} 个；` +
      `进展报告 ${reportPlans.length} 份（待填报 ${rs.due}、填报中 ${rs.draft}、待审核 ${rs.submitted}、已通过 ${rs.accepted}、已退回 ${rs.returned}，逾期 ${summary.overdue}）；实习批次 ${internshipRows.length} 个；` +
      `2025 年征集任务已完成：${aheadList.join('、') || '无'}，不足一半：${behindList.join('、') || '无'}（用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒）`,
  );
  return summary;
}

/**
 * Removes what seedDemoProjects wrote, for `npm run seed -- --reset`: run it first in the reset's transaction
 * (agreements, projects, internships and trainings reference the demo organisations).
 */
export async function deleteDemoProjects(tx: DbOrTx) {
  const demoOrgs = () => tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true));
  const demoAgreements = () =>
    tx
      .selectDistinct({ id: agreementParties.agreementId })
      .from(agreementParties)
      .where(inArray(agreementParties.orgId, demoOrgs()));
  const demoProjects = () =>
    tx
      .select({ id: projects.id })
      .from(projects)
      .where(or(inArray(projects.agreementId, demoAgreements()), inArray(projects.schoolOrgId, demoOrgs())));
  const demoReports = () =>
    tx
      .select({ id: progressReports.id })
      .from(progressReports)
      .where(inArray(progressReports.projectId, demoProjects()));
  // The demo selection rounds, assessment, cases and commendations written after the projects (results.ts).
  await deleteDemoResults(tx);
  const nominations = () =>
    tx
      .select({ id: selectionNominations.id })
      .from(selectionNominations)
      .where(inArray(selectionNominations.projectId, demoProjects()));
  await tx.delete(selectionDeclarations).where(inArray(selectionDeclarations.nominationId, nominations()));
  await tx.delete(selectionScores).where(inArray(selectionScores.nominationId, nominations()));
  await tx.delete(selectionObjections).where(inArray(selectionObjections.nominationId, nominations()));
  await tx.delete(selectionNominations).where(inArray(selectionNominations.projectId, demoProjects()));
  await tx.delete(reportVersions).where(inArray(reportVersions.reportId, demoReports()));
  await tx.delete(progressReports).where(inArray(progressReports.projectId, demoProjects()));
  const p = await tx.delete(projects).where(inArray(projects.id, demoProjects())).returning({ id: projects.id });
  await tx
    .delete(internships)
    .where(or(inArray(internships.schoolOrgId, demoOrgs()), inArray(internships.enterpriseOrgId, demoOrgs())));
  await tx.delete(teacherTrainings).where(inArray(teacherTrainings.schoolOrgId, demoOrgs()));
  // Parties, scans and events go with their agreement (on delete cascade).
  const a = await tx
    .delete(agreements)
    .where(inArray(agreements.id, demoAgreements()))
    .returning({ id: agreements.id });
  const [meta] = await tx.select().from(appMeta).where(eq(appMeta.key, PROJECTS_META_KEY));
  const dates = (meta?.value as { snapshotDates?: string[] } | undefined)?.snapshotDates ?? [];
  const ids = historyIndicators().map((d) => d.id);
  if (dates.length)
    await tx
      .delete(indicatorSnapshots)
      .where(and(inArray(indicatorSnapshots.onDate, dates), inArray(indicatorSnapshots.indicatorId, ids)));
  await tx.delete(appMeta).where(eq(appMeta.key, PROJECTS_META_KEY));
  return { agreements: a.length, projects: p.length };
}
