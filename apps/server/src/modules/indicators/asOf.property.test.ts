import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { TEST_TODAY } from '../../../test/clock-setup';
import { addDaysIso } from '../../lib/clock';
import { agreementParties, agreements, campaignQuotas, campaigns, projects } from '../../db/schema/index';

// Property: over random small histories (agreements agreed and terminated, projects registered, started and stopped
// at random days, schools' and enterprises' regions corrected from random days of this year through the API), every
// figure asked for as of a random day equals a recount, in plain TypeScript, of the records filtered to that day with
// each organisation's region of that day. Deterministic dice (seeded), so a failure repeats.

let t: TestApp;
let cookie = '';
const REGIONS = ['420200', '420600'];
const schools: { id: number; region: string }[] = [];
const enterprises: { id: number; region: string; key: boolean }[] = [];

function dice(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: <T>(xs: T[]) => xs[int(0, xs.length - 1)] };
}
const FIRST = '2025-07-02';
const span = (Date.parse(`${TEST_TODAY}T00:00:00Z`) - Date.parse(`${FIRST}T00:00:00Z`)) / 86_400_000;

type Ag = { id: number; region: string; school: number; ent: number; agreedOn: string; terminatedOn: string | null };
type Pj = {
  type: 'order_class' | 'training_eval';
  ag: Ag;
  region: string;
  school: number;
  createdOn: string;
  campaignYear: number;
  startedOn: string | null;
  stoppedOn: string | null;
  completedOn: string | null;
};

beforeAll(async () => {
  t = await createTestApp();
  for (const region of REGIONS) {
    for (let i = 0; i < 3; i++)
      schools.push({
        id: (await makeOrg(t, { type: 'school', regionCode: region, name: `校${region}-${i}` })).id,
        region,
      });
    for (let i = 0; i < 3; i++)
      enterprises.push({
        id: (await makeOrg(t, { type: 'enterprise', regionCode: region, name: `企${region}-${i}`, isKey: i < 2 })).id,
        region,
        key: i < 2,
      });
  }
  for (const year of [2025, 2026]) {
    const [camp] = await t.database.db
      .insert(campaigns)
      .values({
        year,
        title: `${year}`,
        formsDue: `${year}-07-20`,
        regionDue: `${year}-07-31`,
        publishAt: `${year}-08-31`,
        yearEnd: `${year}-12-31`,
        formVersions: { school: `${year}.1`, enterprise: `${year}.1` },
      })
      .returning();
    await t.database.db
      .insert(campaignQuotas)
      .values(REGIONS.map((regionCode) => ({ campaignId: camp.id, regionCode, projectQuota: 10 })));
  }
  await makeUser(t, { username: 'prov', role: 'province' });
  cookie = await login(t, 'prov');
});
afterAll(() => t.close());

const YEAR_START = `${TEST_TODAY.slice(0, 4)}-01-01`;
/** Region corrections per organisation, oldest first: [effective day, new region]. */
type Moves = Map<number, [string, string][]>;

/** Every organisation back in its first region with one open history period (as created). */
async function resetRegions() {
  for (const o of [...schools, ...enterprises]) {
    await exec(t, sql`update orgs set region_code = ${o.region} where id = ${o.id}`);
    await exec(t, sql`delete from org_region_history where org_id = ${o.id} and valid_from is not null`);
    await exec(t, sql`update org_region_history set valid_to = null, region_code = ${o.region} where org_id = ${o.id}`);
  }
}

