// Cluster benchmark (issue #16): 3 server processes on one empty PostgreSQL database, started at the same moment,
// behind nginx from Debian's packages when installed (else a small round-robin in this script: a refused connection
// goes to the next process, as nginx's proxy_next_upstream does). Measures: the wall time until all three are ready; a read load against three processes
// and against one in the same run (ratio); cache agreement (a withdrawal on one process absent from every process's
// search); each start-up job run once; a rolling restart of one process under load with its failed requests.
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) must allow CREATE DATABASE.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureBuilt } from '../scripts/build.mjs';

const root = new URL('..', import.meta.url).pathname;
const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORTS = [3611, 3612, 3613];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sql(url: string, q: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(q)).rows;
  } finally {
    await c.end();
  }
}

function start(port: number, url: string): ChildProcess {
  return spawn(process.execPath, ['--enable-source-maps', 'apps/server/dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      LOG_LEVEL: 'error',
      DEMO_DATA: 'true',
      SESSION_SECRET: 'bench-cluster-secret-bench-cluster-secret',
    },
    // BENCH_CLUSTER_LOG=file: the processes' JSON log lines (errors only) appended there, to see what a failure was.
    stdio: [
      'ignore',
      process.env.BENCH_CLUSTER_LOG ? openSync(process.env.BENCH_CLUSTER_LOG, 'a') : 'ignore',
      'inherit',
    ],
  });
}

async function ready(port: number, child: ChildProcess) {
  for (;;) {
    if (child.exitCode != null) throw new Error(`process on ${port} exited ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health/ready`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
}

const NGINX = '/usr/sbin/nginx';
const NGINX_PORT = 3610;

/**
 * nginx in front of the given ports, as docs/deploy.md configures it: a refused connection (a process that stopped
 * listening during its drain) goes to the next upstream; a request already sent is never sent twice.
 */
function startNginx(ports: number[]) {
  const dir = mkdtempSync(join(tmpdir(), 'cjrh-nginx-'));
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon on; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn; worker_processes 1;
events { worker_connections 1024; }
http {
  access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir};
  upstream cjrh { ${ports.map((p) => `server 127.0.0.1:${p} max_fails=0;`).join(' ')} }
  server {
    listen 127.0.0.1:${NGINX_PORT};
    location / { proxy_pass http://cjrh; proxy_next_upstream error timeout http_503; proxy_next_upstream_tries 3; proxy_set_header X-Forwarded-For $remote_addr; }
  }
}
`,
  );
  execFileSync(NGINX, ['-c', join(dir, 'nginx.conf'), '-p', dir]);
  return () => {
    try {
      execFileSync(NGINX, ['-c', join(dir, 'nginx.conf'), '-p', dir, '-s', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** One request through nginx (one port: NGINX_PORT) with an optional method, body and cookie. */
async function viaNginx(path: string, init: RequestInit = {}): Promise<number> {
  try {
    const r = await fetch(`http://127.0.0.1:${NGINX_PORT}${path}`, init);
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

/**
 * A mixed load through nginx: anonymous catalogue searches, the province's agreement list and dashboard card, and
 * writes (marking notifications read, the readiness probe's write) — what a working day mixes. Any non-2xx counts.
 */
async function mixedLoad(cookie: string, ms: number, concurrency = 12) {
  const end = performance.now() + ms;
  let ok = 0;
  let failed = 0;
  const why = new Map<number, number>();
  const json = { 'content-type': 'application/json', cookie };
  const requests: (() => Promise<number>)[] = [
    () => viaNginx(`/api/catalogue?q=${encodeURIComponent(WORDS[ok % WORDS.length])}`),
    () => viaNginx('/api/agreements?pageSize=20', { headers: { cookie } }),
    () => viaNginx('/api/notifications/read', { method: 'POST', headers: json, body: '{}' }),
    () => viaNginx('/api/health/ready'),
    () => viaNginx(`/api/catalogue?q=${encodeURIComponent(WORDS[(ok + 3) % WORDS.length])}&page=2`),
  ];
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = w; performance.now() < end; i++) {
        const s = await requests[i % requests.length]();
        if (s >= 200 && s < 300) ok++;
        else {
          failed++;
          why.set(s, (why.get(s) ?? 0) + 1);
        }
      }
    }),
  );
  return { ok, failed, perSecond: ok / (ms / 1000), why: [...why].map(([s, n]) => `${s || 'refused'}×${n}`).join(' ') };
}

