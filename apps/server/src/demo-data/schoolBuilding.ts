import { and, asc, eq, inArray } from 'drizzle-orm';
import { countiesOf, DEMO_MARK, idNumberCheckChar, SPECIALTIES } from '@cjrh/domain';
import type { Db, DbOrTx } from '../db/client';
import {
  coopOffices,
  orgs,
  schoolLayouts,
  schoolSpecialties,
  schoolStandards,
  schoolTeachers,
  specialtyApplicationPartners,
  specialtyApplications,
  specialtyExitDecisions,
  standardItems,
  teacherPractices,
  trainingBases,
  users,
} from '../db/schema/index';
import type { Actor } from '../http/access';
import { now, thisYear, today } from '../lib/clock';
import { hashIdNumbers } from '../modules/projects/refs';
import { flaggedSpecialties } from '../modules/specialtychanges/decisions.service';
import { addDays } from './projectDates';
import { mobile, personName } from './names';
import { mulberry32, type Rng } from './random';
import { seedTeacherTeam } from './teacherTeam';

// The notice's duties 二(一)–(三) and 三(一) in the demo, after every other stage (it reads the warning the results
// stage set up): a layout with counties, flagships, county bases and 达标 items; new-specialty applications in
// every state; decisions on warned specialties; teacher rosters with enterprise practice; cooperation offices;
// recruited enterprise talent and 工学一体化 teacher-training bases (teacherTeam.ts).
// Dates are relative to today, so the same day and seed give the same rows. Text carries 示例.

const SCHOOL_BUILDING_SEED = 20261207;
const STANDARD_ITEMS = [
  { code: 'demo_land', name: '生均占地面积', requirement: '示例：生均占地面积不低于 33 平方米' },
  { code: 'demo_building', name: '生均校舍建筑面积', requirement: '示例：生均校舍建筑面积不低于 20 平方米' },
  { code: 'demo_ratio', name: '生师比', requirement: '示例：生师比不高于 20:1' },
  { code: 'demo_equipment', name: '生均教学仪器设备值', requirement: '示例：生均教学仪器设备值不低于 5000 元' },
];
type School = { id: number; name: string; regionCode: string; schoolType: string | null; enrolment: number | null };

export async function seedDemoSchoolBuilding(tx: DbOrTx, opts: { log?: (m: string) => void } = {}) {
  const t0 = performance.now();
  const rng = mulberry32(SCHOOL_BUILDING_SEED);
  const schools: School[] = await tx
    .select({
      id: orgs.id,
      name: orgs.name,
      regionCode: orgs.regionCode,
      schoolType: orgs.schoolType,
      enrolment: orgs.enrolment,
    })
    .from(orgs)
    .where(and(eq(orgs.type, 'school'), eq(orgs.isDemo, true)))
    .orderBy(asc(orgs.id));
  if (!schools.length) return null;
  const layout = await seedLayout(tx, rng, schools);
  const applications = await seedApplications(tx, rng, schools);
  const decisions = await seedDecisions(tx);
  const teachers = await seedTeachers(tx, rng, schools);
  const offices = await seedOffices(tx, rng, schools);
  const team = await seedTeacherTeam(tx, schools);
  const summary = { ...layout, applications, decisions, ...teachers, offices, ...team };
  opts.log?.(`duties: ${JSON.stringify(summary)} in ${Math.round(performance.now() - t0)} ms`);
  return summary;
}

