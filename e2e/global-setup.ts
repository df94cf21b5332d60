import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The day the browser tests live on: the server's clock is pinned to it (CLOCK_AT), so they pass on any real date.
 * Default a month end, where "this month's report" and "today" meet the month boundary; CI runs the date-sensitive
 * files once more with E2E_TODAY set to a year start (.ci/run).
 */
const TODAY = process.env.E2E_TODAY || '2026-11-30';

/**
 * The server keeps its throttles and captcha answers in this Redis (as a multi-process deployment does), under a
 * prefix of this run's own; the captcha test reads the answer there, as a person reads the picture. REDIS_URL=
 * (empty) runs the server without Redis (the captcha test then stops short of solving one).
 */
let REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_KEY_PREFIX = `cjrh-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}:`;

/** A port nothing listens on right now (so the health check can never reach a stray server). */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/** Copies the built web app, retrying while a concurrent build leaves index.html pointing at missing files. */
async function snapshotWeb(dist: string, to: string) {
  for (let attempt = 1; ; attempt++) {
    rmSync(to, { recursive: true, force: true });
    cpSync(dist, to, { recursive: true });
    const html = existsSync(join(to, 'index.html')) ? readFileSync(join(to, 'index.html'), 'utf8') : '';
    const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    if (html && refs.length && refs.every((f) => existsSync(join(to, f)))) return;
    if (attempt >= 20) throw new Error(`apps/web/dist is incomplete (index.html refers to missing files): rebuild it`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Whether something listens at the Redis address (without REDIS_URL set, a machine without Redis runs the browser
 *  tests all the same, only the captcha test stops short of solving one; with it set, a dead Redis fails loudly). */
function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((ok) => {
    const s = connect({ host: u.hostname, port: Number(u.port || 6379) });
    s.setTimeout(2_000);
    const done = (v: boolean) => (s.destroy(), ok(v));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.once('timeout', () => done(false));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode != null || child.signalCode != null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

// Starts the real server (built web app, embedded database, demo data) on a fresh data folder, as `npm start`
// would, and hands its address to the browser tests.
async function start(): Promise<{ base: string; teardown: () => Promise<void> }> {
  const dist = join(root, 'apps/web/dist');
  if (!existsSync(join(dist, 'index.html')))
    throw new Error('apps/web/dist is missing: run `npm run build -w apps/web` first (npm test does it)');
  const dataDir = mkdtempSync(join(tmpdir(), 'cjrh-e2e-'));
  // The server reads the web files per request; serve a copy so a rebuild during the run (someone else's
  // `vite build` in the same tree) cannot swap the chunks under a page that is already open.
  const web = join(dataDir, 'web');
  let child: ChildProcess | undefined;
  const teardown = async () => {
    if (child) await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await snapshotWeb(dist, web);
    if (REDIS_URL && process.env.REDIS_URL === undefined && !(await reachable(REDIS_URL))) {
      console.warn(`[e2e] no Redis at ${REDIS_URL}: the server runs without it`);
      REDIS_URL = '';
    }
    const port = await freePort();
    // No overload shedding here: the embedded database runs in the server's own thread, so on a busy 2-core CI machine
    // a heavy page (本周变化, the 17 regions) holds the event loop past the 2 s limit and the next page load got a 503
    // instead of the login form. Shedding itself is tested against the server (modules/health/health.test.ts).
    child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DEMO_DATA: 'true',
        DATABASE_URL: '',
        WEB_DIST: web,
        CLOCK_AT: TODAY,
        LOGIN_RATE_MAX: '10000',
        ANON_WRITE_MAX: '10000',
        OVERLOAD_EVENT_LOOP_DELAY_MS: '0',
        REDIS_URL,
        REDIS_KEY_PREFIX,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    // A start-up timeout measures elapsed time, so it uses the monotonic clock, not the calendar the server is pinned to.
    const deadline = performance.now() + 600_000;
    for (;;) {
      if (child.exitCode != null || child.signalCode != null)
        throw new Error(
          `the server exited with ${child.exitCode ?? child.signalCode} before answering /api/health (its own message is above)`,
        );
      try {
        const r = await fetch(`${base}/api/health`);
        if (r.ok) return { base, teardown };
      } catch {
        /* not up yet */
      }
      if (performance.now() > deadline)
        throw new Error(
          'the server did not answer /api/health within 600 s (demo data still loading on a very busy machine?)',
        );
      await new Promise((r) => setTimeout(r, 300));
    }
  } catch (e) {
    await teardown();
    throw e;
  }
}

export default async function setup(project: TestProject) {
  try {
    const { base, teardown } = await start();
    project.provide('baseURL', base);
    project.provide('serverError', '');
    project.provide('today', TODAY);
    project.provide('redis', { url: REDIS_URL, prefix: REDIS_KEY_PREFIX });
    return teardown;
  } catch (e) {
    // Throwing here would abort every project of the run (domain and server tests included); instead the
    // browser tests fail, each with this reason, and the other projects still report.
    const reason = e instanceof Error ? e.message : String(e);
    console.error(`[e2e] ${reason}`);
    project.provide('baseURL', '');
    project.provide('serverError', reason);
    project.provide('today', TODAY);
    project.provide('redis', { url: '', prefix: '' });
    return undefined;
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** Why the server could not be started ('' when it runs). */
    serverError: string;
    /** The date the server's clock is pinned to (YYYY-MM-DD, Beijing). */
    today: string;
    /** The Redis the server keeps captcha answers in (url '' when it runs without one). */
    redis: { url: string; prefix: string };
  }
}
