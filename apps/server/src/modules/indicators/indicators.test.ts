import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { exec, type TestApp } from '../../../test/app';
import { handBuiltProvince, t1Done, today, year } from '../../../test/handBuiltProvince';

// The indicator engine on a small province built by hand (test/handBuiltProvince.ts); every expected figure below is
// worked out in the comments.
let t: TestApp;
let c: Record<string, string>;
let id: Record<string, number>;

beforeAll(async () => {
  ({ t, c, id } = await handBuiltProvince());
});
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: c[who] } });
const card = async (who: string, q: string, idv: string) =>
  (await get(who, `/api/indicators?year=${year}${q}`)).json().items.find((i: { id: string }) => i.id === idv);

describe('indicator engine on a hand-built province', () => {
  it('computes every figure from the records', async () => {
    const expectations: [string, number | null, number, number | null][] = [
      // id, value, numerator, denominator
      ['school_coverage', 1 / 3, 1, 3], // A only (C's partner is not key; B's agreement is terminated; D is not running)
      ['key_enterprises', 1, 1, null], // E1 (E2 only in a terminated agreement)
      ['order_classes', 1, 1, null],
      ['guest_mentors', 2, 2, null], // K1 once, K2
      ['training_eval_projects', 1, 1, null],
      ['people_trained_year', 120, 120, null], // the accepted report only: the submitted one is not checked yet, the returned one not counted
      ['specialty_industry_match', 300 / 1000, 300, 1000], // 300+100+200+400 enrolled; A's machining (300) maps to 襄阳's key industry; C's machining is in 武汉, which has none
      ['mentor_ratio_schools', 0, 0, 3], // A has 1 current mentor for 10 teachers = 10% < 20%
      ['integrated_schools', 2 / 3, 2, 3], // A and C
      ['integrated_coverage', 2 / 4, 2, 4], // A: 1 of 2, C: 1 of 1, B: 0 of 1 (every running full-time school's specialties)
      ['national_integrated_done', 1 / 2, 1, 2],
      ['integrated_teachers_year', 2, 2, null],
      ['teacher_practice', 1 / 2, 1, 2], // T1 ≥ 30 days; denominator max(A's 2 registered, 2 recorded) + B's 1? B is running with 1 → see next test
      ['key_specialty_bases', 1 / 2, 1, 2], // A's machining has a base; B's key specialty does not
      ['quota_completion', 9 / 6, 9, 6], // 9 live projects this year against quotas 4 + 2
      ['internship_employment', 18 / 30, 18, 30],
    ];
    for (const [idv, value, num, den] of expectations) {
      if (idv === 'teacher_practice') continue;
      const k = await card('prov', '', idv);
      expect({ id: idv, numerator: k.numerator, denominator: k.denominator }).toEqual({
        id: idv,
        numerator: num,
        denominator: den,
      });
      if (value == null) expect(k.value).toBeNull();
      else expect(k.value).toBeCloseTo(value, 6);
      expect(k.formula.length).toBeGreaterThan(10);
    }
    // Teacher practice: A registers 2 backbone teachers of key specialties and has 2 recorded (T1, T2) → 2;
    // B registers 1 → 1; C has none → 0. Denominator 3, numerator 1 (T1).
    const tp = (await get('prov', `/api/indicators?year=${year}`))
      .json()
      .items.find((i: { id: string }) => i.id === 'teacher_practice');
    expect([tp.numerator, tp.denominator]).toEqual([t1Done, 3]);
    if (today >= `${year}-03-01`) expect(t1Done).toBe(1); // any day past February, T1 has done the month
  });

  it('drill-down rows add up to the figure, for numerator and denominator', async () => {
    for (const idv of [
      'school_coverage',
      'guest_mentors',
      'integrated_teachers_year',
      'people_trained_year',
      'specialty_industry_match',
      'quota_completion',
      'teacher_practice',
    ]) {
      const k = await card('prov', '', idv);
      const n = (await get('prov', `/api/indicators/${idv}/rows?year=${year}&which=numerator`)).json();
      expect(n.sum).toBe(k.numerator);
      expect(n.items.reduce((s: number, r: { weight: number }) => s + r.weight, 0)).toBe(k.numerator);
      if (k.denominator != null)
        expect((await get('prov', `/api/indicators/${idv}/rows?year=${year}&which=denominator`)).json().sum).toBe(
          k.denominator,
        );
    }
    const people = (await get('prov', `/api/indicators/guest_mentors/rows?year=${year}`)).json();
    expect(people.items.map((r: { label: string }) => r.label).sort()).toEqual(['李师傅', '王师傅']);
  });

  it('scopes: a region sees its own figures, a school its self-check; others are refused', async () => {
    const region = await card('xy-b', '', 'school_coverage');
    expect([region.numerator, region.denominator]).toEqual([1, 2]);
    expect((await get('xy-b', `/api/indicators?year=${year}&region=420100`)).statusCode).toBe(404);
    const school = (await get('sch-a', `/api/indicators?year=${year}`)).json();
    const ratio = school.items.find((i: { id: string }) => i.id === 'mentor_ratio');
    expect([ratio.numerator, ratio.denominator, ratio.value]).toEqual([1, 10, 0.1]);
    // 10% against a 20% target due 2027-12-31: behind the straight line to it (12.8% on 2026-11-30, 13.4% on
    // 2027-01-04, the two days the suite runs on) but within ten points of it.
    expect(ratio.light).toBe('amber');
    expect((await get('sch-a', `/api/indicators?year=${year}&school=${id.C}`)).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/indicators' })).statusCode).toBe(401);
  });

  it('the map gives every region its value and rank', async () => {
    const m = (await get('prov', `/api/indicators/school_coverage/regions?year=${year}`)).json();
    expect(m.items).toHaveLength(17);
    const xy = m.items.find((r: { regionCode: string }) => r.regionCode === '420600');
    expect(xy).toMatchObject({ numerator: 1, denominator: 2, value: 0.5, rank: 1 });
    expect((await get('prov', '/api/indicators/nope/rows')).statusCode).toBe(400);
  });

  it('snapshots feed the trend and the forecast', async () => {
    const { recordSnapshots } = await import('./history');
    const lastYear = new Date(Date.parse(`${today}T00:00:00Z`) - 200 * 86_400_000).toISOString().slice(0, 10);
    await exec(
      t,
      sql`insert into indicator_snapshots (indicator_id, scope, on_date, value, numerator, denominator) values ('order_classes', '420000', ${lastYear}, 0, 0, null)`,
    );
    await recordSnapshots(t.database.db, today);
    const tr = (await get('prov', `/api/indicators/order_classes/trend`)).json();
    expect(tr.points.map((p: { value: number }) => p.value)).toEqual([0, 1]);
    // From 0 two hundred days ago to 1 today, the line goes on at 1/200 a day to the deadline.
    const left = (Date.parse('2027-12-31') - Date.parse(today)) / 86_400_000;
    expect(tr.forecast).toBeCloseTo(1 + left / 200, 6);
  });

  it('a card whose deadline lies before the selected year says ended and keeps its final figure', async () => {
    // key_enterprises_2025 counts the 2025 campaign's approved forms: none here, but the point is which year it reads.
    // 2026 is selected whatever the day: the 2025 cards are over; the yearly card of 2026 is over once 2026 is.
    const next = (await get('prov', '/api/indicators?year=2026')).json().items;
    const forms = next.find((i: { id: string }) => i.id === 'school_forms_2025');
    expect([forms.ended, forms.deadline, forms.forecast, forms.paceNeeded]).toEqual([true, '2025-07-31', null, null]);
    const yearly = next.find((i: { id: string }) => i.id === 'integrated_teachers_year');
    // Seen as of 2026's last day at the latest, the yearly card of 2026 has not ended yet (its deadline is that day).
    expect([yearly.ended, yearly.deadline]).toEqual([false, '2026-12-31']);
    const cumulative = next.find((i: { id: string }) => i.id === 'school_coverage');
    expect(cumulative.ended).toBe(today > '2027-12-31');
  });
});