async function seedLayout(tx: DbOrTx, rng: Rng, schools: School[]) {
  const byRegion = new Map<string, School[]>();
  for (const s of schools) byRegion.set(s.regionCode, [...(byRegion.get(s.regionCode) ?? []), s]);
  // Flagships: the largest 技师学院 (else any school) of a 市州, two where it has enough schools, none in the smallest.
  const flagships = new Set<number>();
  for (const list of byRegion.values()) {
    const ranked = [...list].sort(
      (a, b) =>
        Number(b.schoolType === '技师学院') - Number(a.schoolType === '技师学院') ||
        (b.enrolment ?? 0) - (a.enrolment ?? 0) ||
        a.id - b.id,
    );
    const n = list.length >= 8 ? 2 : list.length >= 3 ? 1 : 0;
    for (const s of ranked.slice(0, n)) flagships.add(s.id);
  }
  const at = now();
  await tx.insert(schoolLayouts).values(
    schools.map((s) => {
      const counties = countiesOf(s.regionCode);
      const flagship = flagships.has(s.id);
      return {
        orgId: s.id,
        regionCode: s.regionCode,
        countyCode: counties.length ? rng.pick(counties).code : null,
        flagship,
        flagshipReason: flagship ? '示例：办学规模和重点专业群居本市州前列，承担区域高技能人才培养任务' : null,
        flagshipAt: flagship ? at : null,
        version: 2,
      };
    }),
  );
  // One or two county public training bases in most 市州, run by a school of the county where there is one.
  const bases: (typeof trainingBases.$inferInsert)[] = [];
  for (const [regionCode, list] of byRegion) {
    const counties = countiesOf(regionCode);
    for (const county of rng.sample(counties, Math.min(counties.length, rng.int(1, 2)))) {
      const owner = list.length ? rng.pick(list) : null;
      bases.push({
        name: `${county.name}公共实训基地${DEMO_MARK}`,
        regionCode,
        countyCode: county.code,
        ownerOrgId: owner?.id ?? null,
        capacity: rng.int(8, 60) * 10,
        status: rng.pick(['planned', 'building', 'operating', 'operating', 'operating'] as const),
        isDemo: true,
      });
    }
  }
  await tx.insert(trainingBases).values(bases);
  const items = await tx
    .insert(standardItems)
    .values(STANDARD_ITEMS.map((s, i) => ({ ...s, sortOrder: i + 1, isDemo: true })))
    .returning({ id: standardItems.id });
  const statuses: (typeof schoolStandards.$inferInsert)[] = [];
  for (const s of schools)
    for (const it of items)
      statuses.push({
        orgId: s.id,
        itemId: it.id,
        status: rng.chance(0.8) ? 'met' : rng.chance(0.7) ? 'unmet' : 'unknown',
        note: '',
      });
  for (let i = 0; i < statuses.length; i += 500) await tx.insert(schoolStandards).values(statuses.slice(i, i + 500));
  return { flagships: flagships.size, bases: bases.length, standardItems: items.length };
}

/** One application in each state, in the 市州 with the most schools, with partner enterprises of that 市州. */
async function seedApplications(tx: DbOrTx, rng: Rng, schools: School[]) {
  const counts = new Map<string, number>();
  for (const s of schools) counts.set(s.regionCode, (counts.get(s.regionCode) ?? 0) + 1);
  const region = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
  const mine = schools.filter((s) => s.regionCode === region).slice(0, 5);
  const enterprises = await tx
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(eq(orgs.type, 'enterprise'), eq(orgs.isDemo, true), eq(orgs.regionCode, region)))
    .orderBy(asc(orgs.id))
    .limit(20);
  const [bureau] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'region'), eq(users.regionCode, region), eq(users.isDemo, true)))
    .limit(1);
  const states = ['awaiting_partners', 'submitted', 'approved', 'rejected', 'withdrawn'] as const;
  let n = 0;
  for (const [i, s] of mine.entries()) {
    if (i >= states.length || enterprises.length < 2) break;
    const has = new Set(
      (
        await tx
          .select({ code: schoolSpecialties.specialtyCode })
          .from(schoolSpecialties)
          .where(eq(schoolSpecialties.orgId, s.id))
      ).map((r) => r.code),
    );
    const spec = rng.pick(SPECIALTIES.filter((x) => !has.has(x.code)));
    const state = states[i];
    const planned = rng.int(4, 12) * 10;
    const decided = state === 'approved' || state === 'rejected';
    const [a] = await tx
      .insert(specialtyApplications)
      .values({
        schoolOrgId: s.id,
        regionCode: region,
        specialtyCode: spec.code,
        level: rng.pick(['中级工', '高级工', '预备技师'] as const),
        plannedEnrolment: planned,
        reason: `示例：对接本地${spec.name}相关产业用工需求，合作企业参与制定培养方案`,
        state,
        decisionNote:
          state === 'rejected'
            ? '示例：本市州同类专业已供过于求，暂不新设'
            : state === 'approved'
              ? '示例：同意设置'
              : null,
        effectiveOn: state === 'approved' ? today() : null,
        decidedBy: decided ? (bureau?.id ?? null) : null,
        decidedAt: decided ? now() : null,
      })
      .returning({ id: specialtyApplications.id });
    const partners = rng.sample(enterprises, 2);
    await tx.insert(specialtyApplicationPartners).values(
      partners.map((p, k) => ({
        applicationId: a.id,
        enterpriseOrgId: p.id,
        state: state === 'awaiting_partners' && k === 1 ? ('pending' as const) : ('confirmed' as const),
        decidedAt: state === 'awaiting_partners' && k === 1 ? null : now(),
      })),
    );
    if (state === 'approved')
      await tx.insert(schoolSpecialties).values({ orgId: s.id, specialtyCode: spec.code, enrolment: planned });
    n++;
  }
  return n;
}

