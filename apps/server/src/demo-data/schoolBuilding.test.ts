import { describe, expect, it } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import { APPLICATION_STATES } from '@cjrh/domain';
import type { Database } from '../db/client';
import {
  coopOffices,
  schoolLayouts,
  schoolStandards,
  schoolTeachers,
  specialtyApplicationPartners,
  specialtyApplications,
  specialtyExitDecisions,
  standardItems,
  teacherPractices,
  trainingBases,
} from '../db/schema/index';
import { rolledBack, useSeededDemo } from '../../test/seededDemo';
import { thisYear, today } from '../lib/clock';
import { deleteDemoRowsIn } from './reset';

const demo = useSeededDemo(600_000);
async function get(who: string, url: string): Promise<any> {
  const res = await demo.app.inject({ method: 'GET', url, headers: { cookie: await demo.login(who) } });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json();
}
// Timestamps are the clock's; the ID key is salted per database (app_meta), so neither is compared.
const strip = (rows: Record<string, unknown>[]) =>
  rows.map(({ createdAt: _c, updatedAt: _u, flagshipAt: _f, decidedAt: _d, idKey: _k, ...rest }) => rest);
const tables = async (d: Database) => ({
  layouts: strip(await d.db.select().from(schoolLayouts).orderBy(asc(schoolLayouts.orgId))),
  bases: strip(await d.db.select().from(trainingBases).orderBy(asc(trainingBases.id))),
  items: await d.db.select().from(standardItems).orderBy(asc(standardItems.id)),
  standards: strip(
    await d.db.select().from(schoolStandards).orderBy(asc(schoolStandards.orgId), asc(schoolStandards.itemId)),
  ),
  applications: strip(await d.db.select().from(specialtyApplications).orderBy(asc(specialtyApplications.id))),
  partners: strip(
    await d.db
      .select()
      .from(specialtyApplicationPartners)
      .orderBy(asc(specialtyApplicationPartners.applicationId), asc(specialtyApplicationPartners.enterpriseOrgId)),
  ),
  decisions: strip(await d.db.select().from(specialtyExitDecisions).orderBy(asc(specialtyExitDecisions.id))),
  teachers: strip(await d.db.select().from(schoolTeachers).orderBy(asc(schoolTeachers.id))),
  practices: strip(await d.db.select().from(teacherPractices).orderBy(asc(teacherPractices.id))),
  offices: strip(await d.db.select().from(coopOffices).orderBy(asc(coopOffices.schoolOrgId))),
});

describe('demo layout, specialty, teacher and office duties', () => {
  it('has a roster of teachers (two seeds giving the same rows: determinism.test.ts)', async () => {
    expect((await tables(demo.database)).teachers.length).toBeGreaterThan(300);
  });

  it('shows a layout with flagships (≤ 2 per 市州), county bases and 达标 items, marked 示例', async () => {
    const v = await get('province', '/api/layout');
    expect(v.schools.length).toBeGreaterThan(100);
    expect(v.schools.every((s: { countyCode: string | null }) => s.countyCode)).toBe(true);
    expect(v.flagshipsByRegion.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...v.flagshipsByRegion.map((r: { flagships: number }) => r.flagships))).toBe(2);
    expect(v.bases.length).toBeGreaterThanOrEqual(17);
    expect(v.bases.every((b: { name: string }) => b.name.includes('示例'))).toBe(true);
    expect(
      (await get('province', '/api/layout/standard-items')).items.every((i: { requirement: string }) =>
        i.requirement.startsWith('示例'),
      ),
    ).toBe(true);
  });

  it('has applications in every state, warning decisions, rosters with practice and offices', async () => {
    const apps = (await get('province', '/api/specialty-applications')).items;
    expect(apps.map((a: { state: string }) => a.state).sort()).toEqual([...APPLICATION_STATES].sort());
    const decisions = (await get('province', '/api/specialty-decisions')).items;
    expect(decisions.length).toBeGreaterThanOrEqual(3);
    expect(new Set(decisions.map((d: { decision: string }) => d.decision))).toEqual(
      new Set(['keep', 'reduce', 'withdraw']),
    );
    // Stints end up to two months before today: early in a year, the figure of the year before is the full one.
    const year = today() >= `${thisYear()}-04-01` ? thisYear() : thisYear() - 1;
    const teachers = await get('province', `/api/teachers?year=${year}`);
    expect(teachers.figure.keyTeachers).toBeGreaterThan(50);
    expect(teachers.figure.meeting).toBe(161);
    expect(teachers.figure.meeting).toBeLessThan(teachers.figure.keyTeachers);
    const offices = await get('province', '/api/coop-offices');
    const states = new Set(offices.schools.map((s: { state: string }) => s.state));
    expect(states).toEqual(new Set(['none', 'incomplete', 'complete']));
  });

  it('has recruited enterprise talent and 工学一体化 bases in every review state, counted when approved', async () => {
    const recruits = (await get('province', '/api/teacher-recruits')).items;
    const bases = (await get('province', '/api/integrated-bases')).items;
    expect(new Set(recruits.map((r: { state: string }) => r.state))).toEqual(
      new Set(['submitted', 'approved', 'returned']),
    );
    expect(bases.length).toBeGreaterThanOrEqual(5);
    expect(bases.every((b: { name: string }) => b.name.includes('示例'))).toBe(true);
    const f = await get('province', '/api/teacher-team/figures');
    expect(f.recruits).toBe(recruits.filter((r: { state: string }) => r.state === 'approved').length);
    expect(f.bases).toBe(bases.filter((b: { state: string }) => b.state === 'approved').length);
  });

  // Removes the demo in a transaction it then rolls back: the other tests still read the whole demo, in any order.
  it('leaves nothing behind when the demo is removed', async () => {
    await rolledBack(demo.database, async (tx) => {
      await deleteDemoRowsIn(tx);
      const left = await tx.execute(
        sql`select (select count(*) from school_layouts) + (select count(*) from training_bases) + (select count(*) from standard_items) + (select count(*) from school_teachers) + (select count(*) from specialty_applications) + (select count(*) from coop_offices) + (select count(*) from teacher_recruits) + (select count(*) from integrated_training_bases) as n`,
      );
      expect(Number((left as unknown as { rows: { n: number }[] }).rows[0].n)).toBe(0);
    });
  });
});
