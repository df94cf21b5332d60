import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Case, Ctx } from './concurrencyKit';
import { uniq, pair } from './concurrencyKit';

/** A fresh 襄阳 enterprise (with its account) whose 2025 form the province has accepted. */
async function acceptedEnterprise(x: Ctx) {
  const p = await pair(x);
  const form = await x.formInState(2025, p.ent, [
    {
      occupationCode: '焊工',
      postName: '焊工',
      headcount: 5,
      needType: '学生实习实训基地',
      needDetail: '提供焊接实习岗位',
    },
  ]);
  return { ...p, form };
}
/** A fresh enterprise's line in the catalogue: its accepted form published by the province. */
async function publishedLine(x: Ctx) {
  const p = await acceptedEnterprise(x);
  await x.send('cc-prov', 'POST', '/api/campaigns/2025/publications', { note: `并发发布${uniq()}` });
  const [line] = await x.sql(sql`select id from published_items where form_id = ${p.form.id} order by id desc limit 1`);
  return { ...p, item: line.id as number };
}

// Ten-at-once cases (http/concurrency.test.ts) for the year, its quotas and forms, publication and the catalogue.
export const campaignCases: Case[] = [
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
      // A year of its own (the year POST /api/campaigns creates is 2027): its draft form is redesigned.
      await x.send('cc-prov', 'POST', '/api/campaigns', { year: 2028 });
      const d = await x.get('cc-prov', '/api/campaigns/2028/forms/school/design');
      return {
        who: 'cc-prov',
        method: 'PUT',
        url: '/api/campaigns/2028/forms/school/design',
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
    // A form accepted since the last publication (one may have been made by another case): something to publish.
    arrange: async (x) => {
      await acceptedEnterprise(x);
      return { who: 'cc-prov', method: 'POST', url: '/api/campaigns/2025/publications', body: { note: '并发发布' } };
    },
  },
  {
    route: 'POST /api/catalogue/items/{id}/withdraw',
    arrange: async (x) => {
      const { eu, item } = await publishedLine(x);
      return { who: eu, method: 'POST', url: `/api/catalogue/items/${item}/withdraw`, body: { reason: '岗位已招满' } };
    },
  },
  {
    route: 'POST /api/catalogue/items/{id}/confirm',
    arrange: async (x) => {
      const { eu, item } = await publishedLine(x);
      return { who: eu, method: 'POST', url: `/api/catalogue/items/${item}/confirm`, body: {} };
    },
  },
];
