import type { Case } from './concurrencyKit';
import { uniq, pair } from './concurrencyKit';

// Ten-at-once cases (http/concurrency.test.ts) for accounts and sign-in, organisations and reference data.
export const accountCases: Case[] = [
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
];
