import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../app';
import { openPostgres, type Database } from '../db/client';
import { ensureReferenceData } from '../db/reference';
import { describeError, migratePostgres, withStartupLock } from '../db/startup';
import { testEnv } from '../env';
import { runJob, type JobDef } from '../jobs/jobs';
import { startScheduler } from '../jobs/scheduler';
import { createTestApp, login, makeOrg, makeUser, openCampaign, type TestApp } from '../../test/app';
import { formInState } from '../../test/forms';
import { freshDatabase } from '../../test/db';
import { sqlRows } from '../db/rows';

// Several server processes on one PostgreSQL (issue 16): start-up under the advisory lock, jobs once, caches that
// agree, a connection cut inside a transaction. Only meaningful on a real server: skipped on the embedded database.
const url = process.env.TEST_DATABASE_URL;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `procs_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url!);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

describe.skipIf(!url)('several processes on one PostgreSQL database', () => {
  it('three starts together on an empty database all come up: one migrates, the others wait and skip', async () => {
    const empty = await emptyDatabase();
    const dbs: Database[] = [];
    try {
      for (let i = 0; i < 3; i++) dbs.push(await openPostgres(empty.url, { migrate: false, max: 3 }));
      const results = await Promise.allSettled(
        dbs.map((d) =>
          withStartupLock(d.pool!, async () => {
            await migratePostgres(d.db);
            await ensureReferenceData(d.db);
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const [n] = await sqlRows<{ n: number }>(dbs[0].db, sql`select count(*)::int as n from dict_entries`);
      expect(n.n).toBeGreaterThan(100);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
      await empty.drop();
    }
  }, 120_000);

  it('a database migrated by a newer version is refused with a clear message', async () => {
    const empty = await emptyDatabase();
    const d = await openPostgres(empty.url, { max: 2 });
    try {
      await d.db.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', ${String(Date.UTC(2099, 0, 1))})`,
      );
      await expect(migratePostgres(d.db)).rejects.toThrow(/更新版本的平台/);
    } finally {
      await d.close();
      await empty.drop();
    }
  }, 60_000);

  it('a failed statement is reported by its database message and code, without its parameters', async () => {
    const d = await openPostgres(url!, { migrate: false, max: 1 });
    try {
      const e = await d.db.execute(sql`select ${'13800001111'}::text, 1 / 0`).catch((x: unknown) => x);
      const described = JSON.stringify(describeError(e));
      expect(described).toContain('22012');
      expect(described).not.toContain('13800001111');
    } finally {
      await d.close();
    }
  });

  it('a job started by two processes together runs once', async () => {
    const empty = await emptyDatabase();
    const dbs: Database[] = [];
    let runs = 0;
    const job: JobDef = {
      name: 'probe',
      cron: '0 0 1 1 *',
      everyMs: 3_600_000,
      atStart: true,
      run: async () => void runs++,
    };
    try {
      for (let i = 0; i < 2; i++) dbs.push(await openPostgres(empty.url, { migrate: false, max: 3 }));
      await migratePostgres(dbs[0].db); // the schedule's claims are in job_slots
      const schedulers = await Promise.all(dbs.map((d) => startScheduler(d, [job], quiet)));
      for (let i = 0; i < 40 && runs === 0; i++) await new Promise((r) => setTimeout(r, 250));
      await new Promise((r) => setTimeout(r, 3000)); // both workers poll every 2 s: a second run would show by now
      await Promise.all(schedulers.map((s) => s.stop()));
      expect(runs).toBe(1);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
      await empty.drop();
    }
  }, 120_000);

  it('a job that throws is recorded as failed and rethrown for the queue to retry', async () => {
    const job: JobDef = {
      name: 'boom',
      cron: '* * * * *',
      everyMs: 60_000,
      atStart: false,
      run: async () => {
        throw new Error('x');
      },
    };
    await expect(runJob(job, {} as never, quiet)).rejects.toThrow('x');
  });
});

