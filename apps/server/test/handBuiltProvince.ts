import { sql } from 'drizzle-orm';
import { createTestApp, exec, makeOrg, makeUser, login } from './app';
import {
  agreementParties,
  agreements,
  campaignQuotas,
  campaigns,
  internships,
  progressReports,
  projects,
  regionKeyIndustries,
  schoolSpecialties,
  teacherTrainings,
} from '../src/db/schema/index';
import { now, thisYear, today as clockToday } from '../src/lib/clock';

// A small province built by hand for the indicator engine's tests (src/modules/indicators/indicators.test.ts); every
// expected figure there is worked out in its comments from the records made here.
export const year = thisYear();
export const today = clockToday();
// Person keys as the server makes them from ID numbers (32 hex digits, projects/refs.ts); hand-typed keys never count.
const hk = (k: string) => Buffer.from(k).toString('hex').padEnd(32, '0').slice(0, 32);
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
// Teacher practice counts days up to today only. The stints below begin 60 and 50 days ago, but not before this year
// began (their projects are registered when they begin): on a year start they have only a few days done.
const yearStart = `${year}-01-01`;
const practiceStart = addDays(today, -60) < yearStart ? yearStart : addDays(today, -60);
const secondStart = addDays(practiceStart, 10) > today ? today : addDays(practiceStart, 10);
const doneDays = (start: string, days: number) =>
  Math.min(days, (Date.parse(today) - Date.parse(start)) / 86_400_000 + 1);
/** T1 practises 20 + 15 days in two stints: at least 30 days done by today, or not yet. */
export const t1Done = doneDays(practiceStart, 20) + doneDays(secondStart, 15) >= 30 ? 1 : 0;

