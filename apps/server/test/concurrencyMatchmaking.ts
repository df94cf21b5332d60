import { SCAN_PDF } from './agreements';
import type { Case } from './concurrencyKit';
import { uniq, future, pair, intent, draftAgreement, uploadScan, activeAgreement, AGREEMENT } from './concurrencyKit';

// Ten-at-once cases (http/concurrency.test.ts) for matchmaking (intents, fairs) and agreements, projects, reports.
export const matchmakingCases: Case[] = [
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
];
