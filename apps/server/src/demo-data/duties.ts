import { eq, inArray, or } from 'drizzle-orm';
import { DETAILED_OCCUPATIONS, schoolTemplateFrom, type SchemeItem } from '@cjrh/domain';
import type { Db, DbOrTx } from '../db/client';
import {
  appMeta,
  assessmentSchemes,
  orgs,
  priorityEntries,
  priorityLists,
  schoolAssessments,
  skillContests,
  skillTrainings,
  users,
} from '../db/schema/index';
import type { Actor, Ctx } from '../http/access';
import { addDaysIso, today, withClockStopped } from '../lib/clock';
import { actOnAgreement } from '../modules/agreements/actions.service';
import { createAgreement, uploadScan } from '../modules/agreements/agreements.service';
import {
  addPriorityEntry,
  createPriorityList,
  priorityCandidates,
  publishPriorityList,
} from '../modules/priority/priority.service';
import {
  freezeSchoolAssessment,
  saveSchoolScheme,
  saveSchoolScore,
} from '../modules/schoolassess/schoolassess.service';
import { schoolsOf } from '../modules/schoolassess/schoolassess.repository';
import { createSkillContest, createSkillTraining, reviewSkillRecord } from '../modules/skills/skills.service';
import { scanPdf } from './scan';

const META_KEY = 'demo_duties';

/**
 * Issue 19 parts 5–7 brought to life through the live services, as the people would (clock standing still, so two
 * seeds write the same rows): two 校地协议 (襄阳 signed and confirmed by its bureau for 枣阳市人民政府; 武汉 signed and
 * waiting for the 武汉 bureau), subsidised training and evaluation records in each review state, a contest, the 襄阳
 * bureau's frozen school assessment of this year and the province's published priority list for 中职基础能力建设.
 */
export async function seedDemoDuties(tx: DbOrTx, log: (m: string) => void = () => {}) {
  const at = new Date(`${addDaysIso(today(), -1)}T17:00:00+08:00`);
  return withClockStopped(at, () => stories(tx, log));
}

