// Cluster benchmark (issue #16): 3 server processes on one empty PostgreSQL database, started at the same moment,
// behind a small round-robin in this script (a refused connection goes to the next process, as nginx's
// proxy_next_upstream does). Measures: the wall time until all three are ready; a read load against three processes
// and against one in the same run (ratio); cache agreement (a withdrawal on one process absent from every process's
// search); each start-up job run once; a rolling restart of one process under load with its failed requests.
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) must allow CREATE DATABASE.
import { spawn, type ChildProcess } from 'node:child_process';
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
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: url, LOG_LEVEL: 'error', DEMO_DATA: 'true', SESSION_SECRET: 'bench-cluster-secret-bench-cluster-secret' },
    stdio: ['ignore', 'ignore', 'inherit'],
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
        const s = await viaBalancer(ports, `/api/catalogue?q=${encodeURIComponent(WORDS[i % WORDS.length])}&page=${1 + (i % 3)}`);
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
    out.push({ name: 'three processes started together on an empty database (demo data), all ready', ms: startMs, ratio: 1 });

    const one = await load([PORTS[0]], 10_000);
    const three = await load(PORTS, 10_000);
    out.push({ name: `catalogue searches, 16 clients, one process: ${one.perSecond.toFixed(0)}/s, ${one.failed} errors`, ms: 10_000, ratio: 1 });
    out.push({ name: `catalogue searches, 16 clients, three processes: ${three.perSecond.toFixed(0)}/s, ${three.failed} errors`, ms: 10_000, ratio: three.perSecond / one.perSecond, note: 'throughput against one process' });

    // Cache agreement: every process holds the answer, one withdraws, the others must drop it.
    const q = `/api/catalogue?q=${encodeURIComponent('焊工')}&pageSize=100`;
    const ids = async (port: number) => ((await (await fetch(`http://127.0.0.1:${port}${q}`)).json()) as { items: { id: number }[] }).items.map((i) => i.id);
    const item = (await ids(PORTS[1]))[0];
    await Promise.all(PORTS.map(ids));
    const login = await fetch(`http://127.0.0.1:${PORTS[0]}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'province', password: 'Demo@2025' }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const tw = performance.now();
    const w = await fetch(`http://127.0.0.1:${PORTS[0]}/api/catalogue/items/${item}/withdraw`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ reason: '基准测试撤下' }) });
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
    out.push({ name: 'withdrawal on one process absent from all three searches (incl. the withdraw request)', ms: agreedMs, ratio: 1, note: agreedMs >= 0 && agreedMs <= 1000 ? 'within 1 s' : 'NOT within 1 s' });

    const runs = (await sql(url, `select name, count(*)::int as n from pgboss.job where singleton_key = 'start' group by name order by name`)) as { name: string; n: number }[];
    out.push({ name: `start-up job runs across three processes: ${runs.map((r) => `${r.name}×${r.n}`).join(', ')}`, ms: 0, ratio: 1, note: runs.every((r) => r.n === 1) ? 'each once' : 'DUPLICATES' });

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
    out.push({ name: `rolling restart of one of three under load: ${rolled.ok} requests, ${rolled.failed} failed${rolled.failed ? ` (${rolled.why})` : ''}`, ms: performance.now() - tr, ratio: 1, note: 'restart to ready' });
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
