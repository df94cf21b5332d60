import type { ProjectType } from './types';

/** One valid `data` per project type, built from the package's reference codes. Shared by the tests. */
export const KEY_A = 'a3f9c2e18b7d4c6fa3f9c2e18b7d4c6f';
const KEY_B = 'b7d4c6fa3f9c2e18b7d4c6fa3f9c2e18';

export function goodData(): Record<ProjectType, Record<string, unknown>> {
  return {
    alliance: { name: '湖北智能制造技工教育联盟', memberOrgIds: [1, 2, 3], leadOrgId: 1, focusIndustries: ['IND-T1'] },
    specialty: {
      groupName: '数控技术专业群',
      specialtyCodes: ['0101', '0102'],
      coBuiltCurriculum: true,
      coBuiltMaterials: 3,
      integrated: true,
    },
    base: {
      location: '武汉市东西湖区某工业园 3 号厂房',
      mode: '引企入校',
      productive: true,
      capacity: 120,
      specialtyCodes: ['0102'],
    },
    order_class: {
      specialtyCode: '0102',
      level: '高级工',
      students: 40,
      startDate: '2025-09-01',
      endDate: '2028-06-30',
      hiringCommitment: 30,
    },
    mentor: {
      mentors: [
        {
          name: '张工',
          idKey: KEY_A,
          title: '车间主任',
          skillLevel: 'GJJS',
          enterpriseOrgId: 7,
          teachingHours: 64,
          termStart: '2025-09-01',
          termEnd: '2026-08-31',
        },
        {
          name: '李师傅',
          idKey: KEY_B,
          title: '首席技师',
          skillLevel: 'JS',
          enterpriseOrgId: 7,
          teachingHours: 0,
          termStart: '2025-09-01',
          termEnd: '2025-09-01',
        },
      ],
    },
    training_eval: {
      mode: '新型学徒制',
      occupationCode: '6-18-01-01',
      plannedPersonTimes: 200,
      actualPersonTimes: 0,
      certificatesByLevel: { ZJG: 10, GJG: 5 },
      startDate: '2025-10-01',
      endDate: '2026-09-30',
    },
    teacher_practice: {
      teachers: [
        {
          name: '王老师',
          idKey: KEY_A,
          specialtyCode: '0101',
          keySpecialty: true,
          backbone: true,
          enterpriseOrgId: 7,
          days: 30,
          startDate: '2025-07-01',
          endDate: '2025-07-30',
        },
      ],
    },
    competition: {
      name: '全市数控车工技能大赛',
      level: '市级',
      occupationCode: '6-18-01-01',
      participants: 50,
      awards: 12,
      date: '2025-11-20',
    },
    rnd: { kind: '教材共建', outcome: '合编《数控车削加工》工学一体化教材', outputs: 1 },
  };
}
