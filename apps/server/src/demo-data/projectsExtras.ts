import { isNull } from 'drizzle-orm';
import { REGIONS, trainingProblems, validateInternshipCohort } from '@cjrh/domain';
import { internships, regionKeyIndustries, teacherTrainings } from '../db/schema/index';
import { matchingSpecialty } from './projectData';
import { addDays, bjAt, dateBetween, minDate, termEndOf } from './projectDates';
import { fail, type APlan, type SeedCtx } from './projectsCommon';

/** Internship cohorts (no personal data), the regions' key industries and the schools' teacher-training records. */
export async function extraRows(c: SeedCtx, allAgreements: APlan[]) {
  const { tx, rng, today, dayBefore, plan, idByUscc, scale, refs, accountOf, schoolById, runningIds } = c;
  // ------------------------------------------------------------ internships (cohorts, no personal data)
  const internshipRows: (typeof internships.$inferInsert)[] = [];
  REGIONS.forEach((r, ri) => {
    const hosts = allAgreements.filter(
      (s) => s.regionCode === r.code && s.kind === 'bilateral' && (s.status === 'active' || s.status === 'expired'),
    );
    if (!hosts.length) return;
    const n = Math.round(rng.int(2, 5) * Math.max(1, scale));
    for (let i = 0; i < n; i++) {
      const s = rng.pick(hosts);
      const school = s.school!;
      const ent = rng.pick(s.enterprises);
      const spec = matchingSpecialty(rng, school, ent);
      const students = rng.int(6, 40);
      const ended = rng.chance(0.6);
      const start = ended
        ? dateBetween(rng, '2025-11-01', minDate('2026-06-30', addDays(today, -100)))
        : dateBetween(rng, addDays(today, -120), addDays(today, -10));
      let end = termEndOf(start, rng.int(3, 6));
      if (ended && end >= today) end = addDays(today, -rng.int(3, 20));
      if (!ended && end < today) end = addDays(today, rng.int(10, 60));
      const paid = rng.chance(0.85);
      const insured = !(i === 0 && (ri === 3 || ri === 10)) && rng.chance(0.93);
      const cohort = {
        schoolOrgId: school.id,
        enterpriseOrgId: ent.id,
        specialtyCode: spec.specialtyCode,
        students,
        startDate: start,
        endDate: end,
        paid,
        payPerMonth: paid ? rng.int(18, 40) * 100 : 0,
        insured,
        safetyTrained: rng.chance(0.92),
        ...(end < today ? { employedAfter: Math.round(students * (0.3 + rng.next() * 0.5)) } : {}),
      };
      const v = validateInternshipCohort(cohort, refs);
      if (!v.ok) fail(`internship of ${school.name}`, v.issues);
      const creator = accountOf.get(school.id) ?? null;
      const createdAt = bjAt(addDays(start, -rng.int(3, 20)), rng.next());
      internshipRows.push({
        ...cohort,
        employedAfter: cohort.employedAfter ?? null,
        agreementId: s.id!,
        version: 1,
        regionCode: school.regionCode,
        createdBy: creator?.id ?? null,
        createdAt,
        updatedAt: end < today ? bjAt(minDate(addDays(end, rng.int(1, 10)), dayBefore), rng.next()) : createdAt,
      });
    }
  });

  // ------------------------------------------------------------ key industries and teacher trainings
  const keyIndustryRows: (typeof regionKeyIndustries.$inferInsert)[] = [];
  const haveKeys = new Set(
    (
      await tx
        .select({ regionCode: regionKeyIndustries.regionCode })
        .from(regionKeyIndustries)
        .where(isNull(regionKeyIndustries.validTo))
    ).map((r) => r.regionCode),
  );
  for (const p of plan.profiles) {
    if (haveKeys.has(p.region.code)) continue;
    for (const ind of p.industries.slice(0, 5))
      keyIndustryRows.push({ regionCode: p.region.code, industryCode: ind.code });
  }
  const TRAININGS = [
    '工学一体化教学能力提升培训',
    '一体化课程开发专题培训班',
    '工学一体化教师企业实践研修',
    '一体化教学设计与实施专题培训',
    '全省工学一体化师资培训',
  ];
  const PROVIDERS = [
    '湖北省工学一体化师资培训基地（示例）',
    '武汉示例技师学院一体化教师培养培训基地',
    '湖北示例职业技能培训中心',
  ];
  const GIVEN = ['一', '二', '三', '四', '五', '六', '七', '八'];
  const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
  const HOURS = [40, 56, 80, 120, 160];
  // One row per teacher (the table's grain since the school page exists). The random draws are the ones the batch
  // rows used (a date, a course, a head count), so everything seeded after them stays as it was; the rest of each
  // teacher (name, specialty, hours, provider, start) is derived from the batch without further draws.
  const trainingRows: (typeof teacherTrainings.$inferInsert)[] = [];
  let seq = 0;
  for (const s of plan.schools) {
    const school = schoolById.get(idByUscc.get(s.uscc)!)!;
    if (!runningIds.has(school.id)) continue;
    for (const [, from, to] of [
      [2025, '2025-07-10', minDate('2025-12-20', addDays(today, -3))],
      [2026, '2026-01-10', minDate('2026-12-20', addDays(today, -3))],
    ] as const) {
      if (to < from || !rng.chance(0.62)) continue;
      for (let k = rng.chance(0.2) ? 2 : 1; k > 0; k--) {
        const endDate = dateBetween(rng, from, to);
        const course = TRAININGS.indexOf(rng.pick(TRAININGS));
        const teachers = rng.int(2, 8);
        const hours = HOURS[course];
        // Courses run about a day per 8 hours, weekends included; none starts before the programme.
        const startDate =
          addDays(endDate, -Math.ceil(hours / 8) + 1) < from ? from : addDays(endDate, -Math.ceil(hours / 8) + 1);
        for (let i = 0; i < teachers; i++, seq++) {
          const spec = school.specialties[(seq + i) % school.specialties.length];
          const row = { startDate, endDate, hours };
          const bad = trainingProblems(row);
          if (bad.length || !spec)
            fail(
              `teacher training of ${school.name}`,
              spec
                ? bad.map((b) => ({ path: b.field, message: b.message }))
                : [{ path: 'specialtyCode', message: '学校没有专业' }],
            );
          // Entered once and never edited: last changed when entered (not when the demo was seeded).
          const enteredAt = bjAt(minDate(addDays(endDate, 1 + (seq % 7)), dayBefore), 0.4);
          trainingRows.push({
            schoolOrgId: school.id,
            regionCode: school.regionCode,
            teacherName: `${SURNAMES[seq % SURNAMES.length]}${GIVEN[(seq >> 3) % GIVEN.length]}（示例）`,
            specialtyCode: spec.specialtyCode,
            ...row,
            provider: PROVIDERS[course % PROVIDERS.length],
            createdBy: accountOf.get(school.id)?.id ?? null,
            createdAt: enteredAt,
            updatedAt: enteredAt,
          });
        }
      }
    }
  }
  trainingRows.sort((a, b) => a.endDate.localeCompare(b.endDate) || a.schoolOrgId - b.schoolOrgId);

  return { internshipRows, keyIndustryRows, trainingRows };
}
