// Proves that lint refuses each import the map in docs/ARCHITECTURE.md forbids: it writes eight files that break
// one rule each, lints them with the project's own config and fails unless every one of them is refused.
// Run by `npm run lint` after `eslint .`, so a loosened rule turns CI red.
import { ESLint } from 'eslint';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const violations = [
  [
    'packages/domain/src/__map_check/io.ts',
    "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    'domain does I/O',
  ],
  [
    'packages/domain/src/__map_check/pkg.ts',
    "import { sql } from 'drizzle-orm';\nexport const x = sql;\n",
    'domain imports a package other than zod',
  ],
  [
    'packages/domain/src/__map_check/server.ts',
    "import { now } from '../../../../apps/server/src/lib/clock';\nexport const x = now;\n",
    'domain imports server code by a relative path',
  ],
  ['packages/domain/src/__map_check/env.ts', 'export const x = process.env.X;\n', 'domain reads the environment'],
  [
    'apps/web/src/__map_check/server.ts',
    "import { now } from '../../../server/src/lib/clock';\nexport const x = now;\n",
    'web imports server code by a relative path',
  ],
  [
    'apps/web/src/__map_check/pg.ts',
    "import pg from 'pg';\nexport const x = pg;\n",
    'web imports a server-only package',
  ],
  [
    'apps/server/src/__map_check/web.ts',
    "import { today } from '../../../web/src/utils/clock';\nexport const x = today;\n",
    'server imports web code',
  ],
  [
    'apps/server/src/modules/__map_check/seed.ts',
    "import { seedDemo } from '../../demo-data/demo';\nexport const x = seedDemo;\n",
    'a server module loads the demo generator',
  ],
];

const dirs = new Set(violations.map(([p]) => join(root, dirname(p))));
try {
  for (const [p, text] of violations) {
    mkdirSync(join(root, dirname(p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(violations.map(([p]) => join(root, p)));
  let refused = 0;
  for (const [p, , what] of violations) {
    const r = results.find((x) => x.filePath === join(root, p));
    const ok = (r?.errorCount ?? 0) > 0;
    if (ok) refused++;
    const rules = [...new Set((r?.messages ?? []).map((m) => m.ruleId ?? 'parse'))].join(', ');
    console.log(`${ok ? 'refused' : 'NOT REFUSED'}: ${what} (${p})${rules ? ` by ${rules}` : ''}`);
  }
  console.log(`import map: ${refused} of ${violations.length} deliberate violations refused`);
  if (refused !== violations.length) process.exitCode = 1;
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