/** One to three corrections, each to the other region, on increasing days of this year (the service's rule). */
async function correctRegions(r: ReturnType<typeof dice>, day: (from: string, to: string) => string): Promise<Moves> {
  const moves: Moves = new Map();
  let from = YEAR_START;
  for (let k = r.int(1, 3); k > 0; k--) {
    const o = r.pick([...schools, ...enterprises]);
    from = day(from, TEST_TODAY);
    const list = moves.get(o.id) ?? [];
    if (list.length && list[list.length - 1][0] > from) continue;
    const current = list.length ? list[list.length - 1][1] : o.region;
    const to = REGIONS.find((x) => x !== current)!;
    const v = (await t.app.inject({ url: `/api/orgs/${o.id}`, headers: { cookie } })).json().version;
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${o.id}`,
      headers: { cookie },
      payload: { version: v, regionCode: to, effectiveFrom: from, changeReason: '核实' },
    });
    expect(res.statusCode, res.body).toBe(200);
    list.push([from, to]);
    moves.set(o.id, list);
  }
  return moves;
}

/** The organisation's region at the end of day d. */
const regionOn = (moves: Moves, org: { id: number; region: string }, d: string) =>
  (moves.get(org.id) ?? []).filter(([from]) => from <= d).pop()?.[1] ?? org.region;

async function history(seed: number) {
  const r = dice(seed);
  const day = (from: string, to: string) =>
    addDaysIso(
      from,
      r.int(0, Math.max(0, (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)),
    );
  await exec(t, sql`delete from projects`);
  await exec(t, sql`delete from agreement_parties`);
  await exec(t, sql`delete from agreements`);
  await resetRegions();
  const ags: Ag[] = [];
  for (let i = 0; i < 8; i++) {
    const school = r.pick(schools);
    const ent = r.pick(enterprises);
    const agreedOn = addDaysIso(FIRST, r.int(0, span));
    const terminatedOn = r.next() < 0.35 ? day(agreedOn, TEST_TODAY) : null;
    const [a] = await t.database.db
      .insert(agreements)
      .values({
        agreementNo: `P${seed}-${i}`,
        campaignYear: 2025,
        regionCode: school.region,
        title: 'x',
        termStart: '2025-07-01',
        termEnd: '2028-12-31',
        signingDate: agreedOn,
        agreedOn,
        terminatedOn,
        status: terminatedOn ? 'terminated' : 'active',
      })
      .returning();
    await t.database.db.insert(agreementParties).values([
      { agreementId: a.id, orgId: school.id, side: 'school' },
      { agreementId: a.id, orgId: ent.id, side: 'enterprise' },
    ]);
    ags.push({ id: a.id, region: school.region, school: school.id, ent: ent.id, agreedOn, terminatedOn });
  }
  const pjs: Pj[] = [];
  for (let i = 0; i < 14; i++) {
    const ag = r.pick(ags);
    const createdOn = day(ag.agreedOn, TEST_TODAY);
    // Started any time from 20 days before registration (entered late) to today, or never.
    const startedOn =
      r.next() < 0.8 ? day(addDaysIso(createdOn, -20) < FIRST ? FIRST : addDaysIso(createdOn, -20), TEST_TODAY) : null;
    const end = ag.terminatedOn && (!startedOn || ag.terminatedOn >= startedOn) ? ag.terminatedOn : null;
    const stoppedOn = end ?? (startedOn && r.next() < 0.3 ? day(startedOn, TEST_TODAY) : null);
    const completedOn = !stoppedOn && startedOn && r.next() < 0.2 ? day(startedOn, TEST_TODAY) : null;
    const p: Pj = {
      type: r.pick(['order_class', 'training_eval'] as const),
      ag,
      region: ag.region,
      school: ag.school,
      createdOn,
      campaignYear: Number(createdOn.slice(0, 4)),
      startedOn,
      stoppedOn,
      completedOn,
    };
    const status = stoppedOn ? 'stopped' : completedOn ? 'completed' : startedOn ? 'running' : 'planned';
    await t.database.db.insert(projects).values({
      agreementId: ag.id,
      type: p.type,
      title: `项目${i}`,
      campaignYear: p.campaignYear,
      regionCode: p.region,
      schoolOrgId: p.school,
      status,
      startDate: startedOn ?? createdOn,
      startedOn,
      stoppedOn,
      completedOn,
      data: {},
      createdAt: new Date(`${createdOn}T10:00:00+08:00`),
    });
    pjs.push(p);
  }
  const moves = await correctRegions(r, day);
  return { ags, pjs, r, moves };
}

/** The recount: what each figure means on day `d`, from the records alone. */
function recount(ags: Ag[], pjs: Pj[], moves: Moves, d: string, region?: string) {
  const inForce = (a: Ag) => a.agreedOn <= d && !(a.terminatedOn && a.terminatedOn <= d);
  const agreed = (a: Ag) => a.agreedOn <= d;
  const keyOf = new Map(enterprises.map((e) => [e.id, e]));
  const live = ags.filter((a) => inForce(a) && keyOf.get(a.ent)!.key);
  const inRegion = (r: string) => !region || r === region;
  // A project follows its school: it counts for the region the school had on the day.
  const schoolRegion = (id: number) =>
    regionOn(
      moves,
      schools.find((s) => s.id === id)!,
      d,
    );
  const started = (p: Pj, type: Pj['type']) =>
    p.type === type &&
    agreed(p.ag) &&
    p.createdOn <= d &&
    !!p.startedOn &&
    p.startedOn <= d &&
    !(p.stoppedOn && p.stoppedOn <= d) &&
    inRegion(schoolRegion(p.school));
  return {
    school_coverage: new Set(live.filter((a) => inRegion(schoolRegion(a.school))).map((a) => a.school)).size,
    running_schools: schools.filter((s) => inRegion(regionOn(moves, s, d))).length,
    key_enterprises: new Set(live.filter((a) => inRegion(regionOn(moves, keyOf.get(a.ent)!, d))).map((a) => a.ent))
      .size,
    order_classes: pjs.filter((p) => started(p, 'order_class')).length,
    training_eval_projects: pjs.filter((p) => started(p, 'training_eval')).length,
    // The quota counts projects under agreements in force on the day (confirmed by then, not yet terminated).
    quota_completion: pjs.filter(
      (p) =>
        p.campaignYear === Number(d.slice(0, 4)) &&
        inForce(p.ag) &&
        p.createdOn <= d &&
        inRegion(schoolRegion(p.school)),
    ).length,
  };
}

describe('a figure as of a day equals a recount of the records filtered to that day', () => {
  it('over random histories', async () => {
    let checked = 0;
    let counted = 0;
    for (const seed of [11, 23, 37, 41, 59]) {
      const { ags, pjs, r, moves } = await history(seed);
      expect(moves.size).toBeGreaterThan(0);
      for (let k = 0; k < 4; k++) {
        // Half the days in this year, where the corrections fall.
        const d =
          k < 2
            ? addDaysIso(FIRST, r.int(0, span))
            : addDaysIso(
                YEAR_START,
                r.int(0, (Date.parse(`${TEST_TODAY}T00:00:00Z`) - Date.parse(`${YEAR_START}T00:00:00Z`)) / 86_400_000),
              );
        const region = k % 2 ? r.pick(REGIONS) : undefined;
        const res = await t.app.inject({
          url: `/api/indicators?asOf=${d}${region ? `&region=${region}` : ''}`,
          headers: { cookie },
        });
        expect(res.statusCode).toBe(200);
        const items = res.json().items as { id: string; numerator: number; denominator: number | null }[];
        const got: Record<string, number> = Object.fromEntries(items.map((i) => [i.id, i.numerator]));
        got.running_schools = items.find((i) => i.id === 'school_coverage')!.denominator!;
        const want = recount(ags, pjs, moves, d, region);
        expect({ seed, d, region, ...Object.fromEntries(Object.keys(want).map((id) => [id, got[id]])) }).toEqual({
          seed,
          d,
          region,
          ...want,
        });
        checked++;
        counted += Object.values(want).reduce((a, b) => a + b, 0);
      }
    }
    expect(checked).toBe(20);
    // The histories are not empty: the comparisons were about something.
    expect(counted).toBeGreaterThan(40);
  });
});