/** Decisions on the first warned school specialties: kept, reduced (open), withdrawn (open), withdrawn and done. */
async function seedDecisions(tx: DbOrTx) {
  const [p] = await tx
    .select()
    .from(users)
    .where(and(eq(users.role, 'province'), eq(users.isDemo, true)))
    .limit(1);
  if (!p) return 0;
  const actor: Actor = {
    id: p.id,
    username: p.username,
    displayName: p.displayName,
    role: 'province',
    regionCode: null,
    orgId: null,
    orgName: null,
    orgType: null,
    isDemo: true,
  };
  // The warning service reads through the transaction like any query; it only reads.
  const flagged = await flaggedSpecialties(tx as Db, { actor, ip: null, requestId: null });
  const picks = flagged.items.slice(0, 4);
  const kinds = [
    { decision: 'keep' as const, reason: '示例：区域重点产业仍需该专业，保留并加强实习就业指导', done: true },
    { decision: 'reduce' as const, reason: '示例：连续供过于求，下一年度调减招生规模', done: false },
    { decision: 'withdraw' as const, reason: '示例：需求持续萎缩且实习就业率偏低，停止招生并撤销', done: false },
    { decision: 'withdraw' as const, reason: '示例：已无合作企业需求，撤销专业', done: true },
  ];
  for (const [i, f] of picks.entries()) {
    const k = kinds[i];
    const newEnrolment = k.decision === 'reduce' ? Math.floor(f.enrolment * 0.6) : null;
    await tx.insert(specialtyExitDecisions).values({
      schoolOrgId: f.schoolOrgId,
      regionCode: f.regionCode,
      specialtyCode: f.specialtyCode,
      warningYear: flagged.year,
      flags: f.flags,
      decision: k.decision,
      reason: k.reason,
      effectiveYear: flagged.year + 1,
      newEnrolment,
      state: k.done ? 'done' : 'open',
      doneOn: k.done ? today() : null,
      enrolmentBefore: k.done ? f.enrolment : null,
      followUp: k.done ? '示例：已按决定办理' : '',
      decidedBy: p.id,
    });
    if (k.done && k.decision === 'withdraw')
      await tx
        .delete(schoolSpecialties)
        .where(and(eq(schoolSpecialties.orgId, f.schoolOrgId), eq(schoolSpecialties.specialtyCode, f.specialtyCode)));
  }
  return picks.length;
}

