import { hash } from '@node-rs/argon2';
import { count, eq } from 'drizzle-orm';
import { DEMO_MARK, DEMO_PASSWORD } from '@cjrh/domain';
import type { Db } from '../db/client';
import { appMeta, orgs, schoolSpecialties, users } from '../db/schema/index';
import { seedDemoCampaign } from './campaign';
import { generateDemo, stripMark, type DemoPlan } from './generate';
import { seedDemoMatchmaking } from './matchmaking';
import { seedDemoProjects } from './projects';
import { seedAgreementConsent } from './projectsConsent';
import { seedDemoResults } from './results';
import { seedDemoConsent } from './consent';
import { seedDemoDuties } from './duties';
import { seedIndicatorHistory } from './projectsHistory';
import { seedRegionCorrection } from './regionCorrection';
import { seedDemoSchoolBuilding } from './schoolBuilding';
import { seedDemoYearTwo } from './yearTwo';
import { now } from '../lib/clock';

export const DEMO_SEED = 20250702;
export { DEMO_PASSWORD };
const DEMO_EXPERTS = 5;
const BATCH = 1000;

type UserRow = typeof users.$inferInsert;

export interface SeedOptions {
  scale?: number;
  seed?: number;
  log?: (m: string) => void;
  /** Also play the demo on past the collection (acceptance, publication, recommendations, intents, fairs; see
   * matchmaking.ts), as `npm start` and `npm run seed` do. Off by default: the collection alone is then what is
   * left, as it stood on 2025-08-05. */
  matchmaking?: boolean;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The demo accounts; orgIds come from the inserted rows (USCC → id). */
function demoUsers(plan: DemoPlan, idByUscc: Map<string, number>, passwordHash: string): UserRow[] {
  const base = { passwordHash, isDemo: true } as const;
  const rows: UserRow[] = [
    { ...base, username: 'province', role: 'province', displayName: `省人社厅职业能力建设处${DEMO_MARK}` },
  ];
  for (const { region } of plan.profiles) {
    rows.push({
      ...base,
      username: `region-${region.code}`,
      role: 'region',
      regionCode: region.code,
      displayName: `${region.name}人社局${DEMO_MARK}`,
    });
  }
  const orgAccounts = (kind: 'school' | 'enterprise', list: typeof plan.schools, title: string) => {
    for (const { region } of plan.profiles) {
      const mine = list.filter((o) => o.regionCode === region.code && (kind === 'school' || o.isKey)).slice(0, 2);
      if (mine.length < 2)
        throw new Error(
          `demo data: region ${region.code} has fewer than 2 ${kind === 'school' ? 'schools' : 'key enterprises'}`,
        );
      mine.forEach((o, i) =>
        rows.push({
          ...base,
          username: `${kind}-${region.code}-${pad2(i + 1)}`,
          role: kind,
          regionCode: o.regionCode,
          orgId: idByUscc.get(o.uscc)!,
          displayName: `${stripMark(o.name)}${title}${DEMO_MARK}`,
        }),
      );
    }
  };
  orgAccounts('school', plan.schools, '填报员');
  orgAccounts('enterprise', plan.enterprises, '联络员');
  for (let i = 1; i <= DEMO_EXPERTS; i++) {
    rows.push({
      ...base,
      username: `expert-${pad2(i)}`,
      role: 'expert',
      displayName: `评审专家${pad2(i)}${DEMO_MARK}`,
    });
  }
  return rows;
}

/** Loads the synthetic province in one transaction: a failure leaves the database as it was. */
export async function seedDemo(
  db: Db,
  opts: SeedOptions = {},
): Promise<{ schools: number; enterprises: number; users: number }> {
  const scale = opts.scale ?? 1;
  const seed = opts.seed ?? DEMO_SEED;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new RangeError(`demo data: scale must be a positive number, got ${scale}`);
  if (!Number.isInteger(seed)) throw new RangeError(`demo data: seed must be an integer, got ${seed}`);
  const log = opts.log ?? (() => {});

  const plan = generateDemo(scale, seed);
  const allOrgs = [...plan.schools, ...plan.enterprises];
  log(`生成 ${plan.schools.length} 所院校、${plan.enterprises.length} 家企业（规模 ${scale}，种子 ${seed}）`);
  // One hash for every account: argon2 is deliberately slow, and the demo password is the same anyway.
  const passwordHash = await hash(DEMO_PASSWORD);

  let userCount = 0;
  await db.transaction(async (tx) => {
    const idByUscc = new Map<string, number>();
    for (let i = 0; i < allOrgs.length; i += BATCH) {
      const ids = await tx
        .insert(orgs)
        .values(allOrgs.slice(i, i + BATCH))
        .returning({ id: orgs.id, uscc: orgs.uscc });
      ids.forEach((r) => idByUscc.set(r.uscc, r.id));
      log(`单位 ${Math.min(i + BATCH, allOrgs.length)}/${allOrgs.length}`);
    }
    const specRows = plan.schools.flatMap((s) =>
      (plan.specialties.get(s.uscc) ?? []).map((r) => ({ ...r, orgId: idByUscc.get(s.uscc)! })),
    );
    for (const part of chunks(specRows)) await tx.insert(schoolSpecialties).values(part);
    log(`院校专业 ${specRows.length} 条`);
    const userRows = demoUsers(plan, idByUscc, passwordHash);
    for (const part of chunks(userRows)) await tx.insert(users).values(part);
    userCount = userRows.length;
    log(`示例账号 ${userRows.length} 个（密码 ${DEMO_PASSWORD}）`);
    const value = { scale, seed, at: now().toISOString() };
    await tx
      .insert(appMeta)
      .values({ key: 'demo', value })
      .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: now() } });
    // The 2025 demand collection, half-way through (campaign, quotas, forms, reviews, batches, notifications).
    const campaign = await seedDemoCampaign(tx, { plan, idByUscc, scale, seed, log });
    if (campaign && opts.matchmaking) await seedDemoMatchmaking(tx, { plan, idByUscc, scale, seed, log });
    // Then agreements, projects, progress reports, internships and the indicator history (projects.ts).
    if (campaign && opts.matchmaking && (await seedDemoProjects(tx, { plan, idByUscc, scale, seed, log })))
      await seedAgreementConsent(tx, log);
    // Then the 2025 assessment, warning thresholds, demonstration selection, commendations and cases (results.ts).
    if (campaign && opts.matchmaking) await seedDemoResults(tx, { seed, log });
    // Last, what waits for the other side: cohorts and meeting requests to confirm, a rename for the bureau (consent.ts).
    if (campaign && opts.matchmaking) await seedDemoConsent(tx, { log });
    // A school whose region the province corrected this year (regionCorrection.ts): its figures follow it from that day.
    if (campaign && opts.matchmaking) await seedRegionCorrection(tx, log);
    // The notice's remaining duties (issue 19 parts 5–7): 校地协议, training and contests, school assessment, priority list.
    if (campaign && opts.matchmaking) await seedDemoDuties(tx, log);
    // Then the second year: 2025 closed, 2026 created with a changed form and opened, 武汉's open forms in it (yearTwo.ts).
    if (campaign && opts.matchmaking) await seedDemoYearTwo(tx, log);
    // The notice's layout, specialty, teacher and office duties (schoolBuilding.ts), after the warning set up by the
    // results stage; before the history, as specialties in force count in the matching figure.
    if (campaign && opts.matchmaking) await seedDemoSchoolBuilding(tx, { log });
    // The indicator history, derived from everything above as of each past month's first day (not invented).
    if (campaign && opts.matchmaking) await seedIndicatorHistory(tx, log);
  });
  return { schools: plan.schools.length, enterprises: plan.enterprises.length, users: userCount };
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

/** Seeds an empty database only: never mixes demo rows into one that already has organisations. */
export async function ensureDemoData(db: Db, opts: { log?: (m: string) => void } = {}): Promise<boolean> {
  const [meta] = await db.select({ key: appMeta.key }).from(appMeta).where(eq(appMeta.key, 'demo'));
  if (meta) return false;
  const [{ n }] = await db.select({ n: count() }).from(orgs);
  if (n > 0) return false;
  await seedDemo(db, { scale: 1, log: opts.log, matchmaking: true });
  return true;
}