export async function handBuiltProvince() {
  const t = await createTestApp();
  const c: Record<string, string> = {};
  const id: Record<string, number> = {};
  const db = t.database.db;
  // Schools: A and B in 襄阳 (running), C in 武汉 (running), D in 武汉 (not running: excluded everywhere).
  id.A = (
    await makeOrg(t, {
      type: 'school',
      regionCode: '420600',
      name: '甲校',
      fullTimeTeachers: 10,
      nationalIntegrated: true,
      nationalIntegratedDone: true,
    })
  ).id;
  id.B = (
    await makeOrg(t, {
      type: 'school',
      regionCode: '420600',
      name: '乙校',
      fullTimeTeachers: 50,
      nationalIntegrated: true,
    })
  ).id;
  id.C = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '丙校', fullTimeTeachers: 20 })).id;
  id.D = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '丁校', runsProgrammes: false })).id;
  id.E1 = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '企一', isKey: true })).id;
  id.E2 = (await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '企二', isKey: true })).id;
  id.E3 = (await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '企三', isKey: false })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'sch-a', role: 'school', regionCode: '420600', orgId: id.A });
  for (const u of ['prov', 'xy-b', 'sch-a']) c[u] = await login(t, u);
  const [camp] = await db
    .insert(campaigns)
    .values({
      year,
      title: 't',
      formsDue: `${year}-07-20`,
      regionDue: `${year}-07-31`,
      publishAt: `${year}-08-31`,
      yearEnd: `${year}-12-31`,
      formVersions: { school: `${year}.1`, enterprise: `${year}.1` },
    })
    .returning();
  await db.insert(campaignQuotas).values([
    { campaignId: camp.id, regionCode: '420600', projectQuota: 4 },
    { campaignId: camp.id, regionCode: '420100', projectQuota: 2 },
  ]);
  // Specialties. 0101/0102 are machining (→ 高端装备 and others), 1201-ish are not; key industries only for 420600.
  const mach = (await exec(t, sql`select code from dict_entries where kind = 'specialty' and name = '数控加工'`))
    .rows[0].code as string;
  const other = (
    await exec(t, sql`select s.code from dict_entries s where s.kind = 'specialty' and s.name = '服装设计与制作'`)
  ).rows[0].code as string;
  const machIndustries = (
    await exec(
      t,
      sql`select distinct ind.code from dict_entries s cross join lateral jsonb_array_elements_text(s.data->'occupationCodes') oc(code) join dict_entries o on o.kind='occupation' and o.code = oc.code cross join lateral jsonb_array_elements_text(o.data->'industryCodes') ind(code) where s.kind='specialty' and s.code = ${mach}`,
    )
  ).rows.map((r) => r.code as string);
  const otherIndustries = new Set(
    (
      await exec(
        t,
        sql`select distinct ind.code from dict_entries s cross join lateral jsonb_array_elements_text(s.data->'occupationCodes') oc(code) join dict_entries o on o.kind='occupation' and o.code = oc.code cross join lateral jsonb_array_elements_text(o.data->'industryCodes') ind(code) where s.kind='specialty' and s.code = ${other}`,
      )
    ).rows.map((r) => r.code as string),
  );
  const key = machIndustries.find((i) => !otherIndustries.has(i))!;
  await db.insert(regionKeyIndustries).values({ regionCode: '420600', industryCode: key });
  await db.insert(schoolSpecialties).values([
    {
      orgId: id.A,
      specialtyCode: mach,
      enrolment: 300,
      graduatesPerYear: 100,
      integrated: true,
      isKey: true,
      backboneTeachers: 2,
    },
    { orgId: id.A, specialtyCode: other, enrolment: 100, graduatesPerYear: 30, integrated: false, isKey: false },
    {
      orgId: id.B,
      specialtyCode: other,
      enrolment: 200,
      graduatesPerYear: 60,
      integrated: false,
      isKey: true,
      backboneTeachers: 1,
    },
    { orgId: id.C, specialtyCode: mach, enrolment: 400, graduatesPerYear: 100, integrated: true, isKey: false },
  ]);
  // Agreements: A–E1 active (counts), C–E3 active (E3 not key: C does not count), B–E2 terminated (does not count).
  const mk = async (no: string, region: string, status: 'active' | 'terminated', school: number, ent: number) => {
    const [a] = await db
      .insert(agreements)
      .values({
        agreementNo: no,
        campaignYear: year,
        regionCode: region,
        title: no,
        termStart: `${year}-01-01`,
        termEnd: `${year + 2}-12-31`,
        status,
      })
      .returning();
    await db.insert(agreementParties).values([
      { agreementId: a.id, orgId: school, side: 'school' },
      { agreementId: a.id, orgId: ent, side: 'enterprise' },
    ]);
    return a.id;
  };
  id.agA = await mk('A1', '420600', 'active', id.A, id.E1);
  await mk('C1', '420100', 'active', id.C, id.E3);
  await mk('B1', '420600', 'terminated', id.B, id.E2);
  const proj = (over: Partial<typeof projects.$inferInsert>) =>
    db
      .insert(projects)
      .values({
        agreementId: id.agA,
        type: 'rnd',
        title: 'x',
        campaignYear: year,
        regionCode: '420600',
        schoolOrgId: id.A,
        startDate: `${year}-01-10`,
        data: {},
        ...over,
      })
      .returning();
  // Order classes: one running (counts), one cancelled (no), one planned (no).
  await proj({ type: 'order_class', title: '订单一', status: 'running', data: { cancelled: false } });
  await proj({ type: 'order_class', title: '订单二', status: 'running', data: { cancelled: true } });
  await proj({ type: 'order_class', title: '订单三', status: 'planned', data: {} });
  // Mentors: the same person (K1) in two projects counts once; K2's term ended last year (counts for guest_mentors,
  // not mentor_ratio).
  await proj({
    type: 'mentor',
    title: '导师一',
    status: 'running',
    data: {
      mentors: [
        { name: '王师傅', idKey: hk('K1aaaaaaaa'), termStart: `${year - 1}-01-01`, termEnd: `${year + 1}-12-31` },
        { name: '李师傅', idKey: hk('K2aaaaaaaa'), termStart: `${year - 1}-01-01`, termEnd: `${year - 1}-12-31` },
      ],
    },
  });
  await proj({
    type: 'mentor',
    title: '导师二',
    status: 'running',
    data: {
      mentors: [
        { name: '王师傅', idKey: hk('K1aaaaaaaa'), termStart: `${year - 1}-01-01`, termEnd: `${year + 1}-12-31` },
      ],
    },
  });
  // Training evaluation: reports 120 (accepted) + 80 (submitted: waits for the bureau) + 500 (returned) this year.
  const [te] = await proj({ type: 'training_eval', title: '培训一', status: 'running', data: {} });
  await db.insert(progressReports).values([
    {
      projectId: te.id,
      period: `${year}-01`,
      dueDate: `${year}-02-10`,
      state: 'accepted',
      metrics: { personTimes: 120 },
      regionCode: '420600',
    },
    {
      projectId: te.id,
      period: `${year}-02`,
      dueDate: `${year}-03-10`,
      state: 'submitted',
      metrics: { personTimes: 80 },
      regionCode: '420600',
    },
    {
      projectId: te.id,
      period: `${year}-03`,
      dueDate: `${year}-04-10`,
      state: 'returned',
      metrics: { personTimes: 500 },
      regionCode: '420600',
    },
  ]);
  // Teacher practice: T1 has 20 + 15 = 35 days (counts), T2 has 10 (no), T3 is not backbone (ignored).
  await proj({
    type: 'teacher_practice',
    title: '实践一',
    status: 'running',
    createdAt: new Date(`${practiceStart}T09:00:00+08:00`),
    data: {
      teachers: [
        {
          name: '赵老师',
          idKey: hk('T1aaaaaaaa'),
          keySpecialty: true,
          backbone: true,
          days: 20,
          startDate: practiceStart,
        },
        {
          name: '钱老师',
          idKey: hk('T2aaaaaaaa'),
          keySpecialty: true,
          backbone: true,
          days: 10,
          startDate: practiceStart,
        },
      ],
    },
  });
  await proj({
    type: 'teacher_practice',
    title: '实践二',
    status: 'running',
    createdAt: new Date(`${practiceStart}T09:00:00+08:00`),
    data: {
      teachers: [
        {
          name: '赵老师',
          idKey: hk('T1aaaaaaaa'),
          keySpecialty: true,
          backbone: true,
          days: 15,
          startDate: secondStart,
        },
        {
          name: '孙老师',
          idKey: hk('T3aaaaaaaa'),
          keySpecialty: true,
          backbone: false,
          days: 60,
          startDate: secondStart,
        },
      ],
    },
  });
  // A base serving A's key machining specialty.
  await proj({ type: 'base', title: '基地一', status: 'running', data: { specialtyCodes: [mach] } });
  // One deleted project: counts nowhere.
  await proj({ type: 'order_class', title: '已删除', status: 'running', deletedAt: now() });
  // Teacher trainings counted by end date: 刘老师 twice this year (once), 陈老师 from last December to this January
  // (this year), 吴老师 ended last year (not counted) → 2 teachers.
  const tt = (schoolOrgId: number, regionCode: string, teacherName: string, startDate: string, endDate: string) => ({
    schoolOrgId,
    regionCode,
    teacherName,
    specialtyCode: mach,
    startDate,
    endDate,
    hours: 40,
    provider: '培训基地',
  });
  await db
    .insert(teacherTrainings)
    .values([
      tt(id.A, '420600', '刘老师', `${year}-03-01`, `${year}-03-10`),
      tt(id.A, '420600', '刘老师', `${year}-06-01`, `${year}-06-10`),
      tt(id.A, '420600', '陈老师', `${year - 1}-12-20`, `${year}-01-05`),
      tt(id.C, '420100', '吴老师', `${year - 1}-04-01`, `${year - 1}-12-31`),
    ]);
  // Cohorts count once ended; on an early-January day the January cohorts end today (the suite runs on 2027-01-04 too).
  const cohortEnd = today < `${year}-01-31` ? today : `${year}-01-31`;
  await db.insert(internships).values([
    {
      schoolOrgId: id.A,
      enterpriseOrgId: id.E1,
      regionCode: '420600',
      specialtyCode: mach,
      students: 20,
      startDate: `${year}-01-01`,
      endDate: cohortEnd,
      paid: true,
      payPerMonth: 2000,
      insured: true,
      safetyTrained: true,
      employedAfter: 15,
    },
    {
      schoolOrgId: id.C,
      enterpriseOrgId: id.E2,
      regionCode: '420100',
      specialtyCode: mach,
      students: 10,
      startDate: `${year}-01-01`,
      endDate: cohortEnd,
      paid: true,
      payPerMonth: 2000,
      insured: true,
      safetyTrained: true,
      employedAfter: 3,
    },
  ]);
  return { t, c, id };
}
