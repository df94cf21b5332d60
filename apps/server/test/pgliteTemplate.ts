import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPglite } from '../src/db/client';
import { ensureReferenceData } from '../src/db/reference';
import { TEMPLATE_FILE } from './paths';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// What the migrated template is made of: the migrations, the database code and schema, the reference data (domain),
// the installed packages (PGlite, Drizzle) and this builder. Any change to them builds the template again.
const INPUTS = [
  'apps/server/drizzle',
  'apps/server/src/db',
  'apps/server/src/lib/clock.ts',
  'packages/domain/src',
  'package-lock.json',
  'apps/server/test/pgliteTemplate.ts',
];
const STAMP = `${TEMPLATE_FILE}.stamp`;

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

function fingerprint(): string {
  const h = createHash('sha256');
  for (const f of INPUTS.flatMap((p) => files(join(root, p))).sort()) {
    h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

/**
 * The PGlite dump every server test file starts from (real migrations + reference data). Building it (initdb, the
 * migrations) takes seconds to tens of seconds; it is kept between runs while its inputs are unchanged, so a run of
 * one test file does not pay for it. Written to a temporary name and renamed, so a run reading it never sees half a
 * file while another run writes it.
 */
export async function ensurePgliteTemplate(): Promise<void> {
  const want = fingerprint();
  if (existsSync(TEMPLATE_FILE) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === want) return;
  const database = await openPglite(undefined);
  await ensureReferenceData(database.db);
  const blob = await database.pglite!.dumpDataDir('none');
  await database.close();
  mkdirSync(dirname(TEMPLATE_FILE), { recursive: true });
  const tmp = `${TEMPLATE_FILE}.${process.pid}`;
  writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
  renameSync(tmp, TEMPLATE_FILE);
  writeFileSync(STAMP, want);
}
