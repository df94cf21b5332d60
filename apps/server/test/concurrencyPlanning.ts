import { sql } from 'drizzle-orm';
import type { Case } from './concurrencyKit';
import { uniq, specialty, CASE } from './concurrencyKit';

// Ten-at-once cases (http/concurrency.test.ts) for the layout plan, cooperation offices, cases and commendations, the
// priority lists and specialty changes: updates, publications, decisions.
export const planningCases: Case[] = [
  // --- layout, offices, cases, priority lists, specialty changes ---
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