async function stories(tx: DbOrTx, log: (m: string) => void) {
  const db = tx as Db;
  const names = [
    'province',
    'region-420600',
    'region-420100',
    'school-420600-01',
    'school-420600-02',
    'school-420100-01',
    'enterprise-420600-01',
  ];
  const rows = await tx
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      regionCode: users.regionCode,
      orgId: users.orgId,
      orgName: orgs.name,
      orgType: orgs.type,
    })
    .from(users)
    .leftJoin(orgs, eq(orgs.id, users.orgId))
    .where(inArray(users.username, names));
  const ctxOf = (username: string): Ctx => {
    const u = rows.find((r) => r.username === username);
    if (!u) throw new Error(`demo duties: no account ${username}`);
    const actor: Actor = {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      regionCode: u.regionCode,
      orgId: u.orgId,
      orgName: u.orgName,
      orgType: u.orgType as Actor['orgType'],
      isDemo: true,
    };
    return { actor, ip: null, requestId: null };
  };
  const orgOf = (username: string) => ctxOf(username).actor!.orgId!;
  const day = today();
  const year = Number(day.slice(0, 4));

  // 三(二) 校地协议: one confirmed by the 襄阳 bureau for the government, one waiting for the 武汉 bureau.
  const govAgreement = async (school: string, govCode: string, title: string) => {
    const a = await createAgreement(db, ctxOf(school), {
      kind: 'government',
      govCode,
      title: `${title}（示例）`,
      schoolOrgIds: [orgOf(school)],
      enterpriseOrgIds: [],
      areas: ['产教协同', '公共实训基地共建'],
      scope: '双方围绕地方主导产业共建专业、共建公共实训基地，政府在用地、经费和企业对接上给予支持。',
      termStart: day,
      termEnd: addDaysIso(`${year + 3}${day.slice(4)}`, -1),
    });
    const up = await uploadScan(db, ctxOf(school), a.id, scanPdf(a.agreementNo), `${a.agreementNo}-签字盖章扫描件.pdf`);
    return actOnAgreement(db, ctxOf(school), a.id, { action: 'sign', version: up.version, signingDate: day });
  };
  const zaoyang = await govAgreement('school-420600-01', '420683', '枣阳市产教协同综合性战略合作协议');
  await actOnAgreement(db, ctxOf('region-420600'), zaoyang.id, { action: 'confirm', version: zaoyang.version });
  const jiangxia = await govAgreement('school-420100-01', '420115', '江夏区产教协同综合性战略合作协议');

  // 三(四) training, evaluation and a contest, in each review state.
  const occ = (name: string) =>
    DETAILED_OCCUPATIONS.find((o) => o.name.includes(name))?.code ?? DETAILED_OCCUPATIONS[0].code;
  const span = { startDate: addDaysIso(day, -40), endDate: addDaysIso(day, -10) };
  const t1 = await createSkillTraining(db, ctxOf('school-420600-01'), {
    kind: 'training',
    occupationCode: occ('车工'),
    level: 'ZJG',
    ...span,
    people: 45,
    certificates: 41,
    note: '政府补贴性培训（示例）',
  });
  await reviewSkillRecord(db, ctxOf('region-420600'), 'training', t1.id, {
    decision: 'approve',
    reason: '',
    version: t1.version,
  });
  const t2 = await createSkillTraining(db, ctxOf('school-420600-02'), {
    kind: 'evaluation',
    occupationCode: occ('电工'),
    level: 'GJG',
    ...span,
    people: 30,
    certificates: 26,
    note: '职业技能等级认定（示例）',
  });
  await reviewSkillRecord(db, ctxOf('region-420600'), 'training', t2.id, {
    decision: 'return',
    reason: '请补充评价名单和证书编号',
    version: t2.version,
  });
  await createSkillTraining(db, ctxOf('enterprise-420600-01'), {
    kind: 'evaluation',
    occupationCode: occ('焊工'),
    level: 'ZJG',
    ...span,
    people: 60,
    certificates: 52,
    note: '企业自主评价（示例）',
  });
  const t4 = await createSkillTraining(db, ctxOf('school-420100-01'), {
    kind: 'training',
    occupationCode: occ('维修'),
    level: 'CJG',
    ...span,
    people: 80,
    certificates: 70,
    note: '（示例）',
  });
  await reviewSkillRecord(db, ctxOf('region-420100'), 'training', t4.id, {
    decision: 'approve',
    reason: '',
    version: t4.version,
  });
  const contest = await createSkillContest(db, ctxOf('region-420600'), {
    name: '襄阳市数控车工职业技能竞赛（示例）',
    organiser: '襄阳市技工教育联盟（示例）',
    occupationCode: occ('车工'),
    heldOn: addDaysIso(day, -20),
    participants: 64,
    winners: 15,
    note: '急需紧缺工种竞赛',
  });

  // 三(五) the 襄阳 bureau's school assessment of this year on the province's scheme, scored and frozen.
  const [prov] = await tx
    .select({ items: assessmentSchemes.items })
    .from(assessmentSchemes)
    .where(eq(assessmentSchemes.year, year));
  const scheme = schoolTemplateFrom(prov?.items as SchemeItem[] | undefined);
  await saveSchoolScheme(db, ctxOf('region-420600'), year, {
    title: `襄阳市${year} 年度技工院校校企合作考核方案（示例）`,
    items: scheme,
  });
  const schools = await schoolsOf(tx, '420600');
  let n = 0;
  for (const s of schools)
    for (const item of scheme.filter((i) => i.kind === 'manual'))
      await saveSchoolScore(db, ctxOf('region-420600'), year, {
        schoolOrgId: s.id,
        itemKey: item.key,
        score: 95 - ((n++ * 7) % 30),
        reason: '依据学校自评材料和实地核查（示例）',
        evidence: `/orgs/${s.id}`,
      });
  await freezeSchoolAssessment(db, ctxOf('region-420600'), year);
  const [sa] = await tx
    .select({ id: schoolAssessments.id })
    .from(schoolAssessments)
    .where(eq(schoolAssessments.regionCode, '420600'));

  // 三(四) the province's priority list for 中职基础能力建设, the two best-evidenced schools, published.
  const list = await createPriorityList(db, ctxOf('province'), {
    year,
    applicationType: 'secondary_capacity',
    title: `${year} 年度中职基础能力建设项目申报倾斜名单（示例）`,
  });
  const top = (await priorityCandidates(db, ctxOf('province'), list.id, {})).items.slice(0, 2);
  for (const c of top)
    await addPriorityEntry(db, ctxOf('province'), list.id, {
      orgId: c.orgId,
      reason: '校企合作成效突出，学校考核和合作项目均居前列（示例）',
    });
  await publishPriorityList(db, ctxOf('province'), list.id);

  const value = { schoolAssessmentIds: [sa.id], priorityListIds: [list.id], contestIds: [contest.id] };
  await tx.insert(appMeta).values({ key: META_KEY, value }).onConflictDoUpdate({ target: appMeta.key, set: { value } });
  log(
    `其他职责：校地协议 ${zaoyang.agreementNo}（已确认）、${jiangxia.agreementNo}（待武汉市人社局代政府确认），培训评价 4 条，竞赛 1 场，襄阳市学校考核（${schools.length} 所，已冻结），倾斜名单 1 份`,
  );
}

/** What the stage wrote that no demo organisation holds (bureau-recorded contests, the bureau's and province's lists). */
export async function deleteDemoDuties(tx: DbOrTx) {
  const demoOrgs = () => tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true));
  const [meta] = await tx.select().from(appMeta).where(eq(appMeta.key, META_KEY));
  const v = (meta?.value ?? {}) as {
    schoolAssessmentIds?: number[];
    priorityListIds?: number[];
    contestIds?: number[];
  };
  await tx
    .delete(priorityEntries)
    .where(
      or(
        inArray(priorityEntries.orgId, demoOrgs()),
        inArray(priorityEntries.listId, v.priorityListIds?.length ? v.priorityListIds : [-1]),
      ),
    );
  if (v.priorityListIds?.length) await tx.delete(priorityLists).where(inArray(priorityLists.id, v.priorityListIds));
  // Scores go with their assessment (on delete cascade).
  if (v.schoolAssessmentIds?.length)
    await tx.delete(schoolAssessments).where(inArray(schoolAssessments.id, v.schoolAssessmentIds));
  await tx.delete(skillTrainings).where(inArray(skillTrainings.orgId, demoOrgs()));
  await tx
    .delete(skillContests)
    .where(
      or(
        inArray(skillContests.orgId, demoOrgs()),
        inArray(skillContests.id, v.contestIds?.length ? v.contestIds : [-1]),
      ),
    );
  await tx.delete(appMeta).where(eq(appMeta.key, META_KEY));
}
