// The seeded 2025 collection served through the real API to the demo accounts (the rows themselves:
// campaign.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import type { Database } from '../db/client';
import { testEnv } from '../env';
import { freshDatabase } from '../../test/db';
import { ACCEPTED_REGION } from './campaign';
import { DEMO_PASSWORD, seedDemo } from './demo';

let a: Database;

beforeAll(async () => {
  a = await freshDatabase();
  await seedDemo(a.db, {});
}, 300_000);

afterAll(async () => {
  await a?.close();
});

describe('demo campaign 2025 through the API', () => {
  it('serves the seeded campaign through the real API', async () => {
    const app: FastifyInstance = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', DEMO_DATA: true }), db: a });
    await app.ready();
    try {
      const login = async (username: string) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: DEMO_PASSWORD },
        });
        expect(res.statusCode, res.body).toBe(200);
        const c = res.cookies.find((x) => x.name === 'cjrh_sid')!;
        return `cjrh_sid=${c.value}`;
      };
      const get = async (cookie: string, url: string) => {
        const res = await app.inject({ method: 'GET', url, headers: { cookie } });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
        return res.json();
      };
      const send = async (cookie: string, method: 'POST' | 'PUT', url: string, payload?: object) => {
        const res = await app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
        return res.json();
      };

      const school = await login('school-420100-01');
      const mine = await get(school, '/api/campaigns/2025/my-form');
      expect(mine).toMatchObject({ state: 'returned', editable: true, hasDiff: true, allowedActions: ['resubmit'] });
      expect(mine.returnReasons.length).toBe(2);
      expect(mine.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
      const history = await get(school, `/api/forms/${mine.id}/history`);
      expect(history.transitions.map((t: { action: string }) => t.action)).toEqual(['submit', 'return']);
      expect((await get(school, `/api/forms/${mine.id}/diff`)).changes).toEqual([]);
      expect((await get(school, '/api/notifications/unread-count')).unread).toBe(2);

      const region = await login('region-420100');
      const progress = await get(region, '/api/campaigns/2025/completeness');
      expect(progress.regions).toHaveLength(1);
      expect(progress.total.overdue).toBe(59);
      expect(progress.total.expected).toBe(
        progress.total.not_started +
          progress.total.draft +
          progress.total.submitted +
          progress.total.returned +
          progress.total.region_approved +
          progress.total.with_province +
          progress.total.accepted,
      );
      const list = await get(region, '/api/campaigns/2025/forms?state=submitted&page=1&pageSize=20');
      expect(list.total).toBe(38);
      const pending = await get(region, `/api/forms/${list.items[0].id}`);
      expect(pending.allowedActions).toEqual(expect.arrayContaining(['approve', 'return']));

      const province = await login('province');
      const { items } = await get(province, '/api/campaigns/2025/batches');
      expect(items.find((x: { regionCode: string }) => x.regionCode === ACCEPTED_REGION)).toMatchObject({
        seq: 1,
        status: 'accepted',
      });
      expect(items.filter((x: { status: string }) => x.status === 'sent').length).toBe(13);
      const quotas = await get(province, '/api/campaigns/2025/quotas');
      expect(quotas).toMatchObject({ balanced: true, projectSum: 500, keyEnterpriseSum: 600 });
      const whole = await get(province, '/api/campaigns/2025/completeness');
      expect(whole.regions.filter((r: { late: boolean }) => r.late).length).toBe(16);

      // The seeded rows carry on through the real services: versions, snapshots and reasons line up.
      const cell = mine.returnReasons.find(
        (r: { rowKey?: string; fieldKey?: string }) => r.rowKey && r.fieldKey === 'graduatesMidLevel',
      );
      const rows = mine.data.rows.map((r: { key: string; values: Record<string, unknown> }) =>
        r.key === cell.rowKey
          ? { ...r, values: { ...r.values, graduatesMidLevel: (r.values.graduatesMidLevel as number) - 1 } }
          : r,
      );
      const locked = await app.inject({
        method: 'PUT',
        url: `/api/forms/${mine.id}`,
        headers: { cookie: school },
        payload: {
          version: mine.version,
          data: { ...mine.data, org: { ...mine.data.org, contactTitle: '改了' }, rows },
        },
      });
      expect(locked.json().error.code).toBe('field_locked');
      const saved = await send(school, 'PUT', `/api/forms/${mine.id}`, {
        version: mine.version,
        data: { ...mine.data, rows },
      });
      expect((await get(school, `/api/forms/${mine.id}/diff`)).changes).toHaveLength(1);
      expect(
        await send(school, 'POST', `/api/forms/${mine.id}/actions`, { action: 'resubmit', version: saved.version }),
      ).toMatchObject({ state: 'submitted' });
      expect(
        await send(region, 'POST', `/api/forms/${pending.id}/actions`, { action: 'approve', version: pending.version }),
      ).toMatchObject({ state: 'region_approved' });
      const sent = items.find((x: { status: string }) => x.status === 'sent');
      expect(await send(province, 'POST', `/api/batches/${sent.id}/accept`)).toMatchObject({ status: 'accepted' });
    } finally {
      await app.close();
    }
  });
});
