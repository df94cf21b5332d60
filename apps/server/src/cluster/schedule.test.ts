import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openPostgres, type Database } from '../db/client';
import { withClockStopped } from '../lib/clock';
import { failAbandonedImports } from '../jobs/imports';
import { platformJobs } from '../jobs/jobs';
import { startScheduler, type Scheduler } from '../jobs/scheduler';
import { freshDatabase } from '../../test/db';
import { sqlRows } from '../db/rows';

// Issue 16, "each scheduled job run exactly once over a forced hour": three processes (each its own pool, pg-boss
// and tick) on one PostgreSQL database, the platform clock set across an hour and a day boundary. The schedule follows
// the platform clock (jobs/scheduler.ts), so the hour the test sets is the hour the jobs see. Only on a real server.
const url = process.env.TEST_DATABASE_URL;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const JOBS = [...platformJobs({ mailer: null }), failAbandonedImports];

type Row = { job: string; n: number; ok: number };

describe.skipIf(!url)('scheduled jobs over a forced hour, three processes', () => {
  let first: Database;
  const dbs: Database[] = [];

  beforeAll(async () => {
    first = await freshDatabase();
    dbs.push(first);
    for (let i = 0; i < 2; i++) dbs.push(await openPostgres(first.url!, { migrate: false, max: 3 }));
  }, 120_000);
  afterAll(async () => {
    for (const d of dbs.slice(1)) await d.close();
    await first?.close();
  });

  const runs = async () => {
    const r = await sqlRows<Row>(
      first.db,
      sql`select job, count(*)::int as n, count(*) filter (where state = 'succeeded')::int as ok from job_runs group by job`,
    );
    return Object.fromEntries(r.map((x) => [x.job, x]));
  };
  /** Until every job has `n` finished runs (or 60 s), then a few more ticks: a duplicate would show by then. */
  const settle = async (n: number) => {
    for (let i = 0; i < 240; i++) {
      const got = await runs();
      if (JOBS.every((j) => (got[j.name]?.ok ?? 0) >= n)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 1500)); // ticks every 200 ms, workers poll every 0.5 s
    return runs();
  };

  it(
    'each job runs once in 23:xx and once in 00:xx of the next day, whatever the database clock says',
    { timeout: 240_000 },
    async () => {
      const go = () => Promise.all(dbs.map((d) => startScheduler(d, JOBS, quiet, { tickMs: 200 })));
      const stopAll = (s: Scheduler[]) => Promise.all(s.map((x) => x.stop()));

      const before = await withClockStopped(new Date('2026-11-30T23:30:00+08:00'), async () => {
        const s = await go();
        const got = await settle(1);
        await stopAll(s);
        return got;
      });
      for (const j of JOBS) expect(before[j.name], j.name).toMatchObject({ n: 1, ok: 1 });

      // Over the hour and the day: the processes restart meanwhile (a deployment), which must not add runs either.
      const after = await withClockStopped(new Date('2026-12-01T00:30:00+08:00'), async () => {
        const s = await go();
        const got = await settle(2);
        // Later in the same hour: the hourly jobs' slot is taken, only the minutely one has a new slot.
        const later = await withClockStopped(new Date('2026-12-01T00:45:00+08:00'), async () => {
          await new Promise((r) => setTimeout(r, 1500));
          for (let i = 0; i < 40 && ((await runs())['abandoned-imports']?.ok ?? 0) < 3; i++)
            await new Promise((r) => setTimeout(r, 250));
          await new Promise((r) => setTimeout(r, 1000));
          return runs();
        });
        await stopAll(s);
        return { got, later };
      });
      for (const j of JOBS) expect(after.got[j.name], j.name).toMatchObject({ n: 2, ok: 2 });
      for (const j of JOBS)
        expect(after.later[j.name], j.name).toMatchObject(
          j.name === 'abandoned-imports' ? { n: 3, ok: 3 } : { n: 2, ok: 2 },
        );

      // The slots are the platform clock's cron occurrences (Beijing time), one claim each.
      const slots = await sqlRows<{ s: string }>(
        first.db,
        sql`select to_char(slot at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as s from job_slots where job = 'indicator-snapshot' order by slot`,
      );
      expect(slots.map((r) => r.s)).toEqual(['2026-11-30 23:08', '2026-12-01 00:08']);
      // The daily snapshot has one province row per day on both sides of midnight.
      const days = await sqlRows<{ d: string }>(
        first.db,
        sql`select distinct on_date::text as d from indicator_snapshots where on_date >= '2026-11-30' order by 1`,
      );
      expect(days.map((r) => r.d)).toEqual(['2026-11-30', '2026-12-01']);
    },
  );
});
