import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { today as beijingToday } from '../lib/clock';
import {
  agreements,
  priorityEntries,
  priorityLists,
  schoolAssessments,
  schoolAssessmentScores,
  skillContests,
  skillTrainings,
} from '../db/schema/index';
import { rolledBack, useSeededDemo } from '../../test/seededDemo';
import { deleteDemoRowsIn } from './reset';

// Issue 19 parts 5–7 in the demo: what a person sees after `npm start`, the same on every seed, gone with the demo.
const demo = useSeededDemo(600_000);
const year = Number(beijingToday().slice(0, 4));
async function get(who: string, url: string): Promise<any> {
  const res = await demo.app.inject({ method: 'GET', url, headers: { cookie: await demo.login(who) } });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json();
}

describe('demo duties', () => {
  it('has two 校地协议: one confirmed for 枣阳市人民政府, one waiting for the 武汉 bureau', async () => {
    const { items } = await get('province', '/api/agreements?kind=government');
    expect(
      items
        .map((a: { government: { name: string }; status: string; title: string }) => [
          a.government.name,
          a.status === 'pending_confirmation',
          a.title.includes('示例'),
        ])
        .sort(),
    ).toEqual([
      ['枣阳市人民政府', false, true],
      ['江夏区人民政府', true, true],
    ]);
    const wh = await get(
      'region-420100',
      `/api/agreements/${items.find((a: { government: { code: string } }) => a.government.code === '420115').id}`,
    );
    expect(wh.allowedActions).toContain('confirm');
    const f = await get('province', `/api/skills/figures?year=${year}`);
    expect(f.items.find((i: { id: string }) => i.id === 'gov_agreements').value).toBe(1);
  });

  it('has trainings in every review state and a contest, counted once approved', async () => {
    const t = await get('region-420600', '/api/skills/trainings');
    expect(t.items.map((r: { state: string }) => r.state).sort()).toEqual(['approved', 'returned', 'submitted']);
    expect((await get('region-420600', '/api/skills/contests')).items).toHaveLength(1);
    const f = Object.fromEntries(
      (await get('province', `/api/skills/figures?year=${year}`)).items.map((i: { id: string; value: number }) => [
        i.id,
        i.value,
      ]),
    );
    expect(f).toMatchObject({ subsidised_trained: 125, contests: 1, skill_waiting: 1 });
  });

  it("has the 襄阳 bureau's frozen school assessment and a published priority list with evidence", async () => {
    const a = await get('region-420600', `/api/school-assessments/${year}/region`);
    expect(a.status).toBe('frozen');
    expect(a.rows.length).toBeGreaterThanOrEqual(2);
    expect(
      a.rows.every((r: { items: { kind: string; reason: string | null; evidence: string | null }[] }) =>
        r.items.every((i) => i.kind === 'indicator' || (i.reason && i.evidence)),
      ),
    ).toBe(true);
    const { items } = await get('region-420600', '/api/priority-lists');
    expect(items).toHaveLength(1);
    expect(items[0].entries).toHaveLength(2);
    expect(items[0].entries[0].evidence.length).toBeGreaterThan(3);
  });

  const tables = {
    skillTrainings,
    skillContests,
    schoolAssessments,
    schoolAssessmentScores,
    priorityLists,
    priorityEntries,
  };
  // Removes the demo in a transaction it then rolls back: the other tests still read the whole demo, in any order.
  // (Two seeds giving the same rows: determinism.test.ts.)
  it('is removed by the demo reset', async () => {
    await rolledBack(demo.database, async (tx) => {
      for (const t of Object.values(tables))
        expect((await tx.select({ n: count() }).from(t))[0].n, 'seeded before the reset').toBeGreaterThan(0);
      await deleteDemoRowsIn(tx);
      for (const t of Object.values(tables)) expect((await tx.select({ n: count() }).from(t))[0].n).toBe(0);
      expect((await tx.select({ n: count() }).from(agreements).where(eq(agreements.kind, 'government')))[0].n).toBe(0);
    });
  });
});
