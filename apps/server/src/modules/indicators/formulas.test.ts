import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { TEST_TODAY } from '../../../test/clock-setup';
import {
  agreementParties,
  agreements,
  campaignQuotas,
  campaigns,
  projects,
  schoolMentors,
  schoolSpecialties,
} from '../../db/schema/index';
import { setClock } from '../../lib/clock';

// Issue 13 part 6: each formula choice read as the notice means it (docs/indicators.md), on a small province built by
// hand. The clock is pinned to mid-June, so "up to today" and "starting after the year" are the same on any run.
const year = 2026;
const TODAY = `${year}-06-15`;
let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};
const spec: string[] = [];
// Keys as the server makes them from ID numbers (32 hex digits, projects/refs.ts idKeyOf).
const hk = (k: string) => Buffer.from(k).toString('hex').padEnd(32, '0').slice(0, 32);

beforeAll(async () => {
  setClock(TODAY);
  t = await createTestApp();
  const db = t.database.db;
  // A and B run full-time programmes; C is a training-only school (running, but no 学制教育); D runs nothing.
  id.A = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '甲校', fullTimeTeachers: 10 })).id;
  id.B = (
    await makeOrg(t, {
      type: 'school',
      regionCode: '420600',
      name: '乙校',
      fullTimeTeachers: 40,
      nationalIntegrated: true,
    })
  ).id;
  id.C = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '丙校（培训）' })).id;
  await db.execute(sql`update orgs set full_time_programmes = false where id = ${id.C}`);
  id.E = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '企业', isKey: true })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy-b', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'sch-b', role: 'school', regionCode: '420600', orgId: id.B });
  for (const u of ['prov', 'xy-b', 'sch-b']) c[u] = await login(t, u);
  spec.push(
    ...(await exec(t, sql`select code from dict_entries where kind = 'specialty' order by code limit 5`)).rows.map(
      (r) => r.code as string,
    ),
  );
  // A: 2 specialties, 1 integrated; B: 3, none integrated; all five key specialties of A and B are below.
  await db.insert(schoolSpecialties).values([
    { orgId: id.A, specialtyCode: spec[0], enrolment: 100, graduatesPerYear: 30, integrated: true, isKey: true },
    { orgId: id.A, specialtyCode: spec[1], enrolment: 100, graduatesPerYear: 30, integrated: false, isKey: true },
    { orgId: id.B, specialtyCode: spec[2], enrolment: 100, graduatesPerYear: 30, integrated: false, isKey: true },
    { orgId: id.B, specialtyCode: spec[3], enrolment: 100, graduatesPerYear: 30, integrated: false, isKey: true },
    { orgId: id.B, specialtyCode: spec[4], enrolment: 100, graduatesPerYear: 30, integrated: false, isKey: true },
  ]);
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
  await db.insert(campaignQuotas).values([{ campaignId: camp.id, regionCode: '420600', projectQuota: 10 }]);
  const agreement = async (
    no: string,
    status: 'draft' | 'pending_confirmation' | 'active' | 'expired' | 'terminated',
    school: number,
  ) => {
    const [a] = await db
      .insert(agreements)
      .values({
        agreementNo: no,
        campaignYear: year,
        regionCode: '420600',
        title: no,
        termStart: `${year - 1}-01-01`,
        termEnd: `${year + 1}-12-31`,
        status,
      })
      .returning();
    await db.insert(agreementParties).values([
      { agreementId: a.id, orgId: school, side: 'school' },
      { agreementId: a.id, orgId: id.E, side: 'enterprise' },
    ]);
    return a.id;
  };
  for (const s of ['draft', 'pending_confirmation', 'active', 'expired', 'terminated'] as const)
    id[`A_${s}`] = await agreement(`A-${s}`, s, id.A);
  id.B_active = await agreement('B-active', 'active', id.B);
  const proj = (agreementId: number, school: number, over: Partial<typeof projects.$inferInsert>) =>
    db.insert(projects).values({
      agreementId,
      type: 'rnd',
      title: 'x',
      campaignYear: year,
      regionCode: '420600',
      schoolOrgId: school,
      status: 'running',
      startDate: `${year}-01-10`,
      data: {},
      ...over,
    });
  // Bases: spec0 running under active (counts), spec1 planned under active (no), spec2 running under terminated (no),
  // spec3 completed under expired (counts), spec4 stopped under active (no).
  const base = (
    agreementId: number,
    school: number,
    code: string,
    status: 'planned' | 'running' | 'completed' | 'stopped',
  ) => proj(agreementId, school, { type: 'base', title: `基地 ${code}`, status, data: { specialtyCodes: [code] } });
  await base(id.A_active, id.A, spec[0], 'running');
  await base(id.A_active, id.A, spec[1], 'planned');
  await base(id.A_terminated, id.B, spec[2], 'running');
  await base(id.A_expired, id.B, spec[3], 'completed');
  await base(id.B_active, id.B, spec[4], 'stopped');
  // Quota: this year 5 bases above + 2 more under a draft and one waiting for confirmations. Counted: active (2 of A,
  // 1 of B), expired (1) = 4 of 10; terminated, draft, pending do not count.
  await proj(id.A_draft, id.A, { title: '草稿协议项目' });
  await proj(id.A_pending_confirmation, id.A, { title: '待确认协议项目' });
  // Mentors of A's projects: M1 in term now (hashed key), M2 appointed from next year, M3 a hand-typed key, M4 whose
  // term ran through last year (2025: within the action).
  const mentor = (idKey: string, name: string, termStart: string, termEnd: string) => ({
    name,
    idKey,
    title: '技师',
    termStart,
    termEnd,
  });
  await proj(id.A_active, id.A, {
    type: 'mentor',
    title: '导师项目',
    campaignYear: year - 1,
    data: {
      mentors: [
        mentor(hk('M1'), '王一', `${year - 1}-01-01`, `${year + 1}-12-31`),
        mentor(hk('M2'), '王二', `${year + 1}-01-01`, `${year + 2}-12-31`),
        mentor('TYPEDKEY03', '王三', `${year - 1}-01-01`, `${year + 1}-12-31`),
        mentor(hk('M4'), '王四', `${year - 1}-01-01`, `${year - 1}-12-31`),
      ],
    },
  });
  // A's own roster: M1 again (one person), R1 in term now, R2 from next year.
  const roster = (idKey: string, name: string, termStart: string, termEnd: string) => ({
    schoolOrgId: id.A,
    regionCode: '420600',
    name,
    enterprise: '企业',
    specialtyCode: spec[0],
    termStart,
    termEnd,
    idKey,
  });
  await db
    .insert(schoolMentors)
    .values([
      roster(hk('M1'), '王一', `${year}-01-01`, `${year + 1}-12-31`),
      roster(hk('R1'), '李一', `${year}-03-01`, `${year + 1}-12-31`),
      roster(hk('R2'), '李二', `${year + 1}-01-01`, `${year + 1}-12-31`),
    ]);
  // Teacher practice of B (key specialty backbone teachers): T1 40 days from 1 June (15 days done by today), T2 30
  // days from 1 March (done), T3 45 days from 1 July (not begun).
  const teacher = (key: string, days: number, startDate: string) => ({
    name: `教师${key}`,
    idKey: hk(key),
    keySpecialty: true,
    backbone: true,
    days,
    startDate,
  });
  await proj(id.B_active, id.B, {
    type: 'teacher_practice',
    title: '实践',
    campaignYear: year - 1,
    data: {
      teachers: [
        teacher('T1', 40, `${year}-06-01`),
        teacher('T2', 30, `${year}-03-01`),
        teacher('T3', 45, `${year}-07-01`),
      ],
    },
  });
});
afterAll(async () => {
  await t.close();
  setClock(TEST_TODAY);
});

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: c[who] } });
const card = async (idv: string, scope = '') => {
  const k = (await get('prov', `/api/indicators?year=${year}${scope}`))
    .json()
    .items.find((i: { id: string }) => i.id === idv);
  return [k.numerator, k.denominator];
};

