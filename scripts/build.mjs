#!/usr/bin/env node
// Builds what is missing or out of date: the web app (Vite → apps/web/dist, with .br/.gz beside each file) and the
// server (esbuild → apps/server/dist/main.js and rankWorker.js, started with plain `node`). Each output keeps a stamp
// holding a SHA-256 of its inputs' paths and contents; a build runs only when the stamp is missing or differs, so a
// restart on an unchanged checkout starts at once. Content rather than mtimes: a checkout or copy that touches
// files without changing them rebuilds nothing.
//   node scripts/build.mjs [web] [server] [--force]      (no target: both)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const r = (p) => join(root, p);

const shared = ['packages/domain/src', 'packages/domain/package.json', 'package-lock.json', 'scripts/build.mjs'];
const targets = {
  web: {
    inputs: [
      'apps/web/src',
      'apps/web/public',
      'apps/web/index.html',
      'apps/web/vite.config.ts',
      'apps/web/package.json',
      'apps/web/tsconfig.json',
      ...shared,
    ],
    output: 'apps/web/dist/index.html',
    // Outside dist/, which is served as it is. node_modules/.cache goes with `npm ci`, which may change what a
    // build produces anyway.
    stamp: 'node_modules/.cache/cjrh/web.stamp',
    // Vite lists every emitted file (≈600 with the .br/.gz copies): keep npm start's output to warnings.
    build: () => run('npm', ['run', 'build', '--silent', '-w', 'apps/web', '--', '--logLevel', 'warn']),
  },
  server: {
    inputs: ['apps/server/src', 'apps/server/package.json', ...shared],
    output: 'apps/server/dist/main.js',
    stamp: 'node_modules/.cache/cjrh/server.stamp',
    build: buildServer,
  },
};

function run(cmd, args) {
  const p = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (p.status !== 0) throw new Error(`${cmd} ${args.join(' ')} 失败（退出码 ${p.status}）`);
}

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules' && e.name !== 'dist')
    .flatMap((e) => files(join(path, e.name)));
}

function fingerprint(inputs) {
  const h = createHash('sha256');
  for (const f of inputs.flatMap((p) => files(r(p))).sort()) {
    h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

async function buildServer() {
  const esbuild = await import('esbuild');
  const pkg = JSON.parse(readFileSync(r('apps/server/package.json'), 'utf8'));
  // Packages stay in node_modules (native @node-rs binaries, PGlite's WebAssembly, swagger-ui's files are found
  // beside their code); only our own TypeScript, the domain package included, is compiled into the output.
  const external = Object.keys(pkg.dependencies)
    .filter((d) => !d.startsWith('@cjrh/'))
    .flatMap((d) => [d, `${d}/*`]);
  rmSync(r('apps/server/dist'), { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    // main.js sits one folder below the server package like src/paths.ts, so paths.ts finds drizzle/ and the web
    // app from either; rankAll.ts starts ./rankWorker.js beside the module it was compiled into.
    entryPoints: {
      main: 'apps/server/src/main.ts',
      rankWorker: 'apps/server/src/modules/recommendations/rankWorker.ts',
    },
    outdir: 'apps/server/dist',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    external,
    sourcemap: true,
    logLevel: 'warning',
  });
}

export async function ensureBuilt(names = Object.keys(targets), { force = false, log = console.log } = {}) {
  for (const name of names) {
    const t = targets[name];
    const want = fingerprint(t.inputs);
    const have = existsSync(r(t.stamp)) && existsSync(r(t.output)) ? readFileSync(r(t.stamp), 'utf8').trim() : '';
    if (!force && have === want) continue;
    log(`构建${name === 'web' ? '网页' : '服务端'}（${have ? '源文件已变化' : '尚未构建'}）…`);
    const t0 = performance.now();
    await t.build();
    mkdirSync(dirname(r(t.stamp)), { recursive: true });
    writeFileSync(r(t.stamp), `${want}\n`);
    log(`构建${name === 'web' ? '网页' : '服务端'}完成，用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => a in targets);
  await ensureBuilt(names.length ? names : undefined, { force: args.includes('--force') });
}
