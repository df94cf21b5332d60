import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { TEST_TODAY } from '../../../test/clock-setup';
import { addDaysIso } from '../../lib/clock';
import { agreementParties, agreements, campaignQuotas, campaigns, projects } from '../../db/schema/index';

// Property: over random small histories (agreements agreed and terminated, projects registered, started and stopped
// at random days), every figure asked for as of a random day equals a recount, in plain TypeScript, of the records
// filtered to that day. Deterministic dice (seeded), so a failure repeats.

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
type Pj = { type: 'order_class' | 'training_eval'; ag: Ag; region: string; school: number; createdOn: string; campaignYear: number; startedOn: string | null; stoppedOn: string | null; completedOn: string | null };

beforeAll(async () => {
  t = await createTestApp();
  for (const region of REGIONS) {
    for (let i = 0; i < 3; i++) schools.push({ id: (await makeOrg(t, { type: 'school', regionCode: region, name: `校${region}-${i}` })).id, region });
    for (let i = 0; i < 3; i++) enterprises.push({ id: (await makeOrg(t, { type: 'enterprise', regionCode: region, name: `企${region}-${i}`, isKey: i < 2 })).id, region, key: i < 2 });
  }
  for (const year of [2025, 2026]) {
    const [camp] = await t.database.db.insert(campaigns).values({ year, title: `${year}`, formsDue: `${year}-07-20`, regionDue: `${year}-07-31`, publishAt: `${year}-08-31`, yearEnd: `${year}-12-31`, formVersions: { school: `${year}.1`, enterprise: `${year}.1` } }).returning();
    await t.database.db.insert(campaignQuotas).values(REGIONS.map((regionCode) => ({ campaignId: camp.id, regionCode, projectQuota: 10 })));
  }
  await makeUser(t, { username: 'prov', role: 'province' });
  cookie = await login(t, 'prov');
});
afterAll(() => t.close());

async function history(seed: number) {
  const r = dice(seed);
  const day = (from: string, to: string) => addDaysIso(from, r.int(0, Math.max(0, (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)));
  await exec(t, sql`delete from projects`);
  await exec(t, sql`delete from agreement_parties`);
  await exec(t, sql`delete from agreements`);
  const ags: Ag[] = [];
  for (let i = 0; i < 8; i++) {
    const school = r.pick(schools);
    const ent = r.pick(enterprises);
    const agreedOn = addDaysIso(FIRST, r.int(0, span));
    const terminatedOn = r.next() < 0.35 ? day(agreedOn, TEST_TODAY) : null;
    const [a] = await t.database.db.insert(agreements).values({ agreementNo: `P${seed}-${i}`, campaignYear: 2025, regionCode: school.region, title: 'x', termStart: '2025-07-01', termEnd: '2028-12-31', signingDate: agreedOn, agreedOn, terminatedOn, status: terminatedOn ? 'terminated' : 'active' }).returning();
    await t.database.db.insert(agreementParties).values([{ agreementId: a.id, orgId: school.id, side: 'school' }, { agreementId: a.id, orgId: ent.id, side: 'enterprise' }]);
    ags.push({ id: a.id, region: school.region, school: school.id, ent: ent.id, agreedOn, terminatedOn });
  }
  const pjs: Pj[] = [];
  for (let i = 0; i < 14; i++) {
    const ag = r.pick(ags);
    const createdOn = day(ag.agreedOn, TEST_TODAY);
    // Started any time from 20 days before registration (entered late) to today, or never.
    const startedOn = r.next() < 0.8 ? day(addDaysIso(createdOn, -20) < FIRST ? FIRST : addDaysIso(createdOn, -20), TEST_TODAY) : null;
    const end = ag.terminatedOn && (!startedOn || ag.terminatedOn >= startedOn) ? ag.terminatedOn : null;
    const stoppedOn = end ?? (startedOn && r.next() < 0.3 ? day(startedOn, TEST_TODAY) : null);
    const completedOn = !stoppedOn && startedOn && r.next() < 0.2 ? day(startedOn, TEST_TODAY) : null;
    const p: Pj = { type: r.pick(['order_class', 'training_eval'] as const), ag, region: ag.region, school: ag.school, createdOn, campaignYear: Number(createdOn.slice(0, 4)), startedOn, stoppedOn, completedOn };
    const status = stoppedOn ? 'stopped' : completedOn ? 'completed' : startedOn ? 'running' : 'planned';
    await t.database.db.insert(projects).values({ agreementId: ag.id, type: p.type, title: `项目${i}`, campaignYear: p.campaignYear, regionCode: p.region, schoolOrgId: p.school, status, startDate: startedOn ?? createdOn, startedOn, stoppedOn, completedOn, data: {}, createdAt: new Date(`${createdOn}T10:00:00+08:00`) });
    pjs.push(p);
  }
  return { ags, pjs, r };
}

/** The recount: what each figure means on day `d`, from the records alone. */
function recount(ags: Ag[], pjs: Pj[], d: string, region?: string) {
  const inForce = (a: Ag) => a.agreedOn <= d && !(a.terminatedOn && a.terminatedOn <= d);
  const agreed = (a: Ag) => a.agreedOn <= d;
  const keyOf = new Map(enterprises.map((e) => [e.id, e]));
  const live = ags.filter((a) => inForce(a) && keyOf.get(a.ent)!.key);
  const inRegion = (r: string) => !region || r === region;
  const started = (p: Pj, type: Pj['type']) => p.type === type && agreed(p.ag) && p.createdOn <= d && !!p.startedOn && p.startedOn <= d && !(p.stoppedOn && p.stoppedOn <= d) && inRegion(p.region);
  return {
    school_coverage: new Set(live.filter((a) => inRegion(schools.find((s) => s.id === a.school)!.region)).map((a) => a.school)).size,
    key_enterprises: new Set(live.filter((a) => inRegion(keyOf.get(a.ent)!.region)).map((a) => a.ent)).size,
    order_classes: pjs.filter((p) => started(p, 'order_class')).length,
    training_eval_projects: pjs.filter((p) => started(p, 'training_eval')).length,
    // The quota counts projects under agreements in force on the day (confirmed by then, not yet terminated).
    quota_completion: pjs.filter((p) => p.campaignYear === Number(d.slice(0, 4)) && inForce(p.ag) && p.createdOn <= d && inRegion(p.region)).length,
  };
}

describe('a figure as of a day equals a recount of the records filtered to that day', () => {
  it('over random histories', async () => {
    let checked = 0;
    let counted = 0;
    for (const seed of [11, 23, 37, 41, 59]) {
      const { ags, pjs, r } = await history(seed);
      for (let k = 0; k < 4; k++) {
        const d = addDaysIso(FIRST, r.int(0, span));
        const region = k % 2 ? r.pick(REGIONS) : undefined;
        const res = await t.app.inject({ url: `/api/indicators?asOf=${d}${region ? `&region=${region}` : ''}`, headers: { cookie } });
        expect(res.statusCode).toBe(200);
        const got = Object.fromEntries((res.json().items as { id: string; numerator: number }[]).map((i) => [i.id, i.numerator]));
        const want = recount(ags, pjs, d, region);
        expect({ seed, d, region, ...Object.fromEntries(Object.keys(want).map((id) => [id, got[id]])) }).toEqual({ seed, d, region, ...want });
        checked++;
        counted += Object.values(want).reduce((a, b) => a + b, 0);
      }
    }
    expect(checked).toBe(20);
    // The histories are not empty: the comparisons were about something.
    expect(counted).toBeGreaterThan(40);
  });
});
