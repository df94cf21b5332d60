import { sql } from 'drizzle-orm';
import type { Case } from './concurrencyKit';
import { schoolSpecialty, specialty, idNumber } from './concurrencyKit';

// Ten-at-once cases (http/concurrency.test.ts) for the programme records a school, firm or bureau enters first.
export const programmeCases: Case[] = [
  // --- programme records ---
  {
    route: 'PUT /api/warning/settings',
    arrange: async () => ({
      who: 'cc-prov',
      method: 'PUT',
      url: '/api/warning/settings',
      body: { shortageRatio: 1.6, oversupplyRatio: 0.6, minEmployment: 0.8 },
    }),
    idempotent: true,
  },
  {
    route: 'PUT /api/key-industries/{region}',
    arrange: async (x) => {
      const codes = (
        await x.sql(sql`select code from dict_entries where kind = 'industry' and active order by code limit 2`)
      ).map((r) => r.code as string);
      return { who: 'cc-prov', method: 'PUT', url: '/api/key-industries/420600', body: { industryCodes: codes } };
    },
    idempotent: true,
  },
  {
    route: 'PUT /api/project-settings',
    arrange: async (x) => {
      const s = await x.get('cc-prov', '/api/project-settings');
      const other = (f: string) => (f === 'monthly' ? 'quarterly' : 'monthly');
      return {
        who: 'cc-prov',
        method: 'PUT',
        url: '/api/project-settings',
        body: {
          items: s.items.map((i: { type: string; frequency: string }, k: number) => ({
            type: i.type,
            frequency: k === 0 ? other(i.frequency) : i.frequency,
          })),
        },
      };
    },
    idempotent: true,
  },
  {
    route: 'POST /api/commendations',
    arrange: async (x) => ({
      who: 'cc-prov',
      method: 'POST',
      url: '/api/commendations',
      body: { year: 2025, orgId: x.ids.ent, citation: '校企合作成效显著，订单班就业率高' },
    }),
  },
  {
    route: 'POST /api/priority-lists',
    arrange: async () => ({
      who: 'cc-prov',
      method: 'POST',
      url: '/api/priority-lists',
      body: { year: 2025, applicationType: 'national_base' },
    }),
  },
  {
    route: 'POST /api/trainings',
    arrange: async (x) => ({
      who: 'cc-sch',
      method: 'POST',
      url: '/api/trainings',
      body: {
        teacherName: '并发教师',
        specialtyCode: await specialty(x),
        startDate: '2026-07-01',
        endDate: '2026-07-10',
        hours: 40,
        provider: '湖北省技师学院',
      },
    }),
  },
  {
    route: 'POST /api/mentors',
    arrange: async (x) => ({
      who: 'cc-sch',
      method: 'POST',
      url: '/api/mentors',
      body: {
        name: '并发导师',
        enterprise: '襄阳并发测试机械有限公司',
        specialtyCode: await specialty(x),
        termStart: '2026-01-01',
        termEnd: '2026-12-31',
        idNumber: idNumber(),
      },
    }),
  },
  {
    route: 'POST /api/teachers',
    arrange: async (x) => ({
      who: 'cc-sch',
      method: 'POST',
      url: '/api/teachers',
      body: {
        name: '并发教师甲',
        specialtyCode: await specialty(x),
        isKey: true,
        fromEnterprise: false,
        title: '高级讲师',
        idNumber: idNumber(),
      },
    }),
  },
  {
    route: 'POST /api/cases',
    arrange: async () => ({
      who: 'cc-prov',
      method: 'POST',
      url: '/api/cases',
      body: {
        year: 2025,
        title: '并发典型案例',
        summary: '订单班 40 人，企业承诺录用 30 人。',
        body: '学校与企业共同制定培养方案，岗位实习后直接就业，用于测试并发新建。',
      },
    }),
  },
  {
    route: 'POST /api/layout/bases',
    arrange: async (x) => ({
      who: 'cc-reg',
      method: 'POST',
      url: '/api/layout/bases',
      body: {
        name: '襄阳并发实训基地',
        countyCode: '420602',
        ownerOrgId: x.ids.school,
        capacity: 100,
        status: 'planned',
      },
    }),
  },
  {
    route: 'POST /api/layout/standard-items',
    arrange: async (x) => ({
      who: 'cc-prov',
      method: 'POST',
      url: '/api/layout/standard-items',
      body: { code: `CC${x.run}`, name: '并发标准', requirement: '要求', sortOrder: 99, active: true },
    }),
  },
  {
    route: 'POST /api/skills/trainings',
    arrange: async () => ({
      who: 'cc-sch',
      method: 'POST',
      url: '/api/skills/trainings',
      body: {
        kind: 'training',
        occupationCode: '6-18-02-04',
        level: 'ZJG',
        startDate: '2026-06-01',
        endDate: '2026-06-30',
        people: 30,
        certificates: 25,
      },
    }),
  },
  {
    route: 'POST /api/skills/contests',
    arrange: async () => ({
      who: 'cc-sch',
      method: 'POST',
      url: '/api/skills/contests',
      body: {
        name: '并发技能大赛',
        organiser: '襄阳市人社局',
        occupationCode: '6-18-02-04',
        heldOn: '2026-06-15',
        participants: 40,
        winners: 5,
      },
    }),
  },
  {
    route: 'POST /api/specialty-decisions',
    arrange: async (x) => ({
      who: 'cc-reg',
      method: 'POST',
      url: '/api/specialty-decisions',
      body: {
        schoolOrgId: x.ids.school,
        specialtyCode: await schoolSpecialty(x),
        warningYear: 2025,
        decision: 'reduce',
        reason: '供过于求',
        effectiveYear: 2026,
        newEnrolment: 30,
      },
    }),
  },
  {
    route: 'POST /api/selection/rounds',
    arrange: async () => ({
      who: 'cc-prov',
      method: 'POST',
      url: '/api/selection/rounds',
      body: {
        year: 2025,
        title: '并发示范遴选',
        projectTypes: ['alliance'],
        rubric: [{ key: 'a', label: '成效', max: 100 }],
        quota: { alliance: 2 },
      },
    }),
  },
];