let rr = 0;
/** One request through the round-robin; a refused connection tries the next process. */
async function viaBalancer(ports: number[], path: string): Promise<number> {
  const first = rr++;
  for (let k = 0; k < ports.length; k++) {
    const port = ports[(first + k) % ports.length];
    try {
      const r = await fetch(`http://127.0.0.1:${port}${path}`);
      await r.arrayBuffer();
      if (r.status === 503 && k < ports.length - 1) continue;
      return r.status;
    } catch {
      /* refused: next process */
    }
  }
  return 0;
}

const WORDS = ['焊工', '数控', '电工', '护理', '汽车', '电子', '物流', '烹饪'];
async function load(ports: number[], ms: number, concurrency = 16) {
  const end = performance.now() + ms;
  let ok = 0;
  let failed = 0;
  const why = new Map<number, number>();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = w; performance.now() < end; i++) {
        const s = await viaBalancer(
          ports,
          `/api/catalogue?q=${encodeURIComponent(WORDS[i % WORDS.length])}&page=${1 + (i % 3)}`,
        );
        if (s === 200) ok++;
        else {
          failed++;
          why.set(s, (why.get(s) ?? 0) + 1);
        }
      }
    }),
  );
  return { ok, failed, perSecond: ok / (ms / 1000), why: [...why].map(([s, n]) => `${s || 'refused'}×${n}`).join(' ') };
}

