import { sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Case } from './concurrencyKit';
import {
  bump,
  uniq,
  specialty,
  idNumber,
  recruit,
  integratedBase,
  PRACTICE,
  SKILL_TRAINING,
  CONTEST,
  CASE,
} from './concurrencyKit';

// Ten-at-once cases (http/concurrency.test.ts) for the records a school or bureau keeps: updates, deletions, reviews.
export const recordCases: Case[] = [
  // --- records a school or bureau keeps (second batch: updates, deletions, reviews) ---
  {
    route: 'POST /api/auth/reset',
    arrange: async (x) => {
      const u = await x.makeUser({ username: `cc-rs-${uniq()}`, role: 'region', regionCode: '420600' });
      const token = `cc-reset-${uniq()}-${x.run}`;
      await x.sql(
        sql`insert into password_resets (token_hash, user_id, expires_at) values (${createHash('sha256').update(token).digest('hex')}, ${u.id}, ${new Date(Date.parse('2099-01-01T00:00:00Z'))})`,
      );
      return { who: '', method: 'POST', url: '/api/auth/reset', body: { token, newPassword: 'R3set!Password-cc' } };
    },
    refusals: [400], // the link is used: 「重置链接已使用或已过期」
  },
  {
    route: 'PUT /api/agreement-template',
    arrange: async (x) => {
      const cur = await x.get('cc-prov', '/api/agreement-template');
      return {
        who: 'cc-prov',
        method: 'PUT',
        url: '/api/agreement-template',
        body: { template: { ...(cur.template ?? cur), title: `校企合作协议（并发 ${x.run}）` } },
      };
    },
    idempotent: true,
  },
  {
    route: 'PUT /api/trainings/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/trainings', {
        teacherName: `并发改训${uniq()}`,
        specialtyCode: await specialty(x),
        startDate: '2026-07-01',
        endDate: '2026-07-10',
        hours: 40,
        provider: '湖北省技师学院',
      });
      return {
        who: 'cc-sch',
        method: 'PUT',
        url: `/api/trainings/${r.id}`,
        body: {
          teacherName: r.teacherName,
          specialtyCode: r.specialtyCode,
          startDate: r.startDate,
          endDate: r.endDate,
          hours: 48,
          provider: r.provider,
          version: r.version,
        },
      };
    },
  },
  {
    route: 'DELETE /api/trainings/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/trainings', {
        teacherName: `并发删训${uniq()}`,
        specialtyCode: await specialty(x),
        startDate: '2026-07-01',
        endDate: '2026-07-10',
        hours: 40,
        provider: '湖北省技师学院',
      });
      return { who: 'cc-sch', method: 'DELETE', url: `/api/trainings/${r.id}?version=${r.version}` };
    },
    refusals: [404],
  },
  {
    route: 'PUT /api/mentors/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/mentors', {
        name: `并发导师${uniq()}`,
        enterprise: '襄阳并发测试机械有限公司',
        specialtyCode: await specialty(x),
        termStart: '2026-01-01',
        termEnd: '2026-12-31',
        idNumber: idNumber(),
      });
      return {
        who: 'cc-sch',
        method: 'PUT',
        url: `/api/mentors/${r.id}`,
        body: {
          name: r.name,
          enterprise: r.enterprise,
          specialtyCode: r.specialtyCode,
          termStart: r.termStart,
          termEnd: '2027-06-30',
          version: r.version,
        },
      };
    },
  },
  {
    route: 'DELETE /api/mentors/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/mentors', {
        name: `并发删导师${uniq()}`,
        enterprise: '襄阳并发测试机械有限公司',
        specialtyCode: await specialty(x),
        termStart: '2026-01-01',
        termEnd: '2026-12-31',
        idNumber: idNumber(),
      });
      return { who: 'cc-sch', method: 'DELETE', url: `/api/mentors/${r.id}?version=${r.version}` };
    },
    refusals: [404],
  },
  {
    route: 'PUT /api/teachers/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teachers', {
        name: `并发教师${uniq()}`,
        specialtyCode: await specialty(x),
        isKey: false,
        fromEnterprise: false,
        title: '讲师',
        idNumber: idNumber(),
      });
      return {
        who: 'cc-sch',
        method: 'PUT',
        url: `/api/teachers/${r.id}`,
        body: {
          name: r.name,
          specialtyCode: r.specialtyCode,
          isKey: true,
          fromEnterprise: false,
          title: '高级讲师',
          version: r.version,
        },
      };
    },
  },
  {
    route: 'DELETE /api/teachers/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teachers', {
        name: `并发删教师${uniq()}`,
        specialtyCode: await specialty(x),
        isKey: false,
        fromEnterprise: false,
        title: '讲师',
        idNumber: idNumber(),
      });
      return { who: 'cc-sch', method: 'DELETE', url: `/api/teachers/${r.id}?version=${r.version}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/teachers/{id}/practices',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teachers', {
        name: `并发实践${uniq()}`,
        specialtyCode: await specialty(x),
        isKey: false,
        fromEnterprise: false,
        title: '讲师',
        idNumber: idNumber(),
      });
      return { who: 'cc-sch', method: 'POST', url: `/api/teachers/${r.id}/practices`, body: PRACTICE };
    },
  },
  {
    route: 'PUT /api/teachers/{id}/practices/{practiceId}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teachers', {
        name: `并发改实践${uniq()}`,
        specialtyCode: await specialty(x),
        isKey: false,
        fromEnterprise: false,
        title: '讲师',
        idNumber: idNumber(),
      });
      const p = await x.send('cc-sch', 'POST', `/api/teachers/${r.id}/practices`, PRACTICE);
      return {
        who: 'cc-sch',
        method: 'PUT',
        url: `/api/teachers/${r.id}/practices/${p.id}`,
        body: { ...PRACTICE, days: 8 },
      };
    },
    idempotent: true,
  },
  {
    route: 'DELETE /api/teachers/{id}/practices/{practiceId}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teachers', {
        name: `并发删实践${uniq()}`,
        specialtyCode: await specialty(x),
        isKey: false,
        fromEnterprise: false,
        title: '讲师',
        idNumber: idNumber(),
      });
      const p = await x.send('cc-sch', 'POST', `/api/teachers/${r.id}/practices`, PRACTICE);
      return { who: 'cc-sch', method: 'DELETE', url: `/api/teachers/${r.id}/practices/${p.id}` };
    },
    refusals: [404],
  },
  // Recruited enterprise talent and 工学一体化 bases (notice 二(三)): the school records, its bureau reviews.
  {
    route: 'POST /api/teacher-recruits',
    arrange: async (x) => ({ who: 'cc-sch', method: 'POST', url: '/api/teacher-recruits', body: await recruit(x) }),
  },
  {
    route: 'PUT /api/teacher-recruits/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teacher-recruits', await recruit(x));
      return {
        who: 'cc-sch',
        method: 'PUT',
        url: `/api/teacher-recruits/${r.id}`,
        body: { ...(await recruit(x)), idNumber: undefined, post: '一体化课程教师', version: r.version },
      };
    },
  },
  {
    route: 'DELETE /api/teacher-recruits/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teacher-recruits', await recruit(x));
      return { who: 'cc-sch', method: 'DELETE', url: `/api/teacher-recruits/${r.id}?version=${r.version}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/teacher-recruits/{id}/review',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/teacher-recruits', await recruit(x));
      return {
        who: 'cc-reg',
        method: 'POST',
        url: `/api/teacher-recruits/${r.id}/review`,
        body: { decision: 'approve', reason: '', version: r.version },
      };
    },
  },
  {
    route: 'POST /api/integrated-bases',
    arrange: async () => ({ who: 'cc-sch', method: 'POST', url: '/api/integrated-bases', body: integratedBase() }),
  },
  {
    route: 'PUT /api/integrated-bases/{id}',
    arrange: async (x) => {
      const b = await x.send('cc-sch', 'POST', '/api/integrated-bases', integratedBase());
      return {
        who: 'cc-sch',
        method: 'PUT',
        url: `/api/integrated-bases/${b.id}`,
        body: { ...integratedBase(), name: b.name, capacity: 80, version: b.version },
      };
    },
  },
  {
    route: 'DELETE /api/integrated-bases/{id}',
    arrange: async (x) => {
      const b = await x.send('cc-sch', 'POST', '/api/integrated-bases', integratedBase());
      return { who: 'cc-sch', method: 'DELETE', url: `/api/integrated-bases/${b.id}?version=${b.version}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/integrated-bases/{id}/review',
    arrange: async (x) => {
      const b = await x.send('cc-sch', 'POST', '/api/integrated-bases', integratedBase());
      return {
        who: 'cc-reg',
        method: 'POST',
        url: `/api/integrated-bases/${b.id}/review`,
        body: { decision: 'return', reason: '请补充合作企业', version: b.version },
      };
    },
  },
  {
    route: 'PUT /api/skills/trainings/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/skills/trainings', {
        ...SKILL_TRAINING,
        people: 31 + (bump() % 50),
      });
      return {
        who: 'cc-sch',
        method: 'PUT',
        url: `/api/skills/trainings/${r.id}`,
        body: { ...SKILL_TRAINING, people: r.people, certificates: 20, version: r.version },
      };
    },
  },
  {
    route: 'PUT /api/skills/contests/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/skills/contests', { ...CONTEST, name: `并发改竞赛${uniq()}` });
      return {
        who: 'cc-sch',
        method: 'PUT',
        url: `/api/skills/contests/${r.id}`,
        body: { ...CONTEST, name: r.name, winners: 6, version: r.version },
      };
    },
  },
  {
    route: 'DELETE /api/skills/{kind}/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/skills/contests', { ...CONTEST, name: `并发删竞赛${uniq()}` });
      return { who: 'cc-sch', method: 'DELETE', url: `/api/skills/contests/${r.id}?version=${r.version}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/skills/{kind}/{id}/review',
    arrange: async (x) => {
      const r = await x.send('cc-sch', 'POST', '/api/skills/contests', { ...CONTEST, name: `并发审竞赛${uniq()}` });
      return {
        who: 'cc-reg',
        method: 'POST',
        url: `/api/skills/contests/${r.id}/review`,
        body: { decision: 'approve', version: r.version },
      };
    },
  },
  {
    route: 'PUT /api/layout/bases/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-reg', 'POST', '/api/layout/bases', {
        name: `襄阳并发改基地${uniq()}`,
        countyCode: '420602',
        ownerOrgId: x.ids.school,
        capacity: 100,
        status: 'planned',
      });
      return {
        who: 'cc-reg',
        method: 'PUT',
        url: `/api/layout/bases/${r.id}`,
        body: {
          name: r.name,
          countyCode: '420602',
          ownerOrgId: x.ids.school,
          capacity: 120,
          status: 'building',
          version: r.version,
        },
      };
    },
  },
  {
    route: 'DELETE /api/layout/bases/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-reg', 'POST', '/api/layout/bases', {
        name: `襄阳并发删基地${uniq()}`,
        countyCode: '420602',
        ownerOrgId: x.ids.school,
        capacity: 100,
        status: 'planned',
      });
      return { who: 'cc-reg', method: 'DELETE', url: `/api/layout/bases/${r.id}?version=${r.version}` };
    },
    refusals: [404],
  },
  {
    route: 'PUT /api/layout/standard-items/{id}',
    arrange: async (x) => {
      const code = `CS${uniq().replace('-', '')}`;
      const r = await x.send('cc-prov', 'POST', '/api/layout/standard-items', {
        code,
        name: '并发改标准',
        requirement: '要求',
        sortOrder: 98,
        active: true,
      });
      return {
        who: 'cc-prov',
        method: 'PUT',
        url: `/api/layout/standard-items/${r.id}`,
        body: { code, name: '并发改标准（新）', requirement: '新要求', sortOrder: 98, active: true },
      };
    },
    idempotent: true,
  },
  {
    route: 'PUT /api/layout/schools/{id}/county',
    arrange: async (x) => {
      const l = (await x.get('cc-reg', '/api/layout?region=420600')).schools.find(
        (i: { orgId: number }) => i.orgId === x.ids.school2,
      );
      return {
        who: 'cc-reg',
        method: 'PUT',
        url: `/api/layout/schools/${x.ids.school2}/county`,
        body: { countyCode: '420606', version: l.version },
      };
    },
  },
  {
    route: 'PUT /api/layout/schools/{id}/flagship',
    arrange: async (x) => {
      const l = (await x.get('cc-prov', '/api/layout?region=420600')).schools.find(
        (i: { orgId: number }) => i.orgId === x.ids.school,
      );
      return {
        who: 'cc-prov',
        method: 'PUT',
        url: `/api/layout/schools/${x.ids.school}/flagship`,
        body: { flagship: true, reason: '办学质量突出，龙头带动', version: l.version },
      };
    },
  },
  {
    route: 'PUT /api/layout/schools/{id}/standards',
    arrange: async (x) => {
      const code = `CT${uniq().replace('-', '')}`;
      const items = [
        await x.send('cc-prov', 'POST', '/api/layout/standard-items', {
          code,
          name: '并发达标项',
          requirement: '要求',
          sortOrder: 97,
          active: true,
        }),
      ];
      return {
        who: 'cc-reg',
        method: 'PUT',
        url: `/api/layout/schools/${x.ids.school}/standards`,
        body: { items: items.map((i: { id: number }) => ({ itemId: i.id, status: 'met', note: '并发填写' })) },
      };
    },
    idempotent: true,
  },
  {
    route: 'PUT /api/coop-offices/{id}',
    arrange: async (x) => ({
      who: 'cc-sch',
      method: 'PUT',
      url: `/api/coop-offices/${x.ids.school}`,
      body: {
        name: '校企合作处',
        responsibleName: '王主任',
        responsibleTitle: '处长',
        responsiblePhone: '13800138001',
        establishedOn: '2024-09-01',
        members: [{ name: '李老师', title: '科员', duty: '对接企业' }],
      },
    }),
    idempotent: true,
  },
  {
    route: 'PATCH /api/cases/{id}',
    arrange: async (x) => {
      const r = await x.send('cc-prov', 'POST', '/api/cases', { ...CASE, title: `并发改案例${uniq()}` });
      return {
        who: 'cc-prov',
        method: 'PATCH',
        url: `/api/cases/${r.id}`,
        body: { summary: '订单班 50 人，企业承诺录用 40 人。' },
      };
    },
    idempotent: true,
  },
  {
    route: 'POST /api/cases/{id}/publish',
    arrange: async (x) => {
      const r = await x.send('cc-prov', 'POST', '/api/cases', { ...CASE, title: `并发发布案例${uniq()}` });
      return { who: 'cc-prov', method: 'POST', url: `/api/cases/${r.id}/publish` };
    },
  },
  {
    route: 'POST /api/cases/{id}/unpublish',
    arrange: async (x) => {
      const r = await x.send('cc-prov', 'POST', '/api/cases', { ...CASE, title: `并发撤回案例${uniq()}` });
      await x.send('cc-prov', 'POST', `/api/cases/${r.id}/publish`);
      return { who: 'cc-prov', method: 'POST', url: `/api/cases/${r.id}/unpublish`, body: { reason: '内容需要更新' } };
    },
  },
  {
    route: 'POST /api/commendations/{id}/publish',
    arrange: async (x) => {
      const r = await x.send('cc-prov', 'POST', '/api/commendations', {
        year: 2025,
        orgId: x.ids.school2,
        citation: '校企合作成效显著，订单班就业率高',
      });
      return { who: 'cc-prov', method: 'POST', url: `/api/commendations/${r.id}/publish` };
    },
  },
  {
    route: 'POST /api/priority-lists/{id}/entries',
    arrange: async (x) => {
      const l = await x.send('cc-prov', 'POST', '/api/priority-lists', {
        year: 2025,
        applicationType: 'provincial_base',
      });
      return {
        who: 'cc-prov',
        method: 'POST',
        url: `/api/priority-lists/${l.id}/entries`,
        body: { orgId: x.ids.school, reason: '校企合作成效显著' },
      };
    },
  },
  {
    route: 'DELETE /api/priority-lists/{id}/entries/{orgId}',
    arrange: async (x) => {
      const l = await x.send('cc-prov', 'POST', '/api/priority-lists', {
        year: 2025,
        applicationType: 'master_studio',
      });
      await x.send('cc-prov', 'POST', `/api/priority-lists/${l.id}/entries`, {
        orgId: x.ids.school,
        reason: '校企合作成效显著',
      });
      return { who: 'cc-prov', method: 'DELETE', url: `/api/priority-lists/${l.id}/entries/${x.ids.school}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/priority-lists/{id}/publish',
    arrange: async (x) => {
      const l = await x.send('cc-prov', 'POST', '/api/priority-lists', {
        year: 2025,
        applicationType: 'secondary_capacity',
      });
      await x.send('cc-prov', 'POST', `/api/priority-lists/${l.id}/entries`, {
        orgId: x.ids.school,
        reason: '校企合作成效显著',
      });
      return { who: 'cc-prov', method: 'POST', url: `/api/priority-lists/${l.id}/publish` };
    },
  },
  {
    route: 'POST /api/specialty-applications',
    arrange: async (x) => ({
      who: 'cc-sch',
      method: 'POST',
      url: '/api/specialty-applications',
      body: {
        specialtyCode: await specialty(x, 2),
        level: '高级工',
        plannedEnrolment: 80,
        reason: '对接本地新能源汽车产业',
        partnerOrgIds: [x.ids.ent],
      },
    }),
  },
  {
    route: 'POST /api/specialty-applications/{id}/partner',
    idempotent: true, // a second confirmation answers the same and records nothing
    arrange: async (x) => {
      const a = await x.send('cc-sch2', 'POST', '/api/specialty-applications', {
        specialtyCode: await specialty(x, 3),
        level: '高级工',
        plannedEnrolment: 60,
        reason: '对接本地装备制造产业',
        partnerOrgIds: [x.ids.ent],
      });
      return {
        who: 'cc-ent',
        method: 'POST',
        url: `/api/specialty-applications/${a.id}/partner`,
        body: { confirm: true },
      };
    },
  },
  {
    route: 'POST /api/specialty-applications/{id}/submit',
    arrange: async (x) => {
      const a = await x.send('cc-sch2', 'POST', '/api/specialty-applications', {
        specialtyCode: await specialty(x, 4),
        level: '高级工',
        plannedEnrolment: 60,
        reason: '对接本地装备制造产业',
        partnerOrgIds: [x.ids.ent],
      });
      await x.send('cc-ent', 'POST', `/api/specialty-applications/${a.id}/partner`, { confirm: true });
      return { who: 'cc-sch2', method: 'POST', url: `/api/specialty-applications/${a.id}/submit` };
    },
  },
  {
    route: 'POST /api/specialty-applications/{id}/withdraw',
    arrange: async (x) => {
      const a = await x.send('cc-sch2', 'POST', '/api/specialty-applications', {
        specialtyCode: await specialty(x, 5),
        level: '高级工',
        plannedEnrolment: 60,
        reason: '对接本地装备制造产业',
        partnerOrgIds: [x.ids.ent],
      });
      return { who: 'cc-sch2', method: 'POST', url: `/api/specialty-applications/${a.id}/withdraw` };
    },
  },
  {
    route: 'POST /api/specialty-applications/{id}/decide',
    arrange: async (x) => {
      const a = await x.send('cc-sch2', 'POST', '/api/specialty-applications', {
        specialtyCode: await specialty(x, 6),
        level: '高级工',
        plannedEnrolment: 60,
        reason: '对接本地装备制造产业',
        partnerOrgIds: [x.ids.ent],
      });
      await x.send('cc-ent', 'POST', `/api/specialty-applications/${a.id}/partner`, { confirm: true });
      await x.send('cc-sch2', 'POST', `/api/specialty-applications/${a.id}/submit`);
      return {
        who: 'cc-reg',
        method: 'POST',
        url: `/api/specialty-applications/${a.id}/decide`,
        body: { approve: true, note: '同意开设' },
      };
    },
  },
  {
    route: 'POST /api/specialty-decisions/{id}/done',
    arrange: async (x) => {
      const code = await specialty(x, 7);
      await x.sql(
        sql`insert into school_specialties (org_id, specialty_code, enrolment) values (${x.ids.school2}, ${code}, 200) on conflict do nothing`,
      );
      const d = await x.send('cc-reg', 'POST', '/api/specialty-decisions', {
        schoolOrgId: x.ids.school2,
        specialtyCode: code,
        warningYear: 2025,
        decision: 'reduce',
        reason: '供过于求',
        effectiveYear: 2026,
        newEnrolment: 30,
      });
      return {
        who: 'cc-reg',
        method: 'POST',
        url: `/api/specialty-decisions/${d.id}/done`,
        body: { followUp: '已调减招生计划' },
      };
    },
  },
];
