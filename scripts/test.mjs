#!/usr/bin/env node
// `npm test`: every Vitest project (domain, web, server on the embedded database, and the browser tests
// when Debian's Chromium is installed), then one plain closing line `N passed, N failed` that CI reads.
// Options: --project NAME (repeatable) to run a subset; --file PATH (repeatable) to run only those test files;
// --summary FILE to also write the counts as JSON; --shuffle-seed N to run each file's tests in an order shuffled by N.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const pick = (flag) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
let projects = pick('--project');
const summaryFile = pick('--summary')[0];
const files = pick('--file');
const shuffleSeed = pick('--shuffle-seed')[0];
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!projects.length) {
  projects = ['domain', 'web', 'server'];
  if (existsSync(chromium)) projects.push('e2e');
  else console.log(`未找到 ${chromium}，跳过浏览器测试（安装 chromium 后会自动运行）。`);
}
if (projects.includes('e2e') && (process.env.CJRH_REBUILD_WEB !== '0' || !existsSync('apps/web/dist/index.html'))) {
  // The browser tests drive the built web app; build it when its sources changed so they never test a stale bundle.
  const { ensureBuilt } = await import('./build.mjs');
  await ensureBuilt(['web']);
}

const out = join('node_modules', '.cache', 'cjrh', `vitest-${process.pid}.json`);
mkdirSync(dirname(out), { recursive: true });
const vitestArgs = [
  'vitest',
  'run',
  ...files,
  ...projects.flatMap((p) => ['--project', p]),
  ...(shuffleSeed ? ['--sequence.shuffle.tests', `--sequence.seed=${shuffleSeed}`] : []),
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${out}`,
];
const r = spawnSync('npx', vitestArgs, { stdio: 'inherit', env: process.env });

let passed = 0;
let failed = 0;
if (existsSync(out)) {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests ?? 0;
  failed = (j.numFailedTests ?? 0) + (j.numFailedTestSuites ?? 0);
  // How long each group of suites held the machine: from its first file's start to its last file's end (the run's
  // global setup, e.g. migrating the template database, comes before and is in neither).
  const span = (pick) => {
    const fs = (j.testResults ?? []).filter(pick);
    if (!fs.length) return null;
    return (Math.max(...fs.map((f) => f.endTime)) - Math.min(...fs.map((f) => f.startTime))) / 1000;
  };
  const browser = (f) => /[\\/]e2e[\\/]/.test(f.name);
  const unit = span((f) => !browser(f));
  const e2e = span(browser);
  if (unit !== null) console.log(`unit suites (domain, web, server): ${unit.toFixed(0)} s`);
  if (e2e !== null) console.log(`browser suite: ${e2e.toFixed(0)} s`);
  rmSync(out);
} else {
  failed = 1; // Vitest died before writing its report.
}
if (r.status !== 0 && failed === 0) failed = 1;
if (summaryFile) writeFileSync(summaryFile, JSON.stringify({ passed, failed }));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
