#!/usr/bin/env node
// `npm run bundle`: one archive, dist/cjrh-platform-<version>.tar.gz, that runs on a machine without registry
// access: the compiled server, the built web app (with its .br/.gz copies), the migrations and the production
// node_modules. The reference data is compiled into the server (packages/domain is imported as source).
// Unpack, then `npm start` (or `node apps/server/dist/main.js`); see docs/deploy.md.
// The node_modules are installed here from the same package-lock.json the tests ran on, with `npm ci --omit=dev`;
// the native packages (@node-rs/argon2, @node-rs/jieba) are those of this machine's platform (linux x64 glibc).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const r = (p) => join(root, p);
const { version } = JSON.parse(readFileSync(r('apps/server/package.json'), 'utf8'));
const name = `cjrh-platform-${version}`;
const stageRoot = r('dist/stage');
const stage = join(stageRoot, name);
const archive = r(`dist/${name}.tar.gz`);

function run(cmd, args, cwd) {
  const p = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (p.status !== 0) throw new Error(`${cmd} ${args.join(' ')} 失败（退出码 ${p.status}）`);
}

await ensureBuilt();

rmSync(stageRoot, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const copy = (p) => cpSync(r(p), join(stage, p), { recursive: true });
for (const p of [
  'package-lock.json',
  'README.md',
  'docs/deploy.md',
  'docs/operations.md',
  'apps/server/dist',
  'apps/server/drizzle',
  'apps/web/dist',
])
  copy(p);
// Every workspace's package.json stays, so `npm ci` finds the tree the lock file describes; their sources do not.
for (const p of [
  'apps/server/package.json',
  'apps/web/package.json',
  'packages/domain/package.json',
  'e2e/package.json',
])
  copy(p);

// The root package.json as it is (npm ci checks it against the lock), with scripts for the built server only.
const pkg = JSON.parse(readFileSync(r('package.json'), 'utf8'));
pkg.version = version;
pkg.scripts = { start: 'node --enable-source-maps apps/server/dist/main.js' };
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
const server = JSON.parse(readFileSync(r('apps/server/package.json'), 'utf8'));
server.scripts = { start: 'node --enable-source-maps dist/main.js' };
writeFileSync(join(stage, 'apps/server/package.json'), `${JSON.stringify(server, null, 2)}\n`);

// Only the server's production dependencies: the web app's packages are already compiled into apps/web/dist.
run('npm', ['ci', '--omit=dev', '--workspace', 'apps/server', '--no-audit', '--no-fund', '--loglevel', 'error'], stage);

rmSync(archive, { force: true });
run('tar', ['-czf', archive, '-C', stageRoot, name], root);
rmSync(stageRoot, { recursive: true, force: true });
console.log(`已生成 ${archive}（${(statSync(archive).size / 1024 / 1024).toFixed(1)} MB）`);
