import { DEMO_MARK, idNumberCheckChar, RECRUIT_CATEGORIES } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import { integratedTrainingBases, schoolSpecialties, teacherRecruits } from '../db/schema/index';
import { now, today } from '../lib/clock';
import { hashIdNumbers } from '../modules/projects/refs';
import { addDays } from './projectDates';
import { personName } from './names';
import { mulberry32 } from './random';
import { inArray } from 'drizzle-orm';

// Notice 二(三) in the demo: recruited enterprise talent at about one school in three and a 工学一体化 teacher-training
// base at the largest school of most 市州, in every review state (mostly approved). Its own seed, so the rows before
// it do not move. Dates relative to today; text carries 示例.
const TEAM_SEED = 20261208;
const COMPANIES = ['示例重工集团', '示例汽车零部件公司', '示例智能装备公司', '示例建设工程公司', '示例电子科技公司'];

type School = { id: number; regionCode: string; name: string; enrolment: number | null };

export async function seedTeacherTeam(tx: DbOrTx, schools: School[]) {
  const rng = mulberry32(TEAM_SEED);
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
  for (const r of specs) specsOf.set(r.orgId, [...(specsOf.get(r.orgId) ?? []), r.code].sort());
  const state = () => rng.pick(['approved', 'approved', 'approved', 'submitted', 'returned'] as const);
  const reviewed = (s: 'approved' | 'submitted' | 'returned') =>
    s === 'submitted'
      ? {}
      : { reviewedAt: now(), reviewReason: s === 'returned' ? '示例：请补充聘用合同和原单位证明' : null };
  const recruits: Record<string, unknown>[] = [];
  let seq = 0;
  for (const s of schools) {
    const mine = specsOf.get(s.id) ?? [];
    if (!mine.length || !rng.chance(0.35)) continue;
    for (let i = 0, n = rng.int(1, 3); i < n; i++) {
      const st = state();
      const first17 = `${s.regionCode}${rng.int(1965, 1990)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}${String(800 + (seq++ % 200)).padStart(3, '0')}`;
      recruits.push({
        schoolOrgId: s.id,
        regionCode: s.regionCode,
        name: personName(rng),
        idNumber: first17 + idNumberCheckChar(first17),
        category: rng.pick(RECRUIT_CATEGORIES),
        fromEnterprise: `${rng.pick(COMPANIES)}${DEMO_MARK}`,
        specialtyCode: rng.pick(mine),
        post: rng.pick(['专业带头人', '实训指导教师', '一体化课程教师']),
        startOn: addDays(today(), -rng.int(20, 700)),
        evidence: '示例：聘用合同',
        state: st,
        ...reviewed(st),
      });
    }
  }
  const keyed = (await hashIdNumbers(tx, { teachers: recruits })).teachers as (typeof teacherRecruits.$inferInsert)[];
  for (let i = 0; i < keyed.length; i += 500) await tx.insert(teacherRecruits).values(keyed.slice(i, i + 500));

  const byRegion = new Map<string, School>();
  for (const s of schools)
    if ((byRegion.get(s.regionCode)?.enrolment ?? -1) < (s.enrolment ?? 0)) byRegion.set(s.regionCode, s);
  const bases: (typeof integratedTrainingBases.$inferInsert)[] = [];
  for (const s of byRegion.values()) {
    if (!rng.chance(0.7)) continue;
    const st = state();
    bases.push({
      schoolOrgId: s.id,
      regionCode: s.regionCode,
      name: `${s.name.replace(DEMO_MARK, '')}工学一体化教师培养培训基地${DEMO_MARK}`,
      partnerEnterprise: `${rng.pick(COMPANIES)}${DEMO_MARK}`,
      specialtyArea: rng.pick([
        '数控加工、机电一体化',
        '汽车维修、新能源汽车',
        '电气自动化、工业机器人',
        '建筑施工、智能建造',
      ]),
      capacity: rng.int(4, 20) * 10,
      establishedOn: addDays(today(), -rng.int(60, 900)),
      state: st,
      ...reviewed(st),
    });
  }
  if (bases.length) await tx.insert(integratedTrainingBases).values(bases);
  return { recruits: recruits.length, integratedBases: bases.length };
}
