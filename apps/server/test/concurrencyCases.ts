import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { SCAN_PDF } from './agreements';
import type { Case } from './concurrencyKit';
import {
  uniq,
  future,
  pair,
  schoolSpecialty,
  specialty,
  idNumber,
  intent,
  AGREEMENT,
  draftAgreement,
  uploadScan,
  activeAgreement,
  project,
} from './concurrencyKit';
import { selectionCases } from './concurrencySelection';
import { assessmentCases } from './concurrencyAssessment';
import { recordCases } from './concurrencyRecords';
import { projectCases } from './concurrencyProjects';

export type { Case, Ctx } from './concurrencyKit';

// The cases of src/http/concurrency.test.ts: for every write route of the OpenAPI document, how to arrange one valid
// request. Each case makes the state it needs itself (through the API where it can), so cases do not depend on each
// other's order except where noted.
export const CASES: Case[] = [
  // --- accounts and sign-in ---
  {
    route: 'POST /api/auth/password',
    arrange: async (x) => {
      const u = `cc-pw-${uniq()}`;
      await x.makeUser({ username: u, role: 'region', regionCode: '420600' });
      x.c[u] = await x.login(u);
      return {
        who: u,
        method: 'POST',
        url: '/api/auth/password',
        body: { oldPassword: 'Test@2025', newPassword: 'N3w!Password-cc' },
      };
    },
    // After the first change the old password is wrong: 400 「原密码错误」 for the others.
    refusals: [400],
  },
  {
    route: 'DELETE /api/auth/sessions/{id}',
    arrange: async (x) => {
      const u = `cc-ss-${uniq()}`;
      await x.makeUser({ username: u, role: 'region', regionCode: '420600' });
      x.c[u] = await x.login(u);
      await x.login(u); // a second session to end
      const s = (await x.get(u, '/api/auth/sessions')).items.find((i: { current: boolean }) => !i.current);
      return { who: u, method: 'DELETE', url: `/api/auth/sessions/${s.id}` };
    },
    refusals: [404],
  },
  {
    route: 'PATCH /api/auth/profile',
    arrange: async () => ({ who: 'cc-reg', method: 'PATCH', url: '/api/auth/profile', body: { phone: '13800138000' } }),
    idempotent: true,
  },
  {
    route: 'POST /api/accounts',
    arrange: async (x) => ({
      who: 'cc-prov',
      method: 'POST',
      url: '/api/accounts',
      body: {
        username: `cc-new-${x.run}`,
        role: 'region',
        regionCode: '420600',
        displayName: '并发新账号',
        password: 'Str0ng!Passw0rd-cc',
      },
    }),
  },
  {
    route: 'PATCH /api/accounts/{id}',
    arrange: async (x) => {
      const u = await x.makeUser({ username: `cc-acc-${uniq()}`, role: 'region', regionCode: '420600' });
      return { who: 'cc-prov', method: 'PATCH', url: `/api/accounts/${u.id}`, body: { disabled: true } };
    },
    idempotent: true,
  },
  // --- organisations and reference data ---
  {
    route: 'POST /api/orgs',
    arrange: async (x) => ({
      who: 'cc-prov',
      method: 'POST',
      url: '/api/orgs',
      body: {
        type: 'enterprise',
        name: `并发新建有限公司${x.run}`,
        uscc: await x.uscc('420600'),
        regionCode: '420600',
      },
    }),
  },
  {
    route: 'PATCH /api/orgs/{id}',
    arrange: async (x) => {
      const org = await x.get('cc-prov', `/api/orgs/${x.ids.school}`);
      return {
        who: 'cc-prov',
        method: 'PATCH',
        url: `/api/orgs/${x.ids.school}`,
        body: { version: org.version, address: `襄阳市并发路 ${x.run} 号` },
      };
    },
  },
  {
    route: 'POST /api/orgs/{id}/change-requests',
    arrange: async (x) => {
      const p = await pair(x);
      return {
        who: p.eu,
        method: 'POST',
        url: `/api/orgs/${p.ent}/change-requests`,
        body: { field: 'name', newValue: `襄阳并发改名有限公司${uniq()}`, reason: '工商变更' },
      };
    },
  },
  {
    route: 'POST /api/org-change-requests/{id}/decision',
    audits: 2, // the organisation's update and the decision
    arrange: async (x) => {
      const p = await pair(x);
      const r = await x.send(p.eu, 'POST', `/api/orgs/${p.ent}/change-requests`, {
        field: 'name',
        newValue: `襄阳并发核准有限公司${uniq()}`,
        reason: '工商变更',
      });
      return {
        who: 'cc-reg',
        method: 'POST',
        url: `/api/org-change-requests/${r.id}/decision`,
        body: { action: 'approve' },
      };
    },
  },
  {
    route: 'POST /api/reference/dicts/{kind}',
    arrange: async (x) => ({
      who: 'cc-prov',
      method: 'POST',
      url: '/api/reference/dicts/industry',
      body: { code: `CC${x.run}`, name: `并发行业${x.run}` },
    }),
  },
  {
    route: 'PATCH /api/reference/dicts/{kind}/{code}',
    arrange: async (x) => {
      await x.send('cc-prov', 'POST', '/api/reference/dicts/industry', {
        code: `CD${x.run}`,
        name: `并发改名前${x.run}`,
      });
      return {
        who: 'cc-prov',
        method: 'PATCH',
        url: `/api/reference/dicts/industry/CD${x.run}`,
        body: { name: `并发改名后${x.run}` },
      };
    },
    idempotent: true,
  },
  // --- the year, its quotas and forms ---
  {
    route: 'POST /api/campaigns',
    arrange: async () => ({ who: 'cc-prov', method: 'POST', url: '/api/campaigns', body: { year: 2027 } }),
  },
  {
    route: 'PATCH /api/campaigns/{year}',
    arrange: async (x) => {
      const camp = await x.get('cc-prov', '/api/campaigns/2025');
      return {
        who: 'cc-prov',
        method: 'PATCH',
        url: '/api/campaigns/2025',
        body: { version: camp.version, title: `2025 年度专项行动（并发 ${x.run}）` },
      };
    },
  },
  {
    route: 'PUT /api/campaigns/{year}/quotas',
    arrange: async (x) => {
      const q = await x.get('cc-prov', '/api/campaigns/2025/quotas');
      return {
        who: 'cc-prov',
        method: 'PUT',
        url: '/api/campaigns/2025/quotas',
        body: {
          version: q.version,
          quotas: q.items.map((i: { regionCode: string }) => ({
            regionCode: i.regionCode,
            projectQuota: 2,
            keyEnterpriseQuota: 1,
            remark: '',
          })),
        },
      };
    },
  },
  {
    route: 'PUT /api/campaigns/{year}/forms/{kind}/design',
    arrange: async (x) => {
      const d = await x.get('cc-prov', '/api/campaigns/2027/forms/school/design');
      return {
        who: 'cc-prov',
        method: 'PUT',
        url: '/api/campaigns/2027/forms/school/design',
        body: { rev: d.rev, title: `并发改表${x.run}`, fields: d.definition?.fields ?? d.fields },
      };
    },
  },
  {
    route: 'POST /api/campaigns/{year}/my-form',
    arrange: async (x) => {
      const p = await pair(x);
      return { who: p.su, method: 'POST', url: '/api/campaigns/2025/my-form' };
    },
    idempotent: true,
    check: async (_x, _s, ok) => expect(new Set(ok.map((f) => f.id)).size).toBe(1),
  },
  {
    route: 'PUT /api/forms/{id}',
    arrange: async (x) => {
      const p = await pair(x);
      const f = await x.send(p.su, 'POST', '/api/campaigns/2025/my-form');
      return { who: p.su, method: 'PUT', url: `/api/forms/${f.id}`, body: { version: f.version, data: f.data } };
    },
  },
  {
    route: 'POST /api/forms/{id}/actions',
    arrange: async (x) => {
      const p = await pair(x);
      const f = await x.formInState(
        2025,
        p.ent,
        [{ occupationCode: '车工', postName: '车工', headcount: 2, needType: '毕业生就业', needDetail: '招车工' }],
        'submitted',
      );
      const form = await x.get('cc-reg', `/api/forms/${f.id}`);
      return {
        who: 'cc-reg',
        method: 'POST',
        url: `/api/forms/${f.id}/actions`,
        body: { action: 'approve', version: form.version },
      };
    },
  },
  {
    route: 'POST /api/campaigns/{year}/batches',
    arrange: async (x) => {
      const p = await pair(x);
      await x.formInState(
        2025,
        p.ent,
        [{ occupationCode: '车工', postName: '车工', headcount: 2, needType: '毕业生就业', needDetail: '招车工' }],
        'region_approved',
      );
      return { who: 'cc-reg', method: 'POST', url: '/api/campaigns/2025/batches', body: { note: '并发报送' } };
    },
  },
  {
    route: 'POST /api/batches/{id}/accept',
    arrange: async (x) => {
      const f = await x.formInState(
        2025,
        (await x.makeOrg({ type: 'enterprise', regionCode: '420100', name: `武汉并发批次企业${uniq()}` })).id,
        [{ occupationCode: '车工', postName: '车工', headcount: 2, needType: '毕业生就业', needDetail: '招车工' }],
        'region_approved',
      );
      const b = await x.send('cc-reg2', 'POST', '/api/campaigns/2025/batches', { formIds: [f.id], note: '待接收' });
      return { who: 'cc-prov', method: 'POST', url: `/api/batches/${b.id}/accept` };
    },
  },
  {
    route: 'POST /api/campaigns/{year}/reminders/run',
    arrange: async () => ({ who: 'cc-prov', method: 'POST', url: '/api/campaigns/2025/reminders/run' }),
    idempotent: true,
    audits: 0,
  },
  // --- publication and the catalogue ---
  {
    route: 'POST /api/campaigns/{year}/publications',
    arrange: async () => ({
      who: 'cc-prov',
      method: 'POST',
      url: '/api/campaigns/2025/publications',
      body: { note: '并发发布' },
    }),
  },
  {
    route: 'POST /api/catalogue/items/{id}/withdraw',
    arrange: async (x) => {
      const item = (await x.get('cc-ent', '/api/catalogue?pageSize=50')).items.find((i: { orgName: string }) =>
        i.orgName.includes('襄阳并发测试机械'),
      );
      return {
        who: 'cc-ent',
        method: 'POST',
        url: `/api/catalogue/items/${item.id}/withdraw`,
        body: { reason: '岗位已招满' },
      };
    },
  },
  {
    route: 'POST /api/catalogue/items/{id}/confirm',
    arrange: async (x) => {
      const item = (await x.get('cc-ent2', '/api/catalogue?pageSize=50')).items.find((i: { orgName: string }) =>
        i.orgName.includes('武汉并发测试电子'),
      );
      return { who: 'cc-ent2', method: 'POST', url: `/api/catalogue/items/${item.id}/confirm`, body: {} };
    },
  },
  // --- matchmaking ---
  {
    route: 'POST /api/intents',
    arrange: async (x) => {
      const p = await pair(x);
      return {
        who: p.su,
        method: 'POST',
        url: '/api/intents',
        body: { toOrgId: p.ent, cooperationType: '订单（定向）班', message: '希望合作开设订单班' },
      };
    },
  },
  {
    route: 'POST /api/intents/{id}/actions',
    arrange: async (x) => {
      const i = await intent(x);
      return {
        who: i.eu,
        method: 'POST',
        url: `/api/intents/${i.intent.id}/actions`,
        body: { action: 'accept', version: i.intent.version },
      };
    },
  },
  {
    route: 'POST /api/events',
    arrange: async () => ({
      who: 'cc-reg',
      method: 'POST',
      url: '/api/events',
      body: {
        title: '襄阳并发洽谈会',
        startsAt: future(30),
        endsAt: future(30.2),
        place: '襄阳',
        capacity: 20,
        slotMinutes: 20,
      },
    }),
  },
  {
    route: 'POST /api/events/{id}/status',
    arrange: async (x) => {
      const e = await x.send('cc-reg', 'POST', '/api/events', {
        title: `襄阳并发截止${uniq()}`,
        startsAt: future(31),
        endsAt: future(31.2),
        place: '襄阳',
        capacity: 20,
        slotMinutes: 20,
      });
      return {
        who: 'cc-reg',
        method: 'POST',
        url: `/api/events/${e.id}/status`,
        body: { status: 'closed', reason: '报名已满' },
      };
    },
  },
  {
    route: 'POST /api/events/{id}/registrations',
    arrange: async (x) => {
      const e = await x.send('cc-reg', 'POST', '/api/events', {
        title: `襄阳并发报名${uniq()}`,
        startsAt: future(32),
        endsAt: future(32.2),
        place: '襄阳',
        capacity: 20,
        slotMinutes: 20,
      });
      return { who: 'cc-sch', method: 'POST', url: `/api/events/${e.id}/registrations`, body: { attendees: 2 } };
    },
  },
  {
    route: 'POST /api/recommendations/dismiss',
    arrange: async (x) => ({
      who: 'cc-sch',
      method: 'POST',
      url: '/api/recommendations/dismiss',
      body: { counterpartOrgId: x.ids.ent2, reason: 'too_far' },
    }),
  },
  // --- agreements, projects, reports ---
  {
    route: 'POST /api/agreements',
    label: 'from an accepted intent',
    arrange: async (x) => {
      const i = await intent(x);
      const acc = await x.send(i.eu, 'POST', `/api/intents/${i.intent.id}/actions`, {
        action: 'accept',
        version: i.intent.version,
      });
      return { who: i.su, method: 'POST', url: '/api/agreements', body: { ...AGREEMENT, intentId: acc.id } };
    },
  },
  {
    route: 'PATCH /api/agreements/{id}',
    arrange: async (x) => {
      const d = await draftAgreement(x);
      return {
        who: d.su,
        method: 'PATCH',
        url: `/api/agreements/${d.agreement.id}`,
        body: { version: d.agreement.version, scope: '并发修改' },
      };
    },
  },
  {
    route: 'DELETE /api/agreements/{id}',
    arrange: async (x) => {
      const d = await draftAgreement(x);
      return { who: d.su, method: 'DELETE', url: `/api/agreements/${d.agreement.id}` };
    },
    refusals: [404],
  },
  {
    route: 'POST /api/agreements/{id}/actions',
    label: 'sign',
    arrange: async (x) => {
      const d = await draftAgreement(x);
      await uploadScan(x, d.su, d.agreement.id);
      const a = await x.get(d.su, `/api/agreements/${d.agreement.id}`);
      return {
        who: d.su,
        method: 'POST',
        url: `/api/agreements/${a.id}/actions`,
        body: { action: 'sign', version: a.version, signingDate: '2026-11-20' },
      };
    },
  },
  {
    route: 'POST /api/agreements/{id}/key',
    arrange: async (x) => {
      const a = await activeAgreement(x);
      return {
        who: 'cc-reg',
        method: 'POST',
        url: `/api/agreements/${a.agreement.id}/key`,
        body: { keyProject: true },
      };
    },
    idempotent: true,
  },
  {
    route: 'POST /api/agreements/{id}/scan',
    arrange: async (x) => {
      const d = await draftAgreement(x);
      return {
        who: d.su,
        method: 'POST',
        url: `/api/agreements/${d.agreement.id}/scan`,
        raw: { type: 'application/pdf', body: SCAN_PDF },
      };
    },
    idempotent: true,
  },
  {
    route: 'POST /api/agreements/{id}/projects',
    arrange: async (x) => {
      const a = await activeAgreement(x);
      return {
        who: a.su,
        method: 'POST',
        url: `/api/agreements/${a.agreement.id}/projects`,
        body: {
          type: 'rnd',
          title: `并发课程开发${uniq()}`,
          startDate: '2026-03-01',
          data: { kind: '课程开发', outcome: '新课程', outputs: 1 },
        },
      };
    },
  },
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

  ...recordCases,
  ...projectCases,
  ...selectionCases({ uniq, project }),
  ...assessmentCases,
];

// Routes whose ten-at-once case is not written yet, each with what guards it today (read in the code, not proven
// here). The list only shrinks; a new write route must get a case above, not an entry here.
export const NOT_YET: Record<string, string> = {};

// Ten identical requests that are ten effects by design, and why.
export const MANY_EFFECTS: Record<string, string> = {
  'POST /api/auth/login': 'ten logins are ten sessions (throttled per address and account)',
  'POST /api/auth/logout': 'ending an ended session changes nothing; each answer clears the caller’s cookie',
  'POST /api/notifications/read': 'marking read what is read changes nothing (no audit entry)',
  'POST /api/auth/forgot': 'each request answers the same (no account enumeration); mails are throttled per account',
  'POST /api/intents/{id}/messages': 'ten messages are ten messages in the thread (a chat, not a state)',
};