export async function benchCluster() {
  await ensureBuilt(['server']);
  const name = `cjrh_bench_cluster_${process.pid}`;
  await sql(admin, `create database ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const url = u.toString();
  const procs: ChildProcess[] = [];
  const out: { name: string; ms: number; ratio: number; note?: string }[] = [];
  try {
    const t0 = performance.now();
    PORTS.forEach((p) => procs.push(start(p, url)));
    await Promise.all(PORTS.map((p, i) => ready(p, procs[i])));
    const startMs = performance.now() - t0;
    out.push({
      name: 'three processes started together on an empty database (demo data), all ready',
      ms: startMs,
      ratio: 1,
    });

    const one = await load([PORTS[0]], 10_000);
    const three = await load(PORTS, 10_000);
    out.push({
      name: `catalogue searches, 16 clients, one process: ${one.perSecond.toFixed(0)}/s, ${one.failed} errors`,
      ms: 10_000,
      ratio: 1,
    });
    out.push({
      name: `catalogue searches, 16 clients, three processes: ${three.perSecond.toFixed(0)}/s, ${three.failed} errors`,
      ms: 10_000,
      ratio: three.perSecond / one.perSecond,
      note: 'throughput against one process',
    });

    // Cache agreement: every process holds the answer, one withdraws, the others must drop it.
    const q = `/api/catalogue?q=${encodeURIComponent('焊工')}&pageSize=100`;
    const ids = async (port: number) =>
      ((await (await fetch(`http://127.0.0.1:${port}${q}`)).json()) as { items: { id: number }[] }).items.map(
        (i) => i.id,
      );
    const item = (await ids(PORTS[1]))[0];
    await Promise.all(PORTS.map(ids));
    const login = await fetch(`http://127.0.0.1:${PORTS[0]}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'province', password: 'Demo@2025' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const tw = performance.now();
    const w = await fetch(`http://127.0.0.1:${PORTS[0]}/api/catalogue/items/${item}/withdraw`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ reason: '基准测试撤下' }),
    });
    if (w.status !== 200) throw new Error(`withdraw answered ${w.status}`);
    let agreedMs = -1;
    while (performance.now() - tw < 5000) {
      const lists = await Promise.all(PORTS.map(ids));
      if (lists.every((l) => !l.includes(item))) {
        agreedMs = performance.now() - tw;
        break;
      }
      await sleep(10);
    }
    out.push({
      name: 'withdrawal on one process absent from all three searches (incl. the withdraw request)',
      ms: agreedMs,
      ratio: 1,
      note: agreedMs >= 0 && agreedMs <= 1000 ? 'within 1 s' : 'NOT within 1 s',
    });

    // Each process's tick enqueues the current cron slot of every job unless another did (job_slots): one pg-boss job per slot.
    const runs = (await sql(
      url,
      `select name, count(*)::int as n, count(distinct data->>'slot')::int as slots from pgboss.job group by name order by name`,
    )) as { name: string; n: number; slots: number }[];
    out.push({
      name: `queued job slots across three processes: ${runs.map((r) => `${r.name}×${r.n}`).join(', ')}`,
      ms: 0,
      ratio: 1,
      note: runs.every((r) => r.n === r.slots) ? 'each slot once' : 'DUPLICATES',
    });

    // Every scheduled job once over the hour after the start, for all three processes together (job_runs: written by
    // whichever process ran it).
    const hourRuns = (await sql(url, `select job, count(*)::int as n from job_runs group by job order by job`)) as {
      job: string;
      n: number;
    }[];
    const hourly = hourRuns.filter((r) => r.job !== 'abandoned-imports' && r.job !== 'mail-outbox');
    out.push({
      name: `scheduled job runs recorded in the first hour, three processes: ${hourRuns.map((r) => `${r.job}×${r.n}`).join(', ')}`,
      ms: 0,
      ratio: 1,
      note: hourly.length && hourly.every((r) => r.n === 1) ? 'each hourly job once' : 'NOT once each',
    });

    if (existsSync(NGINX)) {
      // Two processes behind nginx: the third stops (cleanly) first.
      const exited3 = new Promise((r) => procs[2].once('exit', r));
      procs[2].kill('SIGTERM');
      await exited3;
      const stopNginx = startNginx(PORTS.slice(0, 2));
      try {
        const mixedOne = await mixedLoad(cookie, 10_000);
        out.push({
          name: `mixed load through nginx, two processes: ${mixedOne.ok} requests (${mixedOne.perSecond.toFixed(0)}/s), ${mixedOne.failed} failed${mixedOne.failed ? ` (${mixedOne.why})` : ''}`,
          ms: 10_000,
          ratio: 1,
        });
        const rolling = mixedLoad(cookie, 25_000);
        await sleep(3000);
        const tn = performance.now();
        for (const i of [0, 1]) {
          // One of two at a time: SIGTERM (drains), start again, ready, then the other.
          const gone = new Promise((r) => procs[i].once('exit', r));
          procs[i].kill('SIGTERM');
          await gone;
          procs[i] = start(PORTS[i], url);
          await ready(PORTS[i], procs[i]);
        }
        const rolledN = await rolling;
        out.push({
          name: `rolling restart of both processes one at a time behind nginx under mixed load: ${rolledN.ok} requests, ${rolledN.failed} failed${rolledN.failed ? ` (${rolledN.why})` : ''}`,
          ms: performance.now() - tn,
          ratio: 1,
          note: rolledN.failed === 0 ? '0 failed' : 'FAILED REQUESTS',
        });
      } finally {
        stopNginx();
      }
      procs[2] = start(PORTS[2], url);
      await ready(PORTS[2], procs[2]);
    } else {
      out.push({
        name: 'nginx not installed (apt-get install nginx): the rolling restart below goes through the script’s round-robin',
        ms: 0,
        ratio: 1,
      });
    }

    // Rolling restart of the first process under load: SIGTERM, start again, wait until ready.
    const loading = load(PORTS, 20_000, 8);
    await sleep(3000);
    const tr = performance.now();
    const exited = new Promise((r) => procs[0].once('exit', r));
    procs[0].kill('SIGTERM');
    await exited;
    procs[0] = start(PORTS[0], url);
    await ready(PORTS[0], procs[0]);
    const rolled = await loading;
    out.push({
      name: `rolling restart of one of three under load: ${rolled.ok} requests, ${rolled.failed} failed${rolled.failed ? ` (${rolled.why})` : ''}`,
      ms: performance.now() - tr,
      ratio: 1,
      note: 'restart to ready',
    });
  } finally {
    await Promise.all(
      procs.map(async (c) => {
        if (c.exitCode != null) return;
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await exited;
      }),
    );
    await sql(admin, `drop database if exists ${name} with (force)`);
  }
  return out;
}
