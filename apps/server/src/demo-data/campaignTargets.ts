import { REGIONS, type FormState, type Role } from '@cjrh/domain';
import type { DemoPlan } from './generate';
import { apportion, type Rng } from './random';
import { ACCEPTED_REGION, type Actor, type Expected, type Target, type UserLite } from './campaignCommon';

// Who files in the demo campaign and where each is left: the organisations expected to file (schools that run
// programmes, key enterprises), the demo accounts that act for them and for the bureaus, and each organisation's
// target state — pinned for the demo logins, "not started" for about 10%, the notice's shares for the rest. Pure: it
// draws from the caller's `flow` stream, in the order the states are decided.

/** Demo accounts whose forms a visitor should find in a given state. The others in 420600 are accepted. */
const PINNED: Record<string, Target> = {
  'school-420100-01': 'returned',
  'school-420100-02': 'draft',
  'enterprise-420100-01': 'submitted',
  'enterprise-420100-02': 'region_approved',
  'school-420200-01': 'not_started',
  'enterprise-420800-01': 'not_started',
  'school-421300-01': 'not_started',
  'enterprise-429005-01': 'not_started',
};
/** Remaining demo accounts walk through these states by region, so every state has someone to log in as. */
const ACCOUNT_CYCLE: FormState[] = ['with_province', 'region_approved', 'submitted', 'returned', 'draft'];
const ACCOUNT_SLOT: Record<string, number> = { 'school-01': 0, 'school-02': 1, 'enterprise-01': 2, 'enterprise-02': 3 };
/** Shares of the forms outside the accepted region (the notice's picture of late July). */
const SHARE_STATES: FormState[] = ['draft', 'submitted', 'returned', 'region_approved', 'with_province'];
const SHARE_WEIGHTS = [10, 15, 8, 35, 22];
const NOT_STARTED_SHARE = 0.1;
/** Regions where filing lags: more organisations there have not started, and no batch has gone to the province. */
const SLOW_REGIONS = ['422800', '429021', '421300'];

export interface Accounts {
  /** The first account of each organisation: the one that fills its form. */
  accountOf: Map<number, UserLite>;
  asActor(u: UserLite | undefined, role: Role): Actor;
  regionActor(code: string): Actor;
  province: Actor;
}

export function campaignAccounts(userList: UserLite[]): Accounts {
  const accountOf = new Map<number, UserLite>();
  for (const u of userList) if (u.orgId != null && !accountOf.has(u.orgId)) accountOf.set(u.orgId, u);
  const byName = new Map(userList.map((u) => [u.username, u]));
  const asActor = (u: UserLite | undefined, role: Role): Actor =>
    u ? { id: u.id, name: u.displayName || u.username, role: u.role } : { id: null, name: null, role };
  const regionActor = (code: string) =>
    asActor(
      byName.get(`region-${code}`) ?? userList.find((u) => u.role === 'region' && u.regionCode === code),
      'region',
    );
  const province = asActor(byName.get('province') ?? userList.find((u) => u.role === 'province'), 'province');
  return { accountOf, asActor, regionActor, province };
}

export function expectedFilers(plan: DemoPlan, idByUscc: Map<string, number>): Expected[] {
  return [...plan.schools.filter((s) => s.runsProgrammes), ...plan.enterprises.filter((e) => e.isKey)].map((org) => ({
    org,
    orgId: idByUscc.get(org.uscc)!,
  }));
}

function weightedSample<T>(rng: Rng, items: T[], weight: (t: T) => number, k: number): T[] {
  const pool = items.slice();
  const w = pool.map(weight);
  const out: T[] = [];
  while (out.length < k && pool.length) {
    const i = rng.weighted(w);
    out.push(pool[i]);
    pool.splice(i, 1);
    w.splice(i, 1);
  }
  return out;
}

/** Targets: pinned demo accounts, then who has not started, then the shares. */
export function planTargets(flow: Rng, expected: Expected[], accountOf: Map<number, UserLite>): Map<number, Target> {
  const target = new Map<number, Target>();
  const regionIndex = new Map(REGIONS.map((r, i) => [r.code, i]));
  for (const { orgId, org } of expected) {
    if (org.regionCode === ACCEPTED_REGION) target.set(orgId, 'accepted');
    const u = accountOf.get(orgId);
    const m = u && /^(school|enterprise)-(\d{6})-(\d{2})$/.exec(u.username);
    if (!m || org.regionCode === ACCEPTED_REGION) continue;
    const slot = ACCOUNT_SLOT[`${m[1]}-${m[3]}`];
    const pinned =
      PINNED[u.username] ??
      (slot === undefined
        ? undefined
        : ACCOUNT_CYCLE[((regionIndex.get(org.regionCode) ?? 0) + slot) % ACCOUNT_CYCLE.length]);
    if (pinned) target.set(orgId, pinned);
  }
  const free = expected.filter((e) => !target.has(e.orgId));
  const pinnedNotStarted = [...target.values()].filter((t) => t === 'not_started').length;
  const notStarted = weightedSample(
    flow,
    free,
    (e) => (e.org.type === 'enterprise' ? 1.3 : 1) * (SLOW_REGIONS.includes(e.org.regionCode) ? 2.5 : 1),
    Math.max(0, Math.round(expected.length * NOT_STARTED_SHARE) - pinnedNotStarted),
  );
  for (const e of notStarted) target.set(e.orgId, 'not_started');
  const rest = expected.filter((e) => !target.has(e.orgId));
  const filedOutside = expected.filter(
    (e) => e.org.regionCode !== ACCEPTED_REGION && target.get(e.orgId) !== 'not_started',
  ).length;
  const quota = apportion(filedOutside, SHARE_WEIGHTS);
  const pool: FormState[] = [];
  SHARE_STATES.forEach((s, i) => {
    const taken = [...target.values()].filter((t) => t === s).length;
    for (let n = 0; n < quota[i] - taken; n++) pool.push(s);
  });
  const shuffled = flow.shuffle(pool);
  rest.forEach((e, i) => target.set(e.orgId, shuffled[i] ?? 'region_approved'));
  // The slow regions have approved forms but not sent a batch yet.
  for (const e of expected)
    if (SLOW_REGIONS.includes(e.org.regionCode) && target.get(e.orgId) === 'with_province')
      target.set(e.orgId, 'region_approved');
  return target;
}
