// Startup benchmark: time from launching the server to the first served page, on an empty data folder
// (migrate + reference + demo seed) and on an existing one, against a baseline measured in the same run:
// the same Node + tsx launching a bare HTTP server that answers one page. The existing folder is also started as
// production does: the compiled server under plain node, and `npm start` (stamps checked, nothing rebuilt).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../scripts/build.mjs';

const root = new URL('..', import.meta.url).pathname;

async function timeToFirstPage(
  args: string[],
  env: Record<string, string>,
  port: number,
  command = process.execPath,
): Promise<number> {
  const t0 = performance.now();
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode != null) throw new Error(`process exited ${child.exitCode}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/`);
        if (r.ok) {
          await r.text();
          return performance.now() - t0;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    const exited = new Promise((r) => (child.exitCode != null ? r(null) : child.once('exit', r)));
    // The whole process group: `npm start` runs node under a shell, which a signal to npm alone would leave running.
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    // …and the next start on the same folder must not meet this one's lock while it is still closing the database.
    for (let i = 0; i < 300 && env.DATA_DIR && existsSync(join(env.DATA_DIR, 'platform.lock')); i++)
      await new Promise((r) => setTimeout(r, 50));
  }
}

export async function benchStartup(runs = 3) {
  const bare = join(tmpdir(), `bare-${process.pid}.ts`);
  writeFileSync(
    bare,
    "import http from 'node:http'; http.createServer((q, s) => s.end('<html>ok</html>')).listen(Number(process.env.PORT), '127.0.0.1');",
  );
  await ensureBuilt(); // so the npm start row measures a restart, not a build
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const baseline: number[] = [];
  const empty: number[] = [];
  const existing: number[] = [];
  const compiled: number[] = [];
  const npmStart: number[] = [];
  for (let i = 0; i < runs; i++) {
    baseline.push(await timeToFirstPage(['--import', 'tsx', bare], {}, 3901));
    const dir = mkdtempSync(join(tmpdir(), 'cjrh-bench-'));
    const env = { DATA_DIR: dir, DATABASE_URL: '' };
    empty.push(await timeToFirstPage(['--import', 'tsx', 'apps/server/src/main.ts'], env, 3902));
    existing.push(await timeToFirstPage(['--import', 'tsx', 'apps/server/src/main.ts'], env, 3903));
    compiled.push(await timeToFirstPage(['apps/server/dist/main.js'], env, 3904));
    npmStart.push(await timeToFirstPage(['start'], env, 3905, 'npm'));
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(bare, { force: true });
  const b = median(baseline);
  const e = median(empty);
  const x = median(existing);
  const c = median(compiled);
  const n = median(npmStart);
  return [
    { name: 'baseline: bare node+tsx HTTP server, launch → first page', ms: b, ratio: 1 },
    { name: 'platform, empty data folder (migrate + reference + demo seed) → first page', ms: e, ratio: e / b },
    { name: 'platform, existing data folder → first page', ms: x, ratio: x / b },
    {
      name: 'platform compiled (node apps/server/dist/main.js), existing data folder → first page',
      ms: c,
      ratio: c / b,
    },
    { name: '`npm start` (nothing to rebuild), existing data folder → first page', ms: n, ratio: n / b },
  ];
}