/** A synthetic ID number with a valid check digit (born 1970–1995, a sequence number that makes it unique). */
const demoIdNumber = (regionCode: string, n: number, rng: Rng) => {
  const birth = `${rng.int(1970, 1995)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
  const first17 = `${regionCode}${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
};

async function seedTeachers(tx: DbOrTx, rng: Rng, schools: School[]) {
  const specs = await tx
    .select({ orgId: schoolSpecialties.orgId, code: schoolSpecialties.specialtyCode })
    .from(schoolSpecialties)
    .where(
      inArray(
        schoolSpecialties.orgId,
        schools.map((s) => s.id),
      ),
    );
  const specsOf = new Map<number, string[]>();
  for (const r of specs) specsOf.set(r.orgId, [...(specsOf.get(r.orgId) ?? []), r.code]);
  const rows: (Omit<typeof schoolTeachers.$inferInsert, 'idKey'> & { idNumber: string })[] = [];
  let seq = 0;
  for (const s of schools) {
    const mine = (specsOf.get(s.id) ?? []).sort();
    if (!mine.length) continue;
    for (let i = 0, n = rng.int(4, 8); i < n; i++) {
      rows.push({
        schoolOrgId: s.id,
        regionCode: s.regionCode,
        name: `${personName(rng)}${i + 1}`,
        specialtyCode: rng.pick(mine),
        isKey: rng.chance(0.4),
        fromEnterprise: rng.chance(0.15),
        title: rng.pick(['讲师', '高级讲师', '实习指导教师', '一级实习指导教师']),
        idNumber: demoIdNumber(s.regionCode, seq++, rng),
      });
    }
  }
  // One read of the salt for all: the same keyed hash the service stores (projects/refs.ts), the numbers dropped.
  const keyed = (await hashIdNumbers(tx, { teachers: rows })).teachers as (typeof schoolTeachers.$inferInsert)[];
  const made: { id: number; isKey: boolean }[] = [];
  for (let i = 0; i < keyed.length; i += 500)
    made.push(
      ...(await tx
        .insert(schoolTeachers)
        .values(keyed.slice(i, i + 500))
        .returning({ id: schoolTeachers.id, isKey: schoolTeachers.isKey })),
    );
  // Stints placed backwards from yesterday without overlapping; key teachers practise more.
  const practices: (typeof teacherPractices.$inferInsert)[] = [];
  const yesterday = addDays(today(), -1);
  for (const t of made) {
    if (!t.isKey && !rng.chance(0.3)) continue;
    let end = addDays(yesterday, -rng.int(0, 60));
    for (let k = 0, n = t.isKey ? rng.int(1, 3) : 1; k < n; k++) {
      const len = rng.int(5, 25);
      const start = addDays(end, -(len - 1));
      practices.push({
        teacherId: t.id,
        enterprise: `合作企业实践基地${DEMO_MARK}`,
        startOn: start,
        endOn: end,
        days: Math.max(1, len - rng.int(0, 3)),
        content: rng.pick([
          '示例：生产线跟岗实践',
          '示例：参与企业技术改造项目',
          '示例：新工艺新设备培训',
          '示例：企业新型学徒制带教',
        ]),
        evidence: '示例：企业出具的实践证明',
      });
      end = addDays(start, -rng.int(10, 90));
    }
  }
  for (let i = 0; i < practices.length; i += 500) await tx.insert(teacherPractices).values(practices.slice(i, i + 500));
  return { teachers: made.length, practices: practices.length, year: thisYear() };
}

async function seedOffices(tx: DbOrTx, rng: Rng, schools: School[]) {
  const rows: (typeof coopOffices.$inferInsert)[] = [];
  for (const s of schools) {
    if (!rng.chance(0.85)) continue;
    const members = rng.chance(0.8)
      ? Array.from({ length: rng.int(2, 5) }, (_, i) => ({
          name: personName(rng),
          title: rng.pick(['干事', '科长', '专业带头人']),
          duty: ['协议管理', '实习就业', '企业联络', '项目统计', '档案管理'][i],
        }))
      : [];
    rows.push({
      schoolOrgId: s.id,
      regionCode: s.regionCode,
      name: `校企合作办公室${DEMO_MARK}`,
      responsibleName: personName(rng),
      responsibleTitle: rng.pick(['副校长', '副院长', '校企合作处处长']),
      responsiblePhone: mobile(rng),
      establishedOn: addDays(today(), -rng.int(200, 1500)),
      members,
    });
  }
  for (let i = 0; i < rows.length; i += 500) await tx.insert(coopOffices).values(rows.slice(i, i + 500));
  return rows.length;
}

/** What the demo wrote that does not cascade with the demo organisations. */
export async function deleteDemoSchoolBuilding(tx: DbOrTx) {
  await tx.delete(trainingBases).where(eq(trainingBases.isDemo, true));
  await tx.delete(standardItems).where(eq(standardItems.isDemo, true));
}