describe.skipIf(!url)('caches that agree across processes', () => {
  let a: TestApp;
  let other: { app: Awaited<ReturnType<typeof buildApp>>; database: Database };
  const c: Record<string, string> = {};
  let entId = 0;

  beforeAll(async () => {
    a = await createTestApp();
    // A second "process": its own pool, caches and listener on the same database.
    const database = await openPostgres(a.database.url!, { migrate: false, max: 3 });
    other = { app: await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent' }), db: database }), database };
    await other.app.ready();
    entId = (await makeOrg(a, { type: 'enterprise', regionCode: '420600', name: '襄阳集群测试机械有限公司' })).id;
    await makeUser(a, { username: 'prov', role: 'province' });
    c.prov = await login(a, 'prov');
    await a.app.inject({ method: 'POST', url: '/api/campaigns', headers: { cookie: c.prov }, payload: { year: 2025 } });
    await openCampaign(a, c.prov, 2025); // a new campaign is a draft: nothing is published from it
    await formInState(a, 2025, entId, [
      { occupationCode: '焊工', postName: '氩弧焊工', headcount: 5, needType: '毕业生就业', needDetail: '招氩弧焊工' },
      { occupationCode: '车工', postName: '数控车工', headcount: 3, needType: '毕业生就业', needDetail: '招数控车工' },
      { occupationCode: '电工', postName: '维修电工', headcount: 4, needType: '毕业生就业', needDetail: '招维修电工' },
    ]);
    expect(
      (
        await a.app.inject({
          method: 'POST',
          url: '/api/campaigns/2025/publications',
          headers: { cookie: c.prov },
          payload: {},
        })
      ).statusCode,
    ).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await other.app.close();
    await other.database.close();
    await a.close();
  });

  const search = async () =>
    (await other.app.inject({ url: `/api/catalogue?q=${encodeURIComponent('氩弧焊')}` })).json().items as {
      id: number;
    }[];

  it('a withdrawal on one process leaves the other process’s search within 1 s', async () => {
    const before = await search(); // now held in the other process's cache
    expect(before).toHaveLength(1);
    const r = await a.app.inject({
      method: 'POST',
      url: `/api/catalogue/items/${before[0].id}/withdraw`,
      headers: { cookie: c.prov },
      payload: { reason: '岗位已招满' },
    });
    expect(r.statusCode).toBe(200);
    const t0 = performance.now();
    let items = await search();
    while (items.length && performance.now() - t0 < 1000) {
      await new Promise((res) => setTimeout(res, 20));
      items = await search();
    }
    expect(items).toHaveLength(0);
  });

  it('ten withdrawals of one line at once on two processes: one succeeds with one audit entry, nine answer 409', async () => {
    const [line] = (await other.app.inject({ url: `/api/catalogue?q=${encodeURIComponent('数控车工')}` })).json()
      .items as { id: number }[];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, k) =>
        (k % 2 ? other.app : a.app).inject({
          method: 'POST',
          url: `/api/catalogue/items/${line.id}/withdraw`,
          headers: { cookie: c.prov },
          payload: { reason: `并发撤下 ${k}` },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const [audits] = await sqlRows<{ n: number }>(
      a.database.db,
      sql`select count(*)::int as n from audit_log where action = 'catalogue.withdraw' and entity_id = ${String(line.id)}`,
    );
    expect(audits.n).toBe(1);
  });

  it('a listening connection cut by the database is reopened, and the caches still agree afterwards', async () => {
    const q = `/api/catalogue?q=${encodeURIComponent('维修电工')}`;
    const [line] = (await other.app.inject({ url: q })).json().items as { id: number }[];
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const cut = await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'cjrh-cache-events' and datname = $1`,
      [new URL(a.database.url!).pathname.slice(1)],
    );
    await admin.end();
    expect(cut.rowCount).toBe(2); // one listener per "process"
    await new Promise((r) => setTimeout(r, 1500)); // reconnect after 0.5 s
    await other.app.inject({ url: q }); // cached again on the other process
    expect(
      (
        await a.app.inject({
          method: 'POST',
          url: `/api/catalogue/items/${line.id}/withdraw`,
          headers: { cookie: c.prov },
          payload: { reason: '岗位已招满' },
        })
      ).statusCode,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect((await other.app.inject({ url: q })).json().items).toHaveLength(0);
  });

  it('two identical publications at once on two processes: one new version, the other a clear 409 (no duplicate-key 500)', async () => {
    const results = await Promise.all(
      [a.app, other.app].map((app) =>
        app.inject({
          method: 'POST',
          url: '/api/campaigns/2025/publications',
          headers: { cookie: c.prov },
          payload: {},
        }),
      ),
    );
    // A publication with nothing new since the last one is refused (issue #16: of identical writes, one succeeds).
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 201)!.json().version).toBe(2);
    expect(results.find((r) => r.statusCode === 409)!.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe.skipIf(!url)('a connection cut inside a transaction', () => {
  let t: { app: Awaited<ReturnType<typeof buildApp>>; database: Database };
  beforeAll(async () => {
    const database = await freshDatabase();
    t = { app: await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent' }), db: database }), database };
    // A request that holds a transaction open long enough to have its connection cut (outside /api/, where the
    // sign-in gate would answer a caller without a session before the handler runs).
    t.app.get('/test/slow', async () => {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_sleep(5)`);
      });
      return { ok: true };
    });
    await t.app.ready();
  });
  afterAll(async () => {
    await t.app.close();
    await t.database.close();
  });

  it('fails that request with 503 and a Chinese message; the process and the next request carry on', async () => {
    const slow = t.app.inject({ url: '/test/slow' });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const dbName = new URL(t.database.url!).pathname.slice(1);
    for (let i = 0; i < 50; i++) {
      const r = await admin.query(
        `select pg_terminate_backend(pid) as cut from pg_stat_activity where datname = $1 and query like '%pg_sleep%' and pid <> pg_backend_pid()`,
        [dbName],
      );
      if (r.rowCount) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    await admin.end();
    const res = await slow;
    expect(res.statusCode).toBe(503);
    expect(res.json().error.message).toMatch(/数据库/);
    expect((await t.app.inject({ url: '/api/health/ready' })).statusCode).toBe(200);
  });
});
