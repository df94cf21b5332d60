// Bundle weight: builds the web app into a scratch folder and adds up, from Vite's manifest, the JavaScript and
// CSS a first visit to a page downloads (the entry, the route's layout and view chunks, and everything they
// import statically), compressed as the server sends them (gzip and brotli; the server serves the .br/.gz copies
// the build writes). The public pages have a budget (issue #17): ≤ 250 KB JavaScript and ≤ 60 KB CSS, gzip; the
// run fails when it is exceeded. The report and the bundle treemap go to bench/output/ and are committed, so a
// change in weight shows in review.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'apps/web');
const output = join(root, 'bench/output');

const BUDGET = { publicJs: 250 * 1024, publicCss: 60 * 1024 };

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, Chunk>;

/** A page as the router loads it: the chunks of its nested route components (layout first). */
const PAGES: { name: string; url: string; components: string[]; budget?: boolean }[] = [
  {
    name: '公开需求目录',
    url: '/public',
    components: ['src/views/public/PublicLayout.vue', 'src/views/catalogue/search/index.vue'],
    budget: true,
  },
  {
    name: '公开需求详情',
    url: '/public/items/1',
    components: ['src/views/public/PublicLayout.vue', 'src/views/catalogue/item/index.vue'],
    budget: true,
  },
  { name: '登录', url: '/login', components: ['src/views/auth/login/index.vue'], budget: true },
  {
    name: '省级看板',
    url: '/dashboard',
    components: ['src/components/layout/AppLayout.vue', 'src/views/dashboard/index.vue'],
  },
  {
    name: '地图与排名',
    url: '/dashboard/map',
    components: ['src/components/layout/AppLayout.vue', 'src/views/dashboard/map/index.vue'],
  },
];

export interface PageWeight {
  name: string;
  url: string;
  files: number;
  js: { raw: number; gzip: number; brotli: number };
  css: { raw: number; gzip: number; brotli: number };
  budget?: boolean;
}

/** The files a page downloads: its chunks and their static imports (dynamic imports load later, on demand). */
function pageFiles(manifest: Manifest, components: string[]): string[] {
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry)?.[0];
  if (!entry) throw new Error('manifest has no entry');
  const seen = new Set<string>();
  const files = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no ${key}`);
    seen.add(key);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const i of chunk.imports ?? []) visit(i);
  };
  for (const key of [entry, ...components]) visit(key);
  return [...files];
}

function sizes(dir: string, files: string[]) {
  const sum = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const bytes = readFileSync(join(dir, f));
    sum.raw += bytes.length;
    sum.gzip += gzipSync(bytes, { level: 9 }).length;
    sum.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return sum;
}

function measure(dir: string): PageWeight[] {
  const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8')) as Manifest;
  return PAGES.map((p) => {
    const files = pageFiles(manifest, p.components);
    return {
      name: p.name,
      url: p.url,
      files: files.length,
      js: sizes(
        dir,
        files.filter((f) => f.endsWith('.js')),
      ),
      css: sizes(
        dir,
        files.filter((f) => f.endsWith('.css')),
      ),
      budget: p.budget,
    };
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function overBudget(pages: PageWeight[]): string[] {
  return pages
    .filter((p) => p.budget)
    .flatMap((p) => [
      ...(p.js.gzip > BUDGET.publicJs ? [`${p.name}: JavaScript ${kb(p.js.gzip)} gzip > ${kb(BUDGET.publicJs)}`] : []),
      ...(p.css.gzip > BUDGET.publicCss ? [`${p.name}: CSS ${kb(p.css.gzip)} gzip > ${kb(BUDGET.publicCss)}`] : []),
    ]);
}

function report(pages: PageWeight[]): string {
  const rows = pages.map(
    (p) =>
      `| ${p.name} (\`${p.url}\`)${p.budget ? ' ★' : ''} | ${p.files} | ${kb(p.js.raw)} | ${kb(p.js.gzip)} | ${kb(p.js.brotli)} | ${kb(p.css.raw)} | ${kb(p.css.gzip)} | ${kb(p.css.brotli)} |`,
  );
  return [
    '# Bundle weight (`npm run bench -- bundle`)',
    '',
    'What a first visit downloads: the entry, the route chunks and their static imports; sizes compressed at gzip -9 and brotli 11.',
    `★ budget: ≤ ${kb(BUDGET.publicJs)} JavaScript and ≤ ${kb(BUDGET.publicCss)} CSS, gzip. Treemap of the whole build: bundle-stats.yml.`,
    '',
    '| page | files | JS | JS gzip | JS br | CSS | CSS gzip | CSS br |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

export async function benchBundle() {
  const dir = mkdtempSync(join(tmpdir(), 'cjrh-bundle-'));
  try {
    const t0 = performance.now();
    // BUNDLE_STATS makes vite.config.ts add the treemap (rollup-plugin-visualizer) to this build only.
    const build = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '--manifest',
        '--outDir',
        dir,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      {
        cwd: web,
        env: { ...process.env, BUNDLE_STATS: join(dir, 'bundle-stats.yml') },
        stdio: 'inherit',
      },
    );
    if (build.status !== 0) throw new Error(`vite build failed (${build.status})`);
    const ms = performance.now() - t0;
    const pages = measure(dir);
    mkdirSync(output, { recursive: true });
    writeFileSync(join(output, 'bundle.md'), report(pages));
    cpSync(join(dir, 'bundle-stats.yml'), join(output, 'bundle-stats.yml'));
    console.log(report(pages));
    const over = overBudget(pages);
    if (over.length) {
      console.error(`超出预算：\n${over.join('\n')}`);
      process.exitCode = 1;
    }
    const pub = pages[0]!;
    return [
      {
        name: `vite build; ${pub.name} JS ${kb(pub.js.gzip)} / CSS ${kb(pub.css.gzip)} gzip`,
        ms,
        ratio: pub.js.gzip / BUDGET.publicJs,
        note: over.length ? '超出预算' : '预算内 (ratio = JS gzip / 250 KB)',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
