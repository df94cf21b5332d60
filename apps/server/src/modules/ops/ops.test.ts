import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeUser, type TestApp } from '../../../test/app';
import { runJob, type JobDef } from '../../jobs/jobs';
import { backupPglite } from '../../jobs/backup';
import { startHeartbeat } from '../../jobs/processes';
import { openPglite } from '../../db/client';
import { withClockStopped } from '../../lib/clock';
import { sqlRows } from '../../db/rows';

// 「运行状态」: what the province sees of job runs (including a failure and its cause), the processes and the import
// queue; and the embedded backup it lists, which must restore.
let t: TestApp;
let province: string;
const quiet = { info() {}, warn() {}, error() {} };
beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'ops-prov', role: 'province' });
  await makeUser(t, { username: 'ops-region', role: 'region', regionCode: '420100' });
  province = await login(t, 'ops-prov');
});
afterAll(() => t.close());

describe('运行状态', () => {
  it('shows each job’s last run, its failures with the cause, and this process', async () => {
    const hb = await startHeartbeat(t.database.db, quiet);
    const ok: JobDef = {
      name: 'session-purge',
      cron: '20 * * * *',
      everyMs: 3_600_000,
      atStart: true,
      run: async () => 1,
    };
    const bad: JobDef = {
      name: 'report-reminders',
      cron: '6 * * * *',
      everyMs: 3_600_000,
      atStart: true,
      run: async () => {
        throw new Error('连接被切断');
      },
    };
    await runJob(ok, t.database.db, quiet);
    await expect(runJob(bad, t.database.db, quiet)).rejects.toThrow('连接被切断');
    const r = await t.app.inject({ url: '/api/ops/status', headers: { cookie: province } });
    expect(r.statusCode).toBe(200);
    const s = r.json();
    const purge = s.jobs.find((j: { name: string }) => j.name === 'session-purge');
    expect(purge).toMatchObject({ label: '清理过期会话', lastState: 'succeeded', runs: 1, failures: 0 });
    expect(s.jobs.find((j: { name: string }) => j.name === 'report-reminders')).toMatchObject({
      lastState: 'failed',
      lastError: '连接被切断',
      failures: 1,
    });
    expect(s.history.map((h: { name: string }) => h.name)).toEqual(['report-reminders', 'session-purge']);
    expect(s.processes).toContainEqual(expect.objectContaining({ pid: process.pid, state: 'running', current: true }));
    expect(s.database).toMatchObject({ writable: true });
    expect(s.imports).toMatchObject({ queued: 0, running: 0 });
    await hb.stop();
    const after = (await t.app.inject({ url: '/api/ops/status', headers: { cookie: province } })).json();
    expect(after.processes.find((p: { current: boolean }) => p.current).state).toBe('stopped');
  });

  it('is the province’s alone', async () => {
    const region = await login(t, 'ops-region');
    expect((await t.app.inject({ url: '/api/ops/status', headers: { cookie: region } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/ops/status' })).statusCode).toBe(401);
  });

  it.skipIf(!!process.env.TEST_DATABASE_URL)(
    'the embedded backup keeps the newest copies and one restores into a working database',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cjrh-backup-'));
      try {
        await exec(
          t,
          sql`insert into app_meta (key, value) values ('backup-marker', '"before"'::jsonb) on conflict (key) do update set value = '"before"'::jsonb`,
        );
        for (const day of ['2026-11-27', '2026-11-28', '2026-11-29'])
          await withClockStopped(new Date(`${day}T01:00:00Z`), () => backupPglite(t.database.pglite!, dir, 2));
        const files = readdirSync(join(dir, 'backups')).sort();
        expect(files).toEqual(['pglite-20261128-010000.tar.gz', 'pglite-20261129-010000.tar.gz']);
        const restored = await openPglite(undefined, {
          loadDataDir: new Blob([readFileSync(join(dir, 'backups', files[1]))]),
          migrate: false,
        });
        const rows = await sqlRows<{ value: string }>(
          restored.db,
          sql`select value from app_meta where key = 'backup-marker'`,
        );
        expect(rows[0]?.value).toBe('before');
        await restored.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
