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
} from './concurrencyKit';

// Ten-at-once cases (http/concurrency.test.ts) for the records a school or bureau keeps (trainings, mentors, teachers,
// recruits, 工学一体化 bases, skills): updates, deletions, reviews; and the reset link and the agreement template.
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
];
