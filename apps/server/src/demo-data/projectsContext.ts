import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  DEFAULT_REPORT_FREQUENCY,
  REGIONS,
  reportMetricsSchema,
  validateProjectData,
  type ProjectRefs,
  type ProjectType,
  type ReportFrequency,
} from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import { campaignQuotas, campaigns, intents, projectTypeSettings, users } from '../db/schema/index';
import { projectRefs } from '../modules/projects/refs';
import type { DemoPlan, OrgRow } from './generate';
import {
  mentorPool,
  teacherPool,
  type EnterpriseLite,
  type Mentor,
  type SchoolLite,
  type Teacher,
} from './projectData';
import { addDays } from './projectDates';
import { fail, PROJECTS_SEED, QUOTA_YEAR, type Account, type SeedCtx } from './projectsCommon';
import { apportion, mulberry32, type Rng } from './random';

/** Reads what the database already says (accounts, quotas, accepted intents, settings) and shapes the organisations. */
export async function loadContext(
  tx: DbOrTx,
  rng: Rng,
  today: string,
  input: { plan: DemoPlan; idByUscc: Map<string, number>; scale: number; seed: number },
): Promise<SeedCtx> {
  const { plan, idByUscc, scale, seed } = input;
  // ------------------------------------------------------------ what the database already says
  const userRows = await tx
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      regionCode: users.regionCode,
      orgId: users.orgId,
    })
    .from(users)
    .orderBy(users.id);
  const accountOf = new Map<number, Account>();
  for (const u of userRows)
    if (u.orgId != null && !accountOf.has(u.orgId))
      accountOf.set(u.orgId, { id: u.id, name: u.displayName || u.username });
  const regionAccount = new Map<string, Account>();
  for (const u of userRows)
    if (
      u.role === 'region' &&
      u.regionCode &&
      (!regionAccount.has(u.regionCode) || u.username === `region-${u.regionCode}`)
    )
      regionAccount.set(u.regionCode, { id: u.id, name: u.displayName || u.username });
  const quotaRows = await tx
    .select({ regionCode: campaignQuotas.regionCode, quota: campaignQuotas.projectQuota })
    .from(campaignQuotas)
    .innerJoin(campaigns, eq(campaigns.id, campaignQuotas.campaignId))
    .where(and(eq(campaigns.year, QUOTA_YEAR), isNull(campaignQuotas.validTo)));
  const fallbackQuota = apportion(
    Math.max(1, Math.round(500 * scale)),
    REGIONS.map((r) => plan.schools.filter((s) => s.regionCode === r.code).length || 1),
  );
  const quotaOf = new Map<string, number>(REGIONS.map((r, i) => [r.code, fallbackQuota[i]]));
  for (const q of quotaRows) quotaOf.set(q.regionCode, q.quota);
  const acceptedIntents = await tx
    .select({ id: intents.id, fromOrgId: intents.fromOrgId, toOrgId: intents.toOrgId, decidedAt: intents.decidedAt })
    .from(intents)
    .where(eq(intents.state, 'accepted'))
    .orderBy(intents.id);
  const settings = await tx.select().from(projectTypeSettings);
  const frequencyOf = (t: ProjectType): ReportFrequency =>
    (settings.find((s) => s.type === t)?.frequency as ReportFrequency | undefined) ?? DEFAULT_REPORT_FREQUENCY[t];
  const dictRefs = await projectRefs(tx);
  const refs: ProjectRefs | undefined =
    dictRefs.specialtyCodes && dictRefs.specialtyCodes.size > 0 ? dictRefs : undefined;
  // Every project's data goes through validateProjectData, as the service's would; a failure stops the seed.
  const checkedData = (t: ProjectType, data: Record<string, unknown>, title: string) => {
    const v = validateProjectData(t, data, refs);
    return v.ok ? (v.data as Record<string, unknown>) : fail(`${t} project “${title}”`, v.issues);
  };
  // Report metrics: validateReportMetrics builds its schema on every call (a millisecond each, for thousands of
  // reports); the seed builds each type's schema once — the same rules — and asks validateReportMetrics for the
  // Chinese, path-by-path issues only on a failure.
  const metricSchemas = new Map<ProjectType, ReturnType<typeof reportMetricsSchema>>();
  const metricSchema = (t: ProjectType) =>
    metricSchemas.get(t) ?? (metricSchemas.set(t, reportMetricsSchema(t, refs)), metricSchemas.get(t)!);
  const regionCounts = new Map(
    (
      (await tx.execute(
        sql`select region_code, count(*)::int as n from agreements group by region_code`,
      )) as unknown as { rows: { region_code: string; n: number }[] }
    ).rows.map((r) => [r.region_code, Number(r.n)]),
  );

  // ------------------------------------------------------------ organisations as the builders see them
  const lite = (o: OrgRow) => ({
    id: idByUscc.get(o.uscc)!,
    uscc: o.uscc,
    name: o.name,
    regionCode: o.regionCode,
    address: o.address ?? '',
  });
  const schoolLite = (o: OrgRow): SchoolLite => ({
    ...lite(o),
    schoolType: o.schoolType ?? '技工学校',
    specialties: (plan.specialties.get(o.uscc) ?? []).map((s) => ({
      specialtyCode: s.specialtyCode,
      isKey: !!s.isKey,
      enrolment: s.enrolment ?? 0,
    })),
  });
  const entLite = (o: OrgRow): EnterpriseLite => ({
    ...lite(o),
    industryCodes: o.industryCodes ?? [],
    isKey: !!o.isKey,
    size: o.size ?? '小型',
  });
  const schoolById = new Map<number, SchoolLite>();
  const runningIds = new Set<number>();
  for (const s of plan.schools) {
    const l = schoolLite(s);
    schoolById.set(l.id, l);
    if (s.runsProgrammes) runningIds.add(l.id);
  }
  const entById = new Map<number, EnterpriseLite>(plan.enterprises.map((e) => [idByUscc.get(e.uscc)!, entLite(e)]));
  const keyEntsOf = (code: string) => [...entById.values()].filter((e) => e.regionCode === code && e.isKey);
  const mentorPools = new Map<number, Mentor[]>();
  const teacherPools = new Map<number, Teacher[]>();
  // People (mentors lent by an enterprise, teachers of a school) come from a stream of their own, made on first use.
  const people = mulberry32((Math.imul(PROJECTS_SEED, 7) + seed) >>> 0);
  const mentorsOf = (e: EnterpriseLite) =>
    mentorPools.get(e.id) ?? (mentorPools.set(e.id, mentorPool(people, seed, e)), mentorPools.get(e.id)!);
  const teachersOf = (s: SchoolLite) =>
    teacherPools.get(s.id) ?? (teacherPools.set(s.id, teacherPool(people, seed, s)), teacherPools.get(s.id)!);

  return {
    tx,
    rng,
    today,
    dayBefore: addDays(today, -1),
    plan,
    idByUscc,
    scale,
    seed,
    accountOf,
    regionAccount,
    quotaOf,
    acceptedIntents,
    frequencyOf,
    refs,
    checkedData,
    metricSchema,
    regionCounts,
    schoolById,
    runningIds,
    entById,
    keyEntsOf,
    mentorsOf,
    teachersOf,
  };
}