describe('formula choices (issue 13 part 6)', () => {
  it('integrated_coverage is over every specialty of the full-time schools: a first integrated specialty raises it', async () => {
    expect(await card('integrated_coverage')).toEqual([1, 5]); // A's spec0 of A's 2 + B's 3 (C runs no 学制教育)
    await t.database.db
      .update(schoolSpecialties)
      .set({ integrated: true })
      .where(eq(schoolSpecialties.specialtyCode, spec[2]));
    expect(await card('integrated_coverage')).toEqual([2, 5]);
  });

  it('integrated_schools leaves out training-only schools; only the bureau sets the flag', async () => {
    expect(await card('integrated_schools')).toEqual([2, 2]); // A and B; C (training only) is out
    expect(await card('school_coverage')).toEqual([2, 3]); // the 90% target still counts C: it runs training
    const b = (await get('sch-b', `/api/orgs/${id.B}`)).json();
    const self = await t.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${id.B}`,
      headers: { cookie: c['sch-b'] },
      payload: { version: b.version, fullTimeProgrammes: false },
    });
    expect([self.statusCode, self.json().error.message]).toEqual([
      403,
      '所属地区、重点企业、办学情况和工学一体化建设状态等信息由主管人社部门维护',
    ]);
    const bureau = await t.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${id.B}`,
      headers: { cookie: c['xy-b'] },
      payload: { version: b.version, fullTimeProgrammes: false },
    });
    expect([bureau.statusCode, bureau.json().fullTimeProgrammes]).toEqual([200, false]);
    expect(await card('integrated_schools')).toEqual([1, 1]);
    const back = await t.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${id.B}`,
      headers: { cookie: c['xy-b'] },
      payload: { version: bureau.json().version, fullTimeProgrammes: true },
    });
    expect(back.statusCode).toBe(200);
  });

  it('national 工学一体化 construction is marked done by the bureau, not by the school itself', async () => {
    expect(await card('national_integrated_done')).toEqual([0, 1]);
    const b = (await get('sch-b', `/api/orgs/${id.B}`)).json();
    const self = await t.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${id.B}`,
      headers: { cookie: c['sch-b'] },
      payload: { version: b.version, nationalIntegratedDone: true },
    });
    expect(self.statusCode).toBe(403);
    expect(await card('national_integrated_done')).toEqual([0, 1]);
    const bureau = await t.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${id.B}`,
      headers: { cookie: c['xy-b'] },
      payload: { version: b.version, nationalIntegratedDone: true },
    });
    expect(bureau.statusCode, bureau.body).toBe(200);
    expect(await card('national_integrated_done')).toEqual([1, 1]);
  });

  it('key_specialty_bases counts bases running or completed under an agreement in force or run to its end', async () => {
    expect(await card('key_specialty_bases')).toEqual([2, 5]); // spec0 (running, active), spec3 (completed, expired)
  });

  it('quota_completion counts projects under signed, active or expired agreements only', async () => {
    // This year's campaign: A's 2 bases and B's base under active agreements, the base under the expired one = 4;
    // not the base under the terminated one, nor the draft's or the pending agreement's project (the mentor and
    // practice projects belong to last year's campaign).
    expect(await card('quota_completion')).toEqual([4, 10]);
    const table = (await get('prov', `/api/campaigns/${year}/quota`))
      .json()
      .rows.find((r: { regionCode: string }) => r.regionCode === '420600');
    expect([table.total, table.quota]).toEqual([4, 10]);
  });

  it('guest_mentors counts appointments in force from 2025 to the end of the year, keyed hashes only, one person once', async () => {
    expect(await card('guest_mentors')).toEqual([3, null]); // M1 (project and roster), M4, R1; not M2, R2 (later), M3 (typed)
    const rows = (await get('prov', `/api/indicators/guest_mentors/rows?year=${year}`)).json();
    expect(rows.items.map((r: { label: string }) => r.label).sort()).toEqual(['李一', '王一', '王四']);
  });

  it('a person typed in by key instead of ID number is refused', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/agreements/${id.A_active}/projects`,
      headers: { cookie: c.prov },
      payload: {
        type: 'mentor',
        title: '导师',
        startDate: `${year}-03-01`,
        data: {
          mentors: [
            {
              name: '赵五',
              idKey: 'ABCDEFGH12',
              title: '技师',
              skillLevel: '1',
              enterpriseOrgId: id.E,
              teachingHours: 10,
              termStart: `${year}-03-01`,
              termEnd: `${year}-12-31`,
            },
          ],
        },
      },
    });
    expect([r.statusCode, r.json().error.message, r.json().error.details]).toEqual([
      400,
      '人员须填写身份证号，人员标识由系统生成，不能直接填写',
      [{ path: 'mentors.0.idKey', message: '请填写身份证号' }],
    ]);
  });

  it('mentor_ratio counts mentors in term today from projects and the school roster, each person once', async () => {
    expect(await card('mentor_ratio', `&school=${id.A}`)).toEqual([2, 10]); // M1 once, R1; M4's term ended, M2 and R2 not begun
    expect(await card('mentor_ratio_schools')).toEqual([1, 3]); // A reaches 20%
  });

  it('teacher_practice counts only the days up to today', async () => {
    expect(await card('teacher_practice')).toEqual([1, 2]); // T2 (30 days); T1 has 15 so far; T3 has not begun
    const rows = (await get('prov', `/api/indicators/teacher_practice/rows?year=${year}`)).json();
    expect(rows.items.map((r: { label: string; detail: string }) => `${r.label} ${r.detail}`)).toEqual([
      '教师T2 30 天',
    ]);
  });
});
